"""The items of "Recommended for", "Categories" and "Medium", and custom "+Other" items (C8)."""

from __future__ import annotations

from domain import rules
from domain.entities import Option, OptionKind, User
from domain.errors import PermissionDenied
from domain.ports import UnitOfWork


def list_options(uow: UnitOfWork, actor: User, kind: OptionKind) -> list[Option]:
    """C8: the items of one list, built-in ones first; any signed-in user may read them (M1 filters)."""
    with uow:
        return uow.options.list(kind)


def add_custom_option(uow: UnitOfWork, actor: User, kind: OptionKind, label: str) -> Option:
    """C8 "+Other": add an item of 1–50 characters; an existing label (any case) is returned as it is."""
    with uow:
        if not actor.is_mentor:
            raise PermissionDenied('Only mentors can add items.')
        option = uow.options.add(Option(kind, rules.clean_custom_option(label), custom=True))
        uow.commit()
        return option
