"""C2–C9, C11, U1: the "Edit session" tab — every detail of a session, then "Publish and add link" / "Save".

The form reads what was typed into a SessionDraft and hands it to one service; the service decides. A
refusal shows beside the control it concerns and nothing typed is touched (E2).
"""

from __future__ import annotations

from datetime import datetime
from functools import partial

from nicegui import ui

from domain.drafts import DraftPart, DraftValue
from domain.entities import Option, OptionKind, SessionDraft, SessionType, User
from domain.errors import DomainError, InvalidForm, StaleEdit
from domain.ports import ProcessedImage
from domain.services import authoring, form_drafts, options
from domain.services.session_form import form_refusals
from ui import icons, live
from ui.components.datetime_field import DateTimeField
from ui.components.image_field import ImageField
from ui.components.option_picker import OptionPicker
from ui.components.session_form_draft import DraftKeeper
from ui.components.session_form_parts import (
    ControlError,
    ErrorText,
    FormField,
    card_heading,
    focus_first_error,
    mark_saved,
)
from ui.components.session_form_people import PeopleSection
from ui.components.session_form_stale import RELOAD, changed_meanwhile
from ui.context import Viewer, app_context
from ui.feedback import attempt, clear_errors, show_refusal
from ui.pages.session_form_data import FormStart, find_users, offered_options, stored_form
from ui.timefmt import abbreviations, for_input, zone

DURATION_NOTE = 'The session duration should be at least 30 minutes.'
STARTED_NOTE = 'You can edit the session details only until the start of the session.'
UPDATED = 'The session details are updated.'
PUBLISH = 'Publish and add link'


def zone_note(time_zone: str, moments: list[datetime]) -> str:
    """'Times in Europe/Berlin (CET)' — the zone every date on the form is typed in, with the abbreviation
    that applies on the dates chosen ('EST → EDT' across a change) (E3)."""
    return f'Times in {zone(time_zone).key} ({abbreviations(moments, time_zone)})'


