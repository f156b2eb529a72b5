"""The frame every signed-in page shares: header with the app name, navigation, the inbox badge and the user."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from nicegui import ui

from domain.services import accounts
from ui.auth import leave_page, watch_login
from ui.components.anchor import Anchor
from ui.components.inbox_badge import InboxBadge
from ui.components.theme_switch import theme_switch
from ui.context import Viewer, app_context
from ui.feedback import attempt

APP_NAME = 'Mentor sessions'
NAV_LINK = 'text-white no-underline px-2 py-2'


def _nav_links(viewer: Viewer) -> list[tuple[str, str]]:
    links = [('Home', '/')]
    if viewer.user.is_mentee:
        links += [('Explore sessions', '/explore'), ('My sessions', '/my-sessions')]
    if viewer.user.is_session_manager:
        links.append(('Bulk upload', '/bulk-upload'))  # B1 (ui/pages/bulk_upload.py)
    if viewer.user.is_session_manager or viewer.user.is_org_admin:
        links.append(('Dashboard', '/dashboard'))  # D1 (ui/pages/dashboard.py)
    if viewer.user.is_org_admin:
        links += [('People', '/people'), ('Option lists', '/option-lists'), ('Outbox', '/outbox')]  # R5, R7
    links.append(('Calendar', '/settings/calendar'))  # N3: the personal feed (ui/pages/calendar_settings.py)
    return [*links, ('Mail', '/settings/mail'), ('Profile', '/profile')]


async def _sign_out(viewer: Viewer) -> None:
    context = app_context()
    leave_page()
    await attempt(accounts.sign_out, context.uow_factory(), viewer.token, context.clock())
    ui.navigate.to('/auth/signed-out')


@contextmanager
def frame(title: str, viewer: Viewer) -> Iterator[None]:
    """Header and a centred, phone-friendly content column; `yield` inside the column."""
    ui.page_title(f'{title} · {APP_NAME}')
    watch_login(viewer)  # R1: the page ends with its login
    # A plain <header>, not Quasar's QHeader: the same bar, without the layout machinery that made up a third of
    # what Home costs the browser beyond a blank page (P1).
    header = ui.element('header').classes('app-header sticky top-0 z-10 w-full bg-primary text-white')
    with header.classes('flex items-center gap-2 px-3 py-2 flex-wrap'):
        Anchor(APP_NAME, '/').classes('text-white text-lg font-bold no-underline mr-2')
        with ui.element('nav').classes('flex gap-1 items-center flex-wrap grow').props('aria-label="Main"'):
            for label, target in _nav_links(viewer):
                Anchor(label, target).classes(NAV_LINK)
            InboxBadge(viewer, NAV_LINK)
        with ui.row().classes('items-center gap-2 no-wrap'):
            with ui.column().classes('gap-0 items-end'):
                ui.label(viewer.user.name).classes('text-sm font-medium').props('data-testid=user-name')
                ui.label(viewer.user.role_label.capitalize()).classes('text-xs opacity-90')
            theme_switch()
            ui.button('Sign out', on_click=lambda: _sign_out(viewer)).props('flat color=white no-caps')
    with ui.column().classes('w-full max-w-5xl mx-auto p-3 sm:p-4 gap-4'):
        yield
