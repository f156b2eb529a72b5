"""CSV files that spreadsheets open safely: UTF-8 with a byte order mark, no formulas smuggled in (T3)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice

# A cell starting with one of these characters is read as a formula by spreadsheet programs (OWASP: CSV
# injection). A set of single characters: `cell[:1] in` it is the cheapest test of a cell (P3).
FORMULA_STARTS = frozenset('=+-@\t\r')


def safe_cell(value: str | int) -> str:
    """The cell as text; text a spreadsheet would run as a formula gets a leading single quote."""
    if isinstance(value, int):
        return str(value)
    return f"'{value}" if value[:1] in FORMULA_STARTS else value


FiveCells = tuple[str, str, str, str, str]


def numbered_csv_bytes(header: Sequence[str], rows: Iterable[FiveCells]) -> bytes:
    """The table as CSV bytes: each row's number (1, 2, …), then its five text cells, every cell as `safe_cell`
    has it; UTF-8 with BOM (so spreadsheets read accents), lines ending in CRLF."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator='\r\n')
    writer.writerow([safe_cell(cell) for cell in header])
    starts = FORMULA_STARTS
    # safe_cell inlined, cell by cell: with 10,000 rows, calls and inner lists cost more than the writing (P3).
    writer.writerows(
        [
            (
                number,
                f"'{a}" if a[:1] in starts else a,
                f"'{b}" if b[:1] in starts else b,
                f"'{c}" if c[:1] in starts else c,
                f"'{d}" if d[:1] in starts else d,
                f"'{e}" if e[:1] in starts else e,
            )
            for number, (a, b, c, d, e) in enumerate(rows, start=1)
        ]
    )
    return buffer.getvalue().encode('utf-8-sig')


def streamed_csv(
    header: Sequence[str], lines: Iterable[Sequence[str | int]], chunk_rows: int = 1000
) -> Iterator[bytes]:
    """The table as CSV in chunks of bytes (constant memory, however many lines): the UTF-8 byte order mark and
    the header first, then `chunk_rows` lines at a time, CRLF-ended. The lines' text cells must already be as
    `safe_cell` has them (the caller knows which cells are text, P9)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator='\r\n')
    writer.writerow([safe_cell(cell) for cell in header])
    yield buffer.getvalue().encode('utf-8-sig')
    remaining = iter(lines)
    while True:
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(islice(remaining, chunk_rows))
        if not buffer.tell():
            return
        yield buffer.getvalue().encode('utf-8')
