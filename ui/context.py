"""What the pages need from the composition root, set once by main.py."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from config import Settings
from domain.entities import User
from domain.mail import MailSettings
from domain.ports import ImageProcessor, MailSender, MeetingRooms, PasswordHasher, UnitOfWork
from domain.services.reminders import ReminderPlan


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class AppContext:
    settings: Settings
    uow_factory: Callable[..., UnitOfWork]  # factory() writes, factory(read_only=True) reads
    hasher: PasswordHasher
    images: ImageProcessor  # C2: checks and shrinks uploaded pictures
    clock: Callable[[], datetime] = utc_now
    rooms: MeetingRooms | None = None  # BigBlueButton, when MENTOR_BBB_URL and MENTOR_BBB_SECRET are set
    mailer: MailSender | None = None  # N1: the SMTP server, when MENTOR_SMTP_URL is set; else mail waits
    mail_settings: MailSettings = field(default_factory=lambda: MailSettings('http://127.0.0.1:8080', 'noreply@x', ''))
    reminders: ReminderPlan = field(default_factory=ReminderPlan)
    health_checks: Mapping[str, Callable[[], bool]] = field(default_factory=dict)  # /healthz: name → is it up?


@dataclass(frozen=True)
class Viewer:
    """The signed-in person looking at a page, and the time zone their browser reported at sign-in."""

    user: User
    time_zone: str
    token: str
    login_ends_at: datetime | None = None  # R1: the page goes to sign-in at this moment (ui/auth.py)


_context: AppContext | None = None


def install(context: AppContext) -> None:
    global _context
    _context = context


def app_context() -> AppContext:
    if _context is None:
        raise RuntimeError('main.py has not installed the app context yet')
    return _context
