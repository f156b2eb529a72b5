"""A1, F1 in the demo: the history's completed sessions come with attendance marks, ratings, comments and the
mentor's form, so mentors' averages, summaries and read-only attendance can be tried at once."""

from __future__ import annotations

from datetime import timedelta

from domain.entities import MentoringSession
from domain.feedback import Attendance, Feedback, MentorFeedback
from domain.ports import UnitOfWork

RATINGS = (5, 4, 5, 3, 4, 5, 4, 2)
WENT_WELL = ('Clear examples and time for questions.', 'Practical tips I can use next week.', '')
BETTER = ('', 'A little more time for the exercises.', 'Slides shared before the session.')


def seed_feedback(uow: UnitOfWork, session: MentoringSession, mentee_ids: list[int], attended: int) -> None:
    """The mentees after the first `attended` were no-shows; of those who came, every fourth skipped."""
    done = session.completed_at or session.end_at
    for mentee_id in mentee_ids[attended:]:
        uow.feedback.set_mark(session.id, mentee_id, Attendance.NO_SHOW, session.mentor_id, done + timedelta(minutes=5))
    for number, mentee_id in enumerate(mentee_ids[:attended]):
        turn = number + len(session.title)
        rating = None if number % 4 == 3 else RATINGS[turn % len(RATINGS)]
        went_well, better = ('', '') if rating is None else (WENT_WELL[turn % 3], BETTER[turn % 3])
        at = done + timedelta(hours=1 + number)
        uow.feedback.save_answer(Feedback(session.id, mentee_id, rating, went_well, better, at))
    notes = 'Engaged group with good questions.'
    uow.feedback.save_mentor_answer(MentorFeedback(session.id, session.mentor_id, 4, notes, done + timedelta(hours=1)))
