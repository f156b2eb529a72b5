"""B1 test files: CSV uploads of sessions, row by row, as spreadsheets write them."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from domain.bulk_upload import COLUMNS


def create_row(number: int, mentor: str, day: date, **changes: str) -> dict[str, str]:
    """A valid Create row; `number` makes title and start time distinct (one 30-minute slot each)."""
    start = timedelta(hours=8) + timedelta(minutes=30 * (number % 24))
    row = {
        'Action': 'Create',
        'Title': f'Bulk session {number}',
        'Description': 'Uploaded in bulk',
        'Type': 'Public',
        'Mentor e-mail': mentor,
        'Date': (day + timedelta(days=number // 24)).isoformat(),
        'Start time': f'{start.seconds // 3600:02d}:{start.seconds // 60 % 60:02d}',
        'Duration (Min)': '30',
        'Time zone': 'UTC',
        'Recommended for': 'Students',
        'Categories': 'Career growth',
        'Medium': 'English',
        'Seat limit': '10',
    }
    row.update(changes)
    return row


def csv_text(rows: Iterable[Mapping[str, str]], header: Iterable[str] = COLUMNS, delimiter: str = ',') -> str:
    buffer = io.StringIO()
    names = list(header)
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator='\r\n')
    writer.writerow(names)
    writer.writerows([[row.get(name, '') for name in names] for row in rows])
    return buffer.getvalue()


def csv_bytes(
    rows: Iterable[Mapping[str, str]], encoding: str = 'utf-8', header: Iterable[str] = COLUMNS, delimiter: str = ','
) -> bytes:
    return csv_text(rows, header, delimiter).encode(encoding)
