"""P3: the mentee-list CSV (T3 "Download") of a session with 10,000 mentees, next to the same rows written
from a ready list with the `csv` module.

    .venv/bin/python bench/bench_csv.py [--sizes 1000,10000] [--repeats 5]

Time: median of the repeats, the two steps taking turns. Memory: tracemalloc's peak while the step runs
(nearly all of it is Python objects here) and the peak resident-set growth of a fresh child process.
Targets at the largest size: time ≤ 3× the baseline, peak memory growth ≤ 50 MB. The two sizes show how
the cost grows with the number of mentees.
"""

from __future__ import annotations

import argparse
import csv
import io
import subprocess
import sys
import tempfile
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._support import (
    NOW,
    add_enrollments,
    add_mentees,
    add_organization,
    alternating_medians,
    growth_line,
    insert_rows,
    ratio_line,
    session_values,
    sizes,
    timed,
    user_values,
)
from domain.entities import User
from domain.services.queries import CSV_HEADER, mentee_list_csv
from persistence.database import make_engine, migrate_to_head
from persistence.events import InMemoryEventBus
from persistence.tables import SessionRow, UserRow
from persistence.unit_of_work import SqlUnitOfWorkFactory

TIME_TARGET = 3.0
MEMORY_TARGET_MB = 50.0
MENTOR_EMAIL = 'mona@bench.test'


@dataclass
class Fixture:
    factory: SqlUnitOfWorkFactory
    mentor: User
    session_ids: dict[int, int]  # size → session id
    ready_rows: dict[int, list[tuple[int, str, str, str, str, str]]]  # size → the baseline's rows


def seed(database: Path, session_sizes: list[int]) -> Fixture:
    """One mentor; per size a session with that many mentees (each size its own mentees)."""
    engine = make_engine(f'sqlite:///{database}')
    migrate_to_head(engine)
    organization = add_organization(engine, 'Benchmark Organization')
    mentor_id = insert_rows(engine, UserRow, [user_values('Mona Mentor', MENTOR_EMAIL, organization, mentor=True)])
    factory = SqlUnitOfWorkFactory(engine, InMemoryEventBus(), instance_id='bench')
    session_ids: dict[int, int] = {}
    ready: dict[int, list[tuple[int, str, str, str, str, str]]] = {}
    for size in session_sizes:
        session_id = insert_rows(engine, SessionRow, [session_values(mentor_id[0], size, NOW, seat_limit=size)])[0]
        mentee_ids = add_mentees(engine, size, f'S{size}', organization)
        add_enrollments(engine, session_id, mentee_ids)
        session_ids[size] = session_id
        with factory(read_only=True) as uow:
            entries = uow.enrollments.mentee_list(session_id)
        ready[size] = [
            (n, u.name, u.designation, u.organization_name, u.email, e.enrollment_type.value)
            for n, (u, e) in enumerate(entries, start=1)
        ]
    with factory(read_only=True) as uow:
        mentor = uow.users.get(mentor_id[0])
    assert mentor is not None
    return Fixture(factory, mentor, session_ids, ready)


def baseline(rows: list[tuple[int, str, str, str, str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator='\r\n')
    writer.writerow(CSV_HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode('utf-8-sig')


def app_csv(fixture: Fixture, size: int) -> bytes:
    return mentee_list_csv(fixture.factory(read_only=True), fixture.mentor, fixture.session_ids[size], NOW)[1]


def traced_peak(step: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        step()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def peak_rss() -> int:
    for line in Path('/proc/self/status').read_text().splitlines():
        if line.startswith('VmHWM:'):
            return int(line.split()[1]) * 1024
    raise RuntimeError('no VmHWM: this benchmark needs Linux')


def rss_growth(database: Path, warm_up_id: int, session_id: int) -> int:
    """Peak RSS growth of one CSV export in a fresh process (warmed up on another, small session)."""
    command = [sys.executable, __file__, '--child', str(database), '--sessions', f'{warm_up_id},{session_id}']
    result = subprocess.run(command, capture_output=True, text=True, check=True, timeout=300)
    return int(result.stdout.strip())


def child(database: Path, session_ids: list[int]) -> None:
    factory = SqlUnitOfWorkFactory(make_engine(f'sqlite:///{database}'), InMemoryEventBus(), instance_id='bench')
    with factory(read_only=True) as uow:
        mentor = uow.users.by_email(MENTOR_EMAIL)
    assert mentor is not None
    warm_up_id, session_id = session_ids
    mentee_list_csv(factory(read_only=True), mentor, warm_up_id, NOW)  # modules, statement caches, connection
    before = peak_rss()
    mentee_list_csv(factory(read_only=True), mentor, session_id, NOW)
    print(peak_rss() - before)


def measure(fixture: Fixture, database: Path, size: int, smallest: int, repeats: int, *, judged: bool) -> float:
    """Print the figures of one size, with a verdict where the target applies (`judged`, the largest size);
    return the median time of the export."""
    rows = fixture.ready_rows[size]
    produced = app_csv(fixture, size)
    assert produced.count(b'\r\n') == size + 1, 'the CSV must have a header and one line per mentee'
    run_baseline = partial(baseline, rows)
    run_app = partial(app_csv, fixture, size)
    medians = alternating_medians({'baseline': partial(timed, run_baseline), 'app': partial(timed, run_app)}, repeats)
    traced = {'baseline': traced_peak(run_baseline), 'app': traced_peak(run_app)}
    rss = rss_growth(database, fixture.session_ids[smallest], fixture.session_ids[size])
    print(
        f'{size:>6} mentees: baseline {medians["baseline"] * 1000:7.1f} ms'
        f'   mentee_list_csv {medians["app"] * 1000:7.1f} ms'
        f'   tracemalloc peak {traced["app"] / 1e6:5.1f} MB (baseline {traced["baseline"] / 1e6:4.1f} MB)'
        f'   RSS growth {rss / 1e6:5.1f} MB'
    )
    ratio = medians['app'] / medians['baseline']
    growth_mb = max(traced['app'], rss) / 1e6
    if not judged:  # a growth size: its figures show the fixed part of each export, the targets are the largest's
        figures = f'time ratio {ratio:.2f}×, peak memory growth {growth_mb:.1f} MB'
        print(f'{size} mentees: {figures} (no target: growth size)')
        return medians['app']
    ratio_line(f'{size} mentees: time', ratio, TIME_TARGET)
    met = 'ok' if growth_mb <= MEMORY_TARGET_MB else 'MISSED'
    print(f'{size} mentees: peak memory growth {growth_mb:.1f} MB (target ≤ {MEMORY_TARGET_MB:.0f} MB): {met}')
    return medians['app']


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--sizes', type=sizes, default=[1000, 10000], help='mentees per session, e.g. 1000,10000')
    parser.add_argument('--repeats', type=int, default=5)
    parser.add_argument('--child', type=Path, help=argparse.SUPPRESS)
    parser.add_argument('--sessions', type=sizes, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.sessions)
        return

    print(f'P3 mentee-list CSV; SQLite; sizes {args.sizes} mentees; median of {args.repeats} runs')
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / 'bench.db'
        fixture = seed(database, args.sizes)
        smallest = min(args.sizes)
        largest = max(args.sizes)
        seconds = {
            size: measure(fixture, database, size, smallest, args.repeats, judged=size == largest)
            for size in args.sizes
        }
    if len(args.sizes) >= 2:
        growth_line('mentee_list_csv', smallest, seconds[smallest], largest, seconds[largest])


if __name__ == '__main__':
    main()
