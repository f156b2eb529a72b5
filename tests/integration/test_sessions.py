"""SqlSessionRepository on SQLite and PostgreSQL: storing sessions and the tiles' lists (T1, M1, M2)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import Engine, event

from domain.entities import Enrollment, EnrollmentType, MeetingInfo, Platform, Role, SessionType
from domain.errors import NotFound
from domain.ports import ExploreQuery
from domain.services.queries import session_details
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.integration.builders import HOUR, NOW, add_mentor, add_session, add_user, enroll, new_session


def test_a_session_is_stored_with_its_lists_meeting_and_times_in_utc(uow_factory: SqlUnitOfWorkFactory) -> None:
    mentor = add_mentor(uow_factory)
    meeting = MeetingInfo(Platform.ZOOM, 'https://us02web.zoom.us/j/12345678901', '12345678901', 'pass')
    draft = new_session(
        mentor,
        title="Let's talk — café ☕",
        recommended_for=('Teachers', 'Students'),
        categories=('Science', 'Arts', 'Languages'),
        medium=('Hindi',),
        meeting=meeting,
        id=12345,
    )
    stored = add_session(uow_factory, mentor, **{k: v for k, v in draft.__dict__.items() if k not in {'id'}})
    with uow_factory(read_only=True) as uow:
        found = uow.sessions.get(stored.id)
    assert found == stored
    assert found is not None
    assert found.title == "Let's talk — café ☕"
    assert found.recommended_for == ('Teachers', 'Students')
    assert found.categories == ('Science', 'Arts', 'Languages')
    assert found.meeting == meeting
    assert found.start_at == draft.start_at
    assert found.start_at.utcoffset() is not None


def test_an_unknown_session_is_none(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory(read_only=True) as uow:
        assert uow.sessions.get(404) is None
        assert uow.sessions.get(404, lock=True) is None
        assert uow.sessions.details(404, 404) is None


def test_update_stores_every_change_including_the_lists(uow_factory: SqlUnitOfWorkFactory) -> None:
    mentor = add_mentor(uow_factory)
    other = add_mentor(uow_factory, 'Otto Mentor')
    session = add_session(uow_factory, mentor)
    changed = replace(
        session,
        title='New title',
        mentor_id=other.id,
        seat_limit=3,
        categories=('Arts',),
        medium=('English', 'French'),
        meeting=MeetingInfo(Platform.GOOGLE_MEET, 'https://meet.google.com/abc-defg-hij'),
        started_at=NOW,
    )
    with uow_factory() as uow:
        uow.sessions.update(changed)
        uow.commit()
    with uow_factory(read_only=True) as uow:
        assert uow.sessions.get(session.id) == changed


def test_a_locked_get_sees_the_latest_row(uow_factory: SqlUnitOfWorkFactory) -> None:
    """PostgreSQL: FOR UPDATE reads the newest committed row, and the entity shows it, not a stale copy."""
    if uow_factory.engine.dialect.name == 'sqlite':
        pytest.skip('SQLite write transactions are exclusive: no one can commit in between')
    session = add_session(uow_factory, add_mentor(uow_factory))
    with uow_factory() as uow:
        assert uow.sessions.get(session.id) == session
        with uow_factory() as other:
            other.sessions.update(replace(session, seat_limit=5))
            other.commit()
        locked = uow.sessions.get(session.id, lock=True)
    assert locked is not None
    assert locked.seat_limit == 5


def test_deleted_sessions_are_returned_by_get_but_left_out_of_lists(uow_factory: SqlUnitOfWorkFactory) -> None:
    mentor = add_mentor(uow_factory)
    mentee = add_user(uow_factory, 'Tia')
    session = add_session(uow_factory, mentor, image_id=None)
    enroll(uow_factory, session, mentee)
    with uow_factory() as uow:
        uow.sessions.update(replace(session, deleted_at=NOW))
        uow.commit()
    with uow_factory(read_only=True) as uow:
        found = uow.sessions.get(session.id)
        assert found is not None
        assert found.deleted_at == NOW
        assert uow.sessions.for_mentor(mentor.id, 1, 10, finished=False, now=NOW).total == 0
        assert uow.sessions.for_mentee(mentee.id, 1, 10, finished=False, now=NOW).total == 0
        assert uow.sessions.explore(ExploreQuery(), NOW).total == 0
        assert uow.sessions.mentor_sessions_between(mentor.id, NOW, NOW + 24 * HOUR) == []


def test_mentor_sessions_between_finds_intersecting_intervals_only(uow_factory: SqlUnitOfWorkFactory) -> None:
    """C7: overlap means the intervals intersect; back-to-back is allowed."""
    mentor = add_mentor(uow_factory)
    other = add_mentor(uow_factory, 'Otto Mentor')
    before = add_session(uow_factory, mentor, start_at=NOW, duration=HOUR)
    overlapping = add_session(uow_factory, mentor, start_at=NOW + 2 * HOUR, duration=HOUR)
    add_session(uow_factory, mentor, start_at=NOW + 4 * HOUR, duration=HOUR)
    add_session(uow_factory, other, start_at=NOW + HOUR, duration=HOUR)
    with uow_factory(read_only=True) as uow:
        found = uow.sessions.mentor_sessions_between(mentor.id, NOW + HOUR, NOW + 2.5 * HOUR)
        back_to_back = uow.sessions.mentor_sessions_between(mentor.id, NOW + HOUR, NOW + 2 * HOUR)
        spanning = uow.sessions.mentor_sessions_between(mentor.id, NOW - HOUR, NOW + 3 * HOUR)
    assert found == [overlapping]
    assert back_to_back == []
    assert spanning == [before, overlapping]


def test_for_mentor_lists_sessions_mentored_or_created_soonest_first(uow_factory: SqlUnitOfWorkFactory) -> None:
    """T1: upcoming and live, soonest first, with mentor name and mentee count."""
    mentor = add_mentor(uow_factory)
    manager = add_user(uow_factory, 'Max Manager', roles=frozenset({Role.SESSION_MANAGER}))
    later = add_session(uow_factory, mentor, start_at=NOW + 5 * HOUR)
    live = add_session(uow_factory, mentor, start_at=NOW - HOUR / 2, started_at=NOW - HOUR / 2)
    created = add_session(uow_factory, manager, start_at=NOW + 3 * HOUR, creator_id=mentor.id)
    add_session(uow_factory, manager, start_at=NOW + 4 * HOUR)
    for name in ('Ann', 'Bob'):
        enroll(uow_factory, later, add_user(uow_factory, name))
    with uow_factory(read_only=True) as uow:
        page = uow.sessions.for_mentor(mentor.id, 1, 10, finished=False, now=NOW)
    assert [s.session.id for s in page.items] == [live.id, created.id, later.id]
    assert [s.mentor_name for s in page.items] == ['Mona Mentor', 'Max Manager', 'Mona Mentor']
    assert [s.mentee_count for s in page.items] == [0, 0, 2]
    assert page.items[2].session == later
    assert page.total == 3


def test_for_mentor_finished_lists_completed_sessions_most_recent_first(uow_factory: SqlUnitOfWorkFactory) -> None:
    """T1/U3: Completed when ended by the mentor or once the end time has passed."""
    mentor = add_mentor(uow_factory)
    ended_early = add_session(uow_factory, mentor, start_at=NOW - HOUR / 2, completed_at=NOW - HOUR / 4)
    time_passed = add_session(uow_factory, mentor, start_at=NOW - 3 * HOUR)
    add_session(uow_factory, mentor, start_at=NOW + HOUR)
    with uow_factory(read_only=True) as uow:
        finished = uow.sessions.for_mentor(mentor.id, 1, 10, finished=True, now=NOW)
        current = uow.sessions.for_mentor(mentor.id, 1, 10, finished=False, now=NOW)
    assert [s.session.id for s in finished.items] == [ended_early.id, time_passed.id]
    assert current.total == 1


def test_for_mentor_pages_and_counts(uow_factory: SqlUnitOfWorkFactory) -> None:
    mentor = add_mentor(uow_factory)
    ids = [add_session(uow_factory, mentor, start_at=NOW + (2 * n + 1) * HOUR).id for n in range(5)]
    with uow_factory(read_only=True) as uow:
        second = uow.sessions.for_mentor(mentor.id, 2, 2, finished=False, now=NOW)
    assert [s.session.id for s in second.items] == ids[2:4]
    assert (second.total, second.page, second.per_page, second.page_count) == (5, 2, 2, 3)


def test_for_mentor_merges_mentored_and_created_sessions_interleaved_in_time_page_by_page(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    """T1: sessions the user mentors and sessions the user created for other mentors form one list, in time
    order (ties by id), paged and counted as one; sessions of others that the user did not create stay out."""
    mentor = add_mentor(uow_factory)
    other = add_mentor(uow_factory, 'Otto Other', email='otto@example.test')

    def mentored(hours: float, **kwargs: object) -> int:
        return add_session(uow_factory, mentor, start_at=NOW + hours * HOUR, **kwargs).id

    def created(hours: float, **kwargs: object) -> int:
        return add_session(uow_factory, other, start_at=NOW + hours * HOUR, creator_id=mentor.id, **kwargs).id

    add_session(uow_factory, other, start_at=NOW + 2.5 * HOUR)  # neither mentored nor created by the mentor
    upcoming = [created(1), mentored(2), mentored(3, creator_id=other.id), created(4), created(5), mentored(5)]
    done = [mentored(-3, completed_at=NOW - HOUR), created(-4), created(-5), mentored(-6), created(-7)]
    with uow_factory(read_only=True) as uow:
        current = [uow.sessions.for_mentor(mentor.id, n, 2, finished=False, now=NOW) for n in (1, 2, 3, 4)]
        finished = [uow.sessions.for_mentor(mentor.id, n, 2, finished=True, now=NOW) for n in (1, 2, 3)]
    assert [[s.session.id for s in page.items] for page in current] == [upcoming[:2], upcoming[2:4], upcoming[4:], []]
    assert {page.total for page in current} == {6}
    assert [[s.session.id for s in page.items] for page in finished] == [done[:2], done[2:4], done[4:]]
    assert {page.total for page in finished} == {5}
    assert [s.mentor_name for s in current[0].items] == ['Otto Other', 'Mona Mentor']


def test_for_mentee_lists_enrolled_and_invited_sessions(uow_factory: SqlUnitOfWorkFactory) -> None:
    """M2: the mentee's enrolled and invited sessions, same ordering as for_mentor."""
    mentor = add_mentor(uow_factory)
    mentee = add_user(uow_factory, 'Tia')
    invited = add_session(uow_factory, mentor, start_at=NOW + 4 * HOUR, session_type=SessionType.PRIVATE)
    enrolled = add_session(uow_factory, mentor, start_at=NOW + 2 * HOUR)
    past = add_session(uow_factory, mentor, start_at=NOW - 3 * HOUR)
    add_session(uow_factory, mentor, start_at=NOW + 6 * HOUR)
    enroll(uow_factory, invited, mentee, EnrollmentType.INVITED)
    enroll(uow_factory, enrolled, mentee)
    enroll(uow_factory, past, mentee)
    enroll(uow_factory, enrolled, add_user(uow_factory, 'Ulf'))
    with uow_factory(read_only=True) as uow:
        current = uow.sessions.for_mentee(mentee.id, 1, 10, finished=False, now=NOW)
        finished = uow.sessions.for_mentee(mentee.id, 1, 10, finished=True, now=NOW)
    assert [(s.session.id, s.mentee_count) for s in current.items] == [(enrolled.id, 2), (invited.id, 1)]
    assert [s.session.id for s in finished.items] == [past.id]


