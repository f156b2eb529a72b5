"""T2, M2: what the Session Details page shows about a session — read-only, for every viewer.

The meeting link is shown only when the service sent it (`view.meeting` is not None, M2). The two figures
that every enrollment changes can be set in place (`Counts.show`), without rebuilding the card (P2).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime

from nicegui import ui

from domain import rules
from domain.entities import SESSION_TYPE_HELP, EnrollmentType, SessionStatus, SessionSummary, SessionView
from domain.errors import WrongState
from ui import icons
from ui.components.confirm_dialog import confirm_dialog
from ui.components.tile_parts import session_image, status_chip
from ui.timefmt import show_range

INVITED_NOTE = 'You were invited to this session, so only the session manager can take you off its list.'
WAITING_FOR_MENTOR = 'The start time has passed: the session is waiting for the mentor to start it.'
# What a mentee's action did, said beside its buttons (M1, W1): the button alone turning into its opposite says little.
ENROLLED = 'You are enrolled.'
ENROLLED_LATE = 'You are enrolled. Un-enrolling closed 10 minutes before the start, so this seat stays yours.'
UNENROLLED = 'You un-enrolled: your seat is free for someone else.'
JOINED_LINE = 'You joined the waitlist.'
LEFT_LINE = 'You left the waitlist.'


def unenroll_dialog(on_yes: Callable[[], Awaitable[None]]) -> ui.dialog:
    """M1: "Un-enroll" asks first (the seat may go to someone in line at once); the first button keeps the seat."""
    text = 'Your seat goes to someone else, and you may not get it back if the session fills up.'
    return confirm_dialog('Un-enroll from this session?', text, ('No, stay enrolled', 'Yes, un-enroll'), on_yes)


@dataclass(frozen=True)
class Counts:
    """The card's "Mentee count" and "Seats left" values."""

    mentee_count: ui.label
    seats_left: ui.label | None  # None once the session is completed: no seats are left to take

    def show(self, summary: SessionSummary) -> None:
        """Set both figures in place; an unchanged text sends nothing to the browser."""
        self.mentee_count.set_text(_mentee_count(summary))
        if self.seats_left is not None:
            self.seats_left.set_text(_seats_left(summary))


def _mentee_count(summary: SessionSummary) -> str:
    return str(summary.mentee_count)


def _seats_left(summary: SessionSummary) -> str:
    return f'{summary.seats_left} of {summary.session.seat_limit}'


def _fact(label: str, value: str, icon: str, testid: str | None = None, *, live: bool = False) -> ui.label:
    """`live`: a figure set in place (Counts). NiceGUI draws an element inside the render of its nearest Vue
    component, so a new text re-renders that component's whole content: the card, for a plain label. A small
    component of its own around the figure (Quasar's QNoSsr, which only renders its content) keeps the
    browser's work to the figure (P2: 50 open pages re-render on each enrollment)."""
    with ui.row().classes('items-start gap-3 no-wrap min-w-0'):
        ui.icon(icon, size='1.5rem').classes('text-primary mt-1')
        with ui.column().classes('gap-0 min-w-0'):
            ui.label(label).classes('text-xs uppercase tracking-wide text-gray-600')
            with ui.element('q-no-ssr') if live else nullcontext():
                shown = ui.label(value).classes('text-base font-medium break-words')
            if testid:
                shown.props(f'data-testid={testid}').mark(testid)
    return shown


def _heading(text: str) -> None:
    ui.label(text).classes('text-lg font-semibold').props('role=heading aria-level=2')


def _choices(view: SessionView) -> None:
    session = view.summary.session
    with ui.element('div').classes('w-full grid grid-cols-1 sm:grid-cols-3 gap-4'):
        for label, items in (
            ('Recommended for', session.recommended_for),
            ('Categories', session.categories),
            ('Medium', session.medium),
        ):
            with ui.column().classes('gap-1 min-w-0'):
                ui.label(label).classes('text-xs uppercase tracking-wide text-gray-600')
                with ui.row().classes('gap-1 flex-wrap'):
                    for item in items:
                        ui.chip(item, color='slate-100', text_color='slate-800').props('dense').classes('m-0')


