"""U2–U4, M1, M2, W1: the buttons of the Session Details page — those the service's `may_*` flags offer this viewer,
never decided here — with the un-enroll note and a refusal beside them (E2), as data for the card
(session_card.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from domain import rules
from domain.entities import EnrollmentType, SessionStatus, SessionView
from ui import icons
from ui.components.session_card import NO_ACTIONS, Actions, Button, Line
from ui.components.session_facts import WAITING_FOR_MENTOR, ActionMessage, unenroll_note


def offered(view: SessionView, now: datetime, message: ActionMessage | None) -> tuple[SessionStatus, Actions]:
    """Everything the buttons and the lines beside them show, with the status they belong to: the page compares
    it to tell whether they changed."""
    return view.status, session_actions(view, now, message)


# Every button the page can offer, in the order shown: its icon, its look (session_card.js LOOKS) and whether the
# service offers it to this viewer (its `may_*` flag).
BUTTONS: dict[str, tuple[str, str, Callable[[SessionView], bool]]] = {
    'View list': (icons.GROUPS, 'outline', lambda view: view.may_manage),
    'Edit': (icons.EDIT, 'outline', lambda view: view.may_edit_details or view.may_edit_meeting),
    'Start session': (icons.PLAY_ARROW, 'unelevated', lambda view: view.may_start),
    'End session': (icons.STOP, 'unelevated', lambda view: view.may_end),
    'Join': (icons.LOGIN, 'unelevated', lambda view: view.may_join),
    'Enroll': (icons.HOW_TO_REG, 'unelevated', lambda view: view.may_enroll),
    'Un-enroll': (icons.PERSON_REMOVE, 'outline', lambda view: view.may_unenroll),
    'Join waitlist': (icons.HOW_TO_REG, 'unelevated', lambda view: view.may_join_waitlist),
    'Leave waitlist': (icons.PERSON_REMOVE, 'outline', lambda view: view.waitlist_position is not None),
    'Delete': (icons.DELETE, 'negative', lambda view: view.may_delete),
}


def _button(text: str, disabled: bool = False) -> Button:
    icon, look, _ = BUTTONS[text]
    button = Button(text=text, icon=icon, look=look)
    if disabled:
        button['disabled'] = True
    return button


def session_actions(view: SessionView, now: datetime, message: ActionMessage | None) -> Actions:
    """The buttons the service's flags offer this viewer, with what to say before and after them (`message`: what
    the last action did or why not; None: nothing said)."""
    buttons = [_button(text) for text, (_, _, offered_to) in BUTTONS.items() if offered_to(view)]
    note = unenroll_note(view, now)
    if note:
        buttons.append(_button('Un-enroll', disabled=True))  # closed, and the note says why
    waiting = rules.waiting_for_mentor(view.summary.session, now) and not view.may_start  # the mentor: Start
    before = _lines_before(view, waiting)
    after = [Line(text=note, testid='unenroll-note', look='note')] if note else []
    if message is not None and message.done:
        after.append(Line(text=message.done, testid='action-done', look='done'))
    if message is not None and message.error:
        after.append(Line(text=message.error, testid='action-error', look='error'))
    if not buttons and not after and not waiting and not view.says_seats_full and view.viewer_enrollment is None:
        return NO_ACTIONS
    return Actions(before=tuple(before), buttons=tuple(buttons), after=tuple(after))


def _lines_before(view: SessionView, waiting: bool) -> list[Line]:
    """Whether the session waits for its mentor; where the viewer stands (in the past tense once the session is
    completed); W1: a full session says so, and a mentee in line sees their place."""
    lines = [Line(text=WAITING_FOR_MENTOR, testid='waiting-for-mentor', look='waiting')] if waiting else []
    past = view.status is SessionStatus.COMPLETED
    if view.viewer_enrollment is EnrollmentType.ENROLLED:
        text = 'You were enrolled in this session.' if past else 'You are enrolled in this session.'
        lines.append(Line(text=text, testid='enrollment-line', look='enrolled'))
    elif view.viewer_enrollment is EnrollmentType.INVITED:
        text = 'You were invited to this session.' if past else 'You are invited to this session.'
        lines.append(Line(text=text, testid='enrollment-line', look='enrolled'))
    if view.says_seats_full or view.waitlist_position is not None:
        lines.append(Line(text='session seats full', testid='seats-full', look='strong'))
    if view.waitlist_position is not None:
        place = f'You are number {view.waitlist_position} on the waitlist.'
        lines.append(Line(text=place, testid='waitlist-position', look='place'))
    return lines
