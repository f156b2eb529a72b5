"""P9: seed an organisation for the dashboard benchmark — N sessions over the year around now and M enrollments
(default 100,000 and 2,000,000; pass smaller sizes on a shared machine). Usable alone:

    python bench/seed_dashboard.py --database-url sqlite:///data/bench.db --sessions 100000 --enrollments 2000000
"""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta
from pathlib import Path

from sqlalchemy import Engine, insert

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._support import NOW, add_organization, insert_rows, session_values, table_of, user_values
from persistence.database import make_engine, migrate_to_head
from persistence.tables import AttendanceMarkRow, EnrollmentRow, FeedbackRow, SessionOptionRow, SessionRow, UserRow

MENTORS = 50
CATEGORIES = ('Communication', 'Leadership', 'Mathematics', 'Science', 'Career guidance', 'Wellbeing')
BATCH = 20_000


def seed(engine: Engine, sessions: int, enrollments: int) -> None:
    """Sessions spread over ±6 months with every state; enrollments spread evenly, a third joined; a tenth of
    the enrollments of past sessions have an attendance mark (A1) and a sixth a rating (F1)."""
    organization = add_organization(engine, 'Benchmark Trust')
    per_session = max(1, -(-enrollments // max(sessions, 1)))
    mentees = max(per_session, 200)
    mentor_ids = insert_rows(
        engine,
        UserRow,
        [user_values(f'Mentor {n}', f'm{n}@bench.test', organization, mentor=True) for n in range(MENTORS)],
    )
    mentee_ids = insert_rows(
        engine,
        UserRow,
        [user_values(f'Mentee {n}', f'e{n}@bench.test', organization, mentee=True) for n in range(mentees)],
    )
    session_ids: list[int] = []
    past: set[int] = set()
    for first in range(0, sessions, BATCH):
        values = []
        for n in range(first, min(first + BATCH, sessions)):
            start = NOW + timedelta(hours=(n * 7919) % (24 * 366) - 24 * 183)
            row = session_values(mentor_ids[n % MENTORS], n, start, seat_limit=per_session + 5) | {'started_at': None}
            if start < NOW:
                row |= {'started_at': start, 'completed_at': start + timedelta(hours=1)}
            values.append(row)
        ids = insert_rows(engine, SessionRow, values)
        past.update(sid for sid, row in zip(ids, values, strict=True) if row['started_at'] is not None)
        session_ids += ids
    options = table_of(SessionOptionRow)
    with engine.begin() as connection:
        for first in range(0, len(session_ids), BATCH):
            connection.execute(
                insert(options),
                [
                    {'session_id': sid, 'kind': 'categories', 'label': CATEGORIES[sid % len(CATEGORIES)], 'position': 0}
                    for sid in session_ids[first : first + BATCH]
                ],
            )
    tables = (table_of(EnrollmentRow), table_of(AttendanceMarkRow), table_of(FeedbackRow))
    with engine.begin() as connection:
        batches: tuple[list[dict[str, object]], ...] = ([], [], [])
        for n in range(enrollments):
            session_id = session_ids[n % len(session_ids)]
            mentee_id = mentee_ids[(n // len(session_ids)) % len(mentee_ids)]
            batches[0].append(
                {
                    'session_id': session_id,
                    'mentee_id': mentee_id,
                    'enrollment_type': 'enrolled',
                    'created_at': NOW - timedelta(days=200),
                    'joined_at': NOW if n % 3 == 0 else None,
                }
            )
            if session_id in past and n % 10 == 1:
                batches[1].append(
                    {
                        'session_id': session_id,
                        'mentee_id': mentee_id,
                        'mark': 'attended' if n % 20 == 1 else 'no-show',
                        'marked_by': mentor_ids[0],
                        'marked_at': NOW,
                    }
                )
            if session_id in past and n % 6 == 0:
                batches[2].append(
                    {
                        'session_id': session_id,
                        'user_id': mentee_id,
                        'rating': n % 5 + 1,
                        'went_well': '',
                        'could_be_better': '',
                        'answered_at': NOW,
                    }
                )
            if len(batches[0]) == BATCH or n == enrollments - 1:
                for table, rows in zip(tables, batches, strict=True):
                    if rows:
                        connection.execute(insert(table), rows)
                        rows.clear()
    # A bulk load leaves the planner's statistics empty until autovacuum comes round: PostgreSQL then planned the
    # baseline's busiest-categories join as a nested loop over "one row" and took seconds (P9). Analyzed as any
    # bulk load should be, the app's statements and the baseline's are planned on the same statistics.
    with engine.begin() as connection:
        connection.exec_driver_sql('ANALYZE')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--database-url', required=True)
    parser.add_argument('--sessions', type=int, default=100_000)
    parser.add_argument('--enrollments', type=int, default=2_000_000)
    args = parser.parse_args()
    engine = make_engine(args.database_url)
    migrate_to_head(engine)
    seed(engine, args.sessions, args.enrollments)


if __name__ == '__main__':
    main()
