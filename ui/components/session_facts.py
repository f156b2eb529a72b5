"""T2, M2: what the Session Details card shows about a session — read-only, for every viewer — as data for the
card (session_card.py).

The meeting link is shown only when the service sent it (`view.meeting` is not None, M2). The two figures
that every enrollment changes are data of their own (`counts`), sent alone when only they change (P2, P11).
What a mentee's action did, and `ActionMessage` that keeps it beside the buttons, serve the card and the tiles.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from domain import rules
from domain.entities import SESSION_TYPE_HELP, EnrollmentType, SessionStatus, SessionSummary, SessionView
from domain.errors import WrongState
from ui import icons
from ui.addresses import image_url
from ui.components.confirmation import Confirmation
from ui.components.session_card import CardData, Choice, Counts, Fact, Meeting
from ui.components.tile_parts import CHIP_STYLE
from ui.timefmt import show_range

INVITED_NOTE = 'You were invited to this session, so only the session manager can take you off its list.'
WAITING_FOR_MENTOR = 'The start time has passed: the session is waiting for the mentor to start it.'
# What a mentee's action did, said beside its buttons (M1, W1): the button alone turning into its opposite says little.
ENROLLED = 'You are enrolled.'
ENROLLED_LATE = 'You are enrolled. Un-enrolling closed 10 minutes before the start, so this seat stays yours.'
UNENROLLED = 'You un-enrolled: your seat is free for someone else.'
JOINED_LINE = 'You joined the waitlist.'
LEFT_LINE = 'You left the waitlist.'
Place = tuple[EnrollmentType | None, bool]  # the viewer's enrollment, and whether they wait in line
# Where each of those leaves the viewer: a message whose first showing finds them elsewhere (a seat freed the moment
# they joined the line, and it went to them) is answered already.
TELLS_OF: dict[str, Place] = {
    ENROLLED: (EnrollmentType.ENROLLED, False),
    ENROLLED_LATE: (EnrollmentType.ENROLLED, False),
    UNENROLLED: (None, False),
    JOINED_LINE: (None, True),
    LEFT_LINE: (None, False),
}


class ActionMessage:
    """What the last press of a button said — a refusal or what it did — shown beside the buttons (E2): on the
    Session Details page and on each mentee's tile.

    Each is kept with the buttons offered when it was first shown: a live change that alters them (a seat
    freed, the viewer's place changed) answers it, and it goes (issue 23 item 3)."""

    def __init__(self) -> None:
        self.error: str | None = None
        self.done: str | None = None
        self.seen: tuple[object, ...] | None = None
        self.at: datetime | None = None  # when they were said: a read begun before cannot answer them

    def say(self, *, error: str | None = None, done: str | None = None, at: datetime | None = None) -> None:
        self.error, self.done, self.seen, self.at = error, done, None, at

    def answered(self, offered_now: Callable[[], tuple[object, ...]], read_at: datetime, place: Place) -> None:
        """Forget the messages if what the buttons offer (`offered_now`, asked only while something is said)
        changed since they were first shown after being said, or if at that first showing the viewer is no longer
        where the action left them (`place`: where they are now)."""
        if self.error is None and self.done is None:
            return
        if self.at is not None and read_at < self.at:
            return
        if self.seen is None and self.done is not None and TELLS_OF.get(self.done, place) != place:
            self.say()
            return
        buttons = offered_now()
        if self.seen is None:
            self.seen = buttons
        elif self.seen != buttons:
            self.say()


def unenroll_dialog(on_yes: Callable[[], Awaitable[None]]) -> Confirmation:
    """M1: "Un-enroll" asks first (the seat may go to someone in line at once); the first button keeps the seat."""
    return Confirmation(
        'Un-enroll from this session?',
        'Your seat goes to someone else, and you may not get it back if the session fills up.',
        ('No, stay enrolled', 'Yes, un-enroll'),
        on_yes,
    )


def counts(summary: SessionSummary, completed: bool, version: int) -> Counts:
    """The two figures every enrollment changes; no seats left to take once the session is completed."""
    shown = Counts(version=version, mentees=str(summary.mentee_count))
    if not completed:
        shown['seats'] = f'{summary.seats_left} of {summary.session.seat_limit}'
    return shown


def _fact(label: str, value: str, path: str, testid: str | None = None) -> Fact:
    shown = Fact(label=label, value=value, icon=path)
    if testid:
        shown['testid'] = testid
    return shown


def _live(label: str, key: str, path: str, testid: str) -> Fact:
    return Fact(label=label, value='', icon=path, testid=testid, live=key)


def _meeting(view: SessionView) -> Meeting | None:
    info = view.meeting
    if info is None:
        return None
    facts = [_fact('Meeting platform', info.platform.value, icons.VIDEOCAM, 'meeting-platform')]
    if info.meeting_id:
        facts.append(_fact('Meeting ID', info.meeting_id, icons.PIN))
    if info.passcode:
        facts.append(_fact('Passcode', info.passcode, icons.KEY))
    return Meeting(facts=tuple(facts), link=info.link or None)


def _meeting_note(view: SessionView) -> str | None:
    if view.meeting is None and view.viewer_enrollment is not None and view.status is SessionStatus.UPCOMING:
        return 'The meeting link is shown here once the mentor starts the session.'
    return None


def card_data(view: SessionView, time_zone: str) -> CardData:
    """Everything the card shows but its counts (`counts`) and its buttons (session_actions.py)."""
    session = view.summary.session
    status_icon, color, text_color = CHIP_STYLE[view.status]
    help_text = f'{session.session_type.value}: {SESSION_TYPE_HELP[session.session_type]}'
    facts = (
        _fact('Mentor', view.mentor.name, icons.PERSON, 'mentor-name'),
        _fact('Date and time', show_range(session.start_at, session.end_at, time_zone), icons.EVENT, 'when'),
        _live('Mentee count', 'mentees', icons.GROUPS, 'mentee-count'),
        _live('Seats left', 'seats', icons.EVENT_SEAT, 'seats-left'),
        _fact('Session type', help_text, icons.VISIBILITY),
    )
    choices = tuple(
        Choice(label=label, items=tuple(items))
        for label, items in (
            ('Recommended for', session.recommended_for),
            ('Categories', session.categories),
            ('Medium', session.medium),
        )
    )
    return CardData(
        picture=None if session.image_id is None else image_url(str(session.image_id)),
        title=session.title,
        status=view.status.value,
        status_key=view.status.name.lower(),
        status_icon=status_icon,
        color=color,
        text_color=text_color,
        kind=f'{session.session_type.value} session',
        facts=facts,
        description=session.description,
        choices=choices,
        meeting=_meeting(view),
        meeting_note=_meeting_note(view),
    )


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