def test_explore_lists_public_sessions_not_completed_soonest_first(uow_factory: SqlUnitOfWorkFactory) -> None:
    """M1: Private sessions are not discoverable; completed ones are gone."""
    mentor = add_mentor(uow_factory)
    later = add_session(uow_factory, mentor, start_at=NOW + 5 * HOUR)
    sooner = add_session(uow_factory, mentor, start_at=NOW + 2 * HOUR)
    add_session(uow_factory, mentor, start_at=NOW + 3 * HOUR, session_type=SessionType.PRIVATE)
    add_session(uow_factory, mentor, start_at=NOW - 3 * HOUR)
    add_session(uow_factory, mentor, start_at=NOW + 7 * HOUR, completed_at=NOW)
    with uow_factory(read_only=True) as uow:
        page = uow.sessions.explore(ExploreQuery(), NOW)
    assert [s.session.id for s in page.items] == [sooner.id, later.id]
    assert page.total == 2


def test_explore_text_matches_title_or_mentor_name_case_insensitively(uow_factory: SqlUnitOfWorkFactory) -> None:
    """M1: search by title and mentor."""
    zoe = add_mentor(uow_factory, 'Zoë Åberg')
    ben = add_mentor(uow_factory, 'Ben Brown')
    by_title = add_session(uow_factory, ben, title='ÉCOLE of life', start_at=NOW + HOUR)
    by_mentor = add_session(uow_factory, zoe, title='Maths', start_at=NOW + 2 * HOUR)
    add_session(uow_factory, ben, title='Physics', start_at=NOW + 3 * HOUR)
    with uow_factory(read_only=True) as uow:
        assert [s.session.id for s in uow.sessions.explore(ExploreQuery(text='école'), NOW).items] == [by_title.id]
        assert [s.session.id for s in uow.sessions.explore(ExploreQuery(text='ÅBERG'), NOW).items] == [by_mentor.id]
        assert uow.sessions.explore(ExploreQuery(text='%'), NOW).total == 0


