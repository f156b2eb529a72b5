"""N5: a sender killed mid-batch loses nothing and repeats at most the message it was handing over; two instances
sending one backlog deliver every message exactly once. Real processes, a real SMTP server on loopback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from domain.entities import MailKind, MailStatus
from domain.services import outbox
from domain.services._shared import queue_mail
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.integration.builders import NOW, add_mentor, add_session, add_user
from tests.mail_sink import SmtpServerOnLoopback, running_smtp_server

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def smtp() -> Iterator[SmtpServerOnLoopback]:
    with running_smtp_server() as server:
        yield server


def backlog(factory: SqlUnitOfWorkFactory, count: int) -> set[str]:
    """`count` reminder mails to 20 people; returns the Message-IDs they will carry."""
    session = add_session(factory, add_mentor(factory))
    people = [add_user(factory, f'Person {n}') for n in range(20)]
    with factory() as uow:
        for n in range(count):
            queue_mail(uow, [people[n % 20].id], MailKind.EDITED, f'mail {n}', NOW, session.id)
        uow.commit()
    with factory() as uow:
        return {f'<outbox-{m.id}-{NOW:%Y%m%d%H%M%S}@mentor.example.org>' for m in uow.mail.latest(count)}


def start_sender(engine: Engine, smtp: SmtpServerOnLoopback, now: str = NOW.isoformat()) -> subprocess.Popen[str]:
    url = engine.url.render_as_string(hide_password=False)
    command = [sys.executable, '-m', 'tests.outbox_sender_process', url, smtp.url, now]
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True, env={**os.environ})


def statuses(factory: SqlUnitOfWorkFactory) -> Counter[MailStatus]:
    with factory() as uow:
        return Counter(message.status for message in uow.mail.latest(10_000))


def test_n5_a_sender_killed_mid_batch_loses_nothing_and_repeats_at_most_the_message_in_flight(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory, smtp: SmtpServerOnLoopback
) -> None:
    expected = backlog(uow_factory, 30)
    smtp.sink.delay = 0.1  # the server answers slowly, so the kill lands in the middle of a batch
    sender = start_sender(engine, smtp)
    deadline = time.monotonic() + 30
    while len(smtp.sink.message_ids()) < 8 and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(sender.pid, signal.SIGKILL)
    sender.communicate()
    assert 0 < statuses(uow_factory)[MailStatus.SENT] < 30
    # The killed sender's claimed rows come back when their lease ends; a restarted sender then sends them.
    later = NOW + outbox.RetryPolicy().lease
    restarted = start_sender(engine, smtp, later.isoformat())
    restarted.communicate(timeout=60)
    assert restarted.returncode == 0
    received = Counter(smtp.sink.message_ids())
    assert set(received) == expected  # nothing lost
    assert sum(received.values()) - len(received) <= 1  # at most the in-flight message twice
    assert statuses(uow_factory) == Counter({MailStatus.SENT: 30})


@pytest.mark.parametrize('database_url', ['postgres'], indirect=True)
def test_n5_two_instances_on_postgresql_deliver_a_500_message_backlog_once_each(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory, smtp: SmtpServerOnLoopback
) -> None:
    expected = backlog(uow_factory, 500)
    smtp.sink.delay = 0.005
    senders = [start_sender(engine, smtp), start_sender(engine, smtp)]
    outputs = [sender.communicate(timeout=120)[0] for sender in senders]
    assert [sender.returncode for sender in senders] == [0, 0]
    handled = [int(output.strip().splitlines()[-1].split()[-1]) for output in outputs]
    assert sum(handled) == 500 and min(handled) > 0, handled  # both instances took part
    received = Counter(smtp.sink.message_ids())
    assert set(received) == expected and max(received.values()) == 1
    assert statuses(uow_factory) == Counter({MailStatus.SENT: 500})
