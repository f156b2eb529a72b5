"""T3: CSV that spreadsheets open with accents intact and without running formulas."""

from __future__ import annotations

import csv
import io

import pytest

from domain.csv_export import csv_bytes, safe_cell


@pytest.mark.parametrize('cell', ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])
def test_t3_cells_that_a_spreadsheet_would_run_get_a_leading_quote(cell: str) -> None:
    assert safe_cell(cell) == "'" + cell


@pytest.mark.parametrize('cell', ['Chloé', "O'Brien", 'a=b', '', ' =x'])
def test_t3_ordinary_cells_are_left_alone(cell: str) -> None:
    assert safe_cell(cell) == cell


def test_t3_numbers_are_written_as_they_are() -> None:
    assert safe_cell(-3) == '-3'


def test_t3_csv_is_utf8_with_bom_crlf_and_quotes_commas_and_line_breaks() -> None:
    data = csv_bytes(['No.', 'Name'], [[1, 'Zoë, "the" one\nnext line']])
    assert data.startswith('\ufeff'.encode())
    assert data.decode('utf-8-sig').startswith('No.,Name\r\n')
    assert list(csv.reader(io.StringIO(data.decode('utf-8-sig'), newline=''))) == [
        ['No.', 'Name'],
        ['1', 'Zoë, "the" one\nnext line'],
    ]