def test_explore_filters_are_exact_items_of_each_list(uow_factory: SqlUnitOfWorkFactory) -> None:
    """M1: filter by category, medium and recommended for."""
    mentor = add_mentor(uow_factory)
    science = add_session(uow_factory, mentor, categories=('Science', 'Arts'), medium=('English',), start_at=NOW + HOUR)
    add_session(uow_factory, mentor, categories=('Social Science',), medium=('Hindi',), start_at=NOW + 3 * HOUR)
    both = add_session(
        uow_factory, mentor, categories=('Science',), medium=('Hindi',), recommended_for=('Teachers',),
        start_at=NOW + 5 * HOUR,
    )  # fmt: skip
    with uow_factory(read_only=True) as uow:

        def found(**filters: str) -> list[int]:
            return [s.session.id for s in uow.sessions.explore(ExploreQuery(**filters), NOW).items]  # type: ignore[arg-type]

        assert found(category='Science') == [science.id, both.id]
        assert found(category='Science', medium='Hindi') == [both.id]
        assert found(recommended_for='Teachers') == [both.id]
        assert found(category='Scien') == []


def test_explore_pages_and_counts(uow_factory: SqlUnitOfWorkFactory) -> None:
    mentor = add_mentor(uow_factory)
    ids = [add_session(uow_factory, mentor, start_at=NOW + (2 * n + 1) * HOUR).id for n in range(5)]
    with uow_factory(read_only=True) as uow:
        page = uow.sessions.explore(ExploreQuery(page=3, per_page=2), NOW)
    assert [s.session.id for s in page.items] == ids[4:]
    assert page.total == 5


