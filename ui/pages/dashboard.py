"""D1: the live dashboard for session managers and org admins — a period, filters, figures as charts and as
tables (the tables carry every figure for screen readers and phones); D2's Download link.

Every session change on any instance reloads the figures through `ui.live.Follow`: one read at a time, so a
burst of changes costs at most one more read (L1)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from nicegui import ui

from domain.dashboard import DashboardFigures, DashboardFilter, PeriodKind, percent, period
from domain.entities import SessionType
from domain.errors import DomainError
from domain.feedback import RATINGS
from domain.services import dashboard
from domain.services._shared import clean_time_zone
from ui.components.aftermath_panel import rating_text
from ui.context import Viewer, app_context
from ui.feedback import attempt
from ui.layout import frame
from ui.live import Follow

DASHBOARD_PATH = '/dashboard'
ALL = 'All'
COLUMNS = [
    {'name': 'figure', 'label': 'Figure', 'field': 'figure', 'align': 'left'},
    {'name': 'value', 'label': 'Value', 'field': 'value', 'align': 'right'},
]

_STARS = tuple(f'{stars} of 5' for stars in RATINGS)


@dataclass
class _Choice:
    """What the viewer chose: the period and the filters."""

    kind: PeriodKind = PeriodKind.MONTH
    first: str = ''
    last: str = ''
    mentor_id: int | None = None
    category: str | None = None
    medium: str | None = None
    session_type: str | None = None

    def filter(self) -> DashboardFilter:
        kind = SessionType(self.session_type) if self.session_type else None
        return DashboardFilter(self.mentor_id, self.category, self.medium, kind)


@dataclass
class _Shown:
    figures: DashboardFigures = field(default_factory=DashboardFigures)
    problem: str = ''


def figure_rows(figures: DashboardFigures) -> list[dict[str, str]]:
    """Every figure of the dashboard, in the words of its table."""
    values = (
        ('Sessions created', figures.created),
        ('Sessions conducted', figures.conducted),
        ('Sessions deleted', figures.deleted),
        ('Upcoming now', figures.upcoming),
        ('Live now', figures.live),
        ('Completed now', figures.completed),
        ('Seats offered', figures.seats_offered),
        ('Seats taken', figures.seats_taken),
        ('Fill rate', percent(figures.fill_rate)),
        ('Mentees enrolled', figures.enrolled),
        ('Mentees attended', figures.attended),
        ('Attendance rate', percent(figures.attendance_rate)),
        ('Average rating', rating_text(figures.ratings)),
    )
    return [{'figure': name, 'value': str(value)} for name, value in values]


def _pairs(pairs: tuple[tuple[Any, int], ...], label: str) -> list[dict[str, str]]:
    return [{'figure': str(name) if label else f'Week of {name}', 'value': str(count)} for name, count in pairs]


def _table(title: str, rows: list[dict[str, str]], marker: str, first_column: str = 'Figure') -> ui.table:
    columns = [{**COLUMNS[0], 'label': first_column}, COLUMNS[1]]
    table = ui.table(columns=columns, rows=rows, row_key='figure', title=title).props(
        f'flat bordered dense hide-pagination :rows-per-page-options="[0]" data-testid={marker}'
    )
    table.mark(marker)
    return table.classes('w-full')


def _bar_chart(title: str, marker: str) -> ui.echart:
    chart = ui.echart(
        {
            'aria': {'enabled': True},
            'title': {'text': title, 'textStyle': {'fontSize': 14}},
            'tooltip': {},
            'xAxis': {'type': 'category', 'data': []},
            'yAxis': {'type': 'value', 'minInterval': 1},
            'series': [{'type': 'bar', 'data': [], 'name': title}],
        }
    )
    chart.classes('w-full h-64').props(
        f'role=img aria-label="{title}: chart; the same figures are in the table" data-testid={marker}'
    )
    chart.mark(marker)
    return chart


def _set_bars(chart: ui.echart, labels: list[str], values: list[int]) -> None:
    chart.options['xAxis']['data'] = labels
    chart.options['series'][0]['data'] = values
    chart.update()


async def dashboard_page(viewer: Viewer) -> None:
    with frame('Dashboard', viewer):
        ui.label('Dashboard').classes('text-2xl font-semibold').props('role=heading aria-level=1')
        if not dashboard.may_see_dashboard(viewer.user):
            ui.label(dashboard.NOT_ALLOWED).props('role=alert')
            return
        await _Dashboard(viewer).build()


class _Dashboard:
    def __init__(self, viewer: Viewer) -> None:
        self.viewer = viewer
        self.zone = ZoneInfo(clean_time_zone(viewer.time_zone))
        self.choice = _Choice()

    async def build(self) -> None:
        context = app_context()
        choices = await attempt(dashboard.dashboard_choices, context.uow_factory(read_only=True), self.viewer.user)
        ui.label(f'Sessions starting in the period, times in {self.zone.key}. Updates by itself.').classes(
            'text-gray-700'
        )
        with ui.row().classes('w-full items-end gap-3 flex-wrap'):
            ui.select([kind.value for kind in PeriodKind], label='Period', value=self.choice.kind.value).props(
                'outlined dense'
            ).on_value_change(lambda e: self._set(kind=PeriodKind(e.value))).classes('min-w-40')
            with ui.row().classes('gap-2 items-end').bind_visibility_from(self.choice, 'kind', value=PeriodKind.CUSTOM):
                ui.input('First day').props('type=date outlined dense').on_value_change(
                    lambda e: self._set(first=e.value or '')
                )
                ui.input('Last day').props('type=date outlined dense').on_value_change(
                    lambda e: self._set(last=e.value or '')
                )
            self._select('Mentor', {None: ALL, **dict(choices.mentors)}, 'mentor_id')
            self._select('Category', {None: ALL, **{c: c for c in choices.categories}}, 'category')
            self._select('Medium', {None: ALL, **{m: m for m in choices.medium}}, 'medium')
            self._select(
                'Session type', {None: ALL, **{t.value: t.value.capitalize() for t in SessionType}}, 'session_type'
            )
            self.download = ui.link('Download', self._download_address()).props('download data-testid=download')
            self.download.classes('px-3 py-2 rounded bg-primary text-white no-underline')
        self.problem = ui.label('').classes('text-red-800').props('role=alert')
        with ui.element('div').classes('w-full grid gap-4 md:grid-cols-2'):
            self.figures = _table('Figures', [], 'dashboard-figures')
            self.seats_chart = _bar_chart('Seats and mentees', 'chart-seats')
            self.weeks_chart = _bar_chart('Sessions per week', 'chart-weeks')
            self.weeks = _table('Sessions per week', [], 'dashboard-weeks', 'Week')
            self.categories_chart = _bar_chart('Busiest categories', 'chart-categories')
            self.categories = _table('Busiest categories', [], 'dashboard-categories', 'Category')
            self.mentors = _table('Busiest mentors', [], 'dashboard-mentors', 'Mentor')
            self.ratings_chart = _bar_chart('Ratings given', 'chart-ratings')
            self.ratings = _table('Ratings given', [], 'dashboard-ratings', 'Rating')
        self.follow = Follow(self._read, self._show)
        await self.follow.start(lambda error: _Shown(problem=error.message))

    def _select(self, label: str, options: dict[Any, str], attribute: str) -> None:
        ui.select(options, label=label, value=None).props('outlined dense').classes('min-w-40').on_value_change(
            lambda e: self._set(**{attribute: e.value})
        )

    async def _set(self, **changes: Any) -> None:
        for name, value in changes.items():
            setattr(self.choice, name, value)
        self.download.props(f'href="{self._download_address()}"')
        await self.follow.reload()

    def _download_address(self) -> str:
        choice = self.choice
        query = {
            'period': choice.kind.name.lower(),
            'first': choice.first,
            'last': choice.last,
            'mentor': '' if choice.mentor_id is None else str(choice.mentor_id),
            'category': choice.category or '',
            'medium': choice.medium or '',
            'type': choice.session_type or '',
        }
        return f'{DASHBOARD_PATH}/sessions.csv?{urlencode({k: v for k, v in query.items() if v})}'

    async def _read(self) -> _Shown:
        context = app_context()
        now = context.clock()
        try:
            chosen = period(
                self.choice.kind,
                now.astimezone(self.zone).date(),
                self.zone,
                _day(self.choice.first),
                _day(self.choice.last),
            )
        except DomainError as error:
            return _Shown(problem=error.message)
        figures = await attempt(
            dashboard.dashboard_figures,
            context.uow_factory(read_only=True),
            self.viewer.user,
            self.choice.filter(),
            chosen,
            now,
        )
        return _Shown(figures)

    def _show(self, shown: _Shown) -> None:
        self.problem.set_text(shown.problem)
        if shown.problem:
            return
        figures = shown.figures
        self.figures.rows = figure_rows(figures)
        self.weeks.rows = _pairs(figures.per_week, '')
        self.categories.rows = _pairs(figures.busiest_categories, 'category')
        self.mentors.rows = _pairs(figures.busiest_mentors, 'mentor')
        stars = tuple(zip(_STARS, figures.ratings.distribution, strict=True))
        self.ratings.rows = _pairs(stars, 'rating')
        for table in (self.figures, self.weeks, self.categories, self.mentors, self.ratings):
            table.update()
        _set_bars(
            self.seats_chart,
            ['Seats offered', 'Seats taken', 'Enrolled', 'Attended'],
            [figures.seats_offered, figures.seats_taken, figures.enrolled, figures.attended],
        )
        _set_bars(self.weeks_chart, [str(week) for week, _ in figures.per_week], [n for _, n in figures.per_week])
        _set_bars(
            self.categories_chart,
            [name for name, _ in figures.busiest_categories],
            [n for _, n in figures.busiest_categories],
        )
        _set_bars(self.ratings_chart, list(_STARS), list(figures.ratings.distribution))


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None
