"""C4–C6, C11, for session managers only: "Session type", "+ Add mentor", "+ Add mentee" and "Seat limit"."""

from __future__ import annotations

from collections.abc import Sequence

from nicegui import ui

from domain import rules
from domain.drafts import DraftValue
from domain.entities import SESSION_TYPE_HELP, Organization, Role, SessionType, User
from ui import icons
from ui.components.session_form_parts import ControlError, FormField, Window, card_heading
from ui.components.user_picker import FindUsers, PickerSetup, UserPicker

TYPE_NOTE = 'You cannot change the session type after publishing the session.'
MENTEE_TIP = 'It is optional to invite mentees to a Public session.'
MISSING_SEATS = 'Enter the seat limit.'


class PeopleSection:
    def __init__(
        self,
        *,
        editing: bool,
        session_type: SessionType,
        mentor: User | None,
        mentees: Sequence[User],
        seat_limit: int,
        filters: tuple[Sequence[Organization], Sequence[str]],
        find_users: FindUsers,
    ) -> None:
        self._editing = editing
        self.session_type = session_type
        organizations, designations = filters
        with ui.card().classes('w-full gap-4 p-4 sm:p-6'):
            card_heading('Who takes part', 'As a session manager you choose the type, the mentor and the mentees.')
            self._type_field()
            mentor_setup = PickerSetup(
                Role.MENTOR,
                'Mentor',
                '+ Add mentor',
                'Mentor list',
                'mentor',
                False,
                organizations,
                designations,
                empty_text='No mentor added yet: you will be the mentor.',
            )
            self.mentor = UserPicker(mentor_setup, find_users, [mentor] if mentor else [])
            self.mentor.set_enabled(True, removable=not editing)
            mentee_setup = PickerSetup(
                Role.MENTEE,
                'Mentees',
                '+ Add New Mentee' if editing else '+ Add mentee',
                'Mentee list',
                'mentees',
                True,
                organizations,
                designations,
                empty_text='No mentees invited yet.',
            )
            self.mentees = UserPicker(mentee_setup, find_users, mentees, check_add=self._check_seat)
            ui.label(MENTEE_TIP).classes('text-sm text-gray-700 -mt-2')
            with ui.column().classes('gap-1').mark('field-seat-limit'):
                # No `min=`: NiceGUI would clamp a 0 to 1 on blur, behind the mentor's back; the rule marks it.
                self._seats = ui.number('Seat limit', value=seat_limit, precision=0, step=1)
                self._seats.props('outlined').classes('w-40').mark('seat-limit')
                self._seats_error = ControlError(self._seats)

    def _type_field(self) -> None:
        with ui.column().classes('gap-1 w-full').mark('field-session-type'):
            self._type_box = ui.input('Session type', value=self.session_type.value)
            self._type_box.props('outlined readonly').classes('choice-box w-full sm:w-80').mark('session-type')
            with self._type_box.add_slot('append'):
                ui.icon(icons.ARROW_DROP_DOWN)
            self._type_box.on('click', self._open_type_window)
            self._type_box.on('keydown.enter', self._open_type_window)
            ui.label(TYPE_NOTE).classes('text-sm text-gray-700')
            self._type_error = ControlError(self._type_box)
            self._window = Window()

    def _open_type_window(self) -> None:
        if not self._type_box.enabled:
            return
        with self._window.opened('Session type', 'window-session-type'):
            choice = ui.radio([t.value for t in SessionType], value=self.session_type.value)
            choice.props('aria-label="Session type"')
            with ui.column().classes('gap-2'):
                for kind in SessionType:
                    with ui.column().classes('gap-0'):
                        ui.label(kind.value).classes('text-sm font-medium')
                        ui.label(SESSION_TYPE_HELP[kind]).classes('text-sm text-gray-700')

            def ok() -> None:
                self.session_type = SessionType(choice.value)
                self._type_box.value = self.session_type.value
                self._window.close()

            with ui.row().classes('w-full items-center justify-end gap-3'):
                if self._editing:
                    choice.disable()
                    ui.label(TYPE_NOTE).classes('text-sm text-gray-700 grow')
                ok_button = ui.button('Ok', on_click=ok).props('unelevated no-caps')
                ok_button.set_enabled(not self._editing)

    def _check_seat(self, chosen: Sequence[User]) -> None:
        value = self._seats.value
        rules.check_seat_available(len(chosen), int(value) if value is not None else 0, 'mentees')

    @property
    def fields(self) -> dict[str, FormField]:
        return {
            'session_type': self._type_error,
            'mentor': self.mentor,
            'mentees': self.mentees,
            'seat_limit': self._seats_error,
        }

    def seat_limit(self) -> int | None:
        """The seat limit typed; None (with the reason beside the box) if the box is empty."""
        if self._seats.value is None:
            self._seats_error.error = MISSING_SEATS
            return None
        return int(self._seats.value)

    def draft_values(self) -> dict[str, DraftValue]:
        """E2: the people section's boxes for the form's draft (ids as text)."""
        mentor, seats = self.mentor.value, self._seats.value
        return {
            'session_type': self.session_type.value,
            'mentor_id': str(mentor[0].id) if mentor else '',
            'mentee_ids': tuple(str(user.id) for user in self.mentees.value),
            'seat_limit': '' if seats is None else str(int(seats)),
        }

    def show_draft(self, values: dict[str, DraftValue], people: dict[int, User]) -> None:
        """E2: put a draft's (or the saved) choices back; `people` are the users its ids may name."""
        kind, mentor, seats = values.get('session_type'), values.get('mentor_id'), values.get('seat_limit')
        if not self._editing and kind in [t.value for t in SessionType]:
            self.session_type = SessionType(str(kind))
            self._type_box.value = self.session_type.value
        chosen = people.get(int(mentor)) if isinstance(mentor, str) and mentor.isdigit() else None
        self.mentor.set_value([chosen] if chosen else [])
        mentees = values.get('mentee_ids')
        ids = [int(i) for i in mentees if i.isdigit()] if isinstance(mentees, tuple) else []
        self.mentees.set_value([people[i] for i in ids if i in people])
        self._seats.value = int(seats) if isinstance(seats, str) and seats.isdigit() else None

    def set_enabled(self, enabled: bool) -> None:
        self._type_box.set_enabled(enabled)
        self.mentor.set_enabled(enabled, removable=not self._editing)
        self.mentees.set_enabled(enabled)
        self._seats.set_enabled(enabled)
