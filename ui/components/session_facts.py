"""T2, M2: what the Session Details page shows about a session — read-only, for every viewer.

The meeting link is shown only when the service sent it (`view.meeting` is not None, M2). The two figures
that every enrollment changes can be set in place (`Counts.show`), without rebuilding the card (P2).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from html import escape

from nicegui import ui

from domain import rules
from domain.entities import (
    SESSION_TYPE_HELP,
    EnrollmentType,
    MentoringSession,
    SessionStatus,
    SessionSummary,
    SessionView,
)
from domain.errors import WrongState
from ui import icons
from ui.addresses import image_url
from ui.components import static_markup as markup
from ui.components.confirmation import Confirmation
from ui.components.tile_parts import CHIP_STYLE, PICTURE_FRAME
from ui.timefmt import show_range

INVITED_NOTE = 'You were invited to this session, so only the session manager can take you off its list.'
WAITING_FOR_MENTOR = 'The start time has passed: the session is waiting for the mentor to start it.'
# What a mentee's action did, said beside its buttons (M1, W1): the button alone turning into its opposite says little.
ENROLLED = 'You are enrolled.'
ENROLLED_LATE = 'You are enrolled. Un-enrolling closed 10 minutes before the start, so this seat stays yours.'
UNENROLLED = 'You un-enrolled: your seat is free for someone else.'
JOINED_LINE = 'You joined the waitlist.'
LEFT_LINE = 'You left the waitlist.'


def unenroll_dialog(on_yes: Callable[[], Awaitable[None]]) -> Confirmation:
    """M1: "Un-enroll" asks first (the seat may go to someone in line at once); the first button keeps the seat."""
    return Confirmation(
        'Un-enroll from this session?',
        'Your seat goes to someone else, and you may not get it back if the session fills up.',
        ('No, stay enrolled', 'Yes, un-enroll'),
        on_yes,
    )


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


CAPTION = 'text-xs uppercase tracking-wide text-gray-600'
VALUE = 'text-base font-medium break-words'
GRID = 'w-full grid grid-cols-1 gap-4'


def _fact(label: str, value: str, path: str, testid: str | None = None) -> str:
    """A figure with its caption and icon, as markup (static_markup): one cell of a grid."""
    caption = markup.text(label, classes=CAPTION) + markup.text(value, classes=VALUE, data_testid=testid)
    shown = markup.icon(path, 'text-primary mt-1') + markup.tag('div', caption, classes='flex flex-col gap-0 min-w-0')
    return markup.tag('div', shown, classes='flex items-start gap-3 no-wrap min-w-0')


def _live_fact(label: str, value: str, path: str, testid: str) -> ui.label:
    """A figure set in place (Counts): a label of its own beside its caption and icon (one element of markup).
    NiceGUI draws an element inside the render of its nearest Vue component, so a new text re-renders that
    component's whole content: the card, for a plain label. A small component of its own around the figure
    (Quasar's QNoSsr, which only renders its content) keeps the browser's work to the figure (P2: 50 open
    pages re-render on each enrollment). It is the fact's grid too: with two children it renders them in a
    `div` (its `tag`) that takes its classes (P11: one element fewer)."""
    with ui.element('q-no-ssr').classes('grid grid-cols-[auto_1fr] gap-x-3 items-start min-w-0'):
        icon = markup.icon(path, 'text-primary mt-1 row-span-2')
        markup.block([icon, markup.text(label, classes=CAPTION)], 'contents')
        shown = ui.label(value).classes(f'{VALUE} col-start-2')
    return shown.props(f'data-testid={testid}').mark(testid)


def _seats_fact(summary: SessionSummary) -> ui.label:
    return _live_fact('Seats left', _seats_left(summary), icons.EVENT_SEAT, 'seats-left')


def _heading(text: str, level: int = 2) -> str:
    classes = 'text-lg font-semibold' if level == 2 else 'text-2xl sm:text-3xl font-bold break-words w-full'
    return markup.text(text, classes=classes, role='heading', aria_level=str(level))


def _choices(view: SessionView) -> str:
    session = view.summary.session
    cells = []
    for label, items in (
        ('Recommended for', session.recommended_for),
        ('Categories', session.categories),
        ('Medium', session.medium),
    ):
        chips = ''.join(markup.chip(item, 'bg-slate-100 text-slate-800') for item in items)
        shown = markup.text(label, classes=CAPTION) + markup.tag('div', chips, classes='flex gap-1 flex-wrap')
        cells.append(markup.tag('div', shown, classes='flex flex-col gap-1 min-w-0'))
    return markup.tag('div', ''.join(cells), classes=f'{GRID} sm:grid-cols-3')


def _meeting(view: SessionView) -> str:
    info = view.meeting
    if info is None:
        if view.viewer_enrollment is not None and view.status is SessionStatus.UPCOMING:
            return markup.text('The meeting link is shown here once the mentor starts the session.',
                               classes='text-gray-700')  # fmt: skip
        return ''
    cells = [_fact('Meeting platform', info.platform.value, icons.VIDEOCAM, 'meeting-platform')]
    if info.meeting_id:
        cells.append(_fact('Meeting ID', info.meeting_id, icons.PIN))
    if info.passcode:
        cells.append(_fact('Passcode', info.passcode, icons.KEY))
    shown = _heading('Meeting') + markup.tag('div', ''.join(cells), classes=f'{GRID} sm:grid-cols-3')
    if info.link:
        link = markup.tag('a', escape(info.link), classes=f'{markup.LABEL} nicegui-link break-all text-primary',
                          href=info.link, target='_blank', rel='noopener')  # fmt: skip
        shown += markup.tag('div', link)
    return shown


def _top(view: SessionView) -> str:
    """Status, type and title."""
    session = view.summary.session
    icon, color, text_color = CHIP_STYLE[view.status]
    testid = f'status-{view.status.name.lower()}'
    status = markup.chip(view.status.value, f'q-chip--square bg-{color} text-{text_color}', icon, data_testid=testid)
    kind = markup.text(f'{session.session_type.value} session', classes='text-sm text-gray-700')
    line = markup.tag('div', status + kind, classes='flex items-center gap-2 flex-wrap')
    return line + _heading(session.title, level=1)


def _picture(session: MentoringSession) -> str:
    picture = markup.tag('img', classes=f'block w-full max-w-xl mx-auto {PICTURE_FRAME}', loading='lazy',
                         src=image_url(str(session.image_id)), alt=f'Image for {session.title}')  # fmt: skip
    return markup.tag('div', picture, classes='w-full rounded-t bg-gray-500/10')  # about as tall as before: 324 px


def details_card(view: SessionView, time_zone: str, actions: Callable[[], None]) -> Counts:
    """The session's image, status and title, then `actions` (the buttons), then every detail. Only the
    counts are elements of their own; the rest is markup (P11)."""
    session, summary = view.summary.session, view.summary
    with ui.card().tight().classes('w-full'):
        if session.image_id is not None:
            markup.block([_picture(session)], 'w-full')
        with ui.column().classes('w-full gap-5 p-4 sm:p-6'):
            markup.block([_top(view)], 'w-full flex flex-col gap-5')
            actions()
            ui.separator()
            with ui.element('div').classes(f'{GRID} sm:grid-cols-2'):
                when = show_range(session.start_at, session.end_at, time_zone)
                markup.block([_fact('Mentor', view.mentor.name, icons.PERSON, 'mentor-name'),
                              _fact('Date and time', when, icons.EVENT, 'when')], 'contents')  # fmt: skip
                completed = view.status is SessionStatus.COMPLETED
                mentees = _live_fact('Mentee count', _mentee_count(summary), icons.GROUPS, 'mentee-count')
                seats = None if completed else _seats_fact(summary)
                counts = Counts(mentees, seats)
                help_text = f'{session.session_type.value}: {SESSION_TYPE_HELP[session.session_type]}'
                markup.block([_fact('Session type', help_text, icons.VISIBILITY)], 'contents')
            description = markup.text(session.description,
                                      classes='whitespace-pre-wrap break-words w-full text-gray-800')  # fmt: skip
            markup.block([_heading('Description'), description, _choices(view), _meeting(view)],
                         'w-full flex flex-col gap-5')  # fmt: skip
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
