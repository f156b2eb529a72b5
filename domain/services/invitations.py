"""R4, R6: the first admin, invitation and reset links (single-use, 7 days, stored hashed), and setting a
password from such a link. Links reach people by mail through the outbox (N5)."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from domain import rules
from domain.entities import MailKind, PasswordToken, Role, TokenPurpose, User
from domain.errors import InvalidInput, NotFound
from domain.passwords import check_new_password, clean_email
from domain.ports import PasswordHasher, UnitOfWork, UnitOfWorkFactory, UserQuery
from domain.services._shared import end_logins, queue_mail
from domain.services.accounts import token_hash

LINK_LIFETIME = timedelta(days=7)
RATE_WINDOW = timedelta(hours=1)
MAX_LINKS_PER_WINDOW = 3  # per person: invitations re-sent and resets asked for together
SET_PASSWORD_PATH = '/login/set-password'  # noqa: S105 - a page address, not a password
# Under /login: open to visitors, like the sign-in page itself.
FORGOT_PASSWORD_PATH = '/login/forgot-password'  # noqa: S105 - a page address, not a password
DEFAULT_ORGANIZATION = 'My organization'
RESET_ANSWER_START = 'If an account uses that address, a link to choose a new password is on its way.'
NAME_MAX = 255
BAD_LINK = (
    'This link cannot be used any more: links work once, for 7 days, and only the newest one sent to you. '
    'Ask for a new one with "Forgot password?" on the sign-in page.'
)
TOO_MANY_LINKS = 'Three links were sent to this person in the last hour. Wait an hour before sending another.'


def already_registered(email: str) -> str:
    return (
        f'{email} already has an account. Sign in with it, or use "Forgot password?" on the sign-in page '
        'to choose a new password.'
    )


def set_password_link(base_url: str, token: str) -> str:
    return f'{base_url.rstrip("/")}{SET_PASSWORD_PATH}?token={token}'


def clean_name(name: str, what: str = 'Name', field: str = 'name') -> str:
    cleaned = ' '.join(name.split())
    if not cleaned:
        raise InvalidInput(f'{what} is required.', field)
    if len(cleaned) > NAME_MAX or not rules.storable(cleaned) or rules.has_hidden_controls(cleaned):
        raise InvalidInput(f'{what}: at most {NAME_MAX} characters, without control characters.', field)
    return cleaned


def _mail_text(user: User, purpose: TokenPurpose, link: str) -> str:
    """First paragraph: the subject (domain/mail.py); a line that is only a link becomes a button-like link."""
    if purpose is TokenPurpose.INVITATION:
        return (
            'You are invited to Mentor sessions\n\n'
            f'{user.organization_name} added you to Mentor sessions. Choose your password within 7 days:\n{link}'
        )
    return (
        'Choose a new password for Mentor sessions\n\n'
        'Someone (we hope you) asked to reset your password. The link works once, within 7 days; '
        f'if you did not ask, ignore this mail and your password stays as it is.\n{link}'
    )


def issue_link(uow: UnitOfWork, user: User, purpose: TokenPurpose, base_url: str, now: datetime) -> str:
    """Make a fresh link (earlier unused ones stop working) and queue its mail; the caller commits."""
    token = secrets.token_urlsafe(32)
    uow.password_tokens.void_unused(user.id, now)
    uow.password_tokens.add(PasswordToken(token_hash(token), user.id, purpose, now, now + LINK_LIFETIME))
    link = set_password_link(base_url, token)
    queue_mail(uow, [user.id], MailKind.ACCOUNT, _mail_text(user, purpose, link), now, None)
    return link


def create_first_admin(
    uow: UnitOfWork,
    hasher: PasswordHasher,
    *,
    email: str,
    name: str,
    organization: str,
    password: str | None,
    repeated: str | None,
    base_url: str,
    now: datetime,
) -> str | None:
    """R4: an org admin made from the command line, with the password typed there or (password None) a one-time
    link to set it, which is returned. A second run for the same e-mail is refused."""
    address = clean_email(email)
    person = clean_name(name)
    org_name = clean_name(organization or DEFAULT_ORGANIZATION, 'Organization', 'organization')
    if password is not None:
        check_new_password(password, repeated or '', address)
    password_hash = '' if password is None else hasher.hash(password)
    with uow:
        if uow.users.by_email(address) is not None:
            raise InvalidInput(already_registered(address), 'email')
        found = next((o for o in uow.users.organizations() if o.name == org_name), None)
        org = found or uow.users.add_organization(org_name)
        user = uow.users.add(person, address, org.id, '', frozenset({Role.ORG_ADMIN}), password_hash)
        link = issue_link(uow, user, TokenPurpose.INVITATION, base_url, now) if password is None else None
        uow.commit()
        return link


def invite_again(uow: UnitOfWork, actor: User, user_id: int, base_url: str, now: datetime) -> str:
    """R6: a new invitation link for someone an org admin added (the old one stops working); return it, so that
    without mail the admin can pass it on."""
    with uow:
        rules.check_org_admin(actor, 'send invitations')
        user = uow.users.get(user_id) if rules.valid_id(user_id) else None
        if user is None:
            raise NotFound('This person does not exist.')
        if uow.password_tokens.count_since(user.id, now - RATE_WINDOW) >= MAX_LINKS_PER_WINDOW:
            raise InvalidInput(TOO_MANY_LINKS)
        link = issue_link(uow, user, TokenPurpose.INVITATION, base_url, now)
        uow.commit()
        return link


def request_reset(uow: UnitOfWork, email: str, base_url: str, now: datetime) -> None:
    """R6 "Forgot password?": mail a reset link. The caller learns nothing: an unknown or deactivated address,
    or one that got three links within the hour, does nothing and returns just the same."""
    if not rules.storable(email) or len(email) > 320:
        return
    with uow:
        user = uow.users.by_email(email.strip())
        if user is None or not user.active:
            return
        if uow.password_tokens.count_since(user.id, now - RATE_WINDOW) >= MAX_LINKS_PER_WINDOW:
            return
        issue_link(uow, user, TokenPurpose.RESET, base_url, now)
        uow.commit()


def _valid_token(uow: UnitOfWork, token: str, now: datetime) -> tuple[PasswordToken, User]:
    found = uow.password_tokens.get(token_hash(token)) if 0 < len(token) <= 128 and token.isascii() else None
    user = None if found is None else uow.users.get(found.user_id)
    if found is None or user is None or found.used_at is not None or now >= found.expires_at or not user.active:
        raise InvalidInput(BAD_LINK)
    return found, user


def nobody_registered(uow: UnitOfWork) -> bool:
    """R4: an empty installation, whose sign-in page says how to begin."""
    with uow:
        return uow.users.search(UserQuery(per_page=1)).total == 0


def link_holder(uow: UnitOfWork, token: str, now: datetime) -> tuple[User, TokenPurpose]:
    """R6: whose "Set your password" link this is, and why it was sent; refused when expired, used or unknown."""
    with uow:
        found, user = _valid_token(uow, token, now)
        return user, found.purpose


def set_password_from_link(
    uows: UnitOfWorkFactory, hasher: PasswordHasher, token: str, password: str, repeated: str, now: datetime
) -> User:
    """R6: the link's holder chooses their password. The link is used up, every other link of theirs stops
    working, and every login of theirs ends (a stolen session does not outlive a reset)."""
    with uows(read_only=True) as uow:
        _found, user = _valid_token(uow, token, now)
    check_new_password(password, repeated, user.email)
    password_hash = hasher.hash(password)  # a quarter second: outside the write transaction
    with uows() as uow:
        found, user = _valid_token(uow, token, now)
        if not uow.password_tokens.use(found.token_hash, now):  # another tab used it a moment ago
            raise InvalidInput(BAD_LINK)
        uow.users.set_password_hash(user.id, password_hash)
        uow.users.reset_failed_sign_ins(user.id)
        uow.password_tokens.void_unused(user.id, now)
        end_logins(uow, user.id, now)
        uow.commit()
        return user
