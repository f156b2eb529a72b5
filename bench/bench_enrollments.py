"""P4: enrollments (M1) from 8 threads at once, on SQLite and PostgreSQL, next to one plain SQL INSERT
per transaction into a table of the same database, from 8 threads as well. That table is the enrollments
table's twin (same columns, keys, foreign keys and indexes) without its triggers, which keep
`sessions.seats_taken` (migration 0003): they are part of what an enrollment costs, not of a plain INSERT.

    .venv/bin/python bench/bench_enrollments.py [--sizes 1000,2000] [--repeats 3] [--threads 8]
                                                [--postgres postgresql+psycopg://postgres@127.0.0.1:5432]

The app's attempts go through `domain.services.enrollment.enroll` (a seat check, on PostgreSQL the instance's
last one of the session where it has one, then the seat taken by one conditional write). Every 100 attempts
share one session with 90 seats, so 10 of them must hear "session seats full". Two orders: `spread`
(consecutive attempts go to different sessions, as when many sessions fill at once) at both sizes, and
`crowded` (all 100 attempts of a session in a row: the 8 threads fight over the same session's last seats) at
the smaller size. With the waitlist in use (W1, both orders, the smaller size): each refused attempt joins the
waitlist, then 5 enrolled mentees of each session leave (in the same order) and the first 5 in line take their
seats in the same transactions; every enroll, join and leave counts as one transaction next to one plain
INSERT. Throughput is attempts per second; median of the repeats after a warm-up, app and baseline taking
turns, each app run right after a baseline run of its own. A fresh PostgreSQL database is created and dropped
(`--postgres ''` skips PostgreSQL). Targets: throughput ≥ 0.5× the baseline, zero overbooking. The two
sizes show how the cost grows with the work.

The threads share one GIL, so P4 follows the Python time an attempt costs; on a busy machine the throughput
swings more than that. A last line gives it without the threads: CPU time per attempt, app and baseline run
one after another in one thread (not a target; the figure behind docs/performance.md's choice of statements).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    func,
    insert,
    select,
)

from bench._support import (
    DEFAULT_POSTGRES,
    NOW,
    add_mentees,
    add_organization,
    alternating_medians,
    fresh_postgres,
    growth_line,
    insert_rows,
    ratio_line,
    session_values,
    sizes,
    table_of,
    user_values,
)
from domain.entities import User
from domain.errors import SeatsFull
from domain.services.enrollment import enroll, join_waitlist, unenroll
from persistence.database import make_engine, migrate_to_head
from persistence.events import InMemoryEventBus
from persistence.tables import EnrollmentRow, SessionRow, UserRow
from persistence.unit_of_work import SqlUnitOfWorkFactory

TARGET = 0.5
PER_SESSION = 100  # attempts per session
SEATS = 90  # seats per session: the last 10 attempts of each session are refused
LEAVERS = 5  # with the waitlist in use: enrolled mentees of a session who leave; the first 5 of the 10 in line move up


def plain_enrollments_table(engine: Engine) -> Table:
    """The baseline's table: `enrollments` without its triggers."""
    sessions, users = table_of(SessionRow), table_of(UserRow)
    table = Table(
        'bench_plain_enrollments',
        MetaData(),
        Column('id', Integer, primary_key=True),
        Column('session_id', Integer, ForeignKey(sessions.c.id, ondelete='CASCADE'), nullable=False),
        Column('mentee_id', Integer, ForeignKey(users.c.id), nullable=False, index=True),
        Column('enrollment_type', String(16), nullable=False),
        Column('created_at', DateTime, nullable=False),
        Column('joined_at', DateTime),
        UniqueConstraint('session_id', 'mentee_id'),
    )
    table.create(engine)
    return table


