"""A1, F1 as a simulated user: the feedback form, the mentor's form, the summary on the session page and the
attendance marks in the Mentee list window — all on the demo's sessions."""

from __future__ import annotations

from collections.abc import Callable

from nicegui import ui
from nicegui.testing import User

from domain.feedback import Attendance
from domain.services import aftermath, enrollment, running
from tests.ui.conftest import should_not_see_on_page, sign_in_as
from tests.ui.details_card import press
from ui.components.aftermath_panel import rating_text
from ui.context import app_context, utc_now

WRITING = 'Writing a strong personal statement'  # Daniel's, completed 3 days ago: 4 of 5 mentees attended
SCIENCE = 'Science experiments at home'  # Daniel's, Live, 4 enrolled, nobody joined yet
XSS = '<img src=x onerror=alert(1)>'


def session_id_of(title: str, mentor: str = 'mentor@demo.test') -> int:
    """Test set-up: a demo session's id, read from the database the app uses."""
    with app_context().uow_factory(read_only=True) as uow:
        found = uow.users.by_email(mentor)
        assert found is not None
        for finished in (False, True):
            for summary in uow.sessions.for_mentor(found.id, 1, 500, finished=finished, now=utc_now()).items:
                if summary.session.title == title:
                    return summary.session.id
    raise AssertionError(title)


async def test_f1_an_attendee_rates_with_a_radio_group_and_a_refusal_keeps_what_was_typed(user: User) -> None:
    await sign_in_as(user, 'mentee23@demo.test')  # attended WRITING
    session_id = session_id_of(WRITING)
    await user.open(f'/sessions/{session_id}/feedback')
    await user.should_see(f'How was {WRITING}?')
    user.find('What went well? (optional)').type(XSS)
    user.find('Submit').click()
    await user.should_see('Choose a rating from 1 to 5.')
    (typed,) = user.find(kind=ui.textarea, content='What went well? (optional)').elements
    assert typed.value == XSS  # nothing typed is lost (E2)
    (radio,) = user.find(kind=ui.radio).elements
    assert radio.props['role'] == 'radiogroup'
    radio.value = 4
    user.find('Submit').click()
    await user.should_see('Change your feedback', retries=50)  # back on the session page
    await user.open(f'/sessions/{session_id}/feedback')
    await user.should_see('Your answer is saved; you can change it.')


async def test_f1_the_mentor_sees_the_summary_without_names_and_comments_as_text(
    user: User, create_user: Callable[[], User]
) -> None:
    session_id = session_id_of(WRITING)
    mentee = create_user()
    await sign_in_as(mentee, 'mentee24@demo.test')
    await mentee.open(f'/sessions/{session_id}/feedback')
    await mentee.should_see(f'How was {WRITING}?')
    mentee.find(kind=ui.radio).elements.pop().value = 5
    mentee.find('What could be better? (optional)').type(XSS)
    mentee.find('Submit').click()
    await mentee.should_see('Change your feedback', retries=50)

    await sign_in_as(user, 'mentor@demo.test')
    await user.open(f'/sessions/{session_id}')
    await user.should_see('After the session', retries=50)
    await user.should_see(f'Could be better: {XSS}')  # a label's text: shown, never run
    await user.should_see('A mentee · 5 of 5')
    await should_not_see_on_page(user, 'Elena Petrova')  # mentee24's name


async def test_f1_the_mentor_answers_their_short_form(user: User) -> None:
    await sign_in_as(user, 'mentor@demo.test')
    session_id = session_id_of(WRITING)
    await user.open(f'/sessions/{session_id}/feedback')
    await user.should_see('How engaged were the mentees?')
    user.find(kind=ui.radio).elements.pop().value = 3
    user.find('Notes (optional)').type('Good questions')
    user.find('Submit').click()
    await user.should_see("Mentor's view:", retries=50)
    await user.should_see('engagement 3 of 5 — Good questions')


