"""C6, U1, M1, M2: invitations, enrollment, un-enrollment and joining."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

import pytest

from domain.entities import Enrollment, EnrollmentType, MeetingInfo, MentoringSession, Platform, Role, SessionType
from domain.errors import AlreadyDone, InvalidInput, NotFound, PermissionDenied, SeatsFull, TryAgain, WrongState
from domain.ports import InboxChanged, MailToQueue, RosterChange, SeatCheck, SessionChanged
from domain.services.authoring import edit_details
from domain.services.enrollment import ENROLL_TRIES, enroll, join_session, unenroll
from domain.services.queries import mentee_list, my_mentee_sessions, session_details
from domain.services.running import edit_meeting, end_session, start_session
from tests.fakes import InMemoryEnrollmentRepository
from tests.unit.support import END, NOW, START, make_draft, publish, texts

ENROLLED = EnrollmentType.ENROLLED

ALREADY_IN = 'You are already in this session.'
INVITED_NOTE = 'You were invited to this session; ask the session manager to remove you.'
MEET = MeetingInfo(Platform.GOOGLE_MEET, 'https://meet.google.com/abc-defg-hij')


def count(uow, session_id: int, viewer) -> int:
    return session_details(uow, viewer, session_id, NOW).summary.mentee_count


# --- M1 enroll / un-enroll ------------------------------------------------------------------------


def test_m1_mentee_enrolls_in_a_public_session(uow, people, publisher) -> None:
    session = publish(uow, people.mentor)
    enroll(uow, people.mentees[0], session.id, NOW)
    view = session_details(uow, people.mentees[0], session.id, NOW)
    assert view.viewer_enrollment is EnrollmentType.ENROLLED
    assert view.summary.mentee_count == 1
    assert [t.session.id for t in my_mentee_sessions(uow, people.mentees[0], NOW, finished=False).items] == [session.id]
    # P2: the event carries the roster's new figures, for pages to show without reading
    assert publisher.events[-1] == SessionChanged(session.id, RosterChange(people.mentees[0].id, ENROLLED, 1))


def test_m1_only_mentees_enroll(uow, people) -> None:
    session = publish(uow, people.mentor)
    with pytest.raises(PermissionDenied, match='Only mentees'):
        enroll(uow, people.other_mentor, session.id, NOW)


def test_m1_full_session_says_session_seats_full(uow, people) -> None:
    session = publish(uow, people.manager, seat_limit=2)
    enroll(uow, people.mentees[0], session.id, NOW)
    enroll(uow, people.mentees[1], session.id, NOW)
    with pytest.raises(SeatsFull, match=r'^session seats full$'):
        enroll(uow, people.mentees[2], session.id, NOW)
    assert count(uow, session.id, people.manager) == 2


def test_m1_enrolling_twice_says_already_in(uow, people) -> None:
    session = publish(uow, people.mentor)
    enroll(uow, people.mentees[0], session.id, NOW)
    with pytest.raises(AlreadyDone, match=f'^{re.escape(ALREADY_IN)}$'):  # a page takes it as done (issue 23.1)
        enroll(uow, people.mentees[0], session.id, NOW)
    assert count(uow, session.id, people.mentor) == 1


def test_m1_unenrolling_twice_is_already_done(uow, people) -> None:
    session = publish(uow, people.mentor)
    enroll(uow, people.mentees[0], session.id, NOW)
    unenroll(uow, people.mentees[0], session.id, NOW)
    with pytest.raises(AlreadyDone, match='not enrolled'):
        unenroll(uow, people.mentees[0], session.id, NOW)
    assert count(uow, session.id, people.mentor) == 0


def test_m1_invited_mentee_is_already_in(uow, people) -> None:
    session = publish(uow, people.manager, mentee_ids=(people.mentees[0].id,))
    with pytest.raises(WrongState, match='already in this session'):
        enroll(uow, people.mentees[0], session.id, NOW)


class RacingEnrollments(InMemoryEnrollmentRepository):
    """Another transaction takes the same (session, mentee) pair just before this one inserts."""

    def add(self, enrollment: Enrollment) -> None:
        super().add(enrollment)
        super().add(enrollment)


def test_m1_a_concurrent_duplicate_caught_by_the_database_says_already_in(uow, people) -> None:
    session = publish(uow, people.mentor)
    uow.enrollments = RacingEnrollments(uow.current)
    with pytest.raises(WrongState, match=f'^{re.escape(ALREADY_IN)}$'):
        enroll(uow, people.mentees[0], session.id, NOW)
    uow.enrollments = InMemoryEnrollmentRepository(uow.current)
    assert count(uow, session.id, people.mentor) == 0  # the refused transaction's own insert was rolled back


class ChangingUnderneath(InMemoryEnrollmentRepository):
    """Between the unlocked read and `take_seat`, another transaction commits `change` (each try, or once)."""

    def __init__(self, data, change, *, every_try: bool) -> None:
        super().__init__(data)
        self.change, self.every_try, self.tries = change, every_try, 0

    def take_seat(self, enrollment: Enrollment, mail: MailToQueue, seen: SeatCheck) -> int | None:
        self.tries += 1
        if self.every_try or self.tries == 1:
            self.change(enrollment.session_id)
        return super().take_seat(enrollment, mail, seen)


def test_m1_p4_a_seat_taken_between_the_read_and_the_write_is_read_again_and_refused(uow, people) -> None:
    session = publish(uow, people.manager, seat_limit=1)
    late = people.mentees[1]

    def last_seat_taken(session_id: int) -> None:
        InMemoryEnrollmentRepository(uow.current).add(Enrollment(session_id, late.id, ENROLLED, NOW))

    uow.enrollments = ChangingUnderneath(uow.current, last_seat_taken, every_try=False)
    with pytest.raises(SeatsFull, match=r'^session seats full$'):
        enroll(uow, people.mentees[0], session.id, NOW)
    assert uow.enrollments.tries == 1  # the second read saw the session full: no second write


def test_m1_p4_a_session_edited_between_the_read_and_the_write_is_decided_again(uow, people) -> None:
    session = publish(uow, people.mentor)

    def retitled(session_id: int) -> None:
        stored = uow.current().sessions[session_id]
        uow.current().sessions[session_id] = replace(stored, title='Public speaking, part two')

    uow.enrollments = ChangingUnderneath(uow.current, retitled, every_try=False)
    enroll(uow, people.mentees[0], session.id, NOW)
    assert uow.enrollments.tries == 2
    assert [m.text for m in uow.current().outbox.values()][-1] == 'You enrolled in Public speaking, part two.'


def test_m1_p4_a_session_that_changes_under_every_try_asks_to_try_again(uow, people) -> None:
    session = publish(uow, people.mentor)
    retitles = iter(range(1, 100))

    def retitled(session_id: int) -> None:
        stored = uow.current().sessions[session_id]
        uow.current().sessions[session_id] = replace(stored, title=f'Title {next(retitles)}')

    uow.enrollments = ChangingUnderneath(uow.current, retitled, every_try=True)
    with pytest.raises(TryAgain):
        enroll(uow, people.mentees[0], session.id, NOW)
    assert uow.enrollments.tries == ENROLL_TRIES
    uow.enrollments = InMemoryEnrollmentRepository(uow.current)
    assert count(uow, session.id, people.mentor) == 0


def test_m1_p4_a_refusal_is_never_decided_on_a_remembered_read(uow, people) -> None:
    """Enrolling's first try decides on the instance's last read of the session (here: full); a refusal waits
    for a fresh read, which finds the seat freed since by a raised limit."""
    session = publish(uow, people.manager, seat_limit=1)
    enroll(uow, people.mentees[0], session.id, NOW)
    with pytest.raises(SeatsFull):
        enroll(uow, people.mentees[1], session.id, NOW)
    assert uow.enrollments.remembered[session.id].seats_taken == 1
    with uow:
        stored = uow.current().sessions[session.id]
        uow.current().sessions[session.id] = replace(stored, seat_limit=2)
        uow.commit()
    enroll(uow, people.mentees[1], session.id, NOW)
    assert count(uow, session.id, people.mentor) == 2


def test_m1_p4_an_enrollment_on_a_remembered_read_out_of_date_is_decided_again(uow, people) -> None:
    session = publish(uow, people.mentor)
    enroll(uow, people.mentees[0], session.id, NOW)
    assert uow.enrollments.remembered[session.id].session.title == session.title
    with uow:
        stored = uow.current().sessions[session.id]
        uow.current().sessions[session.id] = replace(stored, title='Public speaking, part two')
        uow.commit()
    enroll(uow, people.mentees[1], session.id, NOW)
    assert [m.text for m in uow.current().outbox.values()][-1] == 'You enrolled in Public speaking, part two.'


def test_m1_private_session_is_not_found_for_uninvited_mentees(uow, people) -> None:
    session = publish(uow, people.manager, session_type=SessionType.PRIVATE, mentee_ids=(people.mentees[0].id,))
    with pytest.raises(NotFound):
        enroll(uow, people.mentees[1], session.id, NOW)


def test_m1_nobody_enrolls_in_a_private_session_even_if_they_can_see_it(uow, people) -> None:
    admin_mentee = uow.users.add('Ivy', 'ivy@example.org', 1, 'HR', frozenset({Role.ORG_ADMIN, Role.MENTEE}), 'x')
    session = publish(uow, people.manager, session_type=SessionType.PRIVATE, mentee_ids=(people.mentees[0].id,))
    with pytest.raises(PermissionDenied, match='Only invited mentees'):
        enroll(uow, admin_mentee, session.id, NOW)


def test_m1_the_mentor_cannot_enroll_in_their_own_session(uow, people) -> None:
    both = uow.users.add('Bo Both', 'bo@example.org', 1, 'Engineer', frozenset({Role.MENTOR, Role.MENTEE}), 'x')
    session = publish(uow, both)
    with pytest.raises(PermissionDenied, match='mentor of this session'):
        enroll(uow, both, session.id, NOW)


def test_m1_enrolling_is_open_while_live_but_not_once_completed(uow, people) -> None:
    session = publish(uow, people.mentor)
    start_session(uow, people.mentor, session.id, START)
    enroll(uow, people.mentees[0], session.id, START + timedelta(minutes=5))
    with pytest.raises(WrongState, match='has ended'):
        enroll(uow, people.mentees[1], session.id, END)


def test_m1_unenroll_gives_the_seat_back(uow, people, publisher) -> None:
    session = publish(uow, people.manager, seat_limit=1)
    enroll(uow, people.mentees[0], session.id, NOW)
    unenroll(uow, people.mentees[0], session.id, NOW)
    assert publisher.events[-1] == SessionChanged(session.id, RosterChange(people.mentees[0].id, None, 0))
    enroll(uow, people.mentees[1], session.id, NOW)
    assert [e.mentee.name for e in mentee_list(uow, people.manager, session.id)] == ['Björn Mentee']


def test_m1_unenroll_until_10_minutes_before_the_start(uow, people) -> None:
    session = publish(uow, people.mentor)
    enroll(uow, people.mentees[0], session.id, NOW)
    with pytest.raises(WrongState, match='10 minutes before'):
        unenroll(uow, people.mentees[0], session.id, START - timedelta(minutes=10))
    unenroll(uow, people.mentees[0], session.id, START - timedelta(minutes=11))


def test_m1_invited_mentee_cannot_unenroll(uow, people) -> None:
    session = publish(uow, people.manager, mentee_ids=(people.mentees[0].id,))
    with pytest.raises(WrongState, match=f'^{re.escape(INVITED_NOTE)}$'):
        unenroll(uow, people.mentees[0], session.id, NOW)


def test_m1_unenroll_without_enrollment_is_refused(uow, people) -> None:
    session = publish(uow, people.mentor)
    with pytest.raises(WrongState, match='not enrolled'):
        unenroll(uow, people.mentees[0], session.id, NOW)


# --- C6, U1 invite / remove: session managers change the mentee list through the edit (U1) ----------


def edit_mentees(uow, actor, session_id: int, *mentee_ids: int, now=NOW) -> None:
    edit_details(uow, actor, session_id, make_draft(mentee_ids=mentee_ids), now)


def test_c6_session_manager_invites_mentees_who_are_told(uow, people, publisher) -> None:
    session = publish(uow, people.mentor)
    edit_mentees(uow, people.manager, session.id, people.mentees[0].id, people.mentees[1].id)
    assert count(uow, session.id, people.manager) == 2
    assert texts(uow, people.mentees[1]) == ['You were invited to Career talk on 2030-01-08 09:00 UTC.']
    assert {InboxChanged(people.mentees[0].id), SessionChanged(session.id)} <= set(publisher.events)


def test_c6_plain_mentor_cannot_invite_even_to_their_own_session(uow, people) -> None:
    session = publish(uow, people.mentor)
    with pytest.raises(PermissionDenied, match='change the mentee list'):
        edit_mentees(uow, people.mentor, session.id, people.mentees[0].id)


def test_c6_inviting_past_the_limit_invites_nobody_and_says_seats_full(uow, people) -> None:
    session = publish(uow, people.manager, seat_limit=2)
    enroll(uow, people.mentees[0], session.id, NOW)
    with pytest.raises(SeatsFull, match=r'^session seats full$') as refusal:
        edit_mentees(uow, people.manager, session.id, *(mentee.id for mentee in people.mentees[:3]))
    assert refusal.value.field == 'mentees'
    assert count(uow, session.id, people.manager) == 1
    assert texts(uow, people.mentees[1]) == []


def test_c6_inviting_someone_already_in_changes_nothing_for_them(uow, people) -> None:
    session = publish(uow, people.manager, seat_limit=2)
    enroll(uow, people.mentees[0], session.id, NOW)
    edit_mentees(uow, people.manager, session.id, people.mentees[0].id, people.mentees[1].id)
    entries = {e.mentee.name: e.enrollment_type for e in mentee_list(uow, people.manager, session.id)}
    assert entries == {'Ana Mentee': EnrollmentType.ENROLLED, 'Björn Mentee': EnrollmentType.INVITED}


def test_c6_the_mentor_and_non_mentees_cannot_be_invited(uow, people) -> None:
    session = publish(uow, people.mentor)
    with pytest.raises(InvalidInput, match='cannot be its mentee'):
        edit_mentees(uow, people.manager, session.id, people.mentor.id)
    with pytest.raises(InvalidInput, match='is not a mentee'):
        edit_mentees(uow, people.manager, session.id, people.other_mentor.id)


def test_c6_no_invitations_once_the_session_started(uow, people) -> None:
    session = publish(uow, people.mentor)
    start_session(uow, people.mentor, session.id, START)
    with pytest.raises(WrongState, match='until the start'):
        edit_mentees(uow, people.manager, session.id, people.mentees[0].id, now=START)


def test_u1_session_manager_removes_a_mentee_who_is_told(uow, people) -> None:
    session = publish(uow, people.mentor)
    enroll(uow, people.mentees[0], session.id, NOW)
    edit_mentees(uow, people.manager, session.id)
    assert count(uow, session.id, people.manager) == 0
    assert texts(uow, people.mentees[0]) == ['You were removed from Career talk on 2030-01-08 09:00 UTC.']


def test_u1_removing_needs_a_session_manager_and_a_session_not_started(uow, people) -> None:
    session = publish(uow, people.mentor)
    enroll(uow, people.mentees[0], session.id, NOW)
    with pytest.raises(PermissionDenied, match='change the mentee list'):
        edit_mentees(uow, people.mentor, session.id)
    with pytest.raises(WrongState, match='until the start'):
        edit_mentees(uow, people.manager, session.id, now=START)
    assert count(uow, session.id, people.manager) == 1


def test_c6_the_last_invited_mentee_of_a_private_session_stays(uow, people) -> None:
    session = publish(uow, people.manager, session_type=SessionType.PRIVATE, mentee_ids=(people.mentees[0].id,))
    with pytest.raises(InvalidInput, match='at least one mentee'):
        edit_details(uow, people.manager, session.id, make_draft(session_type=SessionType.PRIVATE, mentee_ids=()), NOW)


# --- M2 join --------------------------------------------------------------------------------------


def live_session(uow, people) -> MentoringSession:
    session = publish(uow, people.manager, mentor_id=people.mentor.id, mentee_ids=(people.mentees[0].id,))
    edit_meeting(uow, people.mentor, session.id, MEET, NOW)
    return session


def test_m2_mentee_joins_a_live_session_and_the_join_is_recorded(uow, people) -> None:
    session = live_session(uow, people)
    start_session(uow, people.mentor, session.id, START)
    assert join_session(uow, people.mentees[0], session.id, START + timedelta(minutes=3)) == MEET
    join_session(uow, people.mentees[0], session.id, START + timedelta(minutes=9))
    entry = mentee_list(uow, people.mentor, session.id)[0]
    assert entry.joined_at == START + timedelta(minutes=3)


def test_m2_joining_before_the_start_or_after_the_end_is_refused(uow, people) -> None:
    session = live_session(uow, people)
    with pytest.raises(WrongState, match='once the mentor has started'):
        join_session(uow, people.mentees[0], session.id, START)
    start_session(uow, people.mentor, session.id, START)
    end_session(uow, people.mentor, session.id, START + timedelta(minutes=30))
    with pytest.raises(WrongState, match='has ended'):
        join_session(uow, people.mentees[0], session.id, START + timedelta(minutes=31))


def test_m2_only_the_mentor_and_mentees_join(uow, people) -> None:
    session = live_session(uow, people)
    start_session(uow, people.mentor, session.id, START)
    assert join_session(uow, people.mentor, session.id, START) == MEET
    for outsider in (people.manager, people.other_mentor):
        with pytest.raises(PermissionDenied, match='Only the mentor and the mentees'):
            join_session(uow, outsider, session.id, START)
