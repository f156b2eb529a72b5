"""One app instance's outbox sender, alone in its own process, for the crash and two-instance tests (N5).

python -m tests.outbox_sender_process DATABASE_URL SMTP_URL NOW_ISO
Sends as the app does (`send_backlog`: batches over one connection) until nothing is due at NOW, then prints how
many messages this process handled.
"""

from __future__ import annotations

import sys
from datetime import datetime

from domain.mail import MailSettings
from domain.services import outbox
from persistence.database import make_engine
from persistence.events import InMemoryEventBus
from persistence.smtp import SmtpMailSender, SmtpServer
from persistence.unit_of_work import SqlUnitOfWorkFactory

SETTINGS = MailSettings('https://mentor.example.org', 'Mentor sessions <noreply@mentor.example.org>', 'test-secret')


def main(database_url: str, smtp_url: str, now_text: str) -> None:
    now = datetime.fromisoformat(now_text)
    factory = SqlUnitOfWorkFactory(make_engine(database_url), InMemoryEventBus(), instance_id='sender')
    sender = SmtpMailSender(SmtpServer.from_url(smtp_url), timeout=10)
    handled = 0
    while count := outbox.send_backlog(factory, sender, SETTINGS, lambda: now):
        handled += count
        print(f'handled {handled}', flush=True)
    print(f'done {handled}', flush=True)


if __name__ == '__main__':
    main(*sys.argv[1:4])
