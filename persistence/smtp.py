"""N1: the real mail sender — standard `email` messages (plain text + HTML alternative, calendar file) over
`smtplib`, with STARTTLS (smtp://) or implicit TLS (smtps://). Addresses are checked with email-validator."""

from __future__ import annotations

import secrets
import smtplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from email import policy as email_policy
from email.headerregistry import Address, BaseHeader, HeaderRegistry
from email.message import EmailMessage
from email.utils import formatdate
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from email_validator import EmailNotValidError, validate_email

from domain.mail import Mail
from domain.ports import MailNotSent, PreparedMail

DEFAULT_PORTS = {'smtp': 587, 'smtps': 465}


@dataclass(frozen=True)
class SmtpServer:
    """Where and how to deliver, read from MENTOR_SMTP_URL: smtp[s]://[user[:password]@]host[:port]."""

    host: str
    port: int
    implicit_tls: bool
    user: str = ''
    password: str = ''

    @classmethod
    def from_url(cls, url: str) -> SmtpServer:
        parts = urlsplit(url)
        if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
            raise ValueError('MENTOR_SMTP_URL must look like smtp://user:password@host:587 or smtps://host:465')
        return cls(
            host=parts.hostname,
            port=parts.port or DEFAULT_PORTS[parts.scheme],
            implicit_tls=parts.scheme == 'smtps',
            user=unquote(parts.username or ''),
            password=unquote(parts.password or ''),
        )


class _HeaderClasses(HeaderRegistry):
    """The standard header registry, each header's class made once. `HeaderRegistry.__getitem__` makes a new
    class for every header it parses (about twenty per message): a third of the cost of building a message, and
    classes are cyclic garbage that piles up until a full collection — the sender's memory grew with the backlog
    (P8, found by diffing tracemalloc snapshots between batches)."""

    def __init__(self) -> None:
        super().__init__()
        self._made: dict[str, type[BaseHeader]] = {}

    def __getitem__(self, name: str) -> type[BaseHeader]:
        key = name.lower()
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = super().__getitem__(key)
        return made


# The `email` package's default policy (RFC 5322 headers, RFC 2047 for non-ASCII), with the registry above.
MAIL_POLICY = email_policy.default.clone(header_factory=_HeaderClasses())


@lru_cache(maxsize=16)
def _same_header(name: str, value: str) -> BaseHeader:
    """A header every message carries alike (the sender, Auto-Submitted …), parsed once: a header object is
    immutable, and the policy stores one given for its own name as it is (P8: From alone took an eighth of
    building a message)."""
    header: BaseHeader = MAIL_POLICY.header_factory(name, value)
    return header


def _boundary() -> str:
    """A multipart boundary no part can contain: "=_" never occurs in quoted-printable or base64 text (RFC 2045
    suggests it for that reason). Chosen here, the generator need not search the parts for a free one (it
    compiled a new regular expression per message, which filled the `re` module's cache)."""
    return f'=_{secrets.token_hex(16)}'


def build_message(mail: Mail) -> EmailMessage:
    """The MIME message: headers through the `email` package's policy (RFC 2047 for non-ASCII, folding, and a
    refusal of line breaks), plain text with an HTML alternative, the calendar file attached."""
    try:
        checked = validate_email(  # syntax only: the server decides deliverability; demo accounts use .test
            mail.to_address, check_deliverability=False, allow_smtputf8=True, test_environment=True
        )
    except EmailNotValidError as error:
        raise MailNotSent(f'Not a valid e-mail address: {error}', permanent=True) from None
    local, _, domain = checked.normalized.rpartition('@')
    message = EmailMessage(policy=MAIL_POLICY)
    message['From'] = _same_header('From', mail.sender)
    message['To'] = Address(display_name=mail.to_name, username=local, domain=domain)
    message['Subject'] = mail.subject
    message['Date'] = formatdate(localtime=False, usegmt=True)
    message['Message-ID'] = mail.message_id
    message['Auto-Submitted'] = _same_header('Auto-Submitted', 'auto-generated')
    # N4, RFC 8058: one-click unsubscribe — mail programs POST "List-Unsubscribe=One-Click" to the address.
    message['List-Unsubscribe'] = f'<{mail.unsubscribe_url}>'
    message['List-Unsubscribe-Post'] = _same_header('List-Unsubscribe-Post', 'List-Unsubscribe=One-Click')
    # Quoted-printable named up front: 7-bit safe for any server, and the `email` package skips trying every
    # encoding to find the shortest (a third of the cost of building a message).
    message.set_content(mail.text, cte='quoted-printable')
    message.add_alternative(mail.html, subtype='html', cte='quoted-printable')
    if mail.calendar is not None:
        message.add_attachment(
            mail.calendar.content.encode(),
            maintype='text',
            subtype='calendar',
            filename='invite.ics' if mail.calendar.method == 'REQUEST' else 'cancel.ics',
            params={'method': mail.calendar.method, 'charset': 'utf-8'},
        )
    for part in message.walk():
        if part.is_multipart():
            part.set_boundary(_boundary())
    return message