async def test_f1_someone_who_did_not_attend_is_told_so_instead_of_a_form(user: User) -> None:
    await sign_in_as(user, 'mentee1@demo.test')
    await user.open(f'/sessions/{session_id_of(WRITING)}/feedback')
    await user.should_see('Only mentees who attended this session can rate it.')
    await should_not_see_on_page(user, 'Submit')


async def test_a1_the_mentor_marks_attendance_while_live_and_the_counts_follow(user: User) -> None:
    await sign_in_as(user, 'mentor@demo.test')
    session_id = session_id_of(SCIENCE)
    await user.open(f'/sessions/{session_id}')
    await user.should_see('Attended:', retries=50)
    await press(user, 'View list')
    await user.should_see('0 / 4 attended', retries=50)
    toggles = user.find(kind=ui.toggle).elements
    assert len(toggles) == 4
    sorted(toggles, key=lambda t: t.id)[0].value = Attendance.ATTENDED
    await user.should_see('1 / 4 attended', retries=50)
    await user.should_see('1 / 4 enrolled', retries=50)  # the session page's count, live


async def test_a1_attendance_is_read_only_48_hours_after_with_the_reason(user: User) -> None:
    await sign_in_as(user, 'mentor@demo.test')
    await user.open(f'/sessions/{session_id_of(WRITING)}')
    await user.should_see('4 / 5 enrolled', retries=50)
    await press(user, 'View list')
    await user.should_see('Attendance is read-only: it can be changed only up to 48 hours after the session ended.')
    await user.should_not_see(kind=ui.toggle)


async def test_f1_the_request_is_reached_from_my_sessions(user: User) -> None:
    await sign_in_as(user, 'mentee25@demo.test')  # attended WRITING
    await user.open('/my-sessions')
    await user.should_see('Your feedback, please', retries=50)
    await user.should_see(f'How was {WRITING}?')
    user.find('Give feedback').click()
    await user.should_see('What could be better? (optional)', retries=50)


async def test_f1_when_the_mentor_ends_the_session_the_attendee_finds_the_request_in_the_inbox(user: User) -> None:
    session_id = session_id_of(SCIENCE)
    context = app_context()
    with context.uow_factory(read_only=True) as uow:
        mentee, mentor = uow.users.by_email('mentee19@demo.test'), uow.users.by_email('mentor@demo.test')
    assert mentee is not None and mentor is not None
    enrollment.join_session(context.uow_factory(), mentee, session_id, context.clock())
    running.end_session(context.uow_factory(), mentor, session_id, context.clock())
    await sign_in_as(user, 'mentee19@demo.test')
    await user.open('/inbox')
    await user.should_see(f'How was {SCIENCE}?', retries=50)
    user.find('Give feedback').click()
    await user.should_see('Your rating', retries=50)
    await user.should_see(f'How was {SCIENCE}?')


async def test_f1_a_new_rating_reaches_the_mentors_average_on_the_page_of_another_of_their_sessions(user: User) -> None:
    """F1: the mentor's average follows every rating, whichever of their sessions it rates — here the page of
    SCIENCE (Live) while WRITING is rated by another client."""
    context = app_context()
    writing, science = session_id_of(WRITING), session_id_of(SCIENCE)
    with context.uow_factory(read_only=True) as uow:
        daniel = uow.users.by_email('mentor@demo.test')
        assert daniel is not None
        before = uow.feedback.mentor_ratings(daniel.id)
    sheet = aftermath.attendance_sheet(context.uow_factory(), daniel, writing, context.clock())
    with context.uow_factory(read_only=True) as uow:
        rater = next(
            e.mentee
            for e in sheet.entries
            if e.attendance is Attendance.ATTENDED and uow.feedback.answer(writing, e.mentee.id) is None
        )
    await sign_in_as(user, 'mentor@demo.test')
    await user.open(f'/sessions/{science}')
    await user.should_see(rating_text(before), retries=50)

    aftermath.submit_feedback(context.uow_factory(), rater, writing, 1, '', '', context.clock())  # another client
    with context.uow_factory(read_only=True) as uow:
        after = uow.feedback.mentor_ratings(daniel.id)
    assert after.count == before.count + 1
    await user.should_see(rating_text(after), retries=50)  # no reload
    await should_not_see_on_page(user, rating_text(before))


