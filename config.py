"""Settings from the command line and the environment (MENTOR_…), checked before anything starts."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEMO_STORAGE_SECRET = 'demo-only-secret-not-for-production'  # noqa: S105 - demo mode only, refused otherwise


class ConfigurationError(Exception):
    """The app cannot start as configured; the message says how to fix it."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix='MENTOR_', extra='ignore')

    demo: bool = False
    host: str = '127.0.0.1'
    port: int = Field(default=8080, ge=1, le=65535)
    database_url: str = 'sqlite:///data/mentor.db'
    storage_secret: str = ''
    default_seat_limit: int = Field(default=20, ge=1)
    secure_cookies: bool = False
    trust_proxy: bool = False  # take the client's address from X-Forwarded-For (only behind our own proxy)
    instance_id: str = ''
    reconnect_timeout: float = Field(default=30.0, gt=0)  # seconds a closed or sleeping tab keeps its page
    bbb_url: str = ''
    bbb_secret: str = ''
    # The app's address as people reach it (links in mails, calendar files and feed addresses). Default: host:port.
    public_url: str = ''
    smtp_url: str = ''  # N1: smtp://user:password@host:587 (STARTTLS when offered) or smtps://host:465
    mail_from: str = 'Mentor sessions <noreply@localhost>'
    reminders: str = 'mentor:24h,mentor:1h,mentee:15m'  # N2: who is reminded how long before a start

    @property
    def public_address(self) -> str:
        """MENTOR_PUBLIC_URL without a trailing slash, or http://host:port when it is not set."""
        return self.public_url.rstrip('/') or f'http://{self.host}:{self.port}'

    def checked(self) -> Settings:
        """Refuse to run without a storage secret outside demo mode, or with mail settings that cannot work."""
        self._check_mail()
        if self.storage_secret:
            return self
        if self.demo:
            return self.model_copy(update={'storage_secret': DEMO_STORAGE_SECRET})
        raise ConfigurationError(
            'MENTOR_STORAGE_SECRET is not set. It signs the login cookie, so it must be a long random value '
            'that stays the same across restarts, for example:\n'
            '  export MENTOR_STORAGE_SECRET="$(python -c \'import secrets; print(secrets.token_urlsafe(32))\')"\n'
            'Or start with --demo to try the app with demo data.'
        )

    def _check_mail(self) -> None:
        from domain.services.reminders import plan_from
        from persistence.smtp import SmtpServer

        try:
            plan_from(self.reminders)
            if self.smtp_url:
                SmtpServer.from_url(self.smtp_url)
        except ValueError as error:
            raise ConfigurationError(str(error)) from None


def settings_from(argv: Sequence[str]) -> Settings:
    """Command-line options win over MENTOR_… environment variables, which win over defaults."""
    parser = argparse.ArgumentParser(prog='main.py', description='Mentor sessions web app')
    parser.add_argument('--demo', action='store_true', default=None, help='seed demo data (MENTOR_DEMO=1)')
    parser.add_argument('--host', help='address to listen on (MENTOR_HOST, default 127.0.0.1)')
    parser.add_argument('--port', type=int, help='port to listen on (MENTOR_PORT, default 8080)')
    parser.add_argument('--database-url', help='SQLAlchemy URL (MENTOR_DATABASE_URL, default sqlite:///data/mentor.db)')
    options = parser.parse_args(list(argv))
    overrides = {key: value for key, value in vars(options).items() if value is not None}
    return Settings(**overrides).checked()


@dataclass(frozen=True)
class AdminRequest:
    """R4: what `python main.py create-admin` was asked for."""

    email: str
    name: str
    organization: str
    link: bool
    database_url: str
    public_url: str


def admin_request_from(argv: Sequence[str]) -> AdminRequest:
    """R4: `create-admin --email … --name … [--organization …] [--link] [--database-url …]`."""
    parser = argparse.ArgumentParser(
        prog='main.py create-admin',
        description='Make an org admin: the first step of a real installation. Asks for the password twice, '
        'or with --link prints a one-time link (valid 7 days) to set it.',
    )
    parser.add_argument('--email', required=True, help="the admin's e-mail address (their sign-in name)")
    parser.add_argument('--name', required=True, help="the admin's name as others see it")
    parser.add_argument('--organization', default='', help='their organization (default: "My organization")')
    parser.add_argument('--link', action='store_true', help='print a set-password link instead of asking here')
    parser.add_argument('--database-url', help='SQLAlchemy URL (MENTOR_DATABASE_URL, default sqlite:///data/mentor.db)')
    options = parser.parse_args(list(argv))
    overrides = {'database_url': options.database_url} if options.database_url else {}
    settings = Settings(**overrides)
    return AdminRequest(
        options.email, options.name, options.organization, options.link, settings.database_url, settings.public_address
    )
