"""Small pure functions that decide. Services enforce them; the UI uses the same ones to hide buttons."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from domain.entities import (
    EnrollmentType,
    MeetingInfo,
    MentoringSession,
    Platform,
    SessionStatus,
    SessionType,
    User,
)
from domain.errors import AlreadyDone, InvalidInput, PermissionDenied, SeatsFull, StaleEdit, WrongState

TITLE_MAX = 255
DESCRIPTION_MAX = 2000
CUSTOM_OPTION_MAX = 50
IMAGE_UPLOAD_MAX_BYTES = 10 * 1024 * 1024  # C2: the largest picture accepted
MIN_DURATION = timedelta(minutes=30)
MAX_DURATION = timedelta(hours=24)
START_WINDOW = timedelta(minutes=10)
UNENROLL_CUTOFF = timedelta(minutes=10)
STARTING_SOON = timedelta(minutes=15)
ALREADY_WAITING = 'You are already on the waitlist.'


def _visible_text(text: str) -> str:
    """The text without surrounding white space; control characters other than line breaks refused."""
    return text.strip()


def _has_forbidden_controls(text: str) -> bool:
    """Control characters other than line breaks and tabs, and lone surrogates (no encoding stores them)."""
    return any(unicodedata.category(ch) in ('Cc', 'Cs') and ch not in '\n\r\t' for ch in text)


# Bidi embeddings, overrides and isolates reorder what a reader sees (a title can read as something else); the
# zero-width space, word joiner and friends and the byte order mark hide text. Zero-width (non-)joiners and the
# left-to-right and right-to-left marks stay: emoji sequences and Persian or Indic words need them.
HIDDEN_CONTROLS = frozenset(
    '\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u2060\u2061\u2062\u2063\u2064\ufeff'
)


def has_hidden_controls(text: str) -> bool:
    """True when the text holds characters that reorder or hide what is shown (HIDDEN_CONTROLS)."""
    return not HIDDEN_CONTROLS.isdisjoint(text)


def _hidden_controls_message(what: str) -> str:
    return f'{what} cannot contain invisible characters that reorder or hide text (such as direction overrides).'


MAX_ID = 2**31 - 1  # the largest id a database integer column holds
MAX_PAGE = 1_000_000
CHOICE_MAX = 255
LINK_MAX = 2048


def storable(text: str) -> bool:
    """False for text no database can store: NUL and lone surrogates."""
    return not any(ch == '\x00' or 0xD800 <= ord(ch) <= 0xDFFF for ch in text)


# M1, C5, C6, R5: how every search box matches. Letters that Unicode does not decompose into a base letter and a
# mark are written out (Łukasz finds "lukasz", Søren "soren").
_BARE_LETTERS = str.maketrans(
    {'ł': 'l', 'ø': 'o', 'đ': 'd', 'ħ': 'h', 'ı': 'i', 'ŀ': 'l', 'æ': 'ae', 'œ': 'oe', 'þ': 'th', 'ð': 'd'}
)
SEARCH_WORDS_MAX = 10  # words of one search: beyond these, the rest is ignored


def folded(text: str) -> str:
    """Text as search compares it, case and accents folded: 'Zoë MÜLLER' → 'zoe muller'. The repositories store
    it beside each searchable text (titles, names, e-mail addresses)."""
    decomposed = unicodedata.normalize('NFKD', text.casefold())
    bare = ''.join(ch for ch in decomposed if not unicodedata.combining(ch))
    return ' '.join(bare.translate(_BARE_LETTERS).split())


def search_words(text: str) -> tuple[str, ...]:
    """The distinct folded words of a search ('career software' → ('career', 'software'))."""
    return tuple(dict.fromkeys(folded(text).split()))[:SEARCH_WORDS_MAX]


def matches_search(text: str, *fields: str) -> bool:
    """M1, C5, C6: every word of the search is in one of the fields, in any order, case and accents folded."""
    searched = [folded(field) for field in fields]
    return all(any(word in field for field in searched) for word in search_words(text))


def valid_id(value: int) -> bool:
    """Ids beyond this range name nothing; they are answered as "not found", never sent to the database."""
    return 1 <= value <= MAX_ID


def clean_title(title: str) -> str:
    """C3: a title is 1–255 characters of any Unicode text."""
    value = _visible_text(title)
    if not value:
        raise InvalidInput('Enter a session title.', 'title')
    if len(value) > TITLE_MAX:
        raise InvalidInput(f'The session title can be at most {TITLE_MAX} characters.', 'title')
    if _has_forbidden_controls(value) or '\n' in value or '\r' in value:
        raise InvalidInput('The session title cannot contain line breaks or control characters.', 'title')
    if has_hidden_controls(value):
        raise InvalidInput(_hidden_controls_message('The session title'), 'title')
    return value


def clean_description(description: str) -> str:
    """C3: a description is required and at most 2,000 characters."""
    value = _visible_text(description)
    if not value:
        raise InvalidInput('Enter a description.', 'description')
    if len(value) > DESCRIPTION_MAX:
        raise InvalidInput(f'The description can be at most {DESCRIPTION_MAX:,} characters.', 'description')
    if _has_forbidden_controls(value):
        raise InvalidInput('The description cannot contain control characters.', 'description')
    return value


def check_schedule(start_at: datetime, end_at: datetime, now: datetime) -> None:
    """C7: end after start, 30 minutes ≤ duration ≤ 24 hours, start in the future."""
    check_start(start_at, now)
    check_end(start_at, end_at)


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError('start_at and end_at must carry a time zone')
    return moment.astimezone(UTC)


def check_start(start_at: datetime, now: datetime) -> None:
    """C7: the start is in the future."""
    if _utc(start_at) <= now.astimezone(UTC):
        raise InvalidInput('The start must be in the future.', 'start_at')


def check_end(start_at: datetime, end_at: datetime) -> None:
    """C7: end after start, 30 minutes ≤ duration ≤ 24 hours."""
    # Measured in UTC: Python subtracts two times sharing one tzinfo in wall-clock time, wrong across DST.
    start_at, end_at = _utc(start_at), _utc(end_at)
    if end_at <= start_at:
        raise InvalidInput('The end must be after the start.', 'end_at')
    duration = end_at - start_at
    if duration < MIN_DURATION:
        raise InvalidInput('The session duration should be at least 30 minutes.', 'end_at')
    if duration > MAX_DURATION:
        raise InvalidInput('A session can last at most 24 hours.', 'end_at')


def intervals_overlap(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    """C7: two sessions overlap when their intervals intersect; back-to-back is allowed."""
    return a_start < b_end and b_start < a_end


def option_key(label: str) -> str:
    """C8, R7: one item per spelling: case and runs of white space do not make another item."""
    return ' '.join(label.split()).lower()


def clean_custom_option(label: str) -> str:
    """C8, R7: an item ("+Other", or an org admin's) is 1–50 characters; runs of white space become one space."""
    value = _visible_text(label)
    if _has_forbidden_controls(value) or '\n' in value or '\r' in value:
        raise InvalidInput('An item cannot contain line breaks or control characters.', 'option')
    value = ' '.join(value.split())
    if not value:
        raise InvalidInput('Enter a name for the new item.', 'option')
    if len(value) > CUSTOM_OPTION_MAX:
        raise InvalidInput(f'An item can be at most {CUSTOM_OPTION_MAX} characters.', 'option')
    if has_hidden_controls(value):
        raise InvalidInput(_hidden_controls_message('An item'), 'option')
    return value


def clean_choices(field: str, label: str, items: Iterable[str]) -> tuple[str, ...]:
    """C8: each of the three lists needs at least one item; duplicates are dropped, order kept."""
    chosen = tuple(dict.fromkeys(item.strip() for item in items if item.strip()))
    if not chosen:
        raise InvalidInput(f'Select at least one option for {label}.', field)
    for item in chosen:
        if len(item) > CHOICE_MAX or _has_forbidden_controls(item) or '\n' in item:
            raise InvalidInput(f'Each option for {label} is one line of at most {CHOICE_MAX} characters.', field)
        if has_hidden_controls(item):
            raise InvalidInput(_hidden_controls_message(f'An option for {label}'), field)
    return chosen


def check_seat_limit(seat_limit: int) -> None:
    """C11: at least one seat."""
    if seat_limit < 1:
        raise InvalidInput('The seat limit must be at least 1.', 'seat_limit')
    if seat_limit > 10_000:
        raise InvalidInput('The seat limit can be at most 10,000.', 'seat_limit')


def check_private_has_mentee(session_type: SessionType, invited_count: int) -> None:
    """C6: a Private session needs at least one invited mentee."""
    if session_type is SessionType.PRIVATE and invited_count < 1:
        raise InvalidInput('Invite at least one mentee to a Private session.', 'mentees')


def check_seat_available(taken: int, seat_limit: int, field: str | None = None, *, joining: int = 1) -> None:
    """C6/M1, the one seat check: the `joining` mentees (one who enrolls, or those invited) must fit beside the
    `taken` seats; otherwise "session seats full"."""
    if taken + joining > seat_limit:
        raise SeatsFull(field)


def check_not_own_mentor(mentor_id: int, mentee_id: int) -> None:
    """C6: the session's mentor can never be its mentee."""
    if mentor_id == mentee_id:
        raise InvalidInput("The session's mentor cannot be its mentee.", 'mentees')


def check_not_stale(stored_version: int, opened_version: int | None) -> None:
    """U1: a form saves only over the version it was opened on, never silently over someone else's save."""
    if opened_version is not None and opened_version != stored_version:
        raise StaleEdit()


def check_type_unchanged(current: SessionType, requested: SessionType) -> None:
    """C4: the session type cannot change after publishing."""
    if current is not requested:
        raise InvalidInput('You cannot change the session type after publishing the session.', 'session_type')


_ZOOM = re.compile(r'^https://([a-z0-9-]+\.)*zoom\.us/j/\d{9,11}(\?[^\s]*)?$', re.IGNORECASE)
_MEET = re.compile(r'^https://meet\.google\.com/[a-z0-9-]+(\?[^\s]*)?$', re.IGNORECASE)
# A group invitation (shared with `?mode=…` by the app's "copy link") or a call link ("Create call link").
_WHATSAPP = re.compile(
    r'^https://(chat\.whatsapp\.com/[A-Za-z0-9]+|call\.whatsapp\.com/(video|voice)/[A-Za-z0-9_-]+)(\?[^\s]*)?$'
)
_SCHEME = re.compile(r'^[a-z][a-z0-9+.-]*:', re.IGNORECASE)
_MEETING_ID = re.compile(r'^\d{9,11}$')


def clean_meeting(info: MeetingInfo) -> MeetingInfo:
    """C10: each platform's link is checked for that platform; BigBlueButton needs nothing."""
    link = info.link.strip()
    if link and not _SCHEME.match(link):
        link = f'https://{link}'  # pasted as the address bar shows it: "meet.google.com/abc-defg-hij"
    if len(link) > LINK_MAX or not link.isprintable():
        raise InvalidInput(f'A meeting link is one line of at most {LINK_MAX:,} characters.', 'link')
    if info.platform is Platform.BIGBLUEBUTTON:
        return MeetingInfo(Platform.BIGBLUEBUTTON)
    if info.platform is Platform.GOOGLE_MEET:
        if not _MEET.match(link):
            raise InvalidInput('Enter a Google Meet link such as https://meet.google.com/abc-defg-hij.', 'link')
        return MeetingInfo(Platform.GOOGLE_MEET, link=link)
    if info.platform is Platform.WHATSAPP:
        if not _WHATSAPP.match(link):
            raise InvalidInput(
                'Enter a WhatsApp call or group link such as https://call.whatsapp.com/video/AbCdEf123 '
                'or https://chat.whatsapp.com/AbCdEf123.',
                'link',
            )
        return MeetingInfo(Platform.WHATSAPP, link=link)
    meeting_id = re.sub(r'[\s-]', '', info.meeting_id)
    if not _ZOOM.match(link):
        raise InvalidInput('Enter a Zoom link such as https://us02web.zoom.us/j/12345678901.', 'link')
    if not _MEETING_ID.match(meeting_id):
        raise InvalidInput('The meeting ID is 9 to 11 digits.', 'meeting_id')
    passcode = info.passcode.strip()
    if len(passcode) > 32 or not passcode.isprintable():
        raise InvalidInput('The passcode can be at most 32 characters.', 'passcode')
    return MeetingInfo(Platform.ZOOM, link=link, meeting_id=meeting_id, passcode=passcode)


_OTHER_PLATFORMS = [p.value for p in Platform if p is not Platform.BIGBLUEBUTTON]
# One message wherever BigBlueButton is missing: at Submit (beside the platform) and at "Start session".
BIGBLUEBUTTON_UNAVAILABLE = (
    f'BigBlueButton is not available on this server. '
    f'Choose {", ".join(_OTHER_PLATFORMS[:-1])} or {_OTHER_PLATFORMS[-1]} on the Meeting link tab.'
)


def check_platform_available(platform: Platform, bigbluebutton_available: bool) -> None:
    """C10: BigBlueButton, the default, is refused at Submit when the server has none — not later at the start."""
    if platform is Platform.BIGBLUEBUTTON and not bigbluebutton_available:
        raise InvalidInput(BIGBLUEBUTTON_UNAVAILABLE, 'platform')


def status_at(session: MentoringSession, now: datetime) -> SessionStatus:
    """U2/U3: Live once started; Completed once ended or once its end time has passed."""
    return status_of(session.started_at, session.completed_at, session.end_at, now)


def status_of(
    started_at: datetime | None, completed_at: datetime | None, end_at: datetime, now: datetime
) -> SessionStatus:
    """`status_at` from the three times it depends on (D2's download reads only those)."""
    if completed_at is not None or now >= end_at:
        return SessionStatus.COMPLETED
    if started_at is not None:
        return SessionStatus.LIVE
    return SessionStatus.UPCOMING


def time_changes(session: MentoringSession) -> list[datetime]:
    """U3: the moments the session's status, or what people may do with it, changes by the clock alone."""
    return [session.start_at - START_WINDOW, session.start_at - UNENROLL_CUTOFF, session.start_at, session.end_at]


def details_told_as_edited(before: MentoringSession, after: MentoringSession) -> bool:
    """U1: whether mentees hear "the details were edited": only what a mentee reads of a session counts. The zone
    (everyone reads times in their own), the seat limit and the order of chosen options do not."""
    read = ('title', 'description', 'mentor_id', 'image_id', 'meeting')
    chosen = ('recommended_for', 'categories', 'medium')
    return any(getattr(before, name) != getattr(after, name) for name in read) or any(
        set(getattr(before, name)) != set(getattr(after, name)) for name in chosen
    )


def details_editable(session: MentoringSession, now: datetime) -> bool:
    """U1: details can be changed only until the session starts (its start time, or its actual start)."""
    return session.started_at is None and session.completed_at is None and now < session.start_at


def check_details_editable(session: MentoringSession, now: datetime) -> None:
    if not details_editable(session, now):
        raise WrongState('You can edit the session details only until the start of the session.')


def meeting_editable(session: MentoringSession, now: datetime) -> bool:
    """U2: the meeting information can still be changed while Live, not after completion."""
    return status_at(session, now) is not SessionStatus.COMPLETED


def check_meeting_editable(session: MentoringSession, now: datetime) -> None:
    if not meeting_editable(session, now):
        raise WrongState('The session has ended; its meeting information can no longer be changed.')


def startable(session: MentoringSession, now: datetime) -> bool:
    """U2: the mentor can start from 10 minutes before the start time until it ends."""
    return status_at(session, now) is SessionStatus.UPCOMING and now >= session.start_at - START_WINDOW


def check_startable(session: MentoringSession, now: datetime) -> None:
    if startable(session, now):
        return
    if status_at(session, now) is not SessionStatus.UPCOMING:
        raise WrongState('This session has already started or ended.')
    raise WrongState('You can start the session from 10 minutes before its start time.')


def deletable(session: MentoringSession, now: datetime) -> bool:
    """U4: a session can be deleted only until it starts."""
    return details_editable(session, now)


def check_deletable(session: MentoringSession, now: datetime) -> None:
    if not deletable(session, now):
        raise WrongState('You can delete a session only until it starts.')


def unenroll_allowed(session: MentoringSession, now: datetime) -> bool:
    """M1: a mentee can un-enroll until 10 minutes before the start."""
    return session.started_at is None and now < session.start_at - UNENROLL_CUTOFF


def check_unenroll_allowed(session: MentoringSession, now: datetime) -> None:
    if not unenroll_allowed(session, now):
        raise WrongState(UNENROLL_CLOSED)


def waiting_for_mentor(session: MentoringSession, now: datetime) -> bool:
    """U2/U3: the start time has passed, the mentor has not started it and it has not ended: the session waits
    for its mentor (it is still "Upcoming" by status, but not as if it were still to come)."""
    return status_at(session, now) is SessionStatus.UPCOMING and now >= session.start_at


def seats_full(seats_taken: int, seat_limit: int) -> bool:
    """M1: no seat is free: "session seats full" instead of "Enroll" (and the waitlist for a Public one, W1)."""
    return free_seats(seats_taken, seat_limit) == 0


UNENROLL_CLOSED = 'You can un-enroll only until 10 minutes before the session starts.'


def unenroll_closed_note(session: MentoringSession, now: datetime) -> str | None:
    """M1: why an enrolled mentee of a session still to come has no "Un-enroll" (said at once when one enrolls
    inside the cut-off, and on the tile and page after it)."""
    if status_at(session, now) is SessionStatus.UPCOMING and not unenroll_allowed(session, now):
        return UNENROLL_CLOSED
    return None


def enrollment_open(session: MentoringSession, now: datetime) -> bool:
    """M1: mentees can enroll while the session has not ended."""
    return status_at(session, now) is not SessionStatus.COMPLETED


def starting_soon_due(session: MentoringSession, now: datetime) -> bool:
    """The "starting in 15 minutes" notice is due once, in the quarter hour before the start."""
    return (
        session.starting_soon_sent_at is None
        and session.start_at - STARTING_SOON <= now < session.start_at
        and session.deleted_at is None
    )


# --- who may do what -------------------------------------------------------------------------------


def manages_session(user: User, session: MentoringSession) -> bool:
    """The session's mentor, its creator and session managers manage it (edit, mentee list, CSV)."""
    return user.is_session_manager or user.id in (session.mentor_id, session.creator_id)


def check_manages_session(user: User, session: MentoringSession) -> None:
    if not manages_session(user, session):
        raise PermissionDenied()


def check_can_create_session(user: User) -> None:
    if not user.is_mentor:
        raise PermissionDenied('Only mentors can create sessions.')


def check_session_manager(user: User, what: str) -> None:
    """C4–C6: only session managers choose the type, the mentor and invited mentees."""
    if not user.is_session_manager:
        raise PermissionDenied(f'Only a mentor with Session Manager privileges can {what}.')


def may_see_session(user: User, session: MentoringSession, is_participant: bool) -> bool:
    """M1: Public sessions are visible to all signed-in users; Private ones to their people only."""
    if session.deleted_at is not None:
        return False
    if session.session_type is SessionType.PUBLIC:
        return True
    return is_participant or manages_session(user, session) or user.is_org_admin


# --- W1 waitlist -----------------------------------------------------------------------------------


def waitlist_open(session: MentoringSession, now: datetime) -> bool:
    """W1: a Public session has a waitlist until it starts (its start time, or its actual start); Private ones
    have none."""
    return (
        session.session_type is SessionType.PUBLIC
        and session.deleted_at is None
        and session.started_at is None
        and session.completed_at is None
        and now < session.start_at
    )


@dataclass(frozen=True)
class SeatChoices:
    """What a viewer may do about a seat in a session: the same on its page and on its tile (M1, W1)."""

    enroll: bool
    join_waitlist: bool  # instead of "Enroll" while the session is full
    leave_waitlist: bool
    unenroll: bool


def seat_choices(
    viewer: User,
    session: MentoringSession,
    seats_taken: int,
    place: EnrollmentType | None,
    waiting_at: int | None,
    now: datetime,
) -> SeatChoices:
    """M1, W1: a mentee who is not in a Public session enrolls while a seat is free and it has not ended, or else
    lines up while its waitlist is open; one in line may leave it; an enrolled one un-enrolls until the cut-off.
    `place`: how the viewer is in the session; `waiting_at`: their place in line (None when not waiting)."""
    outside = viewer.is_mentee and place is None and viewer.id != session.mentor_id and waiting_at is None
    full = seats_full(seats_taken, session.seat_limit)
    public = session.session_type is SessionType.PUBLIC
    return SeatChoices(
        enroll=outside and public and not full and enrollment_open(session, now),
        join_waitlist=outside and full and waitlist_open(session, now),
        leave_waitlist=waiting_at is not None,
        unenroll=place is EnrollmentType.ENROLLED and unenroll_allowed(session, now),
    )


def may_join(viewer: User, session: MentoringSession, place: EnrollmentType | None, now: datetime) -> bool:
    """M2: the session's mentor and the mentees in it (`place`) may join the meeting while it is Live."""
    return (place is not None or viewer.id == session.mentor_id) and status_at(session, now) is SessionStatus.LIVE


def check_may_join_waitlist(
    session: MentoringSession, now: datetime, seats_taken: int, *, is_in: bool, is_waiting: bool
) -> None:
    """W1: a mentee joins the waitlist of a full Public session that has not started, once, and only while not
    in the session."""
    if session.session_type is not SessionType.PUBLIC:
        raise PermissionDenied('Private sessions have no waitlist.')
    if is_in:
        raise WrongState('You are already in this session.')
    if is_waiting:
        raise AlreadyDone(ALREADY_WAITING)  # a second tap: done already (M1)
    if not waitlist_open(session, now):
        raise WrongState('The waitlist closed when the session started.')
    if seats_taken < session.seat_limit:
        raise WrongState('A seat is free: enroll instead.')


def may_have_waiting(session: MentoringSession, seats_taken: int, now: datetime) -> bool:
    """W1: whether anyone can be in line: only while the line is open and the session full, since a freed seat
    goes to the first in line in the change that frees it (so a page with seats left need not read the line)."""
    return waitlist_open(session, now) and free_seats(seats_taken, session.seat_limit) == 0


def free_seats(seats_taken: int, seat_limit: int) -> int:
    """The seats nobody holds (never below zero: a lowered limit never removes anyone); W1: as many of the first
    in line move up."""
    return max(0, seat_limit - seats_taken)


def check_org_admin(user: User, what: str) -> None:
    """R5–R7: people, invitations and option lists are the org admin's alone."""
    if not user.is_org_admin or not user.active:
        raise PermissionDenied(f'Only an org admin can {what}.')
