"""R8: "Profile" — every user edits their own name, designation, time zone and password."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import datetime

from domain import rules
from domain.entities import User
from domain.errors import InvalidInput
from domain.passwords import check_new_password
from domain.ports import PasswordHasher, PeopleChanged, UnitOfWork, UnitOfWorkFactory
from domain.services._shared import end_logins
from domain.services.invitations import clean_name

WRONG_CURRENT = 'That is not your current password.'


@dataclass(frozen=True)
class Profile:
    name: str
    email: str
    designation: str
    time_zone: str


def my_profile(uow: UnitOfWork, actor: User) -> Profile:
    with uow:
        found = uow.mail.recipients([actor.id]).get(actor.id)
        zone = found.time_zone if found is not None else 'UTC'
        return Profile(actor.name, actor.email, actor.designation, zone)


def _checked_zone(name: str) -> str:
    try:
        zoneinfo.ZoneInfo(name)
    except (KeyError, ValueError, OSError):
        raise InvalidInput('Choose a time zone from the list.', 'time_zone') from None
    return name


def update_profile(uow: UnitOfWork, actor: User, name: str, designation: str, time_zone: str) -> User:
    """R8: the actor's own name, designation and time zone (named in their mails)."""
    cleaned = clean_name(name)
    role = ' '.join(designation.split())
    if len(role) > rules.CHOICE_MAX or not rules.storable(role) or rules.has_hidden_controls(role):
        raise InvalidInput(f'Designation: at most {rules.CHOICE_MAX} characters, no control characters.', 'designation')
    zone = _checked_zone(time_zone)
    with uow:
        me = uow.users.get(actor.id)
        if me is None:
            raise InvalidInput('Your account no longer exists.')
        uow.users.update(me.id, cleaned, me.email, me.organization_id, role, me.roles)
        uow.mail.set_time_zone(me.id, zone)
        uow.record(PeopleChanged())
        uow.commit()
        return uow.users.get(me.id) or me


def change_password(
    uows: UnitOfWorkFactory, hasher: PasswordHasher, actor: User, current: str, new: str, repeated: str, now: datetime
) -> None:
    """R8: a new password, only with the current one; every login of the actor ends (they sign in again)."""
    with uows(read_only=True) as uow:
        stored = uow.users.password_hash(actor.id)
    if not stored or not hasher.verify(stored, current):
        raise InvalidInput(WRONG_CURRENT, 'current')
    check_new_password(new, repeated, actor.email)
    password_hash = hasher.hash(new)
    with uows() as uow:
        uow.users.set_password_hash(actor.id, password_hash)
        uow.password_tokens.void_unused(actor.id, now)
        end_logins(uow, actor.id, now)
        uow.commit()