async def test_f1_a_mentee_marked_attended_after_completion_is_asked_live_and_a_no_show_withdraws_it(
    user: User,
) -> None:
    """F1: SCIENCE ends with nobody joined; the mentor marks a mentee Attended (within the 48 hours): the request
    appears on their open My sessions and in the inbox; marked No-show again, it leaves My sessions and the form
    refuses with the reason."""
    context = app_context()
    science = session_id_of(SCIENCE)
    with context.uow_factory(read_only=True) as uow:
        daniel = uow.users.by_email('mentor@demo.test')
    assert daniel is not None
    running.end_session(context.uow_factory(), daniel, science, context.clock())
    mentee = aftermath.attendance_sheet(context.uow_factory(), daniel, science, context.clock()).entries[0].mentee
    await sign_in_as(user, mentee.email)
    await user.open('/my-sessions')
    await user.should_see('My sessions', retries=50)
    await should_not_see_on_page(user, f'How was {SCIENCE}?')

    aftermath.mark_attendance(context.uow_factory(), daniel, science, mentee.id, Attendance.ATTENDED, context.clock())
    await user.should_see(f'How was {SCIENCE}?', retries=50)  # live, on the open page
    aftermath.mark_attendance(context.uow_factory(), daniel, science, mentee.id, Attendance.NO_SHOW, context.clock())
    await should_not_see_on_page(user, f'How was {SCIENCE}?', retries=50)

    await user.open('/inbox')
    await user.should_see(f'How was {SCIENCE}?', retries=50)  # the notice stays, once
    assert len(user.find(f'How was {SCIENCE}?').elements) == 1
    user.find('Give feedback').click()
    await user.should_see('Only mentees who attended this session can rate it.', retries=50)


async def test_f1_a_tampered_rating_through_the_websocket_is_refused_with_a_message(user: User) -> None:
    """F1: what a tampered page sends for the radio group (an index out of range, 2.5, text, a list) never becomes a
    rating; Submit is refused with the message and nothing is saved."""
    await sign_in_as(user, 'mentee23@demo.test')  # attended WRITING
    session_id = session_id_of(WRITING)
    await user.open(f'/sessions/{session_id}/feedback')
    await user.should_see(f'How was {WRITING}?')
    radio = user.find(kind=ui.radio)
    for tampered in (99, 6, 2.5, 'five', [1], {'value': 5}):
        radio.trigger('update:model-value', tampered)  # as the websocket delivers the radio's choice
    (element,) = radio.elements
    assert element.value is None
    user.find('Submit').click()
    await user.should_see('Choose a rating from 1 to 5.')
    with app_context().uow_factory(read_only=True) as uow:
        mentee = uow.users.by_email('mentee23@demo.test')
        assert mentee is not None
        assert uow.feedback.answer(session_id, mentee.id) is None


async def test_f1_a_session_manager_sees_the_summary_with_the_raters_names(user: User) -> None:
    session_id = session_id_of(WRITING)
    context = app_context()
    with context.uow_factory(read_only=True) as uow:
        manager, rater = uow.users.by_email('manager@demo.test'), uow.users.by_email('mentee24@demo.test')
    assert manager is not None and manager.is_session_manager and rater is not None
    aftermath.submit_feedback(context.uow_factory(), rater, session_id, 4, 'Good pace', '', context.clock())
    summary = aftermath.feedback_summary(context.uow_factory(), manager, session_id)
    assert rater.name in {c.author for c in summary.comments}
    await sign_in_as(user, 'manager@demo.test')
    await user.open(f'/sessions/{session_id}')
    await user.should_see('After the session', retries=50)
    for comment in summary.comments:
        await user.should_see(f'{comment.author} · {comment.rating} of 5')
    await should_not_see_on_page(user, 'A mentee ·')
