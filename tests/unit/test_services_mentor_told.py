"""U1, N1, E3 (issue 22 item 7): a mentor hears when a session manager reschedules their session or gives it
another mentor — in the inbox and by mail, as data that each reader words in their own zone."""

from __future__ import annotations

from datetime import timedelta

from domain.entities import MailKind, Notice, Recipient, User
from domain.mail import MailSettings, compose
from domain.services.authoring import edit_details
from domain.services.inbox import inbox
from tests.fakes import InMemoryUnitOfWork
from tests.unit.support import END, NOW, START, make_draft, publish, texts

LATER = {'start_at': START + timedelta(hours=2), 'end_at': END + timedelta(hours=2)}


def mails(uow: InMemoryUnitOfWork, user: User) -> list[MailKind]:
    with uow:
        found = uow.mail.latest(1000)
    return [m.kind for m in reversed(found) if m.user_id == user.id]


def notices(uow: InMemoryUnitOfWork, user: User) -> list[Notice]:
    return [n.notice for n in inbox(uow, user) if n.notice is not None]


def test_u1_a_manager_rescheduling_tells_the_mentor_the_new_time_in_the_inbox_and_by_mail(uow, people) -> None:
    session = publish(uow, people.manager, mentor_id=people.mentor.id)
    before = len(mails(uow, people.mentor))
    edit_details(uow, people.manager, session.id, make_draft(**LATER), NOW)
    assert texts(uow, people.mentor)[0] == 'Career talk was rescheduled to 2030-01-08 11:00 UTC.'
    assert notices(uow, people.mentor)[0] == Notice(MailKind.RESCHEDULED, 'Career talk', LATER['start_at'])
    assert mails(uow, people.mentor)[before:] == [MailKind.RESCHEDULED]


def test_u1_a_mentor_rescheduling_their_own_session_is_not_told_of_it(uow, people) -> None:
    session = publish(uow, people.mentor)
    edit_details(uow, people.mentor, session.id, make_draft(**LATER), NOW)
    assert texts(uow, people.mentor) == []
    assert mails(uow, people.mentor) == []


def test_u1_a_manager_replacing_the_mentor_tells_the_old_one_and_the_new_one(uow, people) -> None:
    session = publish(uow, people.manager, mentor_id=people.mentor.id)
    edit_details(uow, people.manager, session.id, make_draft(mentor_id=people.other_mentor.id, **LATER), NOW)
    assert texts(uow, people.mentor)[0] == 'You are no longer the mentor of Career talk on 2030-01-08 09:00 UTC.'
    assert mails(uow, people.mentor)[-1] is MailKind.MENTOR_REPLACED
    assert texts(uow, people.other_mentor) == ['You are the mentor of Career talk on 2030-01-08 11:00 UTC.']
    assert mails(uow, people.other_mentor) == [MailKind.MENTOR_ASSIGNED]  # not told twice (no "rescheduled")


def test_u1_a_manager_taking_the_session_over_tells_only_the_old_mentor(uow, people) -> None:
    session = publish(uow, people.manager, mentor_id=people.mentor.id)
    edit_details(uow, people.manager, session.id, make_draft(mentor_id=people.manager.id), NOW)
    assert texts(uow, people.mentor)[0].startswith('You are no longer the mentor of Career talk')
    assert texts(uow, people.manager) == []


def test_e3_the_mentors_mail_gives_the_new_time_in_their_own_zone(uow, people) -> None:
    session = publish(uow, people.manager, mentor_id=people.mentor.id)
    edit_details(uow, people.manager, session.id, make_draft(**LATER), NOW)
    with uow:
        (message, *_) = uow.mail.latest(1)
        edited = uow.sessions.get(session.id)
    assert message.user_id == people.mentor.id
    in_kolkata = Recipient(people.mentor.id, people.mentor.name, people.mentor.email, 'Asia/Kolkata', frozenset())
    mail = compose(message, in_kolkata, edited, MailSettings('https://m.test', 'a@m.test', 'secret'), NOW)
    assert mail.subject == 'Rescheduled: Career talk'
    assert 'When: Tue 08 Jan 2030, 16:30 IST (Asia/Kolkata)' in mail.text
