"""Background work each app instance runs: complete ended sessions and send "starting soon" notices (U3); hourly,
remove uploaded pictures no session uses (C2).

Every instance runs it; the services' conditional updates let exactly one instance win each change.
"""

from __future__ import annotations

import logging

from nicegui import app

from domain.errors import DomainError
from domain.services import housekeeping, running
from ui.context import app_context
from ui.feedback import attempt

INTERVAL_SECONDS = 1.0
HOUSEKEEPING_SECONDS = 3600.0
log = logging.getLogger(__name__)


async def run_due_jobs() -> None:
    context = app_context()
    try:
        await attempt(running.complete_due_sessions, context.uow_factory(), context.clock())
        await attempt(running.send_starting_soon_notices, context.uow_factory(), context.clock())
    except DomainError as error:  # e.g. the database is briefly unreachable: try again next round
        log.warning('background jobs skipped a round: %s', error.message)


async def remove_unused_images() -> None:
    context = app_context()
    try:
        await attempt(housekeeping.remove_unused_images, context.uow_factory(), context.clock())
    except DomainError as error:
        log.warning('removing unused images skipped a round: %s', error.message)


def install_jobs() -> None:
    app.timer(INTERVAL_SECONDS, run_due_jobs)
    app.timer(HOUSEKEEPING_SECONDS, remove_unused_images)
