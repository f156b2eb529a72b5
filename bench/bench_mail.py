"""P8: reminder mails from the outbox to a local SMTP server (aiosmtpd), next to bare `smtplib` sending the same
prepared messages over one connection.

    .venv/bin/python bench/bench_mail.py [--sizes 500,1000] [--repeats 3]

The app's side is the real sender as the app's job runs it, `domain.services.outbox.send_backlog`, in its
production batches: claim due rows (SQLite), read recipients and sessions, compose each mail (plain text + HTML),
build the MIME message, check the address, hand it over, commit its outcome — batches of a round over one
connection. The baseline sends the same
messages, composed and built beforehand, over a single connection with `smtplib`. Throughput is mails per
second (median of the repeats, the two taking turns). Target: ≥ 0.5× the baseline. Memory: the sender's peak
traced allocation at both sizes; flat means it does not grow with the backlog.
"""

from __future__ import annotations

import argparse
import smtplib
import socket
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import update

from bench._support import (
    NOW,
    add_mentees,
    add_organization,
    alternating_medians,
    insert_rows,
    ratio_line,
    session_values,
    sizes,
    user_values,
)
from domain.entities import MailKind, MailStatus
from domain.mail import MailSettings, compose
from domain.services import outbox
from domain.services._shared import queue_mail
from persistence.database import make_engine, migrate_to_head
from persistence.events import InMemoryEventBus
from persistence.smtp import SmtpMailSender, SmtpServer, build_message
from persistence.tables import OutboxRow, SessionRow, UserRow
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.mail_sink import free_port

SETTINGS = MailSettings('https://mentor.example.org', 'Mentor sessions <noreply@mentor.example.org>', 'bench')


@contextmanager
def smtp_server_process(port: int) -> Iterator[None]:
    """aiosmtpd in its own process, as a real mail server is: its work never competes with the sender's for the
    interpreter. Its Sink handler accepts and discards every message."""
    command = [sys.executable, '-m', 'aiosmtpd', '-n', '-l', f'127.0.0.1:{port}', '-c', 'aiosmtpd.handlers.Sink']
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(('127.0.0.1', port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield
    finally:
        server.terminate()
        server.wait()


def sent(factory: SqlUnitOfWorkFactory) -> int:
    with factory() as uow:
        return uow.mail.counts()[MailStatus.SENT]


def seed(factory: SqlUnitOfWorkFactory, count: int) -> None:
    engine = factory.engine
    organization = add_organization(engine, 'Bench')
    [mentor] = insert_rows(engine, UserRow, [user_values('Mo Mentor', 'mo@bench.test', organization, mentor=True)])
    [session_id] = insert_rows(engine, SessionRow, [session_values(mentor, 1, NOW + timedelta(minutes=15))])
    mentees = add_mentees(engine, count, 'Bench', organization)
    with factory() as uow:
        for mentee in mentees:
            queue_mail(uow, [mentee], MailKind.REMINDER, 'Reminder: Benchmark session 1', NOW, session_id)
        uow.commit()


def make_pending(factory: SqlUnitOfWorkFactory) -> None:
    with factory.engine.begin() as connection:
        connection.execute(
            update(OutboxRow).values(status='pending', tries=0, sent_at=None, leased_until=None, next_attempt_at=NOW)
        )


def prepared_messages(factory: SqlUnitOfWorkFactory, count: int) -> list[Any]:
    with factory() as uow:
        messages = uow.mail.latest(count)
        recipients = uow.mail.recipients([m.user_id for m in messages])
        session = uow.sessions.get(messages[0].session_id or 0)
    return [build_message(compose(m, recipients[m.user_id], session, SETTINGS, NOW)) for m in messages]


def run_size(count: int, repeats: int, port: int) -> tuple[float, float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f'sqlite:///{tmp}/bench.db')
        migrate_to_head(engine)
        factory = SqlUnitOfWorkFactory(engine, InMemoryEventBus(), instance_id='bench')
        seed(factory, count)
        sender = SmtpMailSender(SmtpServer.from_url(f'smtp://127.0.0.1:{port}'))
        prepared = prepared_messages(factory, count)
        peak = [0]

        def send_backlog() -> float:
            make_pending(factory)
            start = time.perf_counter()
            while outbox.send_backlog(factory, sender, SETTINGS, lambda: NOW):
                pass
            elapsed = time.perf_counter() - start
            assert sent(factory) == count, 'every mail must be accepted by the server'
            return elapsed

        def app() -> float:
            return send_backlog()

        def bare() -> float:
            start = time.perf_counter()
            with smtplib.SMTP('127.0.0.1', port) as connection:
                for message in prepared:
                    connection.send_message(message)
            return time.perf_counter() - start

        medians = alternating_medians({'app': app, 'smtplib': bare}, repeats)
        # Memory in a separate, untimed run: tracing allocations slows everything it traces.
        tracemalloc.start()
        send_backlog()
        peak[0] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        engine.dispose()
    return count / medians['app'], count / medians['smtplib'], peak[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--sizes', default='500,1000')
    parser.add_argument('--repeats', type=int, default=3)
    options = parser.parse_args()
    port = free_port()
    with smtp_server_process(port):
        results = {count: run_size(count, options.repeats, port) for count in sizes(options.sizes)}
    for count, (app_rate, bare_rate, peak) in results.items():
        print(
            f'{count} mails: outbox {app_rate:.0f}/s, bare smtplib {bare_rate:.0f}/s, sender peak {peak / 1e6:.2f} MB'
        )
    largest = max(results)
    app_rate, bare_rate, _ = results[largest]
    ratio_line(f'P8 outbox → SMTP throughput at {largest} mails', app_rate / bare_rate, 0.5, at_least=True)
    smallest = min(results)
    growth = results[largest][2] - results[smallest][2]
    print(f'P8 sender peak memory growth from {smallest} to {largest} mails: {growth / 1e6:+.2f} MB')


if __name__ == '__main__':
    main()
