"""P10: a bulk upload of 1,000 Create rows (B1), next to calling the create service 1,000 times directly with
the same sessions, in the same run.

    .venv/bin/python bench/bench_bulk_upload.py [--rows 1000] [--repeats 3] [--memory-sizes 250,2000]

Time: median of the repeats, the two steps taking turns; each step creates its sessions for a mentor of its own
(no overlaps between repeats). The upload is timed from the file's bytes to the finished job: reading the file,
looking up e-mails, the duplicate check, the create service, storing each row's result. Memory: tracemalloc's
peak while a job runs, at two row counts; it includes the file's text, which the job keeps while it runs (at most
5 MB by B1's limit). Target: time ≤ 1.5× the baseline; memory independent of the row count.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import tempfile
import tracemalloc
from datetime import timedelta
from functools import partial
from itertools import count
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._support import (
    NOW,
    add_organization,
    alternating_medians,
    insert_rows,
    ratio_line,
    sizes,
    timed,
    user_values,
)
from domain.bulk_upload import COLUMNS
from domain.entities import SessionDraft, User
from domain.services import authoring, bulk_upload
from persistence.database import make_engine, migrate_to_head
from persistence.events import InMemoryEventBus
from persistence.tables import UserRow
from persistence.unit_of_work import SqlUnitOfWorkFactory

TIME_TARGET = 1.5
FIRST_DAY = (NOW + timedelta(days=2)).date()
mentor_numbers = count()


def _start(number: int) -> tuple[str, str]:
    """The number-th session of a mentor: 24 half-hour sessions a day, from 08:00 UTC."""
    minutes = 8 * 60 + 30 * (number % 24)
    return (FIRST_DAY + timedelta(days=number // 24)).isoformat(), f'{minutes // 60:02d}:{minutes % 60:02d}'


def upload_file(mentor_email: str, rows: int) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator='\r\n')
    writer.writerow(COLUMNS)
    for number in range(rows):
        day, start = _start(number)
        cells = {
            'Action': 'Create',
            'Title': f'Bulk session {number}',
            'Description': 'Uploaded in bulk',
            'Type': 'Public',
            'Mentor e-mail': mentor_email,
            'Date': day,
            'Start time': start,
            'Duration (Min)': '30',
            'Time zone': 'UTC',
            'Recommended for': 'Students',
            'Categories': 'Career growth',
            'Medium': 'English',
            'Seat limit': '10',
        }
        writer.writerow([cells.get(name, '') for name in COLUMNS])
    return buffer.getvalue().encode('utf-8-sig')


def drafts(mentor_id: int, rows: int) -> list[SessionDraft]:
    """The same sessions as `upload_file`, as the form's drafts."""
    result = []
    for number in range(rows):
        day, start = _start(number)
        start_at = NOW.replace(year=int(day[:4]), month=int(day[5:7]), day=int(day[8:]), hour=int(start[:2]))
        start_at = start_at.replace(minute=int(start[3:]), second=0)
        result.append(
            SessionDraft(
                title=f'Bulk session {number}',
                description='Uploaded in bulk',
                start_at=start_at,
                end_at=start_at + timedelta(minutes=30),
                time_zone='UTC',
                recommended_for=('Students',),
                categories=('Career growth',),
                medium=('English',),
                mentor_id=mentor_id,
                seat_limit=10,
                mentee_ids=(),
            )
        )
    return result


class Bench:
    def __init__(self, database: Path) -> None:
        engine = make_engine(f'sqlite:///{database}')
        migrate_to_head(engine)
        self.engine = engine
        self.organization = add_organization(engine, 'Benchmark Organization')
        values = user_values('Maya Manager', 'maya@bench.test', self.organization, mentor=True)
        manager_id = insert_rows(engine, UserRow, [values | {'is_session_manager': True}])[0]
        self.factory = SqlUnitOfWorkFactory(engine, InMemoryEventBus(), instance_id='bench')
        with self.factory(read_only=True) as uow:
            manager = uow.users.get(manager_id)
        assert manager is not None and manager.is_session_manager
        self.manager: User = manager

    def new_mentor(self) -> tuple[int, str]:
        email = f'mentor{next(mentor_numbers)}@bench.test'
        values = user_values('Tom Mentor', email, self.organization, mentor=True)
        return insert_rows(self.engine, UserRow, [values])[0], email

    def direct(self, rows: int) -> float:
        mentor_id, _ = self.new_mentor()
        prepared = drafts(mentor_id, rows)

        def create_all() -> None:
            for draft in prepared:
                authoring.create_session(self.factory(), self.manager, draft, NOW)

        return timed(create_all)

    def upload(self, rows: int) -> float:
        _, email = self.new_mentor()
        data = upload_file(email, rows)
        return timed(partial(self.run_job, data, rows))

    def run_job(self, data: bytes, rows: int) -> None:
        job = bulk_upload.start_bulk_upload(self.factory(), self.manager, 'bench.csv', data, 'UTC', NOW)
        final = bulk_upload.run_bulk_upload(self.factory, job.id, lambda: NOW)
        assert final.done_rows == rows, final
        results = bulk_upload.bulk_results(self.factory(read_only=True), self.manager, job.id, 0, 1000)
        assert all(r.outcome.value == 'Created' for r in results), results[:3]

    def job_peak(self, rows: int) -> tuple[int, int]:
        """tracemalloc's peak while a job of `rows` rows runs (the file is read and stored first), and the
        size of the file's text."""
        _, email = self.new_mentor()
        data = upload_file(email, rows)
        job = bulk_upload.start_bulk_upload(self.factory(), self.manager, 'bench.csv', data, 'UTC', NOW)
        tracemalloc.start()
        try:
            bulk_upload.run_bulk_upload(self.factory, job.id, lambda: NOW)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        return peak, len(data.decode('utf-8-sig'))  # ASCII text: one byte a character


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--rows', type=int, default=1000)
    parser.add_argument('--repeats', type=int, default=3)
    parser.add_argument('--memory-sizes', type=sizes, default=[250, 2000])
    args = parser.parse_args()
    print(f'P10 bulk upload; SQLite; {args.rows} Create rows; median of {args.repeats} runs')
    with tempfile.TemporaryDirectory() as folder:
        bench = Bench(Path(folder) / 'bench.db')
        bench.direct(min(args.rows, 20))  # warm up: modules, statement caches, connection
        bench.upload(min(args.rows, 20))
        medians = alternating_medians(
            {'direct': partial(bench.direct, args.rows), 'upload': partial(bench.upload, args.rows)}, args.repeats
        )
        print(
            f'{args.rows} rows: create_session × {args.rows} {medians["direct"] * 1000:8.1f} ms'
            f'   bulk upload {medians["upload"] * 1000:8.1f} ms'
        )
        ratio_line(f'{args.rows} Create rows: time', medians['upload'] / medians['direct'], TIME_TARGET)
        peaks = {}
        for rows in args.memory_sizes:
            peak, text = bench.job_peak(rows)
            peaks[rows] = peak
            print(
                f'{rows:>6} rows: job peak (tracemalloc) {peak / 1e6:6.2f} MB,'
                f' of which the file text {text / 1e6:5.2f} MB'
            )
        small, large = min(args.memory_sizes), max(args.memory_sizes)
        if small != large:
            print(f'memory: rows ×{large / small:.1f} → job peak ×{peaks[large] / max(peaks[small], 1):.2f}')


if __name__ == '__main__':
    main()