class DetailsForm:
    def __init__(self, viewer: Viewer, start: FormStart) -> None:
        self._viewer = viewer
        self._start = start
        self._saved = start  # the stored version after a stale save was refused
        session = start.session
        self._session_id = session.id if session else None
        self._version = session.details_version if session else None  # the version this save starts from (U1)
        self.people: PeopleSection | None = None
        self._top = ui.column().classes('w-full gap-2')
        known = ([start.mentor] if start.mentor else []) + list(start.mentees)
        self._known_people: dict[int, User] = {user.id: user for user in known}  # whom a draft's ids may name
        self.keeper: DraftKeeper | None = None
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
            self._reload = ui.button(RELOAD, on_click=self._reload_saved).props('outline no-caps')
            self._reload.set_visibility(False)
            self._form_error = ErrorText()
        if not start.details_editable:
            self._set_enabled(False)
        else:
            with self._top:
                boxes = (self._draft_values, self._show_draft, self._kept_version, self._find_people)
                self.keeper = DraftKeeper(viewer, self._session_id, DraftPart.DETAILS, *boxes)

    async def restore(self) -> None:
        """E2: the user's unsaved draft of this form, if they left one, back in the boxes — over the saved
        version as it is now (the draft holds only what the user changed), so a save goes over that version."""
        if self.keeper:
            await self.keeper.restore()

    def _kept_version(self) -> int | None:
        return self._version

    def _draft_values(self) -> dict[str, DraftValue]:
        """The boxes as typed (the people section of session managers is not kept yet)."""
        values: dict[str, DraftValue] = {
            'title': self.title.value or '',
            'description': self.description.value or '',
            'start_at': self.start_at.input.value or '',
            'end_at': self.end_at.input.value or '',
            'image_id': self.image.image_id or '',
        }
        for kind, picker in self.pickers.items():
            values[kind.name.lower()] = picker.value
        if self.people:
            values.update(self.people.draft_values())
        return values

    async def _find_people(self, values: dict[str, DraftValue]) -> None:
        """The users a restored draft's mentor and mentee ids name, as they are now."""
        if self.people is None:
            return
        mentor, mentees = values.get('mentor_id'), values.get('mentee_ids')
        texts = [mentor] if isinstance(mentor, str) else []
        texts += list(mentees) if isinstance(mentees, tuple) else []
        ids = [int(text) for text in texts if text.isdigit() and int(text) not in self._known_people]
        if ids:
            context = app_context()
            found = await attempt(form_drafts.draft_people, context.uow_factory(read_only=True), self._viewer.user, ids)
            self._known_people.update({user.id: user for user in found})

    def _show_draft(self, values: dict[str, DraftValue]) -> None:
        def text(name: str) -> str:
            value = values.get(name)
            return value if isinstance(value, str) else ''

        self.title.value = text('title')
        self.description.value = text('description')
        self.start_at.input.value = text('start_at')
        self.end_at.input.value = text('end_at')
        for kind, picker in self.pickers.items():
            chosen = values.get(kind.name.lower())
            picker.set_value(chosen if isinstance(chosen, tuple) else ())
        if (text('image_id') or None) != self.image.image_id:
            self.image.show_image(text('image_id') or None)
        if self.people:
            self.people.show_draft(values, self._known_people)

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
            card_heading('Schedule')
            self._zone_note = ui.label().classes('text-sm text-gray-700 -mt-2 break-words')
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
        for field in (self.start_at, self.end_at):
            field.input.on_value_change(self._show_zone_note)
        self._show_zone_note()

    def _show_zone_note(self) -> None:
        time_zone = self._viewer.time_zone
        chosen = [moment for moment in (self.start_at.typed(time_zone), self.end_at.typed(time_zone)) if moment]
        self._zone_note.set_text(zone_note(time_zone, chosen or [app_context().clock()]))

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
        # R7: when an org admin changes a list, the pickers offer it as it is now (from the form's start read on).
        read = partial(offered_options, self._viewer)
        live.Follow(read, self._offer, concerns=None, also=(live.options_changed,)).catch_up('option pickers')

    def _offer(self, lists: dict[OptionKind, tuple[str, ...]]) -> None:
        """R7: a retired item leaves the pickers, a new one joins; what was chosen stays chosen."""
        for kind, picker in self.pickers.items():
            picker.offer(lists[kind])

    async def _store_image(self, image: ProcessedImage) -> str:
        return await attempt(authoring.upload_image, app_context().uow_factory(), self._viewer.user, image)

    async def _add_custom(self, kind: OptionKind, label: str) -> Option:
        return await attempt(options.add_custom_option, app_context().uow_factory(), self._viewer.user, kind, label)

    @property
    def fields(self) -> dict[str, FormField]:
        """Every field that can be refused, in the order the form shows them (the first refused takes focus)."""
        people = self.people.fields if self.people else {}
        return {
            'image': self.image,
            'title': self._title_error,
            'description': self._description_error,
            **people,
            'start_at': self.start_at,
            'end_at': self.end_at,
            'recommended_for': self.pickers[OptionKind.RECOMMENDED_FOR],
            'categories': self.pickers[OptionKind.CATEGORIES],
            'medium': self.pickers[OptionKind.MEDIUM],
        }

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

    def _draft(self) -> SessionDraft:
        """What was typed, as a draft for the service; a date that cannot be read (marked beside its box) is None."""
        time_zone = self._viewer.time_zone
        people = self.people
        mentor = people.mentor.value if people else ()
        return SessionDraft(
            title=self.title.value or '',
            description=self.description.value or '',
            start_at=self.start_at.moment(time_zone),
            end_at=self.end_at.moment(time_zone),
            time_zone=time_zone,
            recommended_for=self.pickers[OptionKind.RECOMMENDED_FOR].value,
            categories=self.pickers[OptionKind.CATEGORIES].value,
            medium=self.pickers[OptionKind.MEDIUM].value,
            session_type=people.session_type if people else self._stored_type(),
            mentor_id=mentor[0].id if mentor else None,
            seat_limit=people.seat_limit() if people else None,
            image_id=self.image.image_id,
            mentee_ids=tuple(user.id for user in people.mentees.value) if people else None,
            version=self._version,
        )

    def _stored_type(self) -> SessionType:
        session = self._start.session
        return session.session_type if session else SessionType.PUBLIC

    async def publish(self) -> None:
        """E2: one press names every problem beside its field and takes the keyboard to the first."""
        fields = self.fields
        clear_errors(fields)
        self._form_error.error = None
        draft = self._draft()  # marks the boxes it cannot read
        unreadable = {name for name, field in fields.items() if field.error}
        if unreadable:
            # Nothing can be saved yet, but the form's own rules still name every other problem now.
            others = [r for r in form_refusals(draft, app_context().clock()) if r.field not in unreadable]
            if others:
                self._show(InvalidForm(tuple(others)), fields)
            focus_first_error(fields.values())
            return
        self._primary.disable()
        try:
            session_id = await self._saved_with_draft(draft)
        except StaleEdit as refusal:
            await self._show_stale(refusal)
            self._primary.enable()
            return
        except DomainError as refusal:
            self._show(refusal, fields)
            focus_first_error(fields.values())
            self._primary.enable()
            return
        mark_saved()
        if self.keeper:
            self.keeper.saved()
        if self._session_id is None:
            ui.navigate.to(f'/sessions/{session_id}/edit?tab=meeting&published=1')
            return
        self._primary.enable()
        ui.notify(UPDATED, type='positive', position='top')

    async def _show_stale(self, refusal: StaleEdit) -> None:
        assert self._session_id is not None and self._start.session is not None  # only an edit can be stale
        self._saved = await stored_form(self._viewer, self._session_id)
        assert self._saved.session is not None
        self._form_error.error = f'{refusal.message} {changed_meanwhile(self._start.session, self._saved.session)}'
        self._reload.set_visibility(True)

    def _reload_saved(self) -> None:
        """The saved version becomes the form's starting point; each field the mentor changed keeps its text."""
        opened, saved = self._start.session, self._saved.session
        assert opened is not None and saved is not None
        time_zone = self._viewer.time_zone
        for box, name in ((self.title, 'title'), (self.description, 'description')):
            if (box.value or '') == getattr(opened, name):
                box.value = getattr(saved, name)
        for field, name in ((self.start_at, 'start_at'), (self.end_at, 'end_at')):
            if field.text == for_input(getattr(opened, name), time_zone):
                field.show_stored(for_input(getattr(saved, name), time_zone), getattr(saved, name))
        for kind, picker in self.pickers.items():
            name = kind.name.lower()
            if picker.value == getattr(opened, name):
                picker.set_value(getattr(saved, name))
        if self.image.image_id == opened.image_id:
            self.image.show_image(saved.image_id)
        self._start = self._saved
        self._version = saved.details_version
        self._reload.set_visibility(False)
        self._form_error.error = None

    def _show(self, refusal: DomainError, fields: dict[str, FormField]) -> None:
        """Each refusal beside its field; one that concerns the whole form beside the button."""
        show_refusal(refusal, {**fields, '': self._form_error})

    async def _saved_with_draft(self, draft: SessionDraft) -> int:
        """Save; no draft write runs meanwhile, so the save's deletion of the draft is the last word."""
        if self.keeper is None:
            return await self._save(draft)
        async with self.keeper.saving():
            return await self._save(draft)

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
