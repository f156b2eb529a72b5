"""P9: the dashboard at scale, on SQLite and PostgreSQL — by default 100,000 sessions and 2,000,000
enrollments (bench/seed_dashboard.py; the full size needs a quiet machine and some minutes to seed).

- the figures for a quarter through the repository ≤ 1.5× the bare SQL aggregates that give them;
- a live refresh after one enrollment (insert, then the figures) ≤ 1.5× the same with the bare SQL;
- the CSV of every session in the period ≤ 3× the `csv` module writing prepared tuples; peak memory growth
  (tracemalloc) ≤ 50 MB.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import tempfile
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import timedelta
from itertools import chain
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._support import NOW, alternating_medians, fresh_postgres, ratio_line, timed
from bench.seed_dashboard import seed
from domain.dashboard import DashboardFilter, Period, PeriodKind, period
from domain.entities import Role, User
from domain.services.dashboard import session_list_csv
from persistence.database import make_engine, migrate_to_head
from persistence.events import InMemoryEventBus
from persistence.unit_of_work import SqlUnitOfWorkFactory

ZONE = ZoneInfo('UTC')
CSV_ZONE = ZoneInfo('Europe/London')  # the export's times in a zone with summer time: its offset changes twice
MEMORY_TARGET = 50_000_000
MANAGER = User(
    0, 'Bench Manager', 'manager@bench.test', 0, 'Benchmark Trust', 'Manager', frozenset({Role.SESSION_MANAGER})
)
BARE = """
SELECT sum(CASE WHEN completed_at IS NOT NULL OR end_at <= :now THEN 1 ELSE 0 END),
       sum(CASE WHEN NOT (completed_at IS NOT NULL OR end_at <= :now) AND started_at IS NOT NULL THEN 1 ELSE 0 END),
       sum(seat_limit), sum(seats_taken)
FROM sessions WHERE deleted_at IS NULL AND start_at >= :start AND start_at < :end;
SELECT count(*) FROM sessions WHERE created_at >= :start AND created_at < :end;
SELECT count(*) FROM sessions WHERE deleted_at >= :start AND deleted_at < :end;
SELECT count(*), sum(CASE WHEN a.mark = 'attended' OR (a.mark IS NULL AND e.joined_at IS NOT NULL) THEN 1 ELSE 0 END)
 FROM enrollments e JOIN sessions s ON s.id = e.session_id
 LEFT JOIN attendance_marks a ON a.session_id = e.session_id AND a.mentee_id = e.mentee_id
 WHERE s.deleted_at IS NULL AND s.start_at >= :start AND s.start_at < :end;
SELECT f.rating, count(*) FROM session_feedback f JOIN sessions s ON s.id = f.session_id
 WHERE f.rating IS NOT NULL AND s.deleted_at IS NULL AND s.start_at >= :start AND s.start_at < :end GROUP BY f.rating;
SELECT o.label, count(*) AS n FROM session_options o JOIN sessions s ON s.id = o.session_id
 WHERE o.kind = 'categories' AND s.deleted_at IS NULL AND s.start_at >= :start AND s.start_at < :end
 GROUP BY o.label ORDER BY n DESC LIMIT 5;
SELECT u.name, count(*) AS n FROM sessions s JOIN users u ON u.id = s.mentor_id
 WHERE s.deleted_at IS NULL AND s.start_at >= :start AND s.start_at < :end GROUP BY u.id, u.name ORDER BY n DESC LIMIT 5
