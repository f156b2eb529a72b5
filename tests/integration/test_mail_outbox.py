"""N1, N4, N5: mail written with the change that causes it, sent through a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from email.message import EmailMessage

import pytest
from icalendar import Calendar
from sqlalchemy import Engine

from domain.entities import Enrollment, EnrollmentType, MailKind, MailStatus, OutboxMessage, User
from domain.errors import SeatsFull
from domain.mail import CalendarFile, Mail, MailSettings
from domain.ports import DuplicateEnrollment, MailToQueue
from domain.services import authoring, enrollment, outbox
from domain.services._shared import queue_mail
from domain.services.reminders import queue_due_reminders
from persistence.events import InMemoryEventBus
from persistence.smtp import SmtpMailSender, SmtpServer, build_message
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.integration.builders import HOUR, NOW, add_mentor, add_session, add_user
from tests.mail_sink import SmtpServerOnLoopback, running_smtp_server

SETTINGS = MailSettings('https://mentor.example.org', 'Mentor sessions <noreply@mentor.example.org>', 'test-secret')
Factory = SqlUnitOfWorkFactory
Smtp = SmtpServerOnLoopback
FAST = outbox.RetryPolicy(first_wait=timedelta(seconds=10), max_tries=3)


class Clock:
    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def smtp() -> Iterator[SmtpServerOnLoopback]:
    with running_smtp_server() as server:
        yield server


def sender_for(server: SmtpServerOnLoopback) -> SmtpMailSender:
    return SmtpMailSender(SmtpServer.from_url(server.url), timeout=5)


def send(factory: SqlUnitOfWorkFactory, server: SmtpServerOnLoopback, clock: Clock | None = None) -> int:
    """One batch of due messages over a connection of its own."""
    return outbox.send_backlog(factory, sender_for(server), SETTINGS, clock or Clock(), FAST, max_batches=1)


def messages(factory: SqlUnitOfWorkFactory) -> list[OutboxMessage]:
    with factory() as uow:
        return uow.mail.latest(1000)


def enrolled_mentee(factory: SqlUnitOfWorkFactory, *, name: str = 'Zoë Müller', title: str = 'Public speaking') -> User:
    mentor = add_mentor(factory)
    session = add_session(factory, mentor, title=title, start_at=NOW + 26 * HOUR)
    mentee = add_user(factory, name, email='zoe@example.test')
    with factory() as uow:
        uow.mail.set_time_zone(mentee.id, 'Asia/Kolkata')
        uow.commit()
    enrollment.enroll(factory(), mentee, session.id, NOW)
    return mentee


def parts(message: EmailMessage) -> dict[str, str]:
    return {part.get_content_type(): str(part.get_content()) for part in message.walk() if not part.is_multipart()}


def test_n1_enrollment_confirmation_arrives_with_its_headers_both_parts_zone_and_link(
    uow_factory: Factory, smtp: Smtp
) -> None:
    enrolled_mentee(uow_factory)
    assert send(uow_factory, smtp) == 1
    [mail] = smtp.sink.messages
    assert mail['Subject'] == 'Enrolled: Public speaking'
    assert mail['To'].addresses[0].display_name == 'Zoë Müller'
    assert mail['To'].addresses[0].addr_spec == 'zoe@example.test'
    assert mail['Message-ID'].startswith('<outbox-1-') and mail['Message-ID'].endswith('@mentor.example.org>')
    assert mail['List-Unsubscribe'].startswith('<https://mentor.example.org/mail/unsubscribe?token=')
    assert mail['List-Unsubscribe-Post'] == 'List-Unsubscribe=One-Click'
    body = parts(mail)
    assert set(body) >= {'text/plain', 'text/html'}
    # 26 hours after 12:00 UTC on 1 June 2030 is 14:00 UTC on 2 June: 19:30 in India, the zone named.
    for text in (body['text/plain'], body['text/html']):
        assert 'Sun 02 Jun 2030, 19:30 IST (Asia/Kolkata)' in text
        assert 'https://mentor.example.org/sessions/1' in text
    [sent] = messages(uow_factory)
    assert (sent.status, sent.tries, sent.sent_at) == (MailStatus.SENT, 1, NOW)


def test_n5_a_refused_or_rolled_back_change_leaves_no_mail(uow_factory: SqlUnitOfWorkFactory) -> None:
    mentor = add_mentor(uow_factory)
    session = add_session(uow_factory, mentor, seat_limit=1)
    first, second = add_user(uow_factory, 'Ana Mentee'), add_user(uow_factory, 'Bo Mentee')
    enrollment.enroll(uow_factory(), first, session.id, NOW)
    with pytest.raises(SeatsFull):
        enrollment.enroll(uow_factory(), second, session.id, NOW)
    with uow_factory() as uow:  # queued, then the block leaves without commit
        queue_mail(uow, [second.id], MailKind.REMINDER, 'never', NOW, session.id)
    assert [(m.user_id, m.kind) for m in messages(uow_factory)] == [(first.id, MailKind.ENROLLED)]


def test_n5_p4_an_enrollment_and_its_mail_are_written_together_or_not_at_all(uow_factory: Factory) -> None:
    """`take_seat` (one statement on PostgreSQL, P4) queues the e-mail `MailRepository.add` would queue; an
    enrollment the unique constraint refuses leaves no mail."""
    session = add_session(uow_factory, add_mentor(uow_factory))
    mentee = add_user(uow_factory, 'Ana Mentee')

    def take_seat(text: str) -> int | None:
        with uow_factory() as uow:
            seen = uow.enrollments.seat_check(session.id, 404, lock=False)  # as if the mentee were not in yet
            assert seen is not None
            enrolled = Enrollment(session.id, mentee.id, EnrollmentType.ENROLLED, NOW)
            taken = uow.enrollments.take_seat(enrolled, MailToQueue(MailKind.ENROLLED, text), seen)
            uow.commit()
            return taken

    assert take_seat('You enrolled in Maths.') == 1
    with pytest.raises(DuplicateEnrollment):
        take_seat('twice')
    [queued] = messages(uow_factory)
    assert (queued.user_id, queued.kind, queued.session_id, queued.text) == (
        mentee.id,
        MailKind.ENROLLED,
        session.id,
        'You enrolled in Maths.',
    )
    assert (queued.status, queued.tries, queued.created_at, queued.next_attempt_at) == (MailStatus.PENDING, 0, NOW, NOW)
    with uow_factory(read_only=True) as uow:
        assert [e.mentee_id for _, e in uow.enrollments.mentee_list(session.id)] == [mentee.id]


def test_n5_while_the_server_is_down_mail_waits_and_goes_out_once_it_is_back(uow_factory: Factory, smtp: Smtp) -> None:
    enrolled_mentee(uow_factory)
    smtp.stop()
    clock = Clock()
    send(uow_factory, smtp, clock)
    [waiting] = messages(uow_factory)
    assert (waiting.status, waiting.tries) == (MailStatus.PENDING, 1)
    assert 'Cannot reach the SMTP server' in waiting.last_error
    assert waiting.next_attempt_at == NOW + timedelta(seconds=10)
    smtp.start()
    assert send(uow_factory, smtp, clock) == 0  # not due yet: back-off
    clock.now = NOW + timedelta(seconds=10)
    assert send(uow_factory, smtp, clock) == 1
    [sent] = messages(uow_factory)
    assert (sent.status, sent.tries, sent.last_error) == (MailStatus.SENT, 2, '')
    assert len(smtp.sink.messages) == 1


def test_n5_a_4xx_answer_retries_with_growing_waits_then_gives_up(uow_factory: Factory, smtp: Smtp) -> None:
    enrolled_mentee(uow_factory)
    smtp.sink.reply = '451 4.3.0 Mailbox busy, try later'
    clock = Clock()
    waits = []
    for _ in range(FAST.max_tries):
        send(uow_factory, smtp, clock)
        [message] = messages(uow_factory)
        waits.append(message.next_attempt_at and message.next_attempt_at - clock.now)
        clock.now = (message.next_attempt_at or clock.now) + timedelta(seconds=1)
    assert waits[:2] == [timedelta(seconds=10), timedelta(seconds=20)]
    assert (message.status, message.tries) == (MailStatus.FAILED, 3)
    assert message.last_error == 'Gave up after 3 tries. 451 4.3.0 Mailbox busy, try later'
    assert smtp.sink.messages == []


def test_n5_a_5xx_answer_fails_at_once_and_says_why(uow_factory: Factory, smtp: Smtp) -> None:
    enrolled_mentee(uow_factory)
    smtp.sink.reply = '550 5.1.1 No such mailbox'
    send(uow_factory, smtp)
    [message] = messages(uow_factory)
    assert (message.status, message.tries, message.last_error) == (MailStatus.FAILED, 1, '550 5.1.1 No such mailbox')


def test_n1_titles_with_line_breaks_cannot_add_headers(uow_factory: Factory, smtp: Smtp) -> None:
    enrolled_mentee(uow_factory, name='Eve\r\nBcc: victim@example.test', title='Talk\r\nBcc: victim@example.test\n\nX')
    send(uow_factory, smtp)
    [mail] = smtp.sink.messages
    assert mail['Bcc'] is None
    assert mail['Subject'] == 'Enrolled: Talk Bcc: victim@example.test X'
    assert smtp.sink.envelopes[0][1] == ['zoe@example.test']


def test_n1_non_ascii_names_subjects_and_a_255_character_emoji_title_survive(uow_factory: Factory, smtp: Smtp) -> None:
    title = '🎓' * 250 + ' שלום'  # 255 characters, right-to-left text at the end
    enrolled_mentee(uow_factory, name='Łukasz Nowak «مرحبا»', title=title)
    send(uow_factory, smtp)
    [mail] = smtp.sink.messages
    assert mail['Subject'] == f'Enrolled: {title}'
    assert mail['To'].addresses[0].display_name == 'Łukasz Nowak «مرحبا»'
    [raw] = smtp.sink.raw
    headers = raw.split(b'\r\n\r\n')[0].decode('ascii')  # 7-bit on the wire: RFC 2047 encoded words
    assert max(len(line) for line in headers.split('\r\n')) <= 78  # folded
    assert '=?utf-8?' in headers.partition('Subject:')[2]


def test_n1_an_internationalised_address_goes_out_with_smtputf8(uow_factory: Factory, smtp: Smtp) -> None:
    mentor = add_mentor(uow_factory)
    session = add_session(uow_factory, mentor)
    mentee = add_user(uow_factory, 'Zoë', email='zoë@bücher.example')
    enrollment.enroll(uow_factory(), mentee, session.id, NOW)
    send(uow_factory, smtp)
    [mail] = smtp.sink.messages
    assert mail['To'].addresses[0].addr_spec == 'zoë@bücher.example'


def test_n1_an_invalid_address_fails_with_a_reason(uow_factory: Factory, smtp: Smtp) -> None:
    mentor = add_mentor(uow_factory)
    session = add_session(uow_factory, mentor)
    mentee = add_user(uow_factory, 'Nobody', email='not an address')
    enrollment.enroll(uow_factory(), mentee, session.id, NOW)
    send(uow_factory, smtp)
    [message] = messages(uow_factory)
    assert message.status is MailStatus.FAILED
    assert message.last_error.startswith('Not a valid e-mail address')


def test_n4_a_muted_kind_is_skipped_and_shows_why(uow_factory: Factory, smtp: Smtp) -> None:
    mentee = enrolled_mentee(uow_factory)
    with uow_factory() as uow:
        uow.mail.set_muted(mentee.id, frozenset({MailKind.ENROLLED}))
        uow.commit()
    send(uow_factory, smtp)
    [message] = messages(uow_factory)
    assert (message.status, message.last_error) == (MailStatus.SKIPPED, 'The recipient turned this kind of e-mail off.')
    assert smtp.sink.messages == []


def test_n2_a_reminder_is_queued_once_however_many_instances_and_rounds_and_never_for_a_deleted_session(
    engine: Engine, uow_factory: Factory, smtp: Smtp
) -> None:
    mentor = add_mentor(uow_factory)
    session = add_session(uow_factory, mentor, start_at=NOW + HOUR)
    other_instance = SqlUnitOfWorkFactory(engine, InMemoryEventBus(), instance_id='other')
    rounds = [NOW, NOW + timedelta(seconds=1), NOW + timedelta(minutes=2)]
    queued = [queue_due_reminders(factory(), moment) for moment in rounds for factory in (uow_factory, other_instance)]
    assert sum(queued) == 1
    with uow_factory() as uow:  # then the session is deleted before the reminder went out
        stored = uow.sessions.get(session.id)
        assert stored is not None
        uow.sessions.update(replace(stored, deleted_at=NOW))
        uow.commit()
    send(uow_factory, smtp)
    [reminder] = messages(uow_factory)
    assert (reminder.kind, reminder.status) == (MailKind.REMINDER, MailStatus.SKIPPED)
    assert smtp.sink.messages == []


def calendar_of(mail: EmailMessage) -> Calendar:
    [part] = [p for p in mail.walk() if p.get_content_type() == 'text/calendar']
    return Calendar.from_ical(part.get_content())


def test_n3_enrollment_mail_carries_a_request_and_deletion_a_cancel_with_the_same_uid_and_no_lower_sequence(
    uow_factory: Factory, smtp: Smtp
) -> None:
    enrolled_mentee(uow_factory)
    with uow_factory() as uow:
        [session] = [s for s in (uow.sessions.get(1),) if s is not None]
        mentor = uow.users.get(session.mentor_id)
    assert mentor is not None
    send(uow_factory, smtp)
    authoring.delete_session(uow_factory(), mentor, session.id, NOW + HOUR)
    send(uow_factory, smtp, Clock(NOW + HOUR))
    invitation, cancellation = (calendar_of(mail) for mail in smtp.sink.messages)
    assert smtp.sink.messages[1]['Subject'] == 'Cancelled: Public speaking'
    assert (str(invitation['METHOD']), str(cancellation['METHOD'])) == ('REQUEST', 'CANCEL')
    [event] = invitation.walk('VEVENT')
    [cancelled] = cancellation.walk('VEVENT')
    assert event.decoded('DTSTART') == session.start_at
    assert event['UID'] == cancelled['UID']
    assert cancelled.decoded('SEQUENCE') > event.decoded('SEQUENCE')
    assert str(event['ATTENDEE']).lower() == 'mailto:zoe@example.test'


def backlog_of(factory: SqlUnitOfWorkFactory, count: int) -> None:
    session = add_session(factory, add_mentor(factory), start_at=NOW + 26 * HOUR)
    people = [add_user(factory, f'Person {n}') for n in range(count)]
    with factory() as uow:
        for person in people:
            queue_mail(uow, [person.id], MailKind.EDITED, 'edited', NOW, session.id)
        uow.commit()


def test_p8_n5_a_backlog_goes_out_over_one_connection_and_one_dropped_after_a_refusal_is_opened_again(
    uow_factory: Factory, smtp: Smtp
) -> None:
    """P8: the batches of a round share one SMTP connection; after a message the server refused for now (421: it
    is closing), the rest of the round goes over a new one — that message waits for its retry, nothing is lost."""
    backlog_of(uow_factory, 45)  # three batches of 20
    smtp.sink.replies = [None] * 25 + ['421 4.3.2 Service shutting down']
    assert outbox.send_backlog(uow_factory, sender_for(smtp), SETTINGS, Clock(), FAST) == 45
    assert len(smtp.sink.messages) == 44
    peers = smtp.sink.peers
    assert len(set(peers[:25])) == 1 and len(set(peers[25:])) == 1 and peers[0] != peers[-1]
    [waiting] = [m for m in messages(uow_factory) if m.status is not MailStatus.SENT]
    assert (waiting.status, waiting.tries, waiting.last_error) == (
        MailStatus.PENDING,
        1,
        '421 4.3.2 Service shutting down',
    )


def test_p8_n5_a_round_stops_after_a_short_batch_and_after_its_batch_limit(uow_factory: Factory, smtp: Smtp) -> None:
    backlog_of(uow_factory, 45)
    sender = sender_for(smtp)
    assert outbox.send_backlog(uow_factory, sender, SETTINGS, Clock(), FAST, max_batches=1) == 20
    assert outbox.send_backlog(uow_factory, sender, SETTINGS, Clock(), FAST) == 25  # 20, then a short 5
    assert outbox.send_backlog(uow_factory, sender, SETTINGS, Clock(), FAST) == 0
    assert len(set(smtp.sink.message_ids())) == 45


def test_p8_n5_mail_built_ahead_goes_out_in_order_and_a_bad_address_or_muted_kind_stops_only_its_own(
    uow_factory: Factory, smtp: Smtp
) -> None:
    """P8: the next messages are built on another thread while one is on the wire; a message that cannot be built
    (a bad address) fails alone, one not to send is skipped, and every outcome is recorded after one try."""
    session = add_session(uow_factory, add_mentor(uow_factory), start_at=NOW + 26 * HOUR)
    people = [add_user(uow_factory, f'Person {n}') for n in range(8)]
    people[2] = add_user(uow_factory, 'Nobody', email='not an address')
    with uow_factory() as uow:
        uow.mail.set_muted(people[5].id, frozenset({MailKind.EDITED}))
        for person in people:
            queue_mail(uow, [person.id], MailKind.EDITED, 'edited', NOW, session.id)
        uow.commit()
    assert send(uow_factory, smtp) == 8
    queued = sorted(messages(uow_factory), key=lambda m: m.id)
    sent = [m for m in queued if m.status is MailStatus.SENT]
    assert [f'<outbox-{m.id}-{NOW:%Y%m%d%H%M%S}@mentor.example.org>' for m in sent] == smtp.sink.message_ids()
    assert [m.status for m in queued] == [MailStatus.SENT] * 2 + [MailStatus.FAILED] + [MailStatus.SENT] * 2 + [
        MailStatus.SKIPPED
    ] + [MailStatus.SENT] * 2
    assert {m.tries for m in queued} == {1}
    assert queued[2].last_error.startswith('Not a valid e-mail address')


def test_p8_building_messages_leaves_no_garbage_behind() -> None:
    """P8: the sender's memory stays flat. The `email` package's header registry made a new class per header
    (about twenty per message), cyclic garbage that piled up until a full collection: the sender's peak grew by
    2 MB from 500 to 1,000 mails."""
    mail = Mail(
        message_id='<outbox-1@mentor.example.org>',
        sender=SETTINGS.sender,
        to_name='Zoë Müller',
        to_address='zoe@example.test',
        subject='Reminder: Public speaking starts in 15 minutes',
        text='Hello Zoë,\n\nPublic speaking starts in 15 minutes.',
        html='<p>Hello Zoë,</p><p>Public speaking starts in 15 minutes.</p>',
        unsubscribe_url='https://mentor.example.org/mail/unsubscribe?token=x',
        calendar=CalendarFile('REQUEST', 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n'),
    )
    build_message(mail).as_bytes()  # the first message makes the header classes
    gc.collect()
    gc.disable()
    try:
        for _ in range(50):
            build_message(mail).as_bytes()
        garbage = gc.collect()
    finally:
        gc.enable()
    assert garbage < 50  # before: ~150 objects in cycles per message


def test_n1_a_multipart_boundary_never_occurs_in_the_parts(uow_factory: Factory, smtp: Smtp) -> None:
    """The sender chooses the boundaries itself ("=_", which quoted-printable and base64 never produce)."""
    enrolled_mentee(uow_factory, title='--=_ boundary? =_ and == signs')
    send(uow_factory, smtp)
    [mail] = smtp.sink.messages
    assert (mail.get_boundary() or '').startswith('=_')
    assert set(parts(mail)) == {'text/plain', 'text/html', 'text/calendar'}
    assert '--=_ boundary? =_ and == signs' in parts(mail)['text/plain']
