"""The frame every signed-in page shares: header with the app name, navigation, the inbox badge and the user."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from html import escape

from nicegui import Client, ui

from domain.services import accounts
from ui import icons
from ui.auth import leave_page, watch_login
from ui.components import static_markup as markup
from ui.components.anchor import Anchor
from ui.components.inbox_badge import InboxBadge
from ui.components.theme_switch import theme_switch
from ui.context import Viewer, app_context
from ui.feedback import attempt

APP_NAME = 'Mentor sessions'
NAV_LINK = 'text-white no-underline px-2 inline-flex items-center min-h-11'  # E1: 44 px tall targets
# E1 (issue 23 item 10): below 1024 px the header is one row (name, inbox, "Menu"); the links and the user's
# controls drop down under it when Menu is opened. The browser alone opens and closes it (no round trip).
HEADER_CSS = """/* E1 phone header (ui/layout.py) */
@media (max-width: 1023.98px) {
  header.app-header.menu-open .app-menu {
    display: flex; flex-direction: column; align-items: stretch; gap: 0.25rem; position: absolute; top: 100%;
    left: 0; right: 0; padding: 0.5rem 0.75rem 0.75rem; max-height: calc(100vh - 100%); overflow-y: auto;
    background: var(--q-primary); box-shadow: 0 8px 16px rgb(0 0 0 / 0.25);
  }
  header.app-header.menu-open .app-menu nav { flex-direction: column; align-items: stretch; }
}
"""
TOGGLE_MENU = """() => {
  const button = document.querySelector('header.app-header [aria-controls]');
  button.setAttribute('aria-expanded', String(button.closest('header').classList.toggle('menu-open')));
}"""
CLOSE_MENU = """(event) => {
  const button = document.querySelector('header.app-header [aria-controls]');
  if (event.key !== 'Escape' || button.getAttribute('aria-expanded') !== 'true') return;
  button.closest('header').classList.remove('menu-open');
  button.setAttribute('aria-expanded', 'false');
  button.focus();
}"""


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


def _nav(viewer: Viewer) -> None:
    """The links, as markup (P11: one element instead of one per link): plain anchors as `Anchor` draws them."""
    links = [markup.tag('a', escape(label), classes=f'nicegui-link {NAV_LINK}', href=target)
             for label, target in _nav_links(viewer)]  # fmt: skip
    nav = markup.block(links, 'flex gap-1 items-center lg:flex-wrap lg:grow lg:order-1', tag='nav')
    nav.props('aria-label="Main"').mark('main-nav')


def _user(viewer: Viewer) -> None:
    """The user's name and role, as markup; in the phone menu on the left of the buttons."""
    name = markup.text(viewer.user.name, classes='text-sm font-medium', data_testid='user-name')
    role = markup.text(viewer.user.role_label.capitalize(), classes='text-xs opacity-90')
    markup.block([name, role], 'flex flex-col gap-0 lg:items-end mr-auto')


@contextmanager
def frame(title: str, viewer: Viewer) -> Iterator[None]:
    """Header and a centred, phone-friendly content column; `yield` inside the column.

    P11: every element of the header is on every open page (each costs the server about 3 KiB while the page is
    open), so what never changes — the links, the user's name and role — is markup (static_markup.py), and only
    what acts or changes is an element: the app's name (a link tests follow), the inbox badge, Menu, the theme
    switch and Sign out."""
    ui.page_title(f'{title} · {APP_NAME}')
    watch_login(viewer)  # R1: the page ends with its login
    # A plain <header>, not Quasar's QHeader: the same bar, without the layout machinery that made up a third of
    # what Home costs the browser beyond a blank page (P1).
    if HEADER_CSS.splitlines()[0] not in Client.shared_head_html:  # tests build pages again and again
        ui.add_css(HEADER_CSS, shared=True)
    header = ui.element('header').classes('app-header sticky top-0 z-10 w-full bg-primary text-white')
    header.on('keydown', js_handler=CLOSE_MENU)
    with header.classes('flex items-center gap-2 px-3 py-1 lg:flex-wrap'):
        Anchor(APP_NAME, '/').classes('text-white text-lg font-bold no-underline mr-auto lg:mr-2 whitespace-nowrap')
        InboxBadge(viewer, f'{NAV_LINK} lg:order-2')
        opener = ui.button(icon=icons.MENU).props('flat round color=white data-testid=menu').classes('lg:hidden')
        opener.props('aria-label=Menu aria-expanded=false').on('click', js_handler=TOGGLE_MENU)
        with ui.element('div').classes('app-menu max-lg:hidden lg:contents') as menu:
            opener.props['aria-controls'] = f'c{menu.id}'  # the menu follows its button (reading and Tab order)
            _nav(viewer)
            with ui.row().classes('items-center gap-2 no-wrap lg:order-3'):
                _user(viewer)
                theme_switch()
                ui.button('Sign out', on_click=lambda: _sign_out(viewer)).props('flat color=white no-caps')
    with ui.column().classes('w-full max-w-5xl mx-auto p-3 sm:p-4 gap-4'):
        yield
