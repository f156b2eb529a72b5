"""R4: what the sign-in page of an empty installation says: how to make the first org admin."""

from __future__ import annotations

from nicegui import ui

from domain.errors import DomainError
from domain.services import invitations
from ui.context import app_context

COMMAND = 'python main.py create-admin --email you@example.org --name "Your Name"'


def nobody_registered() -> bool:
    """One small query, run inline while the sign-in page is built; a database that is down shows no hint."""
    try:
        return invitations.nobody_registered(app_context().uow_factory(read_only=True))
    except DomainError:
        return False


def how_to_begin() -> None:
    with ui.card().classes('w-full gap-2').props('role=region aria-label="How to begin"'):
        ui.label('How to begin').classes('text-lg font-medium')
        ui.label('Nobody can sign in yet: this installation has no accounts. On the server, make the first org admin:')
        ui.label(COMMAND).classes('font-mono text-sm break-all bg-slate-50 p-2 rounded')
        ui.label(
            'It asks for a password (or prints a set-password link with --link). The admin then signs in here '
            'and adds everyone else under People; they get an invitation link by e-mail.'
        ).classes('text-sm')
