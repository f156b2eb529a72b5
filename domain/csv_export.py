"""CSV files that spreadsheets open safely: UTF-8 with a byte order mark, no formulas smuggled in (T3)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

# A cell starting with one of these is read as a formula by spreadsheet programs (OWASP: CSV injection).
_FORMULA_STARTS = ('=', '+', '-', '@', '\t', '\r')


def safe_cell(value: str | int) -> str:
    """The cell as text; text a spreadsheet would run as a formula gets a leading single quote."""
    if isinstance(value, int):
        return str(value)
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[str | int]]) -> bytes:
    """The table as CSV bytes: UTF-8 with BOM (so spreadsheets read accents), lines ending in CRLF."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator='\r\n')
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue().encode('utf-8-sig')
