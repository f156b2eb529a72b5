"""B1: reading an uploaded CSV as a whole, and each row into a request for the form's services."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest

from domain.bulk_upload import (
    COLUMNS,
    MAX_BYTES,
    MAX_ROWS,
    Action,
    RowRefused,
    RowRequest,
    read_upload,
    row_request,
    sample_csv,
    uploaded_rows,
)
from domain.entities import Platform, SessionType
from domain.errors import InvalidInput
from tests.bulk_files import create_row, csv_bytes, csv_text

DAY = date(2030, 3, 4)
ROW = create_row(1, 'tom@example.org', DAY, Title='Café ☕ talk')


def _requests(data: bytes, zone: str = 'UTC') -> list[RowRequest]:
    return [row_request(row, zone) for row in uploaded_rows(read_upload(data))]


def _refusal(data: bytes) -> str:
    with pytest.raises(InvalidInput) as refusal:
        read_upload(data)
    return refusal.value.message


def test_b1_sample_csv_has_the_issue_columns_and_two_rows_the_reader_accepts() -> None:
    data = sample_csv()
    assert data.startswith(b'\xef\xbb\xbf')
    lines = list(csv.reader(io.StringIO(data.decode('utf-8-sig'))))
    assert tuple(lines[0]) == COLUMNS
    assert len(lines) == 3
    requests = _requests(data)
    assert [r.action for r in requests] == [Action.CREATE, Action.CREATE]
    assert requests[1].mentee_emails == ('mentee1@example.org', 'mentee2@example.org')
    assert requests[0].meeting is not None and requests[0].meeting.platform is Platform.ZOOM


@pytest.mark.parametrize(
    ('encoding', 'delimiter'),
    [('utf-8', ','), ('utf-8-sig', ','), ('utf-16', ','), ('cp1252', ';'), ('utf-8-sig', ';')],
)
def test_b1_spreadsheet_exports_in_every_encoding_read_the_same(encoding: str, delimiter: str) -> None:
    title = 'Café talk' if encoding == 'cp1252' else ROW['Title']
    data = csv_bytes([{**ROW, 'Title': title}], encoding, delimiter=delimiter)
    (request,) = _requests(data)
    assert request.title == title
    assert request.start_at == datetime(2030, 3, 4, 8, 30, tzinfo=UTC)
    assert request.end_at == datetime(2030, 3, 4, 9, 0, tzinfo=UTC)


def test_b1_quoted_newlines_and_formula_cells_are_kept_as_text() -> None:
    data = csv_bytes([{**ROW, 'Description': 'line one\nline two', 'Title': '=HYPERLINK("x")'}])
    upload = read_upload(data)
    assert upload.row_count == 1
    (request,) = _requests(data)
    assert request.description == 'line one\nline two'
    assert request.title == '=HYPERLINK("x")'


def test_b1_row_numbers_are_those_a_spreadsheet_shows() -> None:
    data = csv_bytes([ROW, {}, {**ROW, 'Description': 'a\nb'}, ROW])
    assert [row.number for row in uploaded_rows(read_upload(data))] == [2, 4, 5]


@pytest.mark.parametrize(
    ('data', 'message'),
    [
        (b'', 'The file is empty'),
        (b'  \r\n', 'The file is empty'),
        (csv_bytes([]), 'only a header'),
        (b'PK\x03\x04\x00\x00binary', 'not a CSV file'),
        (b'\x81\x8d\x90', 'not a CSV file'),
        (csv_bytes([ROW], header=[*COLUMNS, 'Colour']), 'Unknown columns: Colour'),
        (
            csv_bytes([ROW], header=[c for c in COLUMNS if c not in ('Title', 'Date')]),
            'Missing columns: Title, Date.',
        ),
    ],
)
def test_b1_bad_files_get_one_clear_message(data: bytes, message: str) -> None:
    assert message in _refusal(data)


def test_b1_more_than_ten_thousand_rows_is_refused() -> None:
    assert read_upload(csv_bytes([ROW] * MAX_ROWS)).row_count == MAX_ROWS
    assert 'more than 10,000 rows' in _refusal(csv_bytes([ROW] * (MAX_ROWS + 1)))


def test_b1_more_than_five_megabytes_is_refused() -> None:
    data = csv_bytes([{**ROW, 'Description': 'x' * 1000}] * (MAX_BYTES // 1000))
    assert 'larger than 5 MB' in _refusal(data)


def test_b1_optional_columns_may_be_left_out() -> None:
    header = ['Action', 'Session ID', 'Title', 'Date', 'Start time', 'Duration (Min)']
    (request,) = _requests(csv_bytes([ROW], header=header))
    assert (request.title, request.medium, request.meeting) == ('Café ☕ talk', (), None)


def test_b1_blank_schedule_cells_default_to_the_uploaders_time_zone() -> None:
    (request,) = _requests(csv_bytes([{**ROW, 'Time zone': ''}]), zone='Asia/Kolkata')
    assert request.time_zone == 'Asia/Kolkata'
    assert request.start_at is not None and request.start_at.utcoffset() is not None
    assert request.start_at.astimezone(UTC) == datetime(2030, 3, 4, 3, 0, tzinfo=UTC)


def test_b1_lists_are_split_on_semicolons_and_unknown_items_are_kept_as_other_items() -> None:
    row = {**ROW, 'Categories': 'Career growth; Knitting ;', 'Mentee e-mails': 'a@x.org;b@x.org', 'Type': 'private'}
    (request,) = _requests(csv_bytes([row]))
    assert request.categories == ('Career growth', 'Knitting')
    assert request.mentee_emails == ('a@x.org', 'b@x.org')
    assert request.session_type is SessionType.PRIVATE


@pytest.mark.parametrize(
    ('changes', 'expected'),
    [
        ({'Action': 'Copy'}, 'Row 2, column Action: Write Create, Edit or Delete.'),
        ({'Action': 'Edit'}, 'Row 2, column Session ID: Edit needs the ID of the session.'),
        ({'Action': 'Delete', 'Session ID': 'x1'}, 'Row 2, column Session ID: "x1" is not a whole number.'),
        ({'Date': '04.03.2030'}, 'Row 2, column Date: Write the date as YYYY-MM-DD.'),
        ({'Start time': '9h'}, 'Row 2, column Start time: Write the start time as HH:mm, e.g. 09:30.'),
        ({'Duration (Min)': ''}, 'Row 2, column Duration (Min): Give the duration in minutes.'),
        ({'Time zone': 'Mars/Base'}, 'Row 2, column Time zone: "Mars/Base" is not a time zone'),
        ({'Type': 'Secret'}, 'Row 2, column Type: Write Public or Private.'),
        ({'Seat limit': '-3'}, 'Row 2, column Seat limit: "-3" is not a whole number.'),
        ({'Meeting platform': 'Skype'}, 'Row 2, column Meeting platform: "Skype" is not one of'),
        (
            {'Meeting platform': 'Zoom', 'Meeting link': 'https://zoom.us/j/123456789', 'Meeting ID': '12'},
            'Row 2, column Meeting ID: The meeting ID is 9 to 11 digits.',
        ),
        ({'Date': '', 'Start time': '', 'Duration (Min)': ''}, 'Row 2, column Date: Give the date'),
    ],
)
def test_b1_a_row_that_cannot_be_a_request_names_row_and_column(changes: dict[str, str], expected: str) -> None:
    (row,) = uploaded_rows(read_upload(csv_bytes([{**ROW, **changes}])))
    with pytest.raises(RowRefused) as refusal:
        row_request(row, 'UTC')
    assert refusal.value.message.startswith(expected)


def test_b1_extra_cells_beyond_the_header_are_refused_for_that_row() -> None:
    text = csv_text([ROW]).rstrip('\r\n') + ',surprise\r\n'
    (row,) = uploaded_rows(read_upload(text.encode()))
    with pytest.raises(RowRefused, match='more cells than the header'):
        row_request(row, 'UTC')


def test_b1_edit_rows_may_leave_the_schedule_blank() -> None:
    row = {'Action': 'edit', 'Session ID': '7', 'Title': 'New title'}
    (request,) = _requests(csv_bytes([row]))
    assert (request.action, request.session_id, request.start_at, request.title) == (Action.EDIT, 7, None, 'New title')
