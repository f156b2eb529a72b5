"""R6: "Forgot password?" and "Set your password", the two pages a visitor reaches without signing in."""

from __future__ import annotations

from datetime import datetime

from nicegui import ui

from domain.errors import DomainError
from domain.passwords import MIN_LENGTH
from domain.services import accounts, invitations
from ui.context import app_context
from ui.feedback import attempt, clear_errors, show_refusal
from ui.layout import APP_NAME

RESET_ANSWER = (
    f'{invitations.RESET_ANSWER_START} It works once, within 7 days. No mail? Check the spam folder, or ask an '
    'org admin.'
)
reset_throttle = accounts.ClientThrottle()  # "Forgot password?" requests per client address, in this process


def _card(title: str) -> ui.card:
    ui.page_title(f'{title} · {APP_NAME}')
    with ui.column().classes('w-full max-w-sm mx-auto mt-8 sm:mt-16 p-4 gap-4'):
        ui.label(APP_NAME).classes('text-2xl font-bold')
        ui.label(title).classes('text-xl font-medium').props('role=heading aria-level=1')
        return ui.card().classes('w-full gap-3')


def _password_input(label: str) -> ui.input:
    field = ui.input(label, password=True, password_toggle_button=True)
    return field.props('autocomplete=new-password outlined').classes('w-full')


def forgot_password_page(client: str) -> None:
    """R6: sends a reset link; answers the same whether or not the address has an account."""
    with _card('Forgot password?'):
        ui.label('Type the e-mail address you sign in with. We send it a link to choose a new password.')
        email = ui.input('E-mail').props('type=email autocomplete=username outlined').classes('w-full')
        answer = ui.label('').props('role=status aria-live=polite')

        async def send() -> None:
            context = app_context()
            now: datetime = context.clock()
            if (until := reset_throttle.wait_until(client, now)) is not None:
                answer.text = f'Too many requests from here. Wait until {until:%H:%M} UTC, then try again.'
                return
            reset_throttle.record_failure(client, now)
            try:
                await attempt(
                    invitations.request_reset,
                    context.uow_factory(),
                    email.value or '',
                    context.settings.public_address,
                    now,
                )
            except DomainError as error:
                show_refusal(error)
                return
            answer.text = RESET_ANSWER

        email.on('keydown.enter', send)
        ui.button('Send reset link', on_click=send).classes('w-full').props('no-caps size=lg')
        ui.link('Back to sign in', '/login').classes('text-primary')


async def set_password_page(token: str) -> None:
    """R6: the holder of an invitation or reset link chooses their password."""
    context = app_context()
    with _card('Set your password'):
        try:
            user, _purpose = await attempt(
                invitations.link_holder, context.uow_factory(read_only=True), token, context.clock()
            )
        except DomainError as error:
            ui.label(error.message).classes('text-negative').props('role=alert')
            ui.link('Forgot password?', invitations.FORGOT_PASSWORD_PATH).classes('text-primary')
            return
        ui.label(
            f'For {user.name} ({user.email}). Use at least {MIN_LENGTH} characters; a few words you remember work well.'
        )
        password = _password_input('New password')
        repeated = _password_input('Repeat the new password')
        done = ui.label('').props('role=status aria-live=polite')
        fields = {'password': password, 'repeat': repeated}

        async def save() -> None:
            clear_errors(fields)
            try:
                await attempt(
                    invitations.set_password_from_link,
                    context.uow_factory,
                    context.hasher,
                    token,
                    password.value or '',
                    repeated.value or '',
                    context.clock(),
                )
            except DomainError as error:
                show_refusal(error, fields)
                return
            save_button.disable()
            done.text = 'Your password is set. Sign in with it now.'
            ui.link('Sign in', '/login').classes('text-lg text-primary')

        repeated.on('keydown.enter', save)
        save_button = ui.button('Set password', on_click=save).classes('w-full').props('no-caps size=lg')
