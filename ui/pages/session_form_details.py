"""C2–C9, C11, U1: the "Edit session" tab — every detail of a session, then "Publish and add link" / "Save".

The form reads what was typed into a SessionDraft and hands it to one service; the service decides. A
refusal shows beside the control it concerns and nothing typed is touched (E2).
"""

from __future__ import annotations

from datetime import datetime

from nicegui import ui

from domain.entities import Option, OptionKind, SessionDraft, SessionType
from domain.errors import DomainError
from domain.ports import ProcessedImage
from domain.services import authoring, options
from ui import icons
from ui.components.datetime_field import DateTimeField
from ui.components.image_field import ImageField
from ui.components.option_picker import OptionPicker
from ui.components.session_form_parts import ControlError, ErrorText, card_heading
from ui.components.session_form_people import PeopleSection
from ui.context import Viewer, app_context
from ui.feedback import ShowsError, attempt, clear_errors, show_refusal
from ui.pages.session_form_data import FormStart, find_users
from ui.timefmt import for_input, zone

DURATION_NOTE = 'The session duration should be at least 30 minutes.'
STARTED_NOTE = 'You can edit the session details only until the start of the session.'
UPDATED = 'The session details are updated.'
PUBLISH = 'Publish and add link'


def zone_note(time_zone: str, now: datetime) -> str:
    """'Times in Europe/Berlin (CET)' — the zone every date on the form is typed in (E3)."""
    here = zone(time_zone)
    return f'Times in {here.key} ({now.astimezone(here).tzname()})'


