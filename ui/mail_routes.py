"""N4: one-click unsubscribe without signing in (RFC 8058).

GET shows one button, so that a link scanner opening the link changes nothing; POST turns the kind off — from
that button, or straight from a mail program that read the List-Unsubscribe-Post header.
"""

from __future__ import annotations

import html

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from nicegui import app

from domain.errors import DomainError
from domain.mail import KIND_LABELS, read_unsubscribe_token
from domain.services import mail_choices
from ui.context import app_context
from ui.feedback import attempt

UNSUBSCRIBE_PATH = '/mail/unsubscribe'


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    document = (
        '<!DOCTYPE html><html lang="en-US"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{html.escape(title)} · Mentor sessions</title></head>'
        f'<body><main><h1>{html.escape(title)}</h1>{body}</main></body></html>'
    )
    return HTMLResponse(document, status_code=status, headers={'Cache-Control': 'no-store'})


async def confirm_unsubscribe(token: str = '') -> Response:
    found = read_unsubscribe_token(app_context().settings.storage_secret, token)
    if found is None:
        return _page('Link not valid', f'<p>{html.escape(mail_choices.BAD_LINK)}</p>', 400)
    label = KIND_LABELS[found[1]]
    return _page(
        'Unsubscribe',
        f'<p>Stop e-mails of this kind: “{html.escape(label)}”?</p>'
        f'<form method="post" action="{UNSUBSCRIBE_PATH}?token={html.escape(token)}">'
        '<button type="submit">Unsubscribe</button></form>',
    )


async def unsubscribe(request: Request, token: str = '') -> Response:
    context = app_context()
    try:
        kind = await attempt(mail_choices.unsubscribe, context.uow_factory(), context.settings.storage_secret, token)
    except DomainError as error:
        return _page('Link not valid', f'<p>{html.escape(error.message)}</p>', 400)
    return _page(
        'Unsubscribed',
        f'<p>You will no longer get “{html.escape(KIND_LABELS[kind])}” e-mails. '
        'Sign in and open <a href="/settings/mail">Mail settings</a> to choose again.</p>',
    )


def install_mail_routes() -> None:
    app.add_api_route(UNSUBSCRIBE_PATH, confirm_unsubscribe, methods=['GET'], include_in_schema=False)
    app.add_api_route(UNSUBSCRIBE_PATH, unsubscribe, methods=['POST'], include_in_schema=False)