# The message as the server is handed it: CRLF line ends (RFC 5321); with an address beyond ASCII, the headers as
# UTF-8 (RFC 6532). What `smtplib.SMTP.send_message` would do, done ahead, off the connection's thread (P8).
_WIRE_POLICY = MAIL_POLICY.clone(linesep='\r\n')
_WIRE_POLICY_UTF8 = _WIRE_POLICY.clone(utf8=True)


def prepare_mail(mail: Mail) -> PreparedMail:
    """The envelope and the encoded message; MailNotSent (permanent) for an address that cannot be one."""
    message = build_message(mail)
    mail_from = message['From'].addresses[0].addr_spec
    rcpt_to = message['To'].addresses[0].addr_spec
    smtputf8 = not (mail_from.isascii() and rcpt_to.isascii())
    data = message.as_bytes(policy=_WIRE_POLICY_UTF8 if smtputf8 else _WIRE_POLICY)
    return PreparedMail(mail_from, rcpt_to, data, smtputf8)


class SmtpConnection:
    def __init__(self, smtp: smtplib.SMTP) -> None:
        self._smtp = smtp

    def send(self, mail: PreparedMail) -> None:
        options = ('SMTPUTF8', 'BODY=8BITMIME') if mail.smtputf8 else ()
        try:
            self._smtp.sendmail(mail.mail_from, [mail.rcpt_to], mail.data, options)
        except smtplib.SMTPRecipientsRefused as refused:
            code, text = next(iter(refused.recipients.values()))
            raise MailNotSent(f'{code} {_text(text)}', permanent=code >= 500) from None
        except smtplib.SMTPResponseException as refused:
            raise MailNotSent(
                f'{refused.smtp_code} {_text(refused.smtp_error)}', permanent=refused.smtp_code >= 500
            ) from None
        except smtplib.SMTPNotSupportedError as refused:  # e.g. a non-ASCII address and no SMTPUTF8
            raise MailNotSent(str(refused), permanent=True) from None
        except (smtplib.SMTPException, OSError) as error:
            raise MailNotSent(f'The SMTP server went away: {error}', permanent=False) from None


def _text(value: bytes | str) -> str:
    return value.decode(errors='replace') if isinstance(value, bytes) else value


class SmtpMailSender:
    """`domain.ports.MailSender` over one SMTP server."""

    def __init__(self, server: SmtpServer, timeout: float = 20.0, tls: ssl.SSLContext | None = None) -> None:
        self.server = server
        self._timeout = timeout
        self._tls = tls or ssl.create_default_context()

    def prepare(self, mail: Mail) -> PreparedMail:
        return prepare_mail(mail)

    @contextmanager
    def connect(self) -> Iterator[SmtpConnection]:
        server = self.server
        try:
            if server.implicit_tls:
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    server.host, server.port, timeout=self._timeout, context=self._tls
                )
            else:
                smtp = smtplib.SMTP(server.host, server.port, timeout=self._timeout)
                smtp.ehlo()
                if smtp.has_extn('starttls'):
                    smtp.starttls(context=self._tls)
                    smtp.ehlo()
            if server.user:
                smtp.login(server.user, server.password)
        except (smtplib.SMTPException, OSError) as error:
            raise MailNotSent(
                f'Cannot reach the SMTP server {server.host}:{server.port}: {error}', permanent=False
            ) from None
        try:
            yield SmtpConnection(smtp)
        finally:
            with suppress(smtplib.SMTPException, OSError):
                smtp.quit()