def test_details_give_mentor_name_and_mentee_count(uow_factory: SqlUnitOfWorkFactory) -> None:
    """T2: "Mentee count"; seats left follow from it."""
    mentor = add_mentor(uow_factory)
    session = add_session(uow_factory, mentor, seat_limit=3)
    enroll(uow_factory, session, add_user(uow_factory, 'Ann'))
    enroll(uow_factory, session, add_user(uow_factory, 'Bob'), EnrollmentType.INVITED)
    with uow_factory(read_only=True) as uow:
        details = uow.sessions.details(session.id, mentor.id)
    assert details is not None
    summary = details.summary
    assert (summary.session, summary.mentor_name, summary.mentee_count, summary.seats_left) == (
        session,
        'Mona Mentor',
        2,
        1,
    )


def test_details_give_summary_mentor_and_the_viewers_enrollment_in_one_read(uow_factory: SqlUnitOfWorkFactory) -> None:
    """T2: what the Session Details page shows; the viewer's enrollment, invited, enrolled or none (P2)."""
    mentor = add_mentor(uow_factory, organization='Globex', designation='Coach')
    session = add_session(uow_factory, mentor, seat_limit=3, categories=('Science', 'Arts'), medium=('Hindi',))
    ann, bob, cid = (add_user(uow_factory, name) for name in ('Ann', 'Bob', 'Cid'))
    enroll(uow_factory, session, ann)
    enroll(uow_factory, session, bob, EnrollmentType.INVITED)
    with uow_factory(read_only=True) as uow:
        seen_by = {user.name: uow.sessions.details(session.id, user.id) for user in (ann, bob, cid, mentor)}
    for details in seen_by.values():
        assert details is not None
        assert (details.summary.session, details.summary.mentor_name, details.summary.mentee_count) == (
            session,
            'Mona Mentor',
            2,
        )
        assert details.mentor == mentor
        assert details.mentor.organization_name == 'Globex'
    assert [d.viewer_enrollment for d in seen_by.values() if d is not None] == [
        Enrollment(session.id, ann.id, EnrollmentType.ENROLLED, NOW),
        Enrollment(session.id, bob.id, EnrollmentType.INVITED, NOW),
        None,
        None,
    ]


