"""The frame every signed-in page shares: header with the app name, navigation, the inbox badge and the user."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from nicegui import ui

from domain.services import accounts
from ui.auth import leave_page, watch_login
from ui.components.app_header import AppHeader
from ui.components.inbox_badge import InboxBadge
from ui.components.theme_switch import ThemeSwitch
from ui.context import Viewer, app_context
from ui.feedback import attempt

APP_NAME = 'Mentor sessions'


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
    """The header (one element: app_header.py) and a centred, phone-friendly content column; `yield` inside the
    column."""
    ui.page_title(f'{title} · {APP_NAME}')
    watch_login(viewer)  # R1: the page ends with its login
    user = (viewer.user.name, viewer.user.role_label.capitalize())
    header = AppHeader(APP_NAME, _nav_links(viewer), user, ThemeSwitch(), lambda: _sign_out(viewer))
    InboxBadge(viewer, header.show_unread)
    with ui.column().classes('w-full max-w-5xl mx-auto p-3 sm:p-4 gap-4'):
        yield
