"""P2, L1: the open Session Details pages of one viewer share one read per change, and never an old one."""

from __future__ import annotations

import asyncio

import pytest

from domain.entities import Role, User
from domain.errors import DomainError
from ui.details_loads import SharedReads

MENTOR = User(1, 'Daniel Mentor', 'mentor@demo.test', 1, 'Demo org', 'Mentor', frozenset({Role.MENTOR}))
MENTEE = User(2, 'Mia Mentee', 'mentee@demo.test', 1, 'Demo org', 'Student', frozenset({Role.MENTEE}))


Seen = tuple[int, int]  # (the version the read saw, which read it was)


class Database:
    """Each read sees the version committed when it begins and answers once `answer` lets it finish."""

    def __init__(self) -> None:
        self.version = 1
        self.reads_begun = 0
        self.gate = asyncio.Event()

    async def read(self) -> Seen:
        self.reads_begun += 1
        seen = (self.version, self.reads_begun)
        await self.gate.wait()
        return seen

    def commit(self) -> None:
        self.version += 1

    def answer(self) -> None:
        self.gate.set()

    async def reading(self) -> None:
        """Until a read has begun."""
        for _ in range(10):
            if self.reads_begun:
                return
            await asyncio.sleep(0)
        raise AssertionError('no read began')


def started(
    reads: SharedReads[Seen], database: Database, viewer: User = MENTOR, session_id: int = 7
) -> asyncio.Task[Seen]:
    return asyncio.ensure_future(reads.load(viewer, session_id, database.read))


async def test_p2_pages_of_one_viewer_asking_while_a_read_runs_get_that_read() -> None:
    reads, database = SharedReads[Seen](), Database()
    pages = [started(reads, database) for _ in range(50)]
    await database.reading()
    pages += [started(reads, database) for _ in range(10)]
    database.answer()
    assert await asyncio.gather(*pages) == [(1, 1)] * 60


async def test_p2_a_read_started_ahead_of_the_pages_is_the_one_they_get() -> None:
    reads, database = SharedReads[Seen](), Database()
    reads.start(MENTOR, 7, database.read)
    await database.reading()
    page = started(reads, database)
    database.answer()
    assert await page == (1, 1)


async def test_l1_a_load_after_a_change_never_gets_a_read_that_began_before_it() -> None:
    reads, database = SharedReads[Seen](), Database()
    before = started(reads, database)
    await database.reading()
    database.commit()
    reads.forget(7)  # the change to session 7 is heard
    after = started(reads, database)
    database.answer()
    assert (await before, await after) == ((1, 1), (2, 2))


async def test_l1_a_read_that_has_not_begun_when_a_change_is_heard_is_shared_and_sees_it() -> None:
    reads, database = SharedReads[Seen](), Database()
    reads.start(MENTOR, 7, database.read)
    database.commit()
    reads.forget(7)
    pages = [started(reads, database) for _ in range(3)]
    database.answer()
    assert await asyncio.gather(*pages) == [(2, 1)] * 3


async def test_l1_forgetting_every_session_also_starts_new_reads() -> None:
    reads, database = SharedReads[Seen](), Database()
    before = started(reads, database)
    await database.reading()
    database.commit()
    reads.forget()
    after = started(reads, database)
    database.answer()
    assert (await before, await after) == ((1, 1), (2, 2))


async def test_l1_forgetting_another_session_keeps_sharing_this_one() -> None:
    reads, database = SharedReads[Seen](), Database()
    first = started(reads, database)
    await database.reading()
    reads.forget(8)
    second = started(reads, database)
    database.answer()
    assert (await first, await second) == ((1, 1), (1, 1))


async def test_l1_a_finished_read_is_not_kept_for_later_loads() -> None:
    reads, database = SharedReads[Seen](), Database()
    database.answer()
    assert await started(reads, database) == (1, 1)
    database.commit()
    assert await started(reads, database) == (2, 2)


async def test_p2_other_viewers_and_other_sessions_read_for_themselves() -> None:
    reads, database = SharedReads[Seen](), Database()
    pages = [started(reads, database), started(reads, database, MENTEE), started(reads, database, session_id=8)]
    await database.reading()
    database.answer()
    assert sorted(await asyncio.gather(*pages)) == [(1, 1), (1, 2), (1, 3)]


async def test_l1_a_page_closing_during_the_read_does_not_take_it_from_the_others() -> None:
    reads, database = SharedReads[Seen](), Database()
    closing, staying = started(reads, database), started(reads, database)
    await database.reading()
    closing.cancel()
    database.answer()
    assert await staying == (1, 1)
    with pytest.raises(asyncio.CancelledError):
        await closing


async def test_e2_a_refused_read_is_told_to_every_page_that_shared_it() -> None:
    reads, gate = SharedReads[int](), asyncio.Event()

    async def database_away() -> int:
        await gate.wait()
        raise DomainError('The database is not answering; please try again.')

    pages = [asyncio.ensure_future(reads.load(MENTOR, 7, database_away)) for _ in range(3)]
    await asyncio.sleep(0)
    gate.set()
    results = await asyncio.gather(*pages, return_exceptions=True)
    assert [str(result) for result in results] == ['The database is not answering; please try again.'] * 3
