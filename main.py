"""Mentor sessions — the composition root: settings → database → unit of work → live events → pages → server.

python main.py --demo            # SQLite at data/mentor.db with demo data, http://127.0.0.1:8080
python main.py --help            # every option; each also reads MENTOR_… from the environment
python main.py create-admin --email you@example.org --name "Your Name"   # R4: the first org admin
"""

from __future__ import annotations

import gc

gc.disable()  # P7: no garbage collection while the modules load; see `gc.freeze()` below the imports
import getpass
import logging
import os
import signal
import sys
import uuid
from collections.abc import Sequence

from nicegui import app, run, ui

from config import ConfigurationError, Settings, admin_request_from, settings_from
from domain.errors import DomainError
from domain.mail import MailSettings
from domain.ports import DomainEvent
from domain.services import invitations
from domain.services.reminders import plan_from
from persistence.bigbluebutton import BigBlueButton, BigBlueButtonRooms
from persistence.database import DatabaseUnavailableError, database_answers, open_database
from persistence.demo_data import seed_demo
from persistence.events import InMemoryEventBus, PostgresEventListener
from persistence.image_processor import PillowImageProcessor
from persistence.security import Argon2PasswordHasher
from persistence.smtp import SmtpMailSender, SmtpServer
from persistence.unit_of_work import SqlUnitOfWorkFactory
from ui import auth, live
from ui.app import register
from ui.context import AppContext, utc_now

# P7: what the modules made while loading lives as long as the process. A collection would walk it again and again
# (the first full one, ~60 ms, fell in the first request), so it is frozen: later collections walk only what is
# newer. Not in the `user` tests, which run this file once per test: they would freeze each test's leftovers for good.
if not os.environ.get('NICEGUI_USER_SIMULATION'):
    gc.freeze()
# P11: every open page's socket wakes each second (NiceGUI's outbox), so objects that live about a second kept being
# promoted to the oldest generation, and a full collection (2–3 s with 2,000 open pages) fell due every 10–40 s, idle
# or not. Young collections at 10,000 new objects instead of 700 let those objects die young: no full collection
# while pages sit idle (docs/performance.md, "2026-12-04: the collector's young threshold").
gc.set_threshold(10_000)
gc.enable()
log = logging.getLogger('mentor')
DRAIN_SECONDS = 20  # below systemd's TimeoutStopSec (deploy/mentor@.service), which would kill the process


def _deliver(events: Sequence[DomainEvent]) -> None:
    """What the other instances announce reaches this one's open pages and its page-ending on sign-out."""
    live.deliver(events)
    auth.end_revoked_pages(events)


def build(settings: Settings) -> AppContext:
    """Wire the house together for one app instance."""
    engine = open_database(settings.database_url)
    bus = InMemoryEventBus()
    bus.subscribe(_deliver)
    if not settings.instance_id:
        settings = settings.model_copy(update={'instance_id': uuid.uuid4().hex[:12]})
    instance_id = settings.instance_id
    uow_factory = SqlUnitOfWorkFactory(engine, bus, instance_id=instance_id)
    hasher = Argon2PasswordHasher()
    if settings.demo and seed_demo(uow_factory, hasher, utc_now()):
        log.info('demo data seeded; sign in as manager@demo.test / mentor-demo')
    health_checks = {'database': lambda: database_answers(engine)}
    if engine.dialect.name == 'postgresql':
        listener = PostgresEventListener(
            engine.url.render_as_string(hide_password=False),
            instance_id,
            on_event=lambda event: _deliver([event]),
            on_reconnect=live.resync,
        )
        app.on_startup(listener.start)
        # Lambdas: NiceGUI hands the app to a one-parameter handler, which stop(timeout) would take for its timeout.
        app.on_shutdown(lambda: listener.stop())
        health_checks['listener'] = lambda: listener.wait_listening(0)
    app.on_shutdown(lambda: uow_factory.drain_notices())  # the other instances hear of the last changes too
    app.on_shutdown(lambda: engine.dispose())
    rooms = None
    if settings.bbb_url and settings.bbb_secret:
        rooms = BigBlueButtonRooms(BigBlueButton(settings.bbb_url, settings.bbb_secret))
    mailer = SmtpMailSender(SmtpServer.from_url(settings.smtp_url)) if settings.smtp_url else None
    return AppContext(
        settings=settings,
        uow_factory=uow_factory,
        hasher=hasher,
        images=PillowImageProcessor(),
        rooms=rooms,
        health_checks=health_checks,
        mailer=mailer,
        mail_settings=MailSettings(settings.public_address, settings.mail_from, settings.storage_secret),
        reminders=plan_from(settings.reminders),
    )


