"""R5: People, for org admins — find, add (with an invitation, R6), change, deactivate and reactivate people;
organizations managed in place. Every change is announced, so open People pages follow it (L1)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from domain import rules
from domain.entities import Organization, Page, Role, TokenPurpose, User
from domain.errors import InvalidInput, NotFound
from domain.passwords import clean_email
from domain.ports import PeopleChanged, UnitOfWork, UserQuery
from domain.services._shared import end_logins, notify, page_bounds
from domain.services.invitations import clean_name, issue_link

MAX_PER_PAGE = 100
LAST_ADMIN = 'You are the last active org admin: make someone else org admin first, or nobody can manage People.'
NO_ROLE = 'Choose at least one role.'
UPCOMING_WINDOW = timedelta(days=3650)


@dataclass(frozen=True)
class PersonForm:
    """What the org admin typed for one person; roles as the page sent them (checked here, never trusted)."""

    name: str
    email: str
    organization_id: int
    designation: str
    roles: tuple[str, ...]


@dataclass(frozen=True)
class Added:
    user: User
    link: str  # the invitation link, which the page shows once when no mail can carry it


def _roles(values: Iterable[str]) -> frozenset[Role]:
    try:
        roles = frozenset(Role(value) for value in values)
    except ValueError:
        raise InvalidInput('Unknown role.', 'roles') from None
    if not roles:
        raise InvalidInput(NO_ROLE, 'roles')
    return roles


def _checked(uow: UnitOfWork, form: PersonForm, user_id: int | None) -> tuple[str, str, str, frozenset[Role]]:
    name = clean_name(form.name)
    email = clean_email(form.email)
    designation = ' '.join(form.designation.split())
    if len(designation) > rules.CHOICE_MAX or not rules.storable(designation) or rules.has_hidden_controls(designation):
        raise InvalidInput(f'Designation: at most {rules.CHOICE_MAX} characters, no control characters.', 'designation')
    if not any(org.id == form.organization_id for org in uow.users.organizations()):
        raise InvalidInput('Choose an organization.', 'organization')
    other = uow.users.by_email(email)
    if other is not None and other.id != user_id:
        raise InvalidInput(f'{other.email} already belongs to {other.name}.', 'email')
    return name, email, designation, _roles(form.roles)


def find_people(uow: UnitOfWork, actor: User, query: UserQuery) -> Page[User]:
    """R5: the pickers' query (search by name or e-mail; role, organization, designation) plus active or not."""
    with uow:
        rules.check_org_admin(actor, 'see People')
        page, per_page = page_bounds(query.page, query.per_page, 5, MAX_PER_PAGE)
        if not rules.storable(query.text + (query.designation or '')):
            return Page((), 0, page, per_page)
        return uow.users.search(replace(query, text=query.text.strip(), page=page, per_page=per_page))


def add_person(uow: UnitOfWork, actor: User, form: PersonForm, base_url: str, now: datetime) -> Added:
    """R5, R6: a new person without a password; their invitation link is mailed through the outbox."""
    with uow:
        rules.check_org_admin(actor, 'add people')
        name, email, designation, roles = _checked(uow, form, None)
        user = uow.users.add(name, email, form.organization_id, designation, roles, '')
        link = issue_link(uow, user, TokenPurpose.INVITATION, base_url, now)
        uow.record(PeopleChanged())
        uow.commit()
        return Added(user, link)


def _person(uow: UnitOfWork, user_id: int) -> User:
    user = uow.users.get(user_id) if rules.valid_id(user_id) else None
    if user is None:
        raise NotFound('This person does not exist.')
    return user


def _check_admins_remain(uow: UnitOfWork, user: User, still_admin: bool) -> None:
    if user.is_org_admin and user.active and not still_admin:
        admins = uow.users.search(UserQuery(role=Role.ORG_ADMIN, active=True, per_page=2)).total
        if admins <= 1:
            raise InvalidInput(LAST_ADMIN, 'roles')


def change_person(uow: UnitOfWork, actor: User, user_id: int, form: PersonForm) -> User:
    """R5: new details and roles; the last active org admin keeps that role."""
    with uow:
        rules.check_org_admin(actor, 'change people')
        user = _person(uow, user_id)
        name, email, designation, roles = _checked(uow, form, user.id)
        _check_admins_remain(uow, user, Role.ORG_ADMIN in roles)
        uow.users.update(user.id, name, email, form.organization_id, designation, roles)
        uow.record(PeopleChanged())
        uow.commit()
        return _person(uow, user.id)


def set_person_active(uow: UnitOfWork, actor: User, user_id: int, active: bool, now: datetime) -> None:
    """R5: a deactivated person cannot sign in, every login of theirs ends, their links stop working, and session
    managers are told about each upcoming session they mentor. Reactivating lets them sign in again."""
    with uow:
        rules.check_org_admin(actor, 'deactivate or reactivate people')
        user = _person(uow, user_id)
        if user.active == active:
            return
        if not active:
            _check_admins_remain(uow, user, still_admin=False)
            end_logins(uow, user.id, now)
            uow.password_tokens.void_unused(user.id, now)
            _flag_upcoming_sessions(uow, user, now)
        uow.users.set_active(user.id, active)
        uow.record(PeopleChanged())
        uow.commit()


def _flag_upcoming_sessions(uow: UnitOfWork, user: User, now: datetime) -> None:
    upcoming = [
        s for s in uow.sessions.mentor_sessions_between(user.id, now, now + UPCOMING_WINDOW) if s.start_at > now
    ]
    if not upcoming:
        return
    managers = uow.users.search(UserQuery(role=Role.SESSION_MANAGER, per_page=MAX_PER_PAGE)).items
    for session in upcoming:
        text = (
            f'{user.name} was deactivated and can no longer run "{session.title}". Choose another mentor or delete it.'
        )
        notify(uow, [m.id for m in managers if m.id != user.id], None, session, now, text=text)


def add_organization(uow: UnitOfWork, actor: User, name: str) -> Organization:
    """R5: organizations are managed on the People page."""
    with uow:
        rules.check_org_admin(actor, 'manage organizations')
        cleaned = clean_name(name, 'Organization', 'organization')
        if any(org.name.casefold() == cleaned.casefold() for org in uow.users.organizations()):
            raise InvalidInput(f'There is already an organization named {cleaned}.', 'organization')
        organization = uow.users.add_organization(cleaned)
        uow.record(PeopleChanged())
        uow.commit()
        return organization


def rename_organization(uow: UnitOfWork, actor: User, organization_id: int, name: str) -> None:
    with uow:
        rules.check_org_admin(actor, 'manage organizations')
        cleaned = clean_name(name, 'Organization', 'organization')
        organizations = uow.users.organizations()
        if not any(org.id == organization_id for org in organizations):
            raise NotFound('This organization does not exist.')
        if any(org.name.casefold() == cleaned.casefold() and org.id != organization_id for org in organizations):
            raise InvalidInput(f'There is already an organization named {cleaned}.', 'organization')
        uow.users.rename_organization(organization_id, cleaned)
        uow.record(PeopleChanged())
        uow.commit()