def test_details_return_deleted_sessions_and_none_for_unknown_ones(uow_factory: SqlUnitOfWorkFactory) -> None:
    """As `get`: the caller decides what the viewer may see."""
    mentor = add_mentor(uow_factory)
    deleted = add_session(uow_factory, mentor, deleted_at=NOW)
    with uow_factory(read_only=True) as uow:
        found = uow.sessions.details(deleted.id, mentor.id)
        assert uow.sessions.details(404, mentor.id) is None
    assert found is not None
    assert found.summary.session == deleted


@contextmanager
def statements_on(engine: Engine) -> Iterator[list[str]]:
    """The SQL sent to the database, but the BEGIN that SQLite's connection hook sends."""
    sent: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement != 'BEGIN':
            sent.append(statement)

    event.listen(engine, 'before_cursor_execute', record)
    try:
        yield sent
    finally:
        event.remove(engine, 'before_cursor_execute', record)


def test_p2_session_details_takes_two_statements_shown_or_not_found(uow_factory: SqlUnitOfWorkFactory) -> None:
    """P2: each open page's read after a change is one row and the option lists, no longer seven statements."""
    mentor = add_mentor(uow_factory)
    ann, bob = add_user(uow_factory, 'Ann'), add_user(uow_factory, 'Bob')
    hidden = add_session(uow_factory, mentor, session_type=SessionType.PRIVATE, start_at=NOW + 5 * HOUR)
    shown = add_session(uow_factory, mentor)
    enroll(uow_factory, shown, ann)
    for viewer in (mentor, ann, bob):
        with statements_on(uow_factory.engine) as sent:
            view = session_details(uow_factory(read_only=True), viewer, shown.id, NOW)
        assert (view.summary.mentee_count, len(sent)) == (1, 2)
    with statements_on(uow_factory.engine) as sent, pytest.raises(NotFound):
        session_details(uow_factory(read_only=True), bob, hidden.id, NOW)
    assert len(sent) == 2


