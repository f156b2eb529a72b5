"""R6: what makes a password acceptable, and what makes an e-mail address one. Pure rules, no storage."""

from __future__ import annotations

from functools import cache
from importlib import resources

from email_validator import EmailNotValidError, validate_email

from domain.errors import InvalidInput

MIN_LENGTH = 12
MAX_LENGTH = 256  # argon2 hashes anything; the cap only keeps a pasted novel from costing a quarter second more
TOO_SHORT = f'Use at least {MIN_LENGTH} characters.'
TOO_LONG = f'Use at most {MAX_LENGTH} characters.'
TOO_COMMON = 'This password is too common: it is on a list attackers try first. Choose another.'
NOT_REPEATED = 'The two passwords are not the same.'
LIKE_EMAIL = 'The password must not be your e-mail address.'


@cache
def common_passwords() -> frozenset[str]:
    """The bundled list (domain/common_passwords.txt), lower-cased."""
    text = resources.files('domain').joinpath('common_passwords.txt').read_text(encoding='utf-8')
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith('#'))


def check_new_password(password: str, repeated: str, email: str) -> None:
    """R6: at least 12 characters, not on the common list, not the e-mail address, typed the same twice."""
    if len(password) < MIN_LENGTH:
        raise InvalidInput(TOO_SHORT, 'password')
    if len(password) > MAX_LENGTH:
        raise InvalidInput(TOO_LONG, 'password')
    if password.lower() in common_passwords():
        raise InvalidInput(TOO_COMMON, 'password')
    if password.strip().lower() == email.strip().lower():
        raise InvalidInput(LIKE_EMAIL, 'password')
    if password != repeated:
        raise InvalidInput(NOT_REPEATED, 'repeat')


def clean_email(text: str) -> str:
    """R5: a valid address, its domain normalised (case and whitespace folded where that is safe), or a refusal.

    Syntax only: whether the domain receives mail is the mail server's business (the demo uses `.test`)."""
    try:
        checked = validate_email(text.strip(), check_deliverability=False, allow_smtputf8=True, test_environment=True)
    except EmailNotValidError as error:
        raise InvalidInput(f'Not a valid e-mail address: {error}', 'email') from None
    return checked.normalized
