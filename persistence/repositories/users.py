"""Users and organizations."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, or_, update
from sqlmodel import Session, col, select

from domain import rules
from domain.entities import Organization, Page, Role, User
from domain.ports import UserQuery
from persistence.mapping import ROLE_COLUMNS, row_id, user_from_row
from persistence.repositories.querying import matches_search, offset_and_limit
from persistence.tables import OrganizationRow, UserRow


def email_key(email: str) -> str:
    return email.strip().lower()


def _role_condition(role: Role) -> ColumnElement[bool]:
    if role is Role.MENTOR:  # session managers are mentors too (User.is_mentor)
        return or_(col(UserRow.is_mentor), col(UserRow.is_session_manager))
    return col(getattr(UserRow, ROLE_COLUMNS[role])).is_(True)


class SqlUserRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _select(self) -> Any:
        return select(UserRow, OrganizationRow.name).join(
            OrganizationRow, col(OrganizationRow.id) == col(UserRow.organization_id)
        )

    def get(self, user_id: int) -> User | None:
        found = self._session.exec(self._select().where(col(UserRow.id) == user_id)).first()
        return user_from_row(*found) if found else None

    def get_many(self, user_ids: Sequence[int]) -> list[User]:
        """The users that exist, in the order asked for."""
        if not user_ids:
            return []
        rows = self._session.exec(self._select().where(col(UserRow.id).in_(set(user_ids)))).all()
        by_id = {user.id: user for user in (user_from_row(*found) for found in rows)}
        return [by_id[uid] for uid in dict.fromkeys(user_ids) if uid in by_id]

    def by_email(self, email: str) -> User | None:
        found = self._session.exec(self._select().where(col(UserRow.email_key) == email_key(email))).first()
        return user_from_row(*found) if found else None

    def add(
        self, name: str, email: str, organization_id: int, designation: str, roles: frozenset[Role], password_hash: str
    ) -> User:
        row = UserRow(**_person_columns(name, email, organization_id, designation, roles), password_hash=password_hash)
        self._session.add(row)
        self._session.flush()
        organization = self._session.get_one(OrganizationRow, organization_id)
        return user_from_row(row, organization.name)

    def password_hash(self, user_id: int) -> str | None:
        return self._session.exec(select(UserRow.password_hash).where(col(UserRow.id) == user_id)).first()

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        self._update(user_id, password_hash=password_hash)

    def set_active(self, user_id: int, active: bool) -> None:
        self._update(user_id, is_active=active)

    def update(
        self, user_id: int, name: str, email: str, organization_id: int, designation: str, roles: frozenset[Role]
    ) -> None:
        self._update(user_id, **_person_columns(name, email, organization_id, designation, roles))

    def rename_organization(self, organization_id: int, name: str) -> None:
        statement = update(OrganizationRow).where(col(OrganizationRow.id) == organization_id).values(name=name)
        self._session.exec(statement.execution_options(synchronize_session='fetch'))

    def search(self, query: UserQuery) -> Page[User]:
        """Every word of `text` in the name or the e-mail address (rules.matches_search); ordered by name, then id."""
        conditions: list[ColumnElement[bool]] = [matches_search(query.text, UserRow.search_name, UserRow.search_email)]
        if query.role is not None:
            conditions.append(_role_condition(query.role))
        if query.organization_id is not None:
            conditions.append(col(UserRow.organization_id) == query.organization_id)
        if query.designation:
            conditions.append(col(UserRow.designation) == query.designation)
        if query.exclude_ids:
            conditions.append(col(UserRow.id).not_in(query.exclude_ids))
        if query.active is not None:
            conditions.append(col(UserRow.is_active).is_(query.active))
        total = self._session.exec(select(func.count()).select_from(UserRow).where(*conditions)).one()
        offset, limit = offset_and_limit(query.page, query.per_page)
        statement = (
            self._select()
            .where(*conditions)
            .order_by(func.lower(UserRow.name), col(UserRow.name), col(UserRow.id))
            .offset(offset)
            .limit(limit)
        )
        items = tuple(user_from_row(*found) for found in self._session.exec(statement).all())
        return Page(items=items, total=total, page=query.page, per_page=query.per_page)

    def add_organization(self, name: str) -> Organization:
        row = OrganizationRow(name=name)
        self._session.add(row)
        self._session.flush()
        return Organization(id=row_id(row), name=row.name)

    def organizations(self) -> list[Organization]:
        statement = select(OrganizationRow).order_by(col(OrganizationRow.name), col(OrganizationRow.id))
        return [Organization(id=row_id(row), name=row.name) for row in self._session.exec(statement).all()]

    def designations(self) -> list[str]:
        """Distinct designations of all users, sorted."""
        statement = select(UserRow.designation).distinct().where(col(UserRow.designation) != '')
        return sorted(self._session.exec(statement).all())

    def record_failed_sign_in(self, user_id: int, now: datetime) -> int:
        """Count a failed attempt (atomically, whatever other instances do); return the consecutive failures."""
        self._update(user_id, failed_sign_ins=col(UserRow.failed_sign_ins) + 1, last_failed_sign_in_at=now)
        return self.failed_sign_ins(user_id)[0]

    def failed_sign_ins(self, user_id: int) -> tuple[int, datetime | None]:
        statement = select(UserRow.failed_sign_ins, UserRow.last_failed_sign_in_at).where(col(UserRow.id) == user_id)
        found = self._session.exec(statement).first()
        return (found[0], found[1]) if found else (0, None)

    def reset_failed_sign_ins(self, user_id: int) -> None:
        self._update(user_id, failed_sign_ins=0, last_failed_sign_in_at=None)

    def _update(self, user_id: int, **values: Any) -> None:
        statement = update(UserRow).where(col(UserRow.id) == user_id).values(**values)
        self._session.exec(statement.execution_options(synchronize_session='fetch'))


def _person_columns(
    name: str, email: str, organization_id: int, designation: str, roles: frozenset[Role]
) -> dict[str, Any]:
    """What a person's form sets, with the columns derived from it: the e-mail's key and the folded search texts."""
    return {
        'name': name,
        'email': email.strip(),
        'email_key': email_key(email),
        'search_name': rules.folded(name),
        'search_email': rules.folded(email),
        'organization_id': organization_id,
        'designation': designation,
        **{column: role in roles for role, column in ROLE_COLUMNS.items()},
    }
