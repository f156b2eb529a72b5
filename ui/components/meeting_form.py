"""C10, U2: the "Meeting link" tab — "Add meeting link" (the platform), its boxes, and "Submit".

Each platform keeps what was typed for it, so switching back and forth loses nothing.
"""

from __future__ import annotations

from nicegui import ui

from domain import rules
from domain.drafts import DraftPart, DraftValue
from domain.entities import MeetingInfo, Platform
from domain.errors import DomainError
from domain.services import running
from ui.components.session_form_draft import DraftKeeper
from ui.components.session_form_parts import ControlError, ErrorText, card_heading, mark_saved
from ui.context import Viewer, app_context
from ui.feedback import ShowsError, attempt, show_refusal

HELP = {
    Platform.BIGBLUEBUTTON: ['No action required.'],
    Platform.GOOGLE_MEET: ['Copy and paste the call link in the Meet link box.'],
    Platform.WHATSAPP: ['Copy and paste the call link in the WhatsApp box.'],
    Platform.ZOOM: [
        '1. Copy and paste the meeting link in the Zoom link box.',
        '2. Copy and paste the meeting ID in the Meeting ID box.',
        '3. Copy and paste the passcode in the Passcode box.',
    ],
}
ADDED = 'The meeting information is added.'
UPDATED = 'The meeting information is updated.'
HOME_DELAY = 1.2  # seconds
ENDED = 'The session has ended; its meeting information can no longer be changed.'


class _Box:
    def __init__(self, label: str, value: str, marker: str, placeholder: str = '') -> None:
        with ui.column().classes('w-full gap-1').mark(f'field-{marker}'):
            self.input = ui.input(label, value=value, placeholder=placeholder).props('outlined autocomplete=off')
            self.input.classes('w-full').mark(marker)
            self.error = ControlError(self.input)

    @property
    def text(self) -> str:
        return self.input.value or ''