def create_admin(argv: Sequence[str]) -> int:
    """R4: `python main.py create-admin --email … --name …` makes an org admin; returns the exit status."""
    request = admin_request_from(argv)
    password = repeated = None
    if not request.link:
        password = getpass.getpass('Password (at least 12 characters): ')
        repeated = getpass.getpass('The same password again: ')
    try:
        engine = open_database(request.database_url)
    except DatabaseUnavailableError as error:
        print(f'main.py create-admin: {error}', file=sys.stderr)
        return 2
    try:
        link = invitations.create_first_admin(
            SqlUnitOfWorkFactory(engine, InMemoryEventBus(), instance_id='create-admin')(),
            Argon2PasswordHasher(),
            email=request.email,
            name=request.name,
            organization=request.organization,
            password=password,
            repeated=repeated,
            base_url=request.public_url,
            now=utc_now(),
        )
    except DomainError as refusal:
        print(f'main.py create-admin: {refusal.message}', file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    print(f'Org admin {request.email.strip()} created.')
    if link is None:
        print(f'Start the app and sign in at {request.public_url}/login')
    else:
        print(f'Open this link within 7 days to set the password (it works once):\n{link}')
    return 0


def _drained(_signal: int, _frame: object) -> None:
    raise SystemExit(0)


def main(argv: Sequence[str]) -> None:
    if argv[:1] == ['create-admin']:
        raise SystemExit(create_admin(argv[1:]))
    try:
        settings = settings_from(argv)
    except ConfigurationError as error:
        print(f'main.py: {error}', file=sys.stderr)
        raise SystemExit(2) from None
    # Uploaded pictures are checked by Pillow in `run.cpu_bound` workers (C2). Forked workers would inherit
    # the server's open HTTP connections and keep them alive after the server closed them, so a browser's
    # next request on such a connection could hang. Spawned workers start clean (and, importing this file
    # as __mp_main__, build nothing: see the guard below).
    run.process_pool_start_method = 'spawn'
    try:
        context = build(settings)
    except DatabaseUnavailableError as error:
        print(f'main.py: {error}', file=sys.stderr)
        raise SystemExit(1) from None
    register(context)
    # On SIGTERM uvicorn stops accepting connections, lets requests finish (at most DRAIN_SECONDS), runs the
    # shutdown handlers (the listener closes), then raises SIGTERM again for the handler it found: this one,
    # which makes the drained stop exit 0 instead of dying by the signal.
    signal.signal(signal.SIGTERM, _drained)
    ui.run(
        host=settings.host,
        port=settings.port,
        title='Mentor sessions',
        favicon='🎓',
        language='en-US',  # E1: <html lang="en-US"> for screen readers
        reload=False,
        tailwind=False,  # compiled ahead of time: ui/tailwind.py (P1)
        dark=None,  # E1: follow the system until the user switches the theme (ui/components/theme_switch.py)
        show=False,
        storage_secret=settings.storage_secret,
        # NiceGUI's own session cookie: Secure like the login cookie when served over HTTPS
        session_middleware_kwargs={'https_only': True} if settings.secure_cookies else None,
        reconnect_timeout=settings.reconnect_timeout,  # phones that sleep briefly keep their page
        timeout_graceful_shutdown=DRAIN_SECONDS,
    )


if __name__ == '__main__':  # not '__mp_main__': a spawned worker must not build a second app (reload is off)
    # NiceGUI's test `user` fixture runs this file too; its command line is pytest's, not ours.
    main([] if os.environ.get('NICEGUI_USER_SIMULATION') else sys.argv[1:])