@dataclass
class Bench:
    engine: Engine
    factory: SqlUnitOfWorkFactory
    mentor_id: int
    mentees: list[User]
    threads: int
    plain_enrollments: Table
    overbooked: int = 0
    wrong_outcomes: int = 0
    _number: int = 0

    def new_sessions(self, count: int) -> list[int]:
        self._number += count
        start = NOW.replace(year=NOW.year + 1)
        values = [session_values(self.mentor_id, self._number + n, start, seat_limit=SEATS) for n in range(count)]
        return insert_rows(self.engine, SessionRow, values)


def prepare(url: str, threads: int) -> Bench:
    engine = make_engine(url)
    migrate_to_head(engine)
    organization = add_organization(engine, 'Benchmark Organization')
    mentor = user_values('Mona Mentor', 'mona@bench.test', organization, mentor=True)
    mentor_id = insert_rows(engine, UserRow, [mentor])[0]
    factory = SqlUnitOfWorkFactory(engine, InMemoryEventBus(), instance_id='bench')
    ids = add_mentees(engine, PER_SESSION, 'P4', organization)
    with factory(read_only=True) as uow:
        mentees = uow.users.get_many(ids)
    return Bench(engine, factory, mentor_id, mentees, threads, plain_enrollments_table(engine))


def in_threads(threads: int, work: Sequence[Callable[[], object]]) -> float:
    """Run the calls from `threads` threads pulling from one queue, in order; the wall-clock seconds."""
    lock = threading.Lock()
    queue: Iterator[Callable[[], object]] = iter(work)
    errors: list[BaseException] = []
    ready = threading.Barrier(threads + 1)

    def worker() -> None:
        ready.wait()
        while True:
            with lock:
                call = next(queue, None)
            if call is None:
                return
            try:
                call()
            except BaseException as error:  # report it after the run, do not hide it
                errors.append(error)
                return

    workers = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in workers:
        thread.start()
    ready.wait()
    start = time.perf_counter()
    for thread in workers:
        thread.join(600)
    seconds = time.perf_counter() - start
    if errors:
        raise errors[0]
    return seconds


def cpu_in_one_thread(work: Sequence[Callable[[], object]]) -> float:
    """Run the calls in this thread, in order; the CPU seconds the process spent."""
    start = time.process_time()
    for call in work:
        call()
    return time.process_time() - start


def run_work(bench: Bench, work: Sequence[Callable[[], object]], *, cpu: bool) -> float:
    """Wall-clock seconds from the bench's threads, or (`cpu`) CPU seconds in this thread."""
    return cpu_in_one_thread(work) if cpu else in_threads(bench.threads, work)


