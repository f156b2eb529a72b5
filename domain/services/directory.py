"""The people pickers: Mentor list and Mentee list windows (C5, C6, R2)."""

from __future__ import annotations

from dataclasses import replace

from domain import rules
from domain.entities import Organization, Page, User
from domain.ports import UnitOfWork, UserQuery
from domain.services._shared import page_bounds

MIN_PER_PAGE = 5
MAX_PER_PAGE = 100


def find_users(uow: UnitOfWork, actor: User, query: UserQuery) -> Page[User]:
    """C5, C6: search users by name or e-mail, filter by role, organization and designation; session managers only."""
    with uow:
        rules.check_session_manager(actor, 'choose mentors and mentees')
        page, per_page = page_bounds(query.page, query.per_page, MIN_PER_PAGE, MAX_PER_PAGE)
        if not rules.storable(query.text + (query.designation or '')) or not _valid_optional_id(query.organization_id):
            return Page((), 0, page, per_page)  # no stored name or e-mail can contain such text
        return uow.users.search(replace(query, text=query.text.strip(), page=page, per_page=per_page))


def _valid_optional_id(value: int | None) -> bool:
    return value is None or rules.valid_id(value)


def list_organizations(uow: UnitOfWork, actor: User) -> list[Organization]:
    """R2: every organization, for the pickers' filter; any signed-in user may read it."""
    with uow:
        return uow.users.organizations()


def list_designations(uow: UnitOfWork, actor: User) -> list[str]:
    """R2: every designation in use, sorted, for the pickers' filter; any signed-in user may read it."""
    with uow:
        return uow.users.designations()