"""


def bare_figures(engine: Engine, start: object, end: object) -> None:
    with engine.connect() as connection:
        for statement in BARE.split(';'):
            connection.execute(text(statement), {'now': NOW, 'start': start, 'end': end}).all()


def measure(label: str, url: str, sessions: int, enrollments: int, repeats: int) -> None:
    engine = make_engine(url)
    migrate_to_head(engine)
    seed(engine, sessions, enrollments)
    factory = SqlUnitOfWorkFactory(engine, InMemoryEventBus(), instance_id='bench')
    quarter = period(PeriodKind.QUARTER, NOW.date(), ZONE)
    chosen = DashboardFilter()

    def figures() -> None:
        with factory(read_only=True) as uow:
            uow.dashboard.figures(chosen, quarter, NOW)

    enrolled = iter(range(10**9))

    def enroll_one() -> None:
        with engine.begin() as connection:
            connection.execute(
                text(
                    'INSERT INTO users (name, email, email_key, organization_id, designation, is_mentee, is_mentor,'
                    " is_session_manager, is_org_admin, password_hash, failed_sign_ins) SELECT 'x', :e, :e,"
                    " organization_id, 'S', true, false, false, false, 'h', 0 FROM users LIMIT 1"
                ),
                {'e': f'live{next(enrolled)}@bench.test'},
            )
            connection.execute(
                text(
                    'INSERT INTO enrollments (session_id, mentee_id, enrollment_type, created_at)'
                    ' SELECT (SELECT min(id) FROM sessions WHERE start_at >= :start),'
                    " (SELECT max(id) FROM users), 'enrolled', :now"
                ),
                {'start': quarter.start, 'now': NOW},
            )

    def live() -> None:
        enroll_one()
        figures()

    def live_bare() -> None:
        enroll_one()
        bare_figures(engine, quarter.start, quarter.end)

    times = alternating_medians(
        {
            'figures': lambda: timed(figures),
            'bare': lambda: timed(lambda: bare_figures(engine, quarter.start, quarter.end)),
            'live': lambda: timed(live),
            'live bare': lambda: timed(live_bare),
        },
        repeats,
    )
    print(f'{label}: figures {times["figures"] * 1000:.1f} ms, bare SQL {times["bare"] * 1000:.1f} ms')
    ratio_line(f'{label} dashboard figures / bare SQL', times['figures'] / times['bare'], 1.5)
    ratio_line(f'{label} live refresh after one enrollment / bare SQL', times['live'] / times['live bare'], 1.5)

    year = period(
        PeriodKind.CUSTOM, NOW.date(), ZONE, (NOW - timedelta(days=183)).date(), (NOW + timedelta(days=182)).date()
    )

    def export() -> Iterator[bytes]:
        return session_list_csv(factory, MANAGER, chosen, year, CSV_ZONE, NOW)

    memory = _csv_peak(export)
    rows = _prepared_rows(factory, chosen, year)
    csv_times = alternating_medians(  # taking turns, as the figures do: a busy machine slows both alike
        {
            'ours': lambda: timed(lambda: sum(len(chunk) for chunk in export())),
            'plain': lambda: timed(lambda: _plain_csv(rows)),
        },
        repeats,
    )
    ours, plain = csv_times['ours'], csv_times['plain']
    print(f'{label}: CSV of {len(rows)} sessions {ours * 1000:.1f} ms; csv module {plain * 1000:.1f} ms')
    ratio_line(f'{label} session-list CSV / csv module', ours / plain if plain else 0.0, 3.0)
    verdict = 'ok' if memory <= MEMORY_TARGET else 'MISSED'
    print(f'{label}: CSV peak memory growth {memory / 1e6:.1f} MB (target ≤ 50 MB): {verdict}')
    engine.dispose()


def _prepared_rows(factory: SqlUnitOfWorkFactory, chosen: DashboardFilter, span: Period) -> list[tuple[object, ...]]:
    with factory(read_only=True) as uow:
        return [
            (n, title, kind, mentor, '2030-01-01', '10:00', 60, count, 'Completed')
            for n, (title, kind, mentor, _, _, count, _) in enumerate(
                chain.from_iterable(uow.dashboard.session_list(chosen, span, NOW)), 1
            )
        ]


def _plain_csv(rows: list[tuple[object, ...]]) -> None:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    out.getvalue().encode('utf-8-sig')


def _csv_peak(chunks: Callable[[], Iterator[bytes]]) -> int:
    """Peak memory growth (tracemalloc) while the whole CSV is taken, chunk after chunk."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    start = tracemalloc.get_traced_memory()[0]
    sum(len(chunk) for chunk in chunks())
    peak = tracemalloc.get_traced_memory()[1] - start
    tracemalloc.stop()
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--sessions', type=int, default=100_000)
    parser.add_argument('--enrollments', type=int, default=2_000_000)
    parser.add_argument('--repeats', type=int, default=5)
    parser.add_argument('--postgres', default='', help='a PostgreSQL server URL (a fresh database is made on it)')
    args = parser.parse_args()
    print(f'P9 dashboard: {args.sessions} sessions, {args.enrollments} enrollments; median of {args.repeats} runs')
    with tempfile.TemporaryDirectory() as folder:
        measure('SQLite', f'sqlite:///{Path(folder) / "bench.db"}', args.sessions, args.enrollments, args.repeats)
    with fresh_postgres(args.postgres) as url:
        if url is not None:
            measure('PostgreSQL', url, args.sessions, args.enrollments, args.repeats)


if __name__ == '__main__':
    main()
