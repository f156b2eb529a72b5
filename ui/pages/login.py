"""R1: the sign-in page, the only page an anonymous visitor sees."""

from __future__ import annotations

import asyncio
import contextlib
from urllib.parse import quote

from nicegui import ui

from domain.errors import DomainError
from domain.services import accounts, invitations
from ui.auth import issue_ticket, safe_next, sign_in_throttle
from ui.components.how_to_begin import how_to_begin
from ui.components.how_to_begin import nobody_registered as _nobody_registered
from ui.context import app_context
from ui.feedback import attempt
from ui.layout import APP_NAME

BROWSER_TIME_ZONE = 'Intl.DateTimeFormat().resolvedOptions().timeZone'
# Whether Caps Lock is on while the password is typed (the browser alone knows).
CAPS_LOCK = '(event) => emit(Boolean(event.getModifierState && event.getModifierState("CapsLock")))'


async def _browser_time_zone() -> str:
    try:
        answer = await ui.run_javascript(BROWSER_TIME_ZONE, timeout=2.0)
    except TimeoutError:
        return 'UTC'
    return answer if isinstance(answer, str) and answer else 'UTC'


def login_page(client: str, nonce: str, redirect_to: str = '/', expired: str = '') -> None:
    """`client`: the browser's address, for the per-client limit on failed sign-ins; `nonce`: the browser's
    sign-in nonce, which binds the ticket to it."""
    ui.page_title(f'Sign in · {APP_NAME}')
    with ui.column().classes('w-full max-w-sm mx-auto mt-8 sm:mt-16 p-4 gap-4'):
        ui.label(APP_NAME).classes('text-2xl font-bold').props('role=heading aria-level=1')
        ui.label('Share your skills, join mentoring sessions.').classes('text-gray-700')
        with ui.card().classes('w-full gap-3'):
            email = ui.input('E-mail').props('type=email autocomplete=username outlined').classes('w-full')
            password = ui.input('Password', password=True, password_toggle_button=True)
            password.props('autocomplete=current-password outlined').classes('w-full')
            caps_lock = ui.label('Caps Lock is on.').classes('text-sm text-gray-700').props('role=status')
            caps_lock.set_visibility(False)
            password.on('keydown', lambda event: caps_lock.set_visibility(event.args is True), js_handler=CAPS_LOCK)
            message = ui.label('').classes('text-red-800').props('role=alert aria-live=polite')
            if expired:
                message.text = 'That sign-in took too long. Please sign in again.'
            browser = {'time_zone': 'UTC'}
            time_zone_known = asyncio.Event()

            async def learn_time_zone() -> None:
                browser['time_zone'] = await _browser_time_zone()
                time_zone_known.set()

            ui.timer(0.05, learn_time_zone, once=True)  # asked as soon as the page is connected

            async def sign_in() -> None:
                message.text = ''
                context = app_context()
                with contextlib.suppress(TimeoutError):  # a browser that never answers signs in as UTC
                    await asyncio.wait_for(time_zone_known.wait(), timeout=2.5)
                try:
                    token, _user = await attempt(
                        accounts.sign_in,
                        context.uow_factory,
                        context.hasher,
                        email.value or '',
                        password.value or '',
                        browser['time_zone'],
                        context.clock(),
                        client=client,
                        throttle=sign_in_throttle,
                    )
                except DomainError as error:
                    message.text = error.message
                    return
                ticket = issue_ticket(token, nonce)
                ui.navigate.to(f'/auth/continue?ticket={quote(ticket)}&redirect_to={quote(safe_next(redirect_to))}')

            password.on('keydown.enter', sign_in)
            email.on('keydown.enter', sign_in)
            ui.button('Sign in', on_click=sign_in).classes('w-full').props('no-caps size=lg')
            ui.link('Forgot password?', invitations.FORGOT_PASSWORD_PATH).classes('text-primary')  # R6
        if _nobody_registered():
            how_to_begin()
