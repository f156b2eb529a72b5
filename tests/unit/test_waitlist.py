"""W1: the waitlist rules and services on the fakes: who may line up, first come first served, promotion in the
transaction that frees the seat, one notice per promotion, closing at completion."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from domain import rules
from domain.entities import EnrollmentType, MailKind, Role, SessionType
from domain.errors import AlreadyDone, NotFound, PermissionDenied, SeatsFull, WrongState
from domain.ports import ExploreQuery
from domain.services.authoring import delete_session, edit_details
from domain.services.enrollment import enroll, join_waitlist, leave_waitlist, remove_from_waitlist, unenroll
from domain.services.queries import explore_sessions, mentee_list, waitlist_places
from domain.services.running import complete_due_sessions, start_session
from tests.unit.support import END, NOW, START, make_draft, publish, texts
from tests.unit.test_rules import session as make_session
from tests.unit.test_rules import user as make_user

PROMOTED = 'A seat opened in Career talk'


# --- rules -------------------------------------------------------------------------------------------


def test_w1_rule_only_a_full_public_session_that_has_not_started_takes_a_waitlist() -> None:
    full = make_session(seat_limit=2)
    rules.check_may_join_waitlist(full, NOW, 2, is_in=False, is_waiting=False)
    with pytest.raises(WrongState, match='enroll instead'):
        rules.check_may_join_waitlist(full, NOW, 1, is_in=False, is_waiting=False)
    with pytest.raises(PermissionDenied, match='Private sessions have no waitlist'):
        rules.check_may_join_waitlist(
            replace(full, session_type=SessionType.PRIVATE), NOW, 2, is_in=False, is_waiting=False
        )
    with pytest.raises(WrongState, match='closed when the session started'):
        rules.check_may_join_waitlist(replace(full, started_at=NOW), NOW, 2, is_in=False, is_waiting=False)
    with pytest.raises(WrongState, match='closed when the session started'):
        rules.check_may_join_waitlist(full, START, 2, is_in=False, is_waiting=False)


def test_w1_rule_nobody_is_both_enrolled_and_waiting_nor_waits_twice() -> None:
    full = make_session(seat_limit=2)
    with pytest.raises(WrongState, match='already in this session'):
        rules.check_may_join_waitlist(full, NOW, 2, is_in=True, is_waiting=False)
    with pytest.raises(WrongState, match='already on the waitlist'):
        rules.check_may_join_waitlist(full, NOW, 2, is_in=False, is_waiting=True)


def test_w1_rule_one_of_the_line_moves_up_per_free_seat() -> None:
    assert rules.free_seats(seats_taken=4, seat_limit=5) == 1
    assert rules.free_seats(seats_taken=2, seat_limit=5) == 3
    assert rules.free_seats(seats_taken=6, seat_limit=5) == 0  # a lowered limit removes nobody


def test_w1_rule_promotion_stops_at_the_start_and_private_sessions_have_none() -> None:
    assert rules.waitlist_open(make_session(), NOW)
    assert not rules.waitlist_open(make_session(), START)
    assert not rules.waitlist_open(make_session(started_at=NOW), NOW)
    assert not rules.waitlist_open(make_session(session_type=SessionType.PRIVATE), NOW)


def test_w1_rule_only_a_full_session_can_have_anyone_waiting_so_pages_with_seats_left_skip_the_line() -> None:
    session = make_session(seat_limit=3)
    assert rules.may_have_waiting(session, 3, NOW)
    assert rules.may_have_waiting(session, 4, NOW)  # the limit was lowered below the mentees already in
    assert not rules.may_have_waiting(session, 2, NOW)
    assert not rules.may_have_waiting(session, 3, START)


def test_m1_w1_rule_seat_choices_page_and_tile_offer_alike() -> None:
    """One rule says what a viewer may do about a seat, read by the Session Details page and the tiles."""
    mentee, mentor = make_user(5, Role.MENTEE), make_user(10, Role.MENTEE, Role.MENTOR)
    full, free = make_session(seat_limit=2), make_session(seat_limit=3)

    def offered(viewer, session, place=None, waiting_at=None, now=NOW) -> list[str]:
        choices = rules.seat_choices(viewer, session, 2, place, waiting_at, now)
        return [name for name in ('enroll', 'join_waitlist', 'leave_waitlist', 'unenroll') if getattr(choices, name)]

    assert offered(mentee, free) == ['enroll']
    assert offered(mentee, full) == ['join_waitlist']  # instead of "Enroll"
    assert offered(mentee, full, waiting_at=1) == ['leave_waitlist']
    assert offered(mentee, full, EnrollmentType.ENROLLED) == ['unenroll']
    assert offered(mentee, full, EnrollmentType.INVITED) == []  # only the session manager takes them off
    assert offered(mentor, free) == []  # the mentor of the session
    assert offered(make_user(6, Role.SESSION_MANAGER), free) == []  # not a mentee
    assert offered(mentee, replace(free, session_type=SessionType.PRIVATE)) == []
    assert offered(mentee, replace(full, session_type=SessionType.PRIVATE)) == []  # no waitlist either
    assert offered(mentee, full, now=START) == []  # the line closed at the start, the session is full
    assert offered(mentee, free, now=START) == ['enroll']  # enrolling stays open until the end
    assert offered(mentee, free, now=END) == []
    assert offered(mentee, full, EnrollmentType.ENROLLED, now=START - timedelta(minutes=5)) == []  # the cut-off


def test_m2_rule_join_is_offered_alike_on_the_page_and_the_tiles() -> None:
    """One rule says who may join the meeting (the page's "Join" and a tile's): the session's mentor and the
    mentees in it, while it is Live."""
    mentee, mentor = make_user(5, Role.MENTEE), make_user(10, Role.MENTEE, Role.MENTOR)
    upcoming = make_session()
    live = replace(upcoming, started_at=START)
    assert rules.may_join(mentee, live, EnrollmentType.ENROLLED, START)
    assert rules.may_join(mentee, live, EnrollmentType.INVITED, START)
    assert rules.may_join(mentor, live, None, START)  # the mentor, though not a mentee of it
    assert not rules.may_join(mentee, live, None, START)  # not in it
    assert not rules.may_join(make_user(11, Role.SESSION_MANAGER), live, None, START)  # manages, does not attend
    assert not rules.may_join(mentee, upcoming, EnrollmentType.ENROLLED, NOW)  # not started yet
    assert not rules.may_join(mentor, live, None, END)  # over


# --- services ----------------------------------------------------------------------------------------


def line(uow, session) -> list[int]:
    """Who waits for a seat of the session, in order."""
    return [user.id for user in uow.waitlist.waiting_users(session.id)]


def full_session(uow, people, seat_limit: int = 1):
    session = publish(uow, people.manager, seat_limit=seat_limit)
    for mentee in people.mentees[:seat_limit]:
        enroll(uow, mentee, session.id, NOW)
    return session


def test_w1_full_session_still_says_seats_full_and_takes_a_waitlist_in_order(uow, people) -> None:
    session = full_session(uow, people)
    with pytest.raises(SeatsFull):
        enroll(uow, people.mentees[1], session.id, NOW)
    assert join_waitlist(uow, people.mentees[1], session.id, NOW) == 1
    assert join_waitlist(uow, people.mentees[2], session.id, NOW) == 2
    with pytest.raises(WrongState, match='already on the waitlist'):
        join_waitlist(uow, people.mentees[2], session.id, NOW)
    leave_waitlist(uow, people.mentees[1], session.id, NOW)
    assert uow.waitlist.position(session.id, people.mentees[2].id) == 1


def test_w1_unenrolling_promotes_the_first_in_line_and_tells_them_once(uow, people) -> None:
    session = full_session(uow, people)
    join_waitlist(uow, people.mentees[1], session.id, NOW)
    join_waitlist(uow, people.mentees[2], session.id, NOW)
    unenroll(uow, people.mentees[0], session.id, NOW)
    assert uow.enrollments.get(session.id, people.mentees[1].id).enrollment_type is EnrollmentType.ENROLLED
    assert line(uow, session) == [people.mentees[2].id]
    assert sum(PROMOTED in t for t in texts(uow, people.mentees[1])) == 1
    assert not any(PROMOTED in t for t in texts(uow, people.mentees[2]))
    mails = [m for m in uow.committed.outbox.values() if PROMOTED in m.text]  # N1: and one e-mail, queued
    assert [(m.user_id, m.kind) for m in mails] == [(people.mentees[1].id, MailKind.ENROLLED)]


def test_w1_raising_the_limit_by_k_promotes_up_to_k(uow, people) -> None:
    session = full_session(uow, people)
    for mentee in people.mentees[1:4]:
        join_waitlist(uow, mentee, session.id, NOW)
    edit_details(uow, people.manager, session.id, make_draft(seat_limit=3), NOW)
    assert sorted(e.mentee.id for e in mentee_list(uow, people.manager, session.id)) == [
        m.id for m in people.mentees[:3]
    ]
    assert line(uow, session) == [people.mentees[3].id]


def test_w1_a_mentee_removed_by_the_manager_frees_a_seat_for_the_first_in_line(uow, people) -> None:
    session = full_session(uow, people, seat_limit=2)
    join_waitlist(uow, people.mentees[2], session.id, NOW)
    edit_details(uow, people.manager, session.id, make_draft(seat_limit=2, mentee_ids=(people.mentees[1].id,)), NOW)
    assert uow.enrollments.get(session.id, people.mentees[2].id) is not None
    assert uow.enrollments.get(session.id, people.mentees[0].id) is None
    assert uow.waitlist.count(session.id) == 0


def test_w1_manager_removes_someone_from_the_waitlist_and_they_are_told(uow, people) -> None:
    session = full_session(uow, people)
    join_waitlist(uow, people.mentees[1], session.id, NOW)
    with pytest.raises(PermissionDenied):
        remove_from_waitlist(uow, people.mentees[2], session.id, people.mentees[1].id, NOW)
    remove_from_waitlist(uow, people.manager, session.id, people.mentees[1].id, NOW)
    assert uow.waitlist.count(session.id) == 0
    assert any('removed from the waitlist' in t for t in texts(uow, people.mentees[1]))


def test_w1_no_promotion_once_the_session_started(uow, people) -> None:
    session = publish(uow, people.manager, seat_limit=1, mentor_id=people.mentor.id)
    enroll(uow, people.mentees[0], session.id, NOW)
    join_waitlist(uow, people.mentees[1], session.id, NOW)
    started = START - timedelta(minutes=5)
    start_session(uow, people.mentor, session.id, started)
    with pytest.raises(WrongState):
        join_waitlist(uow, people.mentees[2], session.id, started)
    assert line(uow, session) == [people.mentees[1].id]


def test_w1_at_completion_the_waitlist_closes_and_those_waiting_are_told(uow, people) -> None:
    session = full_session(uow, people)
    join_waitlist(uow, people.mentees[1], session.id, NOW)
    assert complete_due_sessions(uow, END + timedelta(minutes=1)) == [session.id]
    assert uow.waitlist.count(session.id) == 0
    assert any('waitlist' in t and 'closed' in t for t in texts(uow, people.mentees[1]))


def test_w1_cancelling_a_session_closes_its_waitlist(uow, people) -> None:
    session = full_session(uow, people)
    join_waitlist(uow, people.mentees[1], session.id, NOW)
    delete_session(uow, people.manager, session.id, NOW)
    assert uow.waitlist.count(session.id) == 0
    assert any('closed' in t for t in texts(uow, people.mentees[1]))


def test_w1_private_sessions_have_no_waitlist(uow, people) -> None:
    session = publish(
        uow, people.manager, seat_limit=1, session_type=SessionType.PRIVATE, mentee_ids=(people.mentees[0].id,)
    )
    with pytest.raises(NotFound):  # a Private session is invisible to those not in it
        join_waitlist(uow, people.mentees[1], session.id, NOW)
    assert uow.waitlist.count(session.id) == 0


def test_m1_w1_a_second_tap_on_join_or_leave_waitlist_is_already_done_not_a_fault(uow, people) -> None:
    """Issue 23 item 1: the services are idempotent from the page's view: a repeat says AlreadyDone, which the
    pages take as done (no refusal shown)."""
    session = full_session(uow, people)
    join_waitlist(uow, people.mentees[1], session.id, NOW)
    with pytest.raises(AlreadyDone):
        join_waitlist(uow, people.mentees[1], session.id, NOW)
    leave_waitlist(uow, people.mentees[1], session.id, NOW)
    with pytest.raises(AlreadyDone):
        leave_waitlist(uow, people.mentees[1], session.id, NOW)


def test_w1_the_tiles_read_each_full_sessions_line_and_the_viewers_place_in_it(uow, people) -> None:
    """Issue 18: Explore shows "Waitlist: N" for full sessions, and the viewer's own place."""
    session = full_session(uow, people)
    roomy = publish(
        uow, people.manager, seat_limit=5, start_at=START + timedelta(days=1), end_at=END + timedelta(days=1)
    )
    join_waitlist(uow, people.mentees[1], session.id, NOW)
    join_waitlist(uow, people.mentees[2], session.id, NOW)
    summaries = explore_sessions(uow, people.mentees[2], ExploreQuery(), NOW).items
    assert {s.session.id for s in summaries} == {session.id, roomy.id}
    places = waitlist_places(uow, people.mentees[2], list(summaries), NOW)
    assert places == {session.id: (2, 2)}  # the roomy session has no line to read
    assert waitlist_places(uow, people.mentees[3], list(summaries), NOW) == {session.id: (None, 2)}
    assert waitlist_places(uow, people.mentees[3], list(summaries), START) == {}  # the line closed at the start