def _meeting(view: SessionView) -> None:
    info = view.meeting
    if info is None:
        if view.viewer_enrollment is not None and view.status is SessionStatus.UPCOMING:
            ui.label('The meeting link is shown here once the mentor starts the session.').classes('text-gray-700')
        return
    _heading('Meeting')
    with ui.element('div').classes('w-full grid grid-cols-1 sm:grid-cols-3 gap-4'):
        _fact('Meeting platform', info.platform.value, icons.VIDEOCAM, 'meeting-platform')
        if info.meeting_id:
            _fact('Meeting ID', info.meeting_id, icons.PIN)
        if info.passcode:
            _fact('Passcode', info.passcode, icons.KEY)
    if info.link:
        ui.link(info.link, info.link, new_tab=True).classes('break-all text-primary').props('rel=noopener')


def details_card(view: SessionView, time_zone: str, actions: Callable[[], None]) -> Counts:
    """The session's image, status and title, then `actions` (the buttons), then every detail."""
    session, summary = view.summary.session, view.summary
    with ui.card().tight().classes('w-full'):
        if session.image_id is not None:
            with ui.element('div').classes('w-full rounded-t bg-gray-500/10'):  # about as tall as before: 324 px
                session_image(session, thumbnail=False, classes='block w-full max-w-xl mx-auto')
        with ui.column().classes('w-full gap-5 p-4 sm:p-6'):
            with ui.row().classes('items-center gap-2 flex-wrap'):
                status_chip(view.status)
                ui.label(f'{session.session_type.value} session').classes('text-sm text-gray-700')
            ui.label(session.title).classes('text-2xl sm:text-3xl font-bold break-words w-full').props(
                'role=heading aria-level=1'
            )
            actions()
            ui.separator()
            with ui.element('div').classes('w-full grid grid-cols-1 sm:grid-cols-2 gap-4'):
                _fact('Mentor', view.mentor.name, icons.PERSON, 'mentor-name')
                _fact('Date and time', show_range(session.start_at, session.end_at, time_zone), icons.EVENT, 'when')
                completed = view.status is SessionStatus.COMPLETED
                counts = Counts(
                    _fact('Mentee count', _mentee_count(summary), icons.GROUPS, 'mentee-count', live=True),
                    None
                    if completed
                    else _fact('Seats left', _seats_left(summary), icons.EVENT_SEAT, 'seats-left', live=True),
                )
                _fact(
                    'Session type',
                    f'{session.session_type.value}: {SESSION_TYPE_HELP[session.session_type]}',
                    'visibility',
                )
            _heading('Description')
            ui.label(session.description).classes('whitespace-pre-wrap break-words w-full text-gray-800')
            _choices(view)
            _meeting(view)
    return counts


def unenroll_note(view: SessionView, now: datetime) -> str | None:
    """Why a mentee sees no working "Un-enroll" button (M1)."""
    if view.status is not SessionStatus.UPCOMING or view.may_unenroll:
        return None
    if view.viewer_enrollment is EnrollmentType.INVITED:
        return INVITED_NOTE
    if view.viewer_enrollment is EnrollmentType.ENROLLED:
        try:
            rules.check_unenroll_allowed(view.summary.session, now)
        except WrongState as refusal:
            return refusal.message
    return None


def enrollment_line(view: SessionView) -> None:
    """Where the viewer stands; in the past tense once the session is completed (not as if still to come)."""
    past = view.status is SessionStatus.COMPLETED
    if view.viewer_enrollment is EnrollmentType.ENROLLED:
        text = 'You were enrolled in this session.' if past else 'You are enrolled in this session.'
    elif view.viewer_enrollment is EnrollmentType.INVITED:
        text = 'You were invited to this session.' if past else 'You are invited to this session.'
    else:
        return
    ui.label(text).classes('font-medium text-green-900').props('data-testid=enrollment-line')
