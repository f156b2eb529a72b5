"""N1, N2, N4, N5: which changes queue which mails, reminders from the schedule, mail choices and unsubscribing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.entities import MailKind, MailStatus, User
from domain.errors import InvalidInput, PermissionDenied
from domain.mail import MailSettings, compose, unsubscribe_token
from domain.services import mail_choices, outbox
from domain.services.authoring import delete_session, edit_details
from domain.services.enrollment import enroll, unenroll
from domain.services.reminders import ReminderPlan, due_offset, plan_from, queue_due_reminders
from domain.services.running import start_session
from tests.fakes import InMemoryUnitOfWork
from tests.unit.support import NOW, START, make_draft, publish

SECRET = 'test-secret'
HOUR, MINUTE = timedelta(hours=1), timedelta(minutes=1)


def mails(uow: InMemoryUnitOfWork, user: User | None = None) -> list[tuple[int, MailKind]]:
    with uow:
        found = uow.mail.latest(1000)
    return [(m.user_id, m.kind) for m in reversed(found) if user is None or m.user_id == user.id]


def test_n1_each_notice_and_enrollment_queues_its_mail(uow, people) -> None:
    ana, bjorn = people.mentees[0], people.mentees[1]
    session = publish(uow, people.manager, mentor_id=people.mentor.id, mentee_ids=(ana.id,))
    enroll(uow, bjorn, session.id, NOW)
    unenroll(uow, bjorn, session.id, NOW)
    edit_details(uow, people.manager, session.id, make_draft(start_at=START + HOUR, end_at=START + 2 * HOUR), NOW)
    start_session(uow, people.mentor, session.id, START + HOUR)
    assert mails(uow, ana) == [
        (ana.id, MailKind.INVITED),
        (ana.id, MailKind.MEETING),
        (ana.id, MailKind.RESCHEDULED),
        (ana.id, MailKind.LIVE),
    ]
    assert mails(uow, bjorn) == [(bjorn.id, MailKind.ENROLLED), (bjorn.id, MailKind.UNENROLLED)]
    assert mails(uow, people.mentor) == [  # issue 22 item 7: the manager's reschedule reaches the mentor too
        (people.mentor.id, MailKind.MENTOR_ASSIGNED),
        (people.mentor.id, MailKind.RESCHEDULED),
    ]


def test_n1_deleting_a_session_mails_its_mentees_a_cancellation(uow, people) -> None:
    ana = people.mentees[0]
    session = publish(uow, people.manager, mentee_ids=(ana.id,))
    delete_session(uow, people.manager, session.id, NOW)
    assert mails(uow, ana)[-1] == (ana.id, MailKind.CANCELLED)


def test_n2_reminder_offsets_pick_the_nearest_one_reached() -> None:
    mentor = (24 * HOUR, HOUR)
    assert due_offset(mentor, 25 * HOUR) is None
    assert due_offset(mentor, 23 * HOUR) == 24 * HOUR
    assert due_offset(mentor, 30 * MINUTE) == HOUR  # a late session gets the 1-hour reminder only
    assert due_offset(mentor, timedelta(0)) is None


def test_n2_mentors_are_reminded_24_hours_and_1_hour_before_mentees_15_minutes_before_each_once(uow, people) -> None:
    ana = people.mentees[0]
    session = publish(uow, people.manager, mentor_id=people.mentor.id, mentee_ids=(ana.id,))
    start = session.start_at
    before = len(mails(uow))
    moments = [start - 24 * HOUR, start - 23 * HOUR, start - HOUR, start - 59 * MINUTE, start - 15 * MINUTE, start]
    queued = [queue_due_reminders(uow, moment) for moment in moments]
    assert queued == [1, 0, 1, 0, 1, 0]
    reminders = mails(uow)[before:]
    assert reminders == [
        (people.mentor.id, MailKind.REMINDER),
        (people.mentor.id, MailKind.REMINDER),
        (ana.id, MailKind.REMINDER),
    ]


def test_n2_a_rescheduled_session_is_reminded_at_its_new_time_and_a_deleted_one_never(uow, people) -> None:
    ana = people.mentees[0]
    session = publish(uow, people.manager, mentor_id=people.mentor.id, mentee_ids=(ana.id,))
    moved = START + 5 * HOUR
    edit_details(uow, people.manager, session.id, make_draft(start_at=moved, end_at=moved + HOUR), NOW)
    mentees_only = ReminderPlan(mentor=())
    assert queue_due_reminders(uow, START - 15 * MINUTE, mentees_only) == 0  # the old time means nothing now
    assert queue_due_reminders(uow, moved - 15 * MINUTE, mentees_only) == 1
    delete_session(uow, people.manager, session.id, NOW)
    assert queue_due_reminders(uow, moved - 10 * MINUTE, ReminderPlan(mentor=(), mentee=(10 * MINUTE,))) == 0


def test_n2_reminder_offsets_come_from_the_setting() -> None:
    assert plan_from('mentor:2d, mentee:30m,mentee:5m') == ReminderPlan((48 * HOUR,), (30 * MINUTE, 5 * MINUTE))
    assert plan_from('') == ReminderPlan((), ())
    for bad in ('mentor:24', 'admin:1h', 'mentee:0m', 'mentee:xm'):
        with pytest.raises(ValueError, match='MENTOR_REMINDERS'):
            plan_from(bad)


def test_n4_one_click_unsubscribe_turns_that_kind_off_and_a_forged_token_is_refused(uow, people) -> None:
    ana = people.mentees[0]
    assert mail_choices.unsubscribe(uow, SECRET, unsubscribe_token(SECRET, ana.id, MailKind.REMINDER)) is (
        MailKind.REMINDER
    )
    assert mail_choices.muted_kinds(uow, ana) == {MailKind.REMINDER}
    forged = unsubscribe_token('another secret', ana.id, MailKind.INVITED)
    for token in (forged, '', 'x.y.z', f'{ana.id}.INVITED.', '1.NOPE.abc'):
        with pytest.raises(InvalidInput):
            mail_choices.unsubscribe(uow, SECRET, token)
    mail_choices.choose_mail(uow, ana, frozenset(MailKind) - {MailKind.LIVE})
    assert mail_choices.muted_kinds(uow, ana) == {MailKind.LIVE}


def test_n5_the_outbox_is_for_org_admins(uow, people) -> None:
    publish(uow, people.manager, mentee_ids=(people.mentees[0].id,))
    overview = outbox.outbox_overview(uow, people.admin)
    assert overview.counts[MailStatus.PENDING] == len(overview.messages) > 0
    assert overview.messages[-1].recipient == people.mentees[0].email
    with pytest.raises(PermissionDenied):
        outbox.outbox_overview(uow, people.manager)


def test_n1_a_reminder_says_how_long_until_the_start_in_the_recipients_zone(uow, people) -> None:
    ana = people.mentees[0]
    session = publish(uow, people.manager, mentee_ids=(ana.id,))
    queue_due_reminders(uow, START - 15 * MINUTE)
    with uow:
        message = uow.mail.latest(1)[0]
        uow.mail.set_time_zone(ana.id, 'America/Sao_Paulo')
        recipient = uow.mail.recipients([ana.id])[ana.id]
    settings = MailSettings('https://m.example', 'noreply@m.example', SECRET)
    mail = compose(message, recipient, session, settings, START - 15 * MINUTE)
    assert mail.subject == 'Reminder: Career talk starts in 15 minutes'
    assert 'When: Tue 08 Jan 2030, 06:00 -03 (America/Sao_Paulo)' in mail.text
    assert f'https://m.example/sessions/{session.id}' in mail.html
