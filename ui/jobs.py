"""Background work each app instance runs: complete ended sessions, send "starting soon" notices (U3), queue
reminders (N2), send what the outbox holds (N5) and take over the bulk uploads of an instance that stopped (S1);
hourly, remove uploaded pictures no session uses (C2).

Every instance runs it; the services' conditional updates, the outbox's claims and the uploads' leases let exactly
one instance win each change, each message and each upload.
"""

from __future__ import annotations

import logging

from nicegui import app, background_tasks, run

from domain.errors import DomainError
from domain.services import bulk_upload, housekeeping, outbox, reminders, running
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
        claimed = await attempt(bulk_upload.claim_stalled_uploads, context.uow_factory(), context.clock())
        for job_id in claimed or ():  # None while the app shuts down
            run_bulk_upload_in_background(job_id)
    except DomainError as error:  # e.g. the database is briefly unreachable: try again next round
        log.warning('background jobs skipped a round: %s', error.message)


def run_bulk_upload_in_background(job_id: int) -> None:
    """B1, R5: the upload's rows, in a thread of this instance; the job's page follows them from the database."""
    context = app_context()
    background_tasks.create(
        run.io_bound(
            bulk_upload.run_bulk_upload, context.uow_factory, job_id, context.clock, context.settings.public_address
        ),
        name=f'bulk upload {job_id}',
    )


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
