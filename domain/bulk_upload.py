"""B1: a CSV of sessions as spreadsheets write it, read into rows, and each row into one request for a service.

Pure: no database. Reading refuses a bad file as a whole (one InvalidInput naming the problem), so nothing
is changed; a bad row is refused alone, with the row number and the column.
"""

from __future__ import annotations

import csv
import enum
import io
import zoneinfo
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from domain import rules
from domain.entities import MeetingInfo, Platform, SessionType
from domain.errors import DomainError, InvalidInput

MAX_ROWS = 10_000
MAX_BYTES = 5 * 1024 * 1024


class Action(enum.StrEnum):
    CREATE = 'Create'
    EDIT = 'Edit'
    DELETE = 'Delete'


COLUMNS = (
    'Action',
    'Session ID',
    'Title',
    'Description',
    'Type',
    'Mentor e-mail',
    'Mentee e-mails',
    'Date',
    'Start time',
    'Duration (Min)',
    'Time zone',
    'Recommended for',
    'Categories',
    'Medium',
    'Seat limit',
    'Meeting platform',
    'Meeting link',
    'Meeting ID',
    'Passcode',
)
RESULT_COLUMNS = ('Status', 'Message')
# A file may leave out the other columns (their cells count as blank), not these.
REQUIRED_COLUMNS = ('Action', 'Session ID', 'Title', 'Date', 'Start time', 'Duration (Min)')


@dataclass(frozen=True)
class CsvLayout:
    """The columns a kind of upload reads (B1 sessions, R5 people), those it needs, and what one row is."""

    columns: tuple[str, ...]
    required: tuple[str, ...]
    row_noun: str


SESSIONS_LAYOUT = CsvLayout(COLUMNS, REQUIRED_COLUMNS, 'session')

# The form's field names (DomainError.field) as the columns of the file.
FIELD_COLUMNS = {
    'title': 'Title',
    'description': 'Description',
    'start_at': 'Start time',
    'end_at': 'Duration (Min)',
    'time_zone': 'Time zone',
    'mentor': 'Mentor e-mail',
    'mentees': 'Mentee e-mails',
    'seat_limit': 'Seat limit',
    'recommended_for': 'Recommended for',
    'categories': 'Categories',
    'medium': 'Medium',
    'link': 'Meeting link',
    'meeting_id': 'Meeting ID',
    'passcode': 'Passcode',
    'platform': 'Meeting platform',
}

_SAMPLE_ROWS = (
    (
        'Create', '', 'Career talk', 'How to find your first job', 'Public', 'mentor@example.org', '',
        '2030-01-15', '10:00', '60', 'Europe/Berlin', 'Students', 'Careers', 'English', '20',
        'Zoom', 'https://zoom.us/j/123456789', '123456789', 'secret',
    ),
    (
        'Create', '', 'Interview practice', 'One to one', 'Private', 'mentor@example.org',
        'mentee1@example.org;mentee2@example.org', '2030-01-16', '14:30', '45', '', 'Graduates',
        'Careers;Interviews', 'English;Hindi', '2', '', '', '', '',
    ),
)  # fmt: skip