class MeetingForm:
    def __init__(self, viewer: Viewer, session_id: int, meeting: MeetingInfo, *, editable: bool) -> None:
        self._viewer = viewer
        self._session_id = session_id
        self._had_one = meeting != MeetingInfo()
        top = ui.column().classes('w-full gap-2')
        with ui.card().classes('w-full gap-4 p-4 sm:p-6'):
            card_heading('Meeting link', 'Mentees see the link on the session page while the session is Live.')
            with ui.column().classes('w-full gap-1').mark('field-platform'):
                self.platform = (
                    ui.select([p.value for p in Platform], label='Add meeting link', value=meeting.platform.value)
                    .props('outlined')
                    .classes('w-full sm:w-80')
                    .mark('platform')
                )
                self._platform_error = ErrorText()
            self._help = ui.column().classes('gap-1')
            self._boxes_for(meeting)
            self._form_error = ErrorText()
            with ui.row().classes('w-full items-center gap-3 flex-wrap'):
                self._submit = ui.button('Submit', on_click=self.submit).props('unelevated no-caps size=md')
                if not editable:
                    ui.label(ENDED).classes('text-sm text-gray-700')
        self.platform.on_value_change(self._show_platform)
        self._show_platform()
        self.keeper: DraftKeeper | None = None
        if not editable:
            for element in (self.platform, self._submit, *(box.input for box in self._all_boxes())):
                element.disable()
        else:  # E2: the link being typed lives in a draft too (a reload here stays on this tab: see the page)
            with top:
                self.keeper = DraftKeeper(viewer, session_id, DraftPart.MEETING, self._draft_values, self._show_draft)

    async def restore(self) -> None:
        if self.keeper:
            await self.keeper.restore()

    def _named_boxes(self) -> dict[str, _Box]:
        return {
            'meet_link': self.meet_link,
            'whatsapp_link': self.whatsapp,
            'zoom_link': self.zoom_link,
            'meeting_id': self.meeting_id,
            'passcode': self.passcode,
        }

    def _draft_values(self) -> dict[str, DraftValue]:
        values: dict[str, DraftValue] = {'platform': str(self.platform.value or '')}
        values.update({name: box.text for name, box in self._named_boxes().items()})
        return values

    def _show_draft(self, values: dict[str, DraftValue]) -> None:
        platform = values.get('platform')
        if platform in [p.value for p in Platform]:
            self.platform.value = platform
        for name, box in self._named_boxes().items():
            value = values.get(name)
            box.input.value = value if isinstance(value, str) else ''

    def _boxes_for(self, meeting: MeetingInfo) -> None:
        def link_for(platform: Platform) -> str:
            return meeting.link if meeting.platform is platform else ''

        with ui.column().classes('w-full gap-3 max-w-xl') as self._meet:
            self.meet_link = _Box('Meet link', link_for(Platform.GOOGLE_MEET), 'meet-link', 'https://meet.google.com/…')
        with ui.column().classes('w-full gap-3 max-w-xl') as self._whatsapp:
            self.whatsapp = _Box(
                'WhatsApp',
                link_for(Platform.WHATSAPP),
                'whatsapp-link',
                'https://call.whatsapp.com/… or chat.whatsapp.com/…',
            )
        with ui.column().classes('w-full gap-3 max-w-xl') as self._zoom:
            self.zoom_link = _Box('Zoom link', link_for(Platform.ZOOM), 'zoom-link', 'https://…zoom.us/j/…')
            zoom = meeting.platform is Platform.ZOOM
            self.meeting_id = _Box('Meeting ID', meeting.meeting_id if zoom else '', 'meeting-id')
            self.passcode = _Box('Passcode', meeting.passcode if zoom else '', 'passcode')

    def _all_boxes(self) -> tuple[_Box, ...]:
        return (self.meet_link, self.whatsapp, self.zoom_link, self.meeting_id, self.passcode)

    def _chosen(self) -> Platform:
        return Platform(self.platform.value)

    def _show_platform(self) -> None:
        chosen = self._chosen()
        # Said at once, where Submit would say it: beside the platform, naming the others.
        unavailable = chosen is Platform.BIGBLUEBUTTON and app_context().rooms is None
        self._platform_error.error = rules.BIGBLUEBUTTON_UNAVAILABLE if unavailable else None
        self._meet.set_visibility(chosen is Platform.GOOGLE_MEET)
        self._whatsapp.set_visibility(chosen is Platform.WHATSAPP)
        self._zoom.set_visibility(chosen is Platform.ZOOM)
        self._help.clear()
        with self._help:
            for line in HELP[chosen]:
                ui.label(line).classes('text-sm text-gray-700')

    def _info(self) -> tuple[MeetingInfo, dict[str, ShowsError]]:
        chosen = self._chosen()
        link = {Platform.GOOGLE_MEET: self.meet_link, Platform.WHATSAPP: self.whatsapp, Platform.ZOOM: self.zoom_link}
        box = link.get(chosen)
        fields: dict[str, ShowsError] = {
            'platform': self._platform_error,
            'meeting_id': self.meeting_id.error,
            'passcode': self.passcode.error,
        }
        if box is not None:
            fields['link'] = box.error
        zoom = chosen is Platform.ZOOM
        info = MeetingInfo(
            chosen,
            link=box.text if box else '',
            meeting_id=self.meeting_id.text if zoom else '',
            passcode=self.passcode.text if zoom else '',
        )
        return info, fields

    async def submit(self) -> None:
        info, fields = self._info()
        for shown in (*fields.values(), self._form_error):
            shown.error = None
        try:
            await self._submitted(info)
        except DomainError as refusal:
            show_refusal(refusal, fields)
            if refusal.field not in fields:
                self._form_error.error = refusal.message
            return
        mark_saved()
        if self.keeper:
            self.keeper.saved()
        ui.notify(UPDATED if self._had_one else ADDED, type='positive', position='top')
        self._had_one = True
        # A moment to read the message, then on to "My mentoring sessions", where the session now shows.
        self._submit.disable()
        ui.timer(HOME_DELAY, lambda: ui.navigate.to('/'), once=True)

    async def _submitted(self, info: MeetingInfo) -> None:
        """Submit; no draft write runs meanwhile, so the submit's deletion of the draft is the last word."""
        context = app_context()
        submit = (context.uow_factory(), self._viewer.user, self._session_id, info, context.clock())
        available = context.rooms is not None
        if self.keeper is None:
            await attempt(running.edit_meeting, *submit, bigbluebutton_available=available)
            return
        async with self.keeper.saving():
            await attempt(running.edit_meeting, *submit, bigbluebutton_available=available)
