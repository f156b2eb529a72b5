"""C1/T1: the Home page with its "My mentoring sessions" tab."""

from __future__ import annotations

from nicegui import ui

from domain.entities import SessionSummary
from domain.rules import status_at
from domain.services import queries
from ui.context import Viewer, app_context
from ui.feedback import attempt
from ui.layout import frame
from ui.timefmt import show_range


def _tile(summary: SessionSummary, viewer: Viewer) -> None:
    session = summary.session
    status = status_at(session, app_context().clock())
    with ui.card().classes('w-full').props(f'data-testid=session-tile-{session.id}'):
        with ui.link(target=f'/sessions/{session.id}').classes('no-underline text-inherit w-full'):
            ui.label(session.title).classes('text-lg font-medium break-words')
        ui.label(show_range(session.start_at, session.end_at, viewer.time_zone)).classes('text-sm')
        with ui.row().classes('items-center gap-2'):
            ui.badge(status.value)
            ui.label(f'Mentee count: {summary.mentee_count}')


async def home_page(viewer: Viewer) -> None:
    with frame('Home', viewer):
        with ui.tabs().classes('w-full') as tabs:
            mine = ui.tab('My mentoring sessions')
        with ui.tab_panels(tabs, value=mine).classes('w-full'), ui.tab_panel(mine).classes('gap-3 p-0'):
            if viewer.user.is_mentor:
                ui.button('Create session', on_click=lambda: ui.navigate.to('/sessions/new')).props('no-caps')
            context = app_context()
            for finished in (False, True):
                page = await attempt(
                    queries.my_mentoring_sessions,
                    context.uow_factory(read_only=True),
                    viewer.user,
                    context.clock(),
                    finished=finished,
                )
                ui.label('Completed' if finished else 'Upcoming and live').classes('text-base font-bold')
                if not page.items:
                    ui.label('No sessions yet.' if not finished else 'None yet.').classes('text-gray-700')
                for summary in page.items:
                    _tile(summary, viewer)
