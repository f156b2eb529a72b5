"""N4 "Mail settings": which kinds of e-mail the signed-in user gets."""

from __future__ import annotations

from nicegui import ui

from domain.errors import DomainError
from domain.mail import CHOOSABLE_KINDS, KIND_LABELS
from domain.services import mail_choices
from ui.context import Viewer, app_context
from ui.feedback import attempt, show_refusal
from ui.layout import frame


async def mail_settings_page(viewer: Viewer) -> None:
    context = app_context()
    with frame('Mail settings', viewer):
        ui.label('Mail settings').classes('text-2xl font-semibold').props('role=heading aria-level=1')
        muted = await attempt(mail_choices.muted_kinds, context.uow_factory(read_only=True), viewer.user)
        ui.label(
            f'E-mails go to {viewer.user.email}. Times in them are in your time zone, {viewer.time_zone}.'
        ).classes('text-gray-700 break-words')
        with ui.card().classes('w-full gap-1'), ui.element('fieldset').classes('border-0 p-0 m-0'):
            with ui.element('legend').classes('font-semibold mb-2'):
                ui.label('Send me e-mails about')
            boxes = {kind: ui.checkbox(KIND_LABELS[kind], value=kind not in muted) for kind in CHOOSABLE_KINDS}

        async def save() -> None:
            wanted = frozenset(kind for kind, box in boxes.items() if box.value)
            try:
                await attempt(mail_choices.choose_mail, context.uow_factory(), viewer.user, wanted)
            except DomainError as error:
                show_refusal(error)
                return
            ui.notify('Saved. You get the e-mails ticked above.', type='positive', position='top')

        ui.button('Save', on_click=save).props('no-caps').classes('self-start')
