"""A1, F1: the pure rules of the aftermath (domain/feedback.py) and the rating aggregate."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.entities import MentoringSession, Role, SessionType, User
from domain.errors import InvalidInput, PermissionDenied, WrongState
from domain.feedback import (
    Attendance,
    aggregate,
    asked_key,
    asks_on_mark,
    attendance_closed_reason,
    attendance_of,
    check_attendance_open,
    check_may_rate,
    check_mentor_may_answer,
    clean_comment,
    clean_rating,
    feedback_closed_reason,
)

START = datetime(2030, 1, 7, 9, 0, tzinfo=UTC)
END = START + timedelta(hours=1)
MENTOR = User(1, 'Tom Mentor', 'tom@example.org', 1, 'Acme', 'Engineer', frozenset({Role.MENTOR}))
MENTEE = User(2, 'Ana Mentee', 'ana@example.org', 1, 'Acme', 'Analyst', frozenset({Role.MENTEE}))
SESSION = MentoringSession(
    1, 'Career talk', 'd', SessionType.PUBLIC, MENTOR.id, MENTOR.id, START, END, 'UTC', 5, (), (), ()
)
LIVE = replace(SESSION, started_at=START)
ENDED_EARLY = replace(LIVE, completed_at=START + timedelta(minutes=30))


def test_a1_joining_counts_as_attended_until_a_mark_says_otherwise() -> None:
    assert attendance_of(START, None) is Attendance.ATTENDED
    assert attendance_of(None, None) is None
    assert attendance_of(START, Attendance.NO_SHOW) is Attendance.NO_SHOW
    assert attendance_of(None, Attendance.ATTENDED) is Attendance.ATTENDED


def test_a1_attendance_is_marked_while_live_and_for_48_hours_after_completion() -> None:
    assert attendance_closed_reason(SESSION, START - timedelta(minutes=1)) == (
        'Attendance can be marked once the session is Live.'
    )
    assert attendance_closed_reason(LIVE, START + timedelta(minutes=5)) is None
    assert attendance_closed_reason(ENDED_EARLY, ENDED_EARLY.start_at + timedelta(hours=48)) is None
    check_attendance_open(SESSION, END + timedelta(hours=47, minutes=59))  # completed by its end time
    with pytest.raises(WrongState, match='read-only'):
        check_attendance_open(SESSION, END + timedelta(hours=48))
    with pytest.raises(WrongState, match='read-only'):  # the 48 hours run from the mentor's "End", not the end time
        check_attendance_open(ENDED_EARLY, ENDED_EARLY.start_at + timedelta(minutes=30, hours=48))


def test_f1_only_attendees_rate_after_completion_and_for_seven_days() -> None:
    check_may_rate(MENTEE, SESSION, Attendance.ATTENDED, END)
    check_may_rate(MENTEE, SESSION, Attendance.ATTENDED, END + timedelta(days=6, hours=23))
    with pytest.raises(WrongState, match='once the session is completed'):
        check_may_rate(MENTEE, LIVE, Attendance.ATTENDED, START + timedelta(minutes=5))
    with pytest.raises(WrongState, match='closed 7 days'):
        check_may_rate(MENTEE, SESSION, Attendance.ATTENDED, END + timedelta(days=7))
    for attendance in (None, Attendance.NO_SHOW):
        with pytest.raises(PermissionDenied, match='Only mentees who attended'):
            check_may_rate(MENTEE, SESSION, attendance, END)


def test_f1_the_mentor_cannot_rate_their_own_session_as_a_mentee() -> None:
    with pytest.raises(PermissionDenied, match='mentor’s form'):
        check_may_rate(MENTOR, SESSION, Attendance.ATTENDED, END)
    check_mentor_may_answer(MENTOR, SESSION, END)
    with pytest.raises(PermissionDenied):
        check_mentor_may_answer(MENTEE, SESSION, END)
    assert feedback_closed_reason(SESSION, END - timedelta(seconds=1)) is not None


@pytest.mark.parametrize('tampered', [0, 6, -1, 2.5, '3', 'five', None, True, [4]])
def test_f1_a_tampered_rating_is_refused_with_a_message(tampered: object) -> None:
    with pytest.raises(InvalidInput, match='Choose a rating from 1 to 5') as refusal:
        clean_rating(tampered)
    assert refusal.value.field == 'rating'


@pytest.mark.parametrize('rating', [1, 2, 3, 4, 5])
def test_f1_ratings_one_to_five_are_kept(rating: int) -> None:
    assert clean_rating(rating) == rating


def test_f1_comments_are_optional_trimmed_and_at_most_2000_characters() -> None:
    assert clean_comment('  <script>alert(1)</script>  ', 'went_well', 'What went well?') == (
        '<script>alert(1)</script>'
    )
    assert clean_comment('', 'went_well', 'What went well?') == ''
    assert clean_comment('é' * 2000, 'went_well', 'What went well?') == 'é' * 2000
    with pytest.raises(InvalidInput, match='at most 2,000') as refusal:
        clean_comment('x' * 2001, 'could_be_better', 'What could be better?')
    assert refusal.value.field == 'could_be_better'
    for bad in ('a\x00b', 'a\u202eb', 7):
        with pytest.raises(InvalidInput):
            clean_comment(bad, 'went_well', 'What went well?')


def test_f1_the_average_is_shown_only_from_three_ratings() -> None:
    assert aggregate([5, 4]).average is None
    assert aggregate([5, 4]).count == 2
    assert aggregate([5, 4, 3]).average == 4.0
    assert aggregate([5, 5, 1]).distribution == (1, 0, 0, 0, 2)


@given(st.lists(st.integers(min_value=1, max_value=5), max_size=200))
def test_f1_the_aggregate_counts_every_rating_and_averages_within_its_range(ratings: list[int]) -> None:
    summary = aggregate(ratings)
    assert summary.count == len(ratings)
    assert summary.distribution == tuple(ratings.count(stars) for stars in (1, 2, 3, 4, 5))
    if len(ratings) < 3:
        assert summary.average is None
    else:
        assert summary.average == pytest.approx(sum(ratings) / len(ratings))
        assert min(ratings) <= (summary.average or 0) <= max(ratings)


@given(st.lists(st.integers(min_value=1, max_value=5), min_size=3), st.permutations([1, 2, 3, 4, 5]))
def test_f1_the_aggregate_does_not_depend_on_order(ratings: list[int], order: list[int]) -> None:
    assert aggregate(ratings) == aggregate(sorted(ratings, key=order.index))


def test_f1_a_mark_of_attended_asks_for_feedback_only_once_the_session_completed() -> None:
    assert not asks_on_mark(LIVE, Attendance.ATTENDED, START + timedelta(minutes=5))  # asked at completion instead
    assert asks_on_mark(ENDED_EARLY, Attendance.ATTENDED, START + timedelta(minutes=31))
    assert asks_on_mark(LIVE, Attendance.ATTENDED, END)  # the end time passed: completed, by the clock
    assert not asks_on_mark(ENDED_EARLY, Attendance.NO_SHOW, START + timedelta(minutes=31))


def test_f1_each_mentee_is_asked_about_each_session_under_one_key() -> None:
    assert asked_key(1, 2) == asked_key(1, 2)
    assert len({asked_key(1, 2), asked_key(2, 1), asked_key(1, 3), asked_key(12, 1)}) == 4
    assert len(asked_key(2**63, 2**63)) <= 128  # fits the outbox's dedupe key
