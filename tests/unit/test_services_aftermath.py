"""A1, F1: attendance, feedback and ratings through the services, on the in-memory fakes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.entities import MailKind, MentoringSession
from domain.errors import InvalidInput, NotFound, PermissionDenied, WrongState
from domain.feedback import Attendance
from domain.ports import InboxChanged, RatingChanged, SessionChanged
from domain.services.aftermath import (
    attendance_sheet,
    feedback_request,
    feedback_summary,
    feedback_waiting,
    mark_attendance,
    mentor_rating,
    skip_feedback,
    submit_feedback,
    submit_mentor_feedback,
)
from domain.services.enrollment import enroll, join_session
from domain.services.running import complete_due_sessions, end_session, start_session
from tests.fakes import InMemoryUnitOfWork
from tests.unit.support import END, NOW, START, People, publish, texts

LIVE_AT = START + timedelta(minutes=5)


def completed(uow: InMemoryUnitOfWork, people: People, joined: int = 3, enrolled: int = 4) -> MentoringSession:
    """A session of people.mentor: `enrolled` mentees enrolled, the first `joined` of them joined, ended by its
    mentor 30 minutes after the start."""
    session = publish(uow, people.mentor)
    for mentee in people.mentees[:enrolled]:
        enroll(uow, mentee, session.id, NOW)
    start_session(uow, people.mentor, session.id, START)
    for mentee in people.mentees[:joined]:
        join_session(uow, mentee, session.id, LIVE_AT)
    return end_session(uow, people.mentor, session.id, START + timedelta(minutes=30))


DONE = START + timedelta(minutes=30)


def test_a1_joining_is_attended_and_managers_mark_no_show_and_attended(uow, people, publisher) -> None:
    session = completed(uow, people, joined=1, enrolled=3)
    sheet = attendance_sheet(uow, people.mentor, session.id, DONE)
    assert [e.attendance for e in sheet.entries] == [Attendance.ATTENDED, None, None]
    assert (sheet.attended, sheet.enrolled, sheet.closed_reason) == (1, 3, None)
    mark_attendance(uow, people.manager, session.id, people.mentees[0].id, Attendance.NO_SHOW, DONE)
    mark_attendance(uow, people.mentor, session.id, people.mentees[1].id, Attendance.ATTENDED, DONE)
    assert publisher.events[-1] == SessionChanged(session.id)
    sheet = attendance_sheet(uow, people.manager, session.id, DONE)
    assert [e.attendance for e in sheet.entries] == [Attendance.NO_SHOW, Attendance.ATTENDED, None]


def test_a1_marks_are_read_only_48_hours_after_completion_with_the_reason(uow, people) -> None:
    session = completed(uow, people)
    late = DONE + timedelta(hours=48)
    with pytest.raises(WrongState, match='read-only'):
        mark_attendance(uow, people.mentor, session.id, people.mentees[0].id, Attendance.NO_SHOW, late)
    assert attendance_sheet(uow, people.mentor, session.id, late).closed_reason is not None


def test_a1_only_the_sessions_managers_mark_and_only_its_mentees(uow, people) -> None:
    session = completed(uow, people)
    for outsider in (people.mentees[0], people.other_mentor, people.admin):
        with pytest.raises(PermissionDenied):
            mark_attendance(uow, outsider, session.id, people.mentees[0].id, Attendance.NO_SHOW, DONE)
        with pytest.raises(PermissionDenied):
            attendance_sheet(uow, outsider, session.id, DONE)
    with pytest.raises(NotFound):
        mark_attendance(uow, people.mentor, session.id, people.mentees[4].id, Attendance.NO_SHOW, DONE)
    for tampered in ('bogus', 1, None):  # as a tampered page could send
        with pytest.raises(InvalidInput, match='Attended or No-show'):
            mark_attendance(uow, people.mentor, session.id, people.mentees[0].id, tampered, DONE)


def test_f1_each_attendee_is_asked_how_it_was_once_at_completion(uow, people) -> None:
    session = completed(uow, people, joined=2)
    for mentee in people.mentees[:2]:
        assert texts(uow, mentee).count('How was Career talk?') == 1
    assert 'How was Career talk?' not in texts(uow, people.mentees[2])  # enrolled, never joined
    feedback_mails = [m for m in uow.committed.outbox.values() if m.kind is MailKind.FEEDBACK]
    assert sorted(m.user_id for m in feedback_mails) == [people.mentees[0].id, people.mentees[1].id]
    assert complete_due_sessions(uow, END + timedelta(minutes=1)) == []  # already completed: nobody asked twice
    assert texts(uow, people.mentees[0]).count('How was Career talk?') == 1
    assert session.completed_at == DONE


def test_f1_the_end_time_passing_asks_the_attendees_too(uow, people) -> None:
    session = publish(uow, people.mentor)
    enroll(uow, people.mentees[0], session.id, NOW)
    start_session(uow, people.mentor, session.id, START)
    join_session(uow, people.mentees[0], session.id, LIVE_AT)
    assert complete_due_sessions(uow, END) == [session.id]
    assert complete_due_sessions(uow, END + timedelta(minutes=1)) == []
    assert texts(uow, people.mentees[0]).count('How was Career talk?') == 1


def test_f1_an_attendee_rates_once_and_edits_for_seven_days(uow, people, publisher) -> None:
    session = completed(uow, people)
    ana = people.mentees[0]
    submit_feedback(uow, ana, session.id, 4, ' Clear ', '', DONE)
    submit_feedback(uow, ana, session.id, 5, 'Clear', 'More time', DONE + timedelta(days=6))
    # F1: the session's pages follow, and every page showing the mentor's average (of any of their sessions)
    assert publisher.events[-2:] == [SessionChanged(session.id), RatingChanged(people.mentor.id)]
    request = feedback_request(uow, ana, session.id, DONE + timedelta(days=6))
    assert request.answer is not None
    assert (request.answer.rating, request.answer.could_be_better, request.closed_reason) == (5, 'More time', None)
    with pytest.raises(WrongState, match='closed 7 days'):
        submit_feedback(uow, ana, session.id, 1, '', '', DONE + timedelta(days=7))
    assert feedback_request(uow, ana, session.id, DONE + timedelta(days=7)).closed_reason is not None
    assert feedback_summary(uow, people.mentor, session.id).ratings.distribution == (0, 0, 0, 0, 1)


def test_f1_not_before_completion_and_only_attendees(uow, people) -> None:
    session = publish(uow, people.mentor)
    enroll(uow, people.mentees[0], session.id, NOW)
    start_session(uow, people.mentor, session.id, START)
    join_session(uow, people.mentees[0], session.id, LIVE_AT)
    with pytest.raises(WrongState, match='once the session is completed'):
        submit_feedback(uow, people.mentees[0], session.id, 5, '', '', LIVE_AT)
    end_session(uow, people.mentor, session.id, DONE)
    for stranger in (people.mentees[1], people.other_mentor):  # another user's session id, as a tampered page sends
        with pytest.raises(PermissionDenied, match='Only mentees who attended'):
            submit_feedback(uow, stranger, session.id, 5, '', '', DONE)
    with pytest.raises(PermissionDenied, match='mentor’s form'):
        submit_feedback(uow, people.mentor, session.id, 5, '', '', DONE)
    mark_attendance(uow, people.mentor, session.id, people.mentees[0].id, Attendance.NO_SHOW, DONE)
    with pytest.raises(PermissionDenied):
        submit_feedback(uow, people.mentees[0], session.id, 5, '', '', DONE)


@pytest.mark.parametrize('tampered', [0, 6, 2.5, 'five', None])
def test_f1_a_tampered_rating_is_refused_and_nothing_is_stored(uow, people, tampered: object) -> None:
    session = completed(uow, people)
    with pytest.raises(InvalidInput, match='1 to 5'):
        submit_feedback(uow, people.mentees[0], session.id, tampered, '', '', DONE)
    assert feedback_summary(uow, people.manager, session.id).ratings.count == 0


def test_f1_skip_is_an_answer_without_a_rating(uow, people) -> None:
    session = completed(uow, people)
    skipped = skip_feedback(uow, people.mentees[0], session.id, DONE)
    assert skipped.skipped
    summary = feedback_summary(uow, people.manager, session.id)
    assert (summary.skipped, summary.ratings.count) == (1, 0)


def test_f1_comments_reach_the_mentor_without_names_and_session_managers_with_names(uow, people) -> None:
    session = completed(uow, people)
    for mentee, stars in zip(people.mentees[:3], (5, 4, 3), strict=True):
        submit_feedback(uow, mentee, session.id, stars, f'<b>{mentee.name}</b>', '', DONE)
    for_mentor = feedback_summary(uow, people.mentor, session.id)
    assert {c.author for c in for_mentor.comments} == {None}
    assert for_mentor.ratings.average == 4.0
    for_manager = feedback_summary(uow, people.manager, session.id)
    assert [c.author for c in for_manager.comments] == [m.name for m in people.mentees[:3]]
    assert for_manager.comments[0].went_well == '<b>Ana Mentee</b>'
    with pytest.raises(PermissionDenied):
        feedback_summary(uow, people.mentees[0], session.id)


def test_f1_the_mentors_average_counts_every_session_and_shows_from_three_ratings(uow, people) -> None:
    session = completed(uow, people)
    submit_feedback(uow, people.mentees[0], session.id, 5, '', '', DONE)
    submit_feedback(uow, people.mentees[1], session.id, 4, '', '', DONE)
    seen_by_anyone = mentor_rating(uow, people.mentees[4], session.id)
    assert (seen_by_anyone.count, seen_by_anyone.average) == (2, None)
    submit_feedback(uow, people.mentees[2], session.id, 3, '', '', DONE)
    assert mentor_rating(uow, people.mentees[4], session.id).average == 4.0


def test_f1_the_mentor_answers_their_own_short_form(uow, people) -> None:
    session = completed(uow, people)
    assert feedback_request(uow, people.mentor, session.id, DONE).as_mentor
    submit_mentor_feedback(uow, people.mentor, session.id, 4, 'Lively questions', DONE)
    answer = feedback_summary(uow, people.manager, session.id).mentor_answer
    assert answer is not None
    assert (answer.engagement, answer.notes) == (4, 'Lively questions')
    with pytest.raises(InvalidInput, match='1 to 5') as refusal:
        submit_mentor_feedback(uow, people.mentor, session.id, 0, '', DONE)
    assert refusal.value.field == 'engagement'
    with pytest.raises(PermissionDenied):
        submit_mentor_feedback(uow, people.manager, session.id, 4, '', DONE)
    with pytest.raises(PermissionDenied):
        feedback_request(uow, people.mentees[4], session.id, DONE)


def _asked(uow: InMemoryUnitOfWork, people: People, n: int) -> tuple[int, int]:
    """(inbox notices, queued e-mails) asking mentee n "How was Career talk?"."""
    mentee = people.mentees[n]
    mails = [m for m in uow.committed.outbox.values() if m.kind is MailKind.FEEDBACK and m.user_id == mentee.id]
    return texts(uow, mentee).count('How was Career talk?'), len(mails)


def test_f1_a_mentee_marked_attended_after_completion_is_asked_once(uow, people, publisher) -> None:
    session = completed(uow, people, joined=1, enrolled=3)
    assert _asked(uow, people, 1) == (0, 0)
    mark_attendance(
        uow, people.mentor, session.id, people.mentees[1].id, Attendance.ATTENDED, DONE + timedelta(hours=1)
    )
    assert _asked(uow, people, 1) == (1, 1)  # in the inbox and by e-mail through the outbox
    assert InboxChanged(people.mentees[1].id) in publisher.events  # the open inbox follows
    assert [s.id for s in feedback_waiting(uow, people.mentees[1], DONE + timedelta(hours=1))] == [session.id]
    for mark in (Attendance.NO_SHOW, Attendance.ATTENDED, Attendance.ATTENDED):  # changed back and forth
        mark_attendance(uow, people.manager, session.id, people.mentees[1].id, mark, DONE + timedelta(hours=2))
    assert _asked(uow, people, 1) == (1, 1)
    for mark in (Attendance.NO_SHOW, Attendance.ATTENDED):  # joined, so asked at completion already
        mark_attendance(uow, people.mentor, session.id, people.mentees[0].id, mark, DONE + timedelta(hours=3))
    assert _asked(uow, people, 0) == (1, 1)
    submit_feedback(uow, people.mentees[1], session.id, 4, '', '', DONE + timedelta(hours=4))


def test_f1_a_mentee_marked_attended_while_live_is_asked_at_completion_only(uow, people) -> None:
    session = publish(uow, people.mentor)
    enroll(uow, people.mentees[0], session.id, NOW)
    start_session(uow, people.mentor, session.id, START)
    mark_attendance(uow, people.mentor, session.id, people.mentees[0].id, Attendance.ATTENDED, LIVE_AT)
    assert _asked(uow, people, 0) == (0, 0)  # not before completion
    end_session(uow, people.mentor, session.id, DONE)
    assert _asked(uow, people, 0) == (1, 1)


def test_f1_a_mark_changed_back_to_no_show_before_answering_withdraws_the_right_to_rate(uow, people, publisher) -> None:
    session = completed(uow, people, joined=0, enrolled=1)
    mentee = people.mentees[0]
    mark_attendance(uow, people.mentor, session.id, mentee.id, Attendance.ATTENDED, DONE)
    mark_attendance(uow, people.mentor, session.id, mentee.id, Attendance.NO_SHOW, DONE + timedelta(hours=1))
    assert publisher.events[-2:] == [InboxChanged(mentee.id), SessionChanged(session.id)]  # My sessions follows
    with pytest.raises(PermissionDenied, match='Only mentees who attended this session can rate it'):
        submit_feedback(uow, mentee, session.id, 5, '', '', DONE + timedelta(hours=2))
    with pytest.raises(PermissionDenied, match='Only mentees who attended'):
        feedback_request(uow, mentee, session.id, DONE + timedelta(hours=2))
    assert feedback_waiting(uow, mentee, DONE + timedelta(hours=2)) == []  # My sessions no longer asks
    assert feedback_summary(uow, people.manager, session.id).ratings.count == 0