def app_run(bench: Bench, attempts: int, *, crowded: bool, cpu: bool = False) -> float:
    """`attempts` calls of the enroll service; returns seconds; checks seats and refusals."""
    sessions = bench.new_sessions(attempts // PER_SESSION)
    refused: list[int] = []

    def attempt(mentee: User, session_id: int) -> None:
        try:
            enroll(bench.factory(), mentee, session_id, NOW)
        except SeatsFull:
            refused.append(session_id)

    if crowded:
        pairs = [(mentee, session_id) for session_id in sessions for mentee in bench.mentees]
    else:
        pairs = [(mentee, session_id) for mentee in bench.mentees for session_id in sessions]
    seconds = run_work(bench, [partial(attempt, mentee, session_id) for mentee, session_id in pairs], cpu=cpu)
    counts = _counts(bench.engine, sessions)
    bench.overbooked += sum(max(0, count - SEATS) for count in counts.values())
    bench.wrong_outcomes += sum(count != SEATS for count in counts.values())
    bench.wrong_outcomes += abs(len(refused) - len(sessions) * (PER_SESSION - SEATS))
    return seconds


def waitlist_run(bench: Bench, attempts: int, *, crowded: bool) -> float:
    """W1 in use: every refused attempt joins the waitlist (10 a session), then the first `LEAVERS` enrolled
    mentees of each session leave, and each freed seat goes to the first in line in the same transaction.
    Returns the seconds per `attempts` operations (enroll, join, leave: one transaction each), to compare with
    as many plain INSERTs; checks seats, the line's order and who was promoted."""
    sessions = bench.new_sessions(attempts // PER_SESSION)
    places: dict[int, dict[int, int]] = {session_id: {} for session_id in sessions}  # session → place → mentee

    def attempt(mentee: User, session_id: int) -> None:
        try:
            enroll(bench.factory(), mentee, session_id, NOW)
        except SeatsFull:
            places[session_id][join_waitlist(bench.factory(), mentee, session_id, NOW)] = mentee.id

    def leave(mentee: User, session_id: int) -> None:
        unenroll(bench.factory(), mentee, session_id, NOW)

    if crowded:
        pairs = [(mentee, session_id) for session_id in sessions for mentee in bench.mentees]
    else:
        pairs = [(mentee, session_id) for mentee in bench.mentees for session_id in sessions]
    seconds = in_threads(bench.threads, [partial(attempt, mentee, session_id) for mentee, session_id in pairs])
    # Who is enrolled depends on who came first, not on the order of the work: SQLite's busy wait lets a thread
    # arrive late. The leavers are enrolled ones.
    by_id = {mentee.id: mentee for mentee in bench.mentees}
    leavers = {session_id: sorted(_mentee_ids(bench.engine, session_id))[:LEAVERS] for session_id in sessions}
    if crowded:  # the leavers in the attempts' order too
        order = [(session_id, n) for session_id in sessions for n in range(LEAVERS)]
    else:
        order = [(session_id, n) for n in range(LEAVERS) for session_id in sessions]
    work = [partial(leave, by_id[leavers[session_id][n]], session_id) for session_id, n in order]
    seconds += in_threads(bench.threads, work)
    counts = _counts(bench.engine, sessions)
    bench.overbooked += sum(max(0, count - SEATS) for count in counts.values())
    bench.wrong_outcomes += sum(count != SEATS for count in counts.values())
    for session_id in sessions:
        line = places[session_id]
        first = {line.get(place) for place in range(1, LEAVERS + 1)}  # the places given when they joined
        enrolled = set(_mentee_ids(bench.engine, session_id))
        bench.wrong_outcomes += len(line) != PER_SESSION - SEATS or not first <= enrolled
        bench.wrong_outcomes += len(enrolled & (set(line.values()) - first)) + len(enrolled & set(leavers[session_id]))
    operations = len(pairs) + sum(len(line) for line in places.values()) + len(work)
    return seconds * attempts / operations


def _mentee_ids(engine: Engine, session_id: int) -> list[int]:
    enrollments = table_of(EnrollmentRow)
    with engine.connect() as connection:
        statement = select(enrollments.c.mentee_id).where(enrollments.c.session_id == session_id)
        return [int(row[0]) for row in connection.execute(statement)]


def baseline_run(bench: Bench, rows: int, *, cpu: bool = False) -> float:
    """`rows` plain INSERTs into the enrollments table's twin, one per transaction."""
    sessions = bench.new_sessions(rows // PER_SESSION)
    statement = insert(bench.plain_enrollments)

    def insert_one(mentee_id: int, session_id: int) -> None:
        with bench.engine.begin() as connection:
            values = {'session_id': session_id, 'mentee_id': mentee_id, 'enrollment_type': 'Enrolled'}
            connection.execute(statement, values | {'created_at': NOW})

    work = [partial(insert_one, mentee.id, session_id) for session_id in sessions for mentee in bench.mentees]
    return run_work(bench, work, cpu=cpu)


def _counts(engine: Engine, session_ids: list[int]) -> dict[int, int]:
    enrollments = table_of(EnrollmentRow)
    statement = (
        select(enrollments.c.session_id, func.count())
        .where(enrollments.c.session_id.in_(session_ids))
        .group_by(enrollments.c.session_id)
    )
    with engine.connect() as connection:
        found = {int(row[0]): int(row[1]) for row in connection.execute(statement)}
    return {session_id: found.get(session_id, 0) for session_id in session_ids}


@contextmanager
def databases(postgres: str) -> Iterator[list[tuple[str, str]]]:
    with tempfile.TemporaryDirectory() as folder, fresh_postgres(postgres) as postgres_url:
        found = [('SQLite', f'sqlite:///{Path(folder) / "bench.db"}')]
        if postgres_url:
            found.append(('PostgreSQL', postgres_url))
        yield found


def measure(name: str, url: str, work_sizes: list[int], threads: int, repeats: int) -> None:
    """Every step (both sizes spread, the smaller crowded, each with its baseline) takes turns in each repeat,
    so that a busy moment of the machine does not fall on one size only."""
    bench = prepare(url, threads)
    baseline_run(bench, PER_SESSION)  # warm up: connections, statement caches
    app_run(bench, PER_SESSION, crowded=True)
    runs = [(size, False) for size in work_sizes] + [(min(work_sizes), True)]
    steps: dict[str, Callable[[], float]] = {}
    for size, crowded in runs:
        steps[f'baseline {size} {crowded}'] = partial(baseline_run, bench, size)
        steps[f'enroll {size} {crowded}'] = partial(app_run, bench, size, crowded=crowded)
    one = min(work_sizes)
    for crowded in (False, True):  # each next to a baseline of its own, measured just before it
        steps[f'baseline waitlist {crowded}'] = partial(baseline_run, bench, one)
        steps[f'waitlist {one} {crowded}'] = partial(waitlist_run, bench, one, crowded=crowded)
    steps['baseline cpu'] = partial(baseline_run, bench, one, cpu=True)
    steps['enroll cpu'] = partial(app_run, bench, one, crowded=False, cpu=True)
    seconds = alternating_medians(steps, repeats)
    for size, crowded in runs:
        base, app = seconds[f'baseline {size} {crowded}'], seconds[f'enroll {size} {crowded}']
        label = f'{name} {"crowded" if crowded else "spread"} {size} attempts'
        print(f'{label}: baseline {size / base:6.0f}/s  enroll {size / app:6.0f}/s  ({app * 1000 / size:.2f} ms each)')
        ratio_line(f'{label}: throughput', base / app, TARGET, at_least=True)
    for crowded in (False, True):
        base, app = seconds[f'baseline waitlist {crowded}'], seconds[f'waitlist {one} {crowded}']
        label = f'{name} {"crowded" if crowded else "spread"} with the waitlist in use, {one} attempts'
        print(f'{label}: baseline {one / base:6.0f}/s  enroll, join, leave {one / app:6.0f}/s')
        ratio_line(f'{label}: throughput', base / app, TARGET, at_least=True)
    base, app = seconds['baseline cpu'] * 1e6 / one, seconds['enroll cpu'] * 1e6 / one
    print(f'{name} one thread, CPU per attempt: baseline {base:.0f} µs  enroll {app:.0f} µs: {base / app:.2f}×')
    met = 'ok' if bench.overbooked == 0 and bench.wrong_outcomes == 0 else 'MISSED'
    print(f'{name}: overbooked seats {bench.overbooked}, wrong outcomes {bench.wrong_outcomes} (target 0): {met}')
    if len(work_sizes) >= 2:
        small, large = min(work_sizes), max(work_sizes)
        growth_line(f'{name} enroll (spread)', small, seconds[f'enroll {small} False'], large,
                    seconds[f'enroll {large} False'])  # fmt: skip
    bench.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--sizes', type=sizes, default=[1000, 2000], help='attempts, multiples of 100')
    parser.add_argument('--repeats', type=int, default=3)
    parser.add_argument('--threads', type=int, default=8)
    parser.add_argument('--postgres', default=DEFAULT_POSTGRES, help="server URL; '' skips PostgreSQL")
    args = parser.parse_args()
    work_sizes = [max(PER_SESSION, size // PER_SESSION * PER_SESSION) for size in args.sizes]
    print(f'P4 enrollments from {args.threads} threads; sizes {work_sizes} attempts; median of {args.repeats} runs')
    with databases(args.postgres) as found:
        for name, url in found:
            measure(name, url, work_sizes, args.threads, args.repeats)


if __name__ == '__main__':
    main()
