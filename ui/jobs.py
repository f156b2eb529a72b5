"""Background work each app instance runs: complete ended sessions, send "starting soon" notices (U3), queue
reminders (N2) and send what the outbox holds (N5); hourly, remove uploaded pictures no session uses (C2).

Every instance runs it; the services' conditional updates and the outbox's claims let exactly one instance win
each change and each message.
"""

from __future__ import annotations

import logging

from nicegui import app

from domain.errors import DomainError
from domain.services import housekeeping, outbox, reminders, running
from ui.context import app_context
from ui.feedback import attempt

INTERVAL_SECONDS = 1.0
MAIL_BATCHES_PER_ROUND = 50  # then the round ends, so that a long backlog does not hold the timer for ever
HOUSEKEEPING_SECONDS = 3600.0
log = logging.getLogger(__name__)


async def run_due_jobs() -> None:
    context = app_context()
    try:
        await attempt(running.complete_due_sessions, context.uow_factory(), context.clock())
        await attempt(running.send_starting_soon_notices, context.uow_factory(), context.clock())
        await attempt(reminders.queue_due_reminders, context.uow_factory(), context.clock(), context.reminders)
    except DomainError as error:  # e.g. the database is briefly unreachable: try again next round
        log.warning('background jobs skipped a round: %s', error.message)


def _send_backlog() -> None:
    context = app_context()
    if context.mailer is None:  # without SMTP, mail waits in the outbox (the Outbox page shows it)
        return
    outbox.send_backlog(
        context.uow_factory, context.mailer, context.mail_settings, context.clock, max_batches=MAIL_BATCHES_PER_ROUND
    )


async def send_mail() -> None:
    try:
        await attempt(_send_backlog)
    except DomainError as error:
        log.warning('the outbox sender skipped a round: %s', error.message)


async def remove_unused_images() -> None:
    context = app_context()
    try:
        await attempt(housekeeping.remove_unused_images, context.uow_factory(), context.clock())
    except DomainError as error:
        log.warning('removing unused images skipped a round: %s', error.message)


def install_jobs() -> None:
    app.timer(INTERVAL_SECONDS, run_due_jobs)
    app.timer(INTERVAL_SECONDS, send_mail)  # its own timer: a slow SMTP server never delays the other jobs
    app.timer(HOUSEKEEPING_SECONDS, remove_unused_images)
