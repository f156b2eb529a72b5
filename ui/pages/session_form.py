"""C1, C9, U1: "Create a new session" and "Edit session details", each with the tabs "Edit session" and
"Meeting link". Creating publishes the session and moves on to its meeting link, on the edit page."""

from __future__ import annotations

from nicegui import ui

from domain import rules
from domain.errors import DomainError
from ui import icons
from ui.components.anchor import Anchor
from ui.components.meeting_form import MeetingForm
from ui.components.session_form_parts import add_form_styles
from ui.context import Viewer
from ui.layout import frame
from ui.pages.session_form_data import FormStart, new_form, stored_form
from ui.pages.session_form_details import DetailsForm

CREATE_TITLE = 'Create a new session'
EDIT_TITLE = 'Edit session details'
PUBLISHED = 'The session is published. Now add its meeting link.'
PUBLISH_FIRST = 'Publish the session first: then you can add its meeting link here.'


def edit_url(session_id: int, *, meeting: bool = False) -> str:
    return f'/sessions/{session_id}/edit' + ('?tab=meeting' if meeting else '')


def _heading(title: str, back_text: str, back_to: str) -> None:
    with ui.column().classes('w-full gap-1'):
        Anchor(f'← {back_text}', back_to).classes('text-sm text-primary no-underline')
        ui.label(title).classes('text-2xl font-bold break-words').props('role=heading aria-level=1')


def _refused(title: str, message: str) -> None:
    _heading(title, 'Home', '/')
    with ui.card().classes('w-full p-4 sm:p-6'), ui.row().classes('items-center gap-3 no-wrap'):
        ui.icon(icons.BLOCK, size='md').classes('text-negative')
        ui.label(message).classes('text-base break-words').props('role=alert').mark('refusal')


async def _tabs(viewer: Viewer, start: FormStart, *, meeting_first: bool) -> None:
    add_form_styles()
    session = start.session
    with (
        ui.tabs()
        .classes('w-full text-gray-800')
        .props('align=left active-color=primary indicator-color=primary') as tabs
    ):
        details_tab = ui.tab('details', label='Edit session')
        meeting_tab = ui.tab('meeting', label='Meeting link')
    if session is None:
        meeting_tab.disable()
    else:  # the open tab lives in the address, so a reload returns to it
        tabs.on_value_change(
            lambda event: ui.navigate.history.replace(
                edit_url(session.id, meeting=event.value in ('meeting', meeting_tab))
            )
        )
    first = meeting_tab if meeting_first and session is not None else details_tab
    with ui.tab_panels(tabs, value=first, animated=False).classes('w-full bg-transparent'):
        with ui.tab_panel(details_tab).classes('w-full p-0 pt-3 gap-4'):
            details = DetailsForm(viewer, start)
        with ui.tab_panel(meeting_tab).classes('w-full p-0 pt-3'):
            if session is None:
                ui.label(PUBLISH_FIRST).classes('text-gray-700')
                meeting = None
            else:
                meeting = MeetingForm(viewer, session.id, start.meeting, editable=start.meeting_editable)
    # E2: what the user typed and did not save, from the server (a reload, another device).
    await details.restore()
    if meeting is not None:
        await meeting.restore()


async def create_session_page(viewer: Viewer) -> None:
    with frame(CREATE_TITLE, viewer):
        try:
            rules.check_can_create_session(viewer.user)
        except DomainError as refusal:
            _refused(CREATE_TITLE, refusal.message)
            return
        start = await new_form(viewer)
        _heading(CREATE_TITLE, 'My mentoring sessions', '/')
        await _tabs(viewer, start, meeting_first=False)


async def edit_session_page(viewer: Viewer, session_id: int, *, tab: str = '', published: bool = False) -> None:
    with frame(EDIT_TITLE, viewer):
        try:
            start = await stored_form(viewer, session_id)
        except DomainError as refusal:
            _refused(EDIT_TITLE, refusal.message)
            return
        _heading(EDIT_TITLE, 'Session details', f'/sessions/{session_id}')
        await _tabs(viewer, start, meeting_first=tab == 'meeting')
        if published:
            ui.notify(PUBLISHED, type='positive', position='top')
            # A reload should not announce it again.
            ui.navigate.history.replace(edit_url(session_id, meeting=True))
