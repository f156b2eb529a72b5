"""CSV files that spreadsheets open safely: UTF-8 with a byte order mark, no formulas smuggled in (T3)."""

from __future__ import annotations

import csv
import io
import re
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


# What makes the `csv` module (its default dialect, as used here) put a cell in double quotes.
_NEEDS_QUOTES = re.compile('[,"\r\n]')


def csv_cell(value: str) -> str:
    """A text cell as it stands in a line of the file: as `safe_cell` has it, then in double quotes (its own
    doubled) when it holds a comma, a double quote or a line break — byte for byte what the `csv` module
    writes for it."""
    cell = f"'{value}" if value[:1] in FORMULA_STARTS else value
    return '"' + cell.replace('"', '""') + '"' if _NEEDS_QUOTES.search(cell) else cell


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


def streamed_csv(header: Sequence[str], lines: Iterable[str], chunk_rows: int = 1000) -> Iterator[bytes]:
    """The table as CSV in chunks of bytes (constant memory, however many lines): the UTF-8 byte order mark and
    the header first, then `chunk_rows` lines at a time. The lines come written already — CRLF-ended, each
    text cell as `csv_cell` has it — because at 100,000 lines the `csv` module's writer alone took longer than
    making them (P9): the caller knows which cells are text and which repeat."""
    yield (','.join(csv_cell(cell) for cell in header) + '\r\n').encode('utf-8-sig')
    remaining = iter(lines)
    while chunk := ''.join(islice(remaining, chunk_rows)):
        yield chunk.encode('utf-8')