def csv_file(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    """A header and rows as spreadsheets read them: UTF-8 with BOM, CRLF."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator='\r\n')
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue().encode('utf-8-sig')


def sample_csv() -> bytes:
    """The "Download sample CSV" file: the header and two example rows, UTF-8 with BOM."""
    return csv_file(COLUMNS, _SAMPLE_ROWS)


def _refuse(message: str) -> InvalidInput:
    return InvalidInput(message, 'file')


NOT_CSV = 'This is not a CSV file. Save the sheet as "CSV" and upload that file.'


def decode_upload(data: bytes) -> str:
    """The file's text: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252."""
    if len(data) > MAX_BYTES:
        raise _refuse(f'The file is larger than {MAX_BYTES // (1024 * 1024)} MB. Split it into smaller files.')
    if data.startswith((b'\xff\xfe', b'\xfe\xff')):
        try:
            text = data.decode('utf-16')
        except UnicodeDecodeError as error:
            raise _refuse(NOT_CSV) from error
    else:
        try:
            text = data.decode('utf-8-sig')
        except UnicodeDecodeError:
            try:
                text = data.decode('cp1252')
            except UnicodeDecodeError as error:
                raise _refuse(NOT_CSV) from error
    if '\x00' in text:  # binary data, e.g. a spreadsheet's own format
        raise _refuse(NOT_CSV)
    return text


def _delimiter(text: str) -> str:
    """',' or ';' (European spreadsheets), whichever the header line uses more."""
    first_line = text.split('\n', 1)[0]
    return ';' if first_line.count(';') > first_line.count(',') else ','


@dataclass(frozen=True)
class CsvUpload:
    """An accepted file: its text, how its cells are separated, its header as written and its row count."""

    text: str
    delimiter: str
    header: tuple[str, ...]
    row_count: int


@dataclass(frozen=True)
class UploadedRow:
    """One record of the file: its row number as a spreadsheet shows it (the header is row 1) and its cells."""

    number: int
    cells: tuple[str, ...]
    values: Mapping[str, str]


def _lines(text: str) -> Iterator[str]:
    """The text's lines with their endings, one at a time: no copy of the whole text (io.StringIO makes one, at up
    to four bytes a character), so that reading a stored file takes memory for one row, not for the file."""
    start = 0
    while start < len(text):
        end = text.find('\n', start)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


def records(text: str, delimiter: str) -> Iterator[list[str]]:
    """The text's records as the csv module reads them (quoted newlines kept); a broken file is refused."""
    try:
        yield from csv.reader(_lines(text), delimiter=delimiter, strict=False)
    except csv.Error as error:
        raise _refuse(f'{NOT_CSV} ({error})') from error


def _check_header(header: Sequence[str], layout: CsvLayout) -> None:
    names = [name.strip() for name in header]
    unknown = [name for name in names if name and name not in layout.columns]
    missing = [name for name in layout.required if name not in names]
    if unknown:
        raise _refuse(f'Unknown columns: {", ".join(unknown)}. Use the columns of the sample CSV.')
    if missing:
        raise _refuse(f'Missing columns: {", ".join(missing)}. Use the columns of the sample CSV.')


def read_upload(data: bytes, layout: CsvLayout = SESSIONS_LAYOUT) -> CsvUpload:
    """B1, R5: the file, checked as a whole: its encoding, header, size and row count; else one InvalidInput."""
    text = decode_upload(data)
    if not text.strip():
        raise _refuse('The file is empty. Start from the sample CSV.')
    delimiter = _delimiter(text)
    found = records(text, delimiter)
    header = tuple(next(found))
    _check_header(header, layout)
    count = 0
    for record in found:
        if any(cell.strip() for cell in record):
            count += 1
            if count > MAX_ROWS:
                raise _refuse(f'The file has more than {MAX_ROWS:,} rows. Split it into smaller files.')
    if count == 0:
        raise _refuse(f'The file has only a header. Add one row per {layout.row_noun} below it.')
    return CsvUpload(text, delimiter, header, count)


def uploaded_rows(upload: CsvUpload) -> Iterator[UploadedRow]:
    """The non-empty rows, one at a time (memory does not grow with the row count)."""
    names = [name.strip() for name in upload.header]
    for number, record in enumerate(records(upload.text, upload.delimiter), start=1):
        if number == 1 or not any(cell.strip() for cell in record):
            continue
        values = {name: cell.strip() for name, cell in zip(names, record, strict=False) if name}
        yield UploadedRow(number, tuple(record), values)


class RowRefused(DomainError):  # noqa: N818 - the names read as refusals
    """A row's request cannot be made: the message names the row and the column."""

    def __init__(self, row: int, column: str | None, message: str) -> None:
        where = f'Row {row}, column {column}' if column else f'Row {row}'
        super().__init__(f'{where}: {message}', column)


def refusal_for_row(row: int, error: DomainError) -> RowRefused:
    """A service's refusal (the form's message) placed at the row and the column it concerns."""
    if isinstance(error, RowRefused):
        return error
    return RowRefused(row, FIELD_COLUMNS.get(error.field or '', error.field), error.message)


@dataclass(frozen=True)
class RowRequest:
    """What one row asks for, in the terms of the form; e-mails are looked up by the service."""

    row: int
    action: Action
    session_id: int | None
    title: str
    description: str
    session_type: SessionType | None
    mentor_email: str
    mentee_emails: tuple[str, ...] | None
    start_at: datetime | None
    end_at: datetime | None
    time_zone: str
    recommended_for: tuple[str, ...]
    categories: tuple[str, ...]
    medium: tuple[str, ...]
    seat_limit: int | None
    meeting: MeetingInfo | None


def _items(value: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in value.split(';') if item.strip())


def _whole_number(row: int, column: str, value: str) -> int | None:
    if not value:
        return None
    if not value.isdigit() or len(value) > 9:
        raise RowRefused(row, column, f'"{value}" is not a whole number.')
    return int(value)


def _zone(row: int, value: str, default_zone: str) -> str:
    name = value or default_zone
    try:
        zoneinfo.ZoneInfo(name)
    except (KeyError, ValueError, OSError) as error:
        raise RowRefused(row, 'Time zone', f'"{name}" is not a time zone; write one like Europe/Berlin.') from error
    return name


def _schedule(row: int, values: Mapping[str, str], zone: str) -> tuple[datetime | None, datetime | None]:
    day, start, minutes = values.get('Date', ''), values.get('Start time', ''), values.get('Duration (Min)', '')
    if not (day or start or minutes):
        return None, None
    try:
        parsed_day = date.fromisoformat(day)
        if len(day) != 10:
            raise ValueError(day)
    except ValueError as error:
        raise RowRefused(row, 'Date', 'Write the date as YYYY-MM-DD.') from error
    try:
        hours, _, mins = start.partition(':')
        parsed_time = time(int(hours), int(mins))
    except ValueError as error:
        raise RowRefused(row, 'Start time', 'Write the start time as HH:mm, e.g. 09:30.') from error
    duration = _whole_number(row, 'Duration (Min)', minutes)
    if duration is None:
        raise RowRefused(row, 'Duration (Min)', 'Give the duration in minutes.')
    start_at = datetime.combine(parsed_day, parsed_time, tzinfo=zoneinfo.ZoneInfo(zone))
    return start_at, start_at + timedelta(minutes=duration)


def _meeting(row: int, values: Mapping[str, str]) -> MeetingInfo | None:
    platform_name = values.get('Meeting platform', '')
    if not platform_name:
        return None
    platform = next((p for p in Platform if p.value.lower() == platform_name.lower()), None)
    if platform is None:
        choices = ', '.join(p.value for p in Platform)
        raise RowRefused(row, 'Meeting platform', f'"{platform_name}" is not one of {choices}.')
    info = MeetingInfo(
        platform, values.get('Meeting link', ''), values.get('Meeting ID', ''), values.get('Passcode', '')
    )
    try:
        return rules.clean_meeting(info)  # the form's own check, before anything is written
    except DomainError as error:
        raise refusal_for_row(row, error) from error


def _action(row: int, value: str) -> Action:
    found = next((a for a in Action if a.value.lower() == value.lower()), None)
    if found is None:
        raise RowRefused(row, 'Action', 'Write Create, Edit or Delete.')
    return found


def _session_type(row: int, value: str) -> SessionType | None:
    if not value:
        return None
    found = next((t for t in SessionType if t.value.lower() == value.lower()), None)
    if found is None:
        raise RowRefused(row, 'Type', 'Write Public or Private.')
    return found


def row_request(row: UploadedRow, default_zone: str) -> RowRequest:
    """B1: the row as a request for the create, edit or delete service; RowRefused when it cannot be one."""
    values = row.values
    if len(row.cells) > len(COLUMNS) and any(cell.strip() for cell in row.cells[len(COLUMNS) :]):
        raise RowRefused(row.number, None, 'The row has more cells than the header has columns.')
    action = _action(row.number, values.get('Action', ''))
    session_id = _whole_number(row.number, 'Session ID', values.get('Session ID', ''))
    if action is not Action.CREATE and session_id is None:
        raise RowRefused(row.number, 'Session ID', f'{action.value} needs the ID of the session.')
    zone = _zone(row.number, values.get('Time zone', ''), default_zone)
    start_at, end_at = _schedule(row.number, values, zone)
    if action is Action.CREATE and start_at is None:
        raise RowRefused(row.number, 'Date', 'Give the date, start time and duration of the session.')
    mentees = values.get('Mentee e-mails', '')
    return RowRequest(
        row=row.number,
        action=action,
        session_id=session_id,
        title=values.get('Title', ''),
        description=values.get('Description', ''),
        session_type=_session_type(row.number, values.get('Type', '')),
        mentor_email=values.get('Mentor e-mail', ''),
        mentee_emails=_items(mentees) if mentees else None,
        start_at=start_at,
        end_at=end_at,
        time_zone=zone,
        recommended_for=_items(values.get('Recommended for', '')),
        categories=_items(values.get('Categories', '')),
        medium=_items(values.get('Medium', '')),
        seat_limit=_whole_number(row.number, 'Seat limit', values.get('Seat limit', '')),
        meeting=_meeting(row.number, values),
    )
