"""T3: CSV that spreadsheets open with accents intact and without running formulas."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.csv_export import csv_cell, numbered_csv_bytes, safe_cell, streamed_csv

HEADER = ('No.', 'Name', 'Designation', 'Organization', 'E-mail ID', 'Enrollment Type')


def parsed(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode('utf-8-sig'), newline='')))


def row_of(cell: str) -> tuple[str, str, str, str, str]:
    return cell, 'Analyst', 'Acme', 'ana@example.org', 'Enrolled'


@pytest.mark.parametrize('cell', ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])
def test_t3_cells_that_a_spreadsheet_would_run_get_a_leading_quote(cell: str) -> None:
    assert safe_cell(cell) == "'" + cell
    for column in range(5):
        cells = list(row_of('x'))
        cells[column] = cell
        written = parsed(numbered_csv_bytes(HEADER, [(cells[0], cells[1], cells[2], cells[3], cells[4])]))[1]
        assert written[column + 1] == "'" + cell


@pytest.mark.parametrize('cell', ['Chloé', "O'Brien", 'a=b', '', ' =x'])
def test_t3_ordinary_cells_are_left_alone(cell: str) -> None:
    assert safe_cell(cell) == cell
    assert parsed(numbered_csv_bytes(HEADER, [row_of(cell)]))[1] == ['1', *row_of(cell)]


def test_t3_numbers_are_written_as_they_are() -> None:
    assert safe_cell(-3) == '-3'


def test_t3_csv_is_utf8_with_bom_crlf_and_quotes_commas_and_line_breaks() -> None:
    data = numbered_csv_bytes(HEADER, [row_of('Zoë, "the" one\nnext line'), row_of('Ann')])
    assert data.startswith('\ufeff'.encode())
    assert data.decode('utf-8-sig').startswith('No.,Name,Designation,Organization,E-mail ID,Enrollment Type\r\n')
    assert parsed(data) == [list(HEADER), ['1', *row_of('Zoë, "the" one\nnext line')], ['2', *row_of('Ann')]]


@settings(max_examples=200, deadline=None, database=None)
@given(st.lists(st.tuples(*[st.text(max_size=12)] * 5), max_size=6))
def test_t3_every_row_is_numbered_and_every_cell_is_as_safe_cell_has_it(
    rows: list[tuple[str, str, str, str, str]],
) -> None:
    """The comprehension that writes the mentee list applies exactly safe_cell's rule to each cell."""
    expected = [list(HEADER)] + [[str(n), *map(safe_cell, row)] for n, row in enumerate(rows, start=1)]
    written = numbered_csv_bytes(HEADER, rows).decode('utf-8-sig')
    assert written == _written_by_csv_module(expected)


def _written_by_csv_module(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator='\r\n').writerows(rows)
    return buffer.getvalue()


def test_d2_a_streamed_csv_starts_with_bom_and_header_then_comes_in_chunks_of_lines() -> None:
    lines = [f"{n},Row {n},'=x\r\n" for n in range(1, 6)]
    chunks = list(streamed_csv(('No.', 'Name', 'Cell'), lines, chunk_rows=2))
    assert chunks[0] == '\ufeffNo.,Name,Cell\r\n'.encode()
    assert [chunk.count(b'\r\n') for chunk in chunks[1:]] == [2, 2, 1]
    assert b''.join(chunks[1:]).decode() == ''.join(lines)


@pytest.mark.parametrize('cell', ['a,b', 'say "hi"', 'two\nlines', 'cr\r', '=1,2', '"', ',', ' x ', 'Zoë'])
def test_p9_a_csv_cell_is_what_the_csv_module_writes_for_the_safe_cell(cell: str) -> None:
    assert csv_cell(cell) == _written_by_csv_module([[safe_cell(cell)]]).removesuffix('\r\n')


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(st.text(max_size=12), min_size=2, max_size=5))
def test_p9_lines_of_csv_cells_are_what_the_csv_module_writes(cells: list[str]) -> None:
    """D2's lines are written without the `csv` module, for speed (P9): byte for byte the same."""
    assert ','.join(map(csv_cell, cells)) + '\r\n' == _written_by_csv_module([[safe_cell(c) for c in cells]])