class DetailsForm:
    def __init__(self, viewer: Viewer, start: FormStart) -> None:
        self._viewer = viewer
        self._start = start
        session = start.session
        self._session_id = session.id if session else None
        self.people: PeopleSection | None = None
        if not start.details_editable:
            with ui.row().classes('w-full items-center gap-2 rounded-lg bg-amber-50 border border-amber-300 p-3'):
                ui.icon(icons.LOCK_CLOCK).classes('text-amber-800')
                ui.label(STARTED_NOTE).classes('text-amber-900 break-words')
        self._about()
        if viewer.user.is_session_manager:
            self._people()
        self._schedule()
        self._choices()
        with ui.row().classes('w-full items-center gap-3 flex-wrap'):
            text = PUBLISH if self._session_id is None else 'Save'
            self._primary = ui.button(text, on_click=self.publish).props('unelevated no-caps size=lg')
            self._primary.mark('publish')
            self._form_error = ErrorText()
        if not start.details_editable:
            self._set_enabled(False)

    def _about(self) -> None:
        session = self._start.session
        with ui.card().classes('w-full gap-4 p-4 sm:p-6'):
            card_heading('About the session', 'Tell mentees what the session is about.')
            self.image = ImageField(session.image_id if session else None, self._store_image)
            with ui.column().classes('w-full gap-1').mark('field-title'):
                self.title = ui.input('Session title', value=session.title if session else '')
                self.title.props('outlined counter maxlength=255').classes('w-full').mark('session-title')
                self._title_error = ControlError(self.title)
            with ui.column().classes('w-full gap-1').mark('field-description'):
                self.description = ui.textarea('Description', value=session.description if session else '')
                self.description.props('outlined counter maxlength=2000 autogrow').classes('w-full')
                self.description.mark('description')
                self._description_error = ControlError(self.description)

    def _people(self) -> None:
        session, start = self._start.session, self._start
        self.people = PeopleSection(
            editing=session is not None,
            session_type=session.session_type if session else SessionType.PUBLIC,
            mentor=start.mentor,
            mentees=start.mentees,
            seat_limit=session.seat_limit if session else app_context().settings.default_seat_limit,
            filters=(start.organizations, start.designations),
            find_users=lambda query: find_users(self._viewer, query),
        )

    def _schedule(self) -> None:
        session, time_zone = self._start.session, self._viewer.time_zone
        with ui.card().classes('w-full gap-3 p-4 sm:p-6'):
            card_heading('Schedule', zone_note(time_zone, app_context().clock()))
            with ui.element('div').classes('grid grid-cols-1 sm:grid-cols-2 gap-3 w-full'):
                self.start_at = DateTimeField(
                    'Start date',
                    for_input(session.start_at, time_zone) if session else '',
                    marker='start-date',
                    was=session.start_at if session else None,
                )
                self.end_at = DateTimeField(
                    'End date',
                    for_input(session.end_at, time_zone) if session else '',
                    marker='end-date',
                    was=session.end_at if session else None,
                )
            ui.label(DURATION_NOTE).classes('text-sm text-gray-700')

    def _choices(self) -> None:
        session = self._start.session
        chosen = {
            OptionKind.RECOMMENDED_FOR: session.recommended_for if session else (),
            OptionKind.CATEGORIES: session.categories if session else (),
            OptionKind.MEDIUM: session.medium if session else (),
        }
        with ui.card().classes('w-full gap-4 p-4 sm:p-6'):
            card_heading('Recommended for, categories and medium', 'Help the right mentees find the session.')
            self.pickers = {
                kind: OptionPicker(kind, self._start.options.get(kind, ()), chosen[kind], self._add_custom)
                for kind in OptionKind
            }

    async def _store_image(self, image: ProcessedImage) -> str:
        return await attempt(authoring.upload_image, app_context().uow_factory(), self._viewer.user, image)

    async def _add_custom(self, kind: OptionKind, label: str) -> Option:
        return await attempt(options.add_custom_option, app_context().uow_factory(), self._viewer.user, kind, label)

    @property
    def fields(self) -> dict[str, ShowsError]:
        fields: dict[str, ShowsError] = {
            'title': self._title_error,
            'description': self._description_error,
            'start_at': self.start_at,
            'end_at': self.end_at,
            'image': self.image,
            'recommended_for': self.pickers[OptionKind.RECOMMENDED_FOR],
            'categories': self.pickers[OptionKind.CATEGORIES],
            'medium': self.pickers[OptionKind.MEDIUM],
        }
        return fields | (self.people.fields if self.people else {})

    def _set_enabled(self, enabled: bool) -> None:
        for control in (self.title, self.description, self._primary):
            control.set_enabled(enabled)
        self.image.set_enabled(enabled)
        self.start_at.set_enabled(enabled)
        self.end_at.set_enabled(enabled)
        for picker in self.pickers.values():
            picker.set_enabled(enabled)
        if self.people:
            self.people.set_enabled(enabled)

    def _draft(self) -> SessionDraft | None:
        """What was typed, as a draft for the service; None if a date or the seat limit cannot be read."""
        time_zone = self._viewer.time_zone
        start_at, end_at = self.start_at.moment(time_zone), self.end_at.moment(time_zone)
        people = self.people
        seat_limit = people.seat_limit() if people else None
        if start_at is None or end_at is None or (people is not None and seat_limit is None):
            return None
        mentor = people.mentor.value if people else ()
        return SessionDraft(
            title=self.title.value or '',
            description=self.description.value or '',
            start_at=start_at,
            end_at=end_at,
            time_zone=time_zone,
            recommended_for=self.pickers[OptionKind.RECOMMENDED_FOR].value,
            categories=self.pickers[OptionKind.CATEGORIES].value,
            medium=self.pickers[OptionKind.MEDIUM].value,
            session_type=people.session_type if people else self._stored_type(),
            mentor_id=mentor[0].id if mentor else None,
            seat_limit=seat_limit,
            image_id=self.image.image_id,
            mentee_ids=tuple(user.id for user in people.mentees.value) if people else None,
        )

    def _stored_type(self) -> SessionType:
        session = self._start.session
        return session.session_type if session else SessionType.PUBLIC

    async def publish(self) -> None:
        fields = self.fields
        clear_errors(fields)
        self._form_error.error = None
        draft = self._draft()
        if draft is None:
            ui.notify('Please check the fields marked in red.', type='negative', position='top')
            return
        self._primary.disable()
        try:
            session_id = await self._save(draft)
        except DomainError as refusal:
            show_refusal(refusal, fields)
            if refusal.field not in fields:
                self._form_error.error = refusal.message
            self._primary.enable()
            return
        if self._session_id is None:
            ui.navigate.to(f'/sessions/{session_id}/edit?tab=meeting&published=1')
            return
        self._primary.enable()
        ui.notify(UPDATED, type='positive', position='top')

    async def _save(self, draft: SessionDraft) -> int:
        context, user = app_context(), self._viewer.user
        if self._session_id is None:
            created = await attempt(
                authoring.create_session,
                context.uow_factory(),
                user,
                draft,
                context.clock(),
                context.settings.default_seat_limit,
            )
            return created.id
        await attempt(authoring.edit_details, context.uow_factory(), user, self._session_id, draft, context.clock())
        return self._session_id