def test_with_image_finds_the_not_deleted_session_showing_it(uow_factory: SqlUnitOfWorkFactory) -> None:
    mentor = add_mentor(uow_factory)
    with uow_factory() as uow:
        uow.images.add('img-1', mentor.id, b'full', b'thumb', 'image/webp')
        uow.images.add('img-2', mentor.id, b'full', b'thumb', 'image/webp')
        uow.commit()
    shown = add_session(uow_factory, mentor, image_id='img-1')
    add_session(uow_factory, mentor, image_id='img-2', deleted_at=NOW)
    with uow_factory(read_only=True) as uow:
        assert uow.sessions.with_image('img-1') == shown
        assert uow.sessions.with_image('img-2') is None
        assert uow.sessions.with_image('img-3') is None


def test_due_for_completion_lists_ended_sessions_not_yet_completed(uow_factory: SqlUnitOfWorkFactory) -> None:
    """U3: completed at the latest when the end time passes."""
    mentor = add_mentor(uow_factory)
    ended = add_session(uow_factory, mentor, start_at=NOW - 2 * HOUR, duration=HOUR)
    ends_now = add_session(uow_factory, mentor, start_at=NOW - HOUR, duration=HOUR)
    add_session(uow_factory, mentor, start_at=NOW - 5 * HOUR, completed_at=NOW - 4 * HOUR)
    add_session(uow_factory, mentor, start_at=NOW - 8 * HOUR, deleted_at=NOW - 9 * HOUR)
    add_session(uow_factory, mentor, start_at=NOW - HOUR / 2)
    with uow_factory(read_only=True) as uow:
        assert uow.sessions.due_for_completion(NOW) == [ended, ends_now]


def test_mark_completed_is_won_by_one_caller_only(uow_factory: SqlUnitOfWorkFactory) -> None:
    """U3: several instances may try; exactly one wins."""
    session = add_session(uow_factory, add_mentor(uow_factory), start_at=NOW - 2 * HOUR)
    with uow_factory() as uow:
        assert uow.sessions.get(session.id) is not None
        assert uow.sessions.mark_completed(session.id, NOW) is True
        assert uow.sessions.mark_completed(session.id, NOW + HOUR) is False
        found = uow.sessions.get(session.id)
        uow.commit()
    assert found is not None
    assert found.completed_at == NOW
    with uow_factory() as uow:
        assert uow.sessions.mark_completed(session.id, NOW + HOUR) is False
        assert uow.sessions.mark_completed(404, NOW) is False
        assert uow.sessions.due_for_completion(NOW) == []


def test_due_for_starting_soon_lists_sessions_starting_in_the_window(uow_factory: SqlUnitOfWorkFactory) -> None:
    mentor = add_mentor(uow_factory)
    window_end = NOW + HOUR / 4
    at_start = add_session(uow_factory, mentor, start_at=NOW)
    at_end = add_session(uow_factory, mentor, start_at=window_end)
    add_session(uow_factory, mentor, start_at=window_end + HOUR / 60)
    add_session(uow_factory, mentor, start_at=NOW + HOUR / 10, starting_soon_sent_at=NOW - HOUR)
    add_session(uow_factory, mentor, start_at=NOW + HOUR / 10, started_at=NOW - HOUR / 60)
    add_session(uow_factory, mentor, start_at=NOW + HOUR / 10, deleted_at=NOW - HOUR)
    add_session(uow_factory, mentor, start_at=NOW - HOUR / 60)
    with uow_factory(read_only=True) as uow:
        assert uow.sessions.due_for_starting_soon(NOW, window_end) == [at_start, at_end]


def test_mark_starting_soon_sent_is_won_by_one_caller_only(uow_factory: SqlUnitOfWorkFactory) -> None:
    session = add_session(uow_factory, add_mentor(uow_factory), start_at=NOW + HOUR / 6)
    with uow_factory() as uow:
        assert uow.sessions.mark_starting_soon_sent(session.id, NOW) is True
        assert uow.sessions.mark_starting_soon_sent(session.id, NOW) is False
        uow.commit()
    with uow_factory(read_only=True) as uow:
        found = uow.sessions.get(session.id)
        assert found is not None
        assert found.starting_soon_sent_at == NOW
        assert uow.sessions.due_for_starting_soon(NOW, NOW + HOUR) == []
