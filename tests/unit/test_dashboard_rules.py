"""D1: the dashboard's period and rate rules."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from domain.csv_export import safe_cell
from domain.dashboard import DashboardFigures, PeriodKind, SessionListRow, percent, period, rate, session_list_lines
from domain.errors import InvalidInput

KOLKATA = ZoneInfo('Asia/Kolkata')
BERLIN = ZoneInfo('Europe/Berlin')


def test_d1_this_week_runs_from_monday_midnight_in_the_viewers_zone() -> None:
    week = period(PeriodKind.WEEK, date(2030, 3, 7), KOLKATA)  # a Thursday
    assert week.start == datetime(2030, 3, 3, 18, 30, tzinfo=UTC)  # Monday 4 March 00:00 in Kolkata
    assert week.end == datetime(2030, 3, 10, 18, 30, tzinfo=UTC)
    assert week.weeks == (week.start,)


def test_d1_this_month_and_this_quarter_follow_the_calendar_across_a_year_end() -> None:
    month = period(PeriodKind.MONTH, date(2030, 12, 31), BERLIN)
    assert (month.start, month.end) == (
        datetime(2030, 11, 30, 23, tzinfo=UTC),
        datetime(2030, 12, 31, 23, tzinfo=UTC),
    )
    quarter = period(PeriodKind.QUARTER, date(2030, 11, 15), BERLIN)
    assert quarter.start == datetime(2030, 9, 30, 22, tzinfo=UTC)  # 1 October, summer time
    assert quarter.end == datetime(2030, 12, 31, 23, tzinfo=UTC)  # 1 January, winter time
    assert len(quarter.weeks) == 14  # the weeks touching October to December, from their Mondays
    assert quarter.weeks[0] == datetime(2030, 9, 29, 22, tzinfo=UTC)  # Monday 30 September


def test_d1_custom_dates_include_the_last_day() -> None:
    custom = period(PeriodKind.CUSTOM, date(2030, 1, 1), BERLIN, date(2030, 2, 1), date(2030, 2, 1))
    assert (custom.start, custom.end) == (datetime(2030, 1, 31, 23, tzinfo=UTC), datetime(2030, 2, 1, 23, tzinfo=UTC))


@pytest.mark.parametrize(
    ('first', 'last', 'message'),
    [
        (None, date(2030, 2, 1), 'both the first and the last day'),
        (date(2030, 2, 2), date(2030, 2, 1), 'must not be before'),
        (date(2030, 1, 1), date(2031, 1, 2), 'at most 366 days'),
    ],
)
def test_d1_custom_dates_are_refused_with_a_clear_message(first: date | None, last: date, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        period(PeriodKind.CUSTOM, date(2030, 1, 1), BERLIN, first, last)


def test_d1_rates_are_fractions_and_nothing_to_divide_is_no_rate() -> None:
    assert rate(3, 4) == 0.75
    assert rate(0, 0) is None
    figures = DashboardFigures(seats_offered=40, seats_taken=10, enrolled=8, attended=6)
    assert figures.fill_rate == 0.25
    assert figures.attendance_rate == 0.75
    assert percent(figures.attendance_rate) == '75 %'
    assert percent(DashboardFigures().fill_rate) == '–'


def _row(title: str, mentor: str, start: datetime, minutes: int = 60) -> SessionListRow:
    begin = int(start.timestamp())
    return SessionListRow(title, 'Public', mentor, begin, begin + minutes * 60, 3, 'Upcoming')


def test_d2_lines_are_numbered_formula_safe_and_in_the_requesters_zone() -> None:
    rows = [
        _row('=SUM(A1)', 'Mona', datetime(2030, 3, 7, 18, 45, tzinfo=UTC), 90),
        _row('Plain', '@Mallory', datetime(2030, 3, 7, 19, 0, tzinfo=UTC)),
    ]
    assert list(session_list_lines(rows, KOLKATA)) == [
        "1,'=SUM(A1),Public,Mona,2030-03-08,00:15,90,3,Upcoming\r\n",
        "2,Plain,Public,'@Mallory,2030-03-08,00:30,60,3,Upcoming\r\n",
    ]


def test_d2_lines_are_what_the_csv_module_writes_for_the_safe_cells() -> None:
    """The lines are written without the `csv` module (P9): text cells with commas, quotes and line breaks are
    quoted as it quotes them, after the formula-safety quote."""
    rows = [
        _row('Zoë, "the" one', '=Mo, "M"', datetime(2030, 3, 7, 18, 45, tzinfo=UTC), 1),
        _row('two\nlines', 'Ann\r', datetime(2030, 3, 7, 19, 0, tzinfo=UTC)),
        _row('', '-', datetime(2030, 3, 7, 19, 0, tzinfo=UTC)),
    ]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator='\r\n').writerows(
        [n, safe_cell(title), kind, safe_cell(mentor), '2030-03-08', clock, round((end - start) / 60), 3, status]
        for (n, (title, kind, mentor, start, end, _, status)), clock in zip(
            enumerate(rows, start=1), ('00:15', '00:30', '00:30'), strict=True
        )
    )
    assert ''.join(session_list_lines(rows, KOLKATA)) == buffer.getvalue()


@pytest.mark.parametrize('zone', ['Europe/Berlin', 'America/Sao_Paulo', 'Australia/Lord_Howe', 'Pacific/Apia'])
def test_d2_lines_show_each_start_as_zoneinfo_does_on_every_day_of_a_year(zone: str) -> None:
    """The offset is looked up once per day (P9); days on which it changes are looked up per session."""
    where = ZoneInfo(zone)
    spread = [datetime(2011, 1, 1, tzinfo=UTC) + timedelta(minutes=1777 * n) for n in range(300)]
    changes = [date(2011, 2, 20), date(2011, 3, 27), date(2011, 4, 2), date(2011, 4, 3), date(2011, 9, 24)]
    changes += [date(2011, 10, 1), date(2011, 10, 2), date(2011, 10, 16), date(2011, 10, 30), date(2011, 12, 29)]
    changes += [date(2011, 12, 30)]  # Samoa skipped its 30 December 2011
    near = [datetime.combine(d, time(), UTC) + timedelta(minutes=30 * n) for d in changes for n in range(48)]
    starts = sorted(spread + near)
    lines = list(session_list_lines([_row('S', 'M', start) for start in starts], where))
    assert [tuple(line.split(',')[4:6]) for line in lines] == [
        (f'{s.astimezone(where):%Y-%m-%d}', f'{s.astimezone(where):%H:%M}') for s in starts
    ]
