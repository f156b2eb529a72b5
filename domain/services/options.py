"""The items of "Recommended for", "Categories" and "Medium": custom "+Other" items (C8), and the lists as org
admins manage them (R7): add, rename, retire (kept on the sessions that have it, gone from the pickers), restore.
Every change of an org admin is announced, so open Option lists pages and pickers follow it (L1)."""

from __future__ import annotations

from domain import rules
from domain.entities import Option, OptionKind, User
from domain.errors import InvalidInput, NotFound, PermissionDenied
from domain.ports import OptionsChanged, UnitOfWork

MANAGE = 'manage the option lists'


def list_options(uow: UnitOfWork, actor: User, kind: OptionKind) -> list[Option]:
    """C8: the items of one list offered in the pickers (retired ones left out), built-in ones first; any
    signed-in user may read them (M1 filters)."""
    with uow:
        return uow.options.list(kind)


def add_custom_option(uow: UnitOfWork, actor: User, kind: OptionKind, label: str) -> Option:
    """C8 "+Other": add an item of 1–50 characters; an existing label (any case) is returned as it is; a
    retired one is refused (R7: an org admin took it out of use)."""
    with uow:
        if not actor.is_mentor:
            raise PermissionDenied('Only mentors can add items.')
        option = uow.options.add(Option(kind, rules.clean_custom_option(label), custom=True))
        if option.retired:
            raise InvalidInput(f'"{option.label}" was retired from {kind.value}; choose another item.', 'option')
        uow.commit()
        return option


def managed_options(uow: UnitOfWork, actor: User, kind: OptionKind) -> list[Option]:
    """R7: every item of the list, retired ones too, for the org admin's "Option lists" page."""
    with uow:
        rules.check_org_admin(actor, MANAGE)
        return uow.options.list(kind, retired=True)


def _taken(existing: Option, kind: OptionKind) -> InvalidInput:
    if existing.retired:
        return InvalidInput(f'"{existing.label}" is already in {kind.value}, retired: restore it instead.', 'option')
    return InvalidInput(f'"{existing.label}" is already in {kind.value}.', 'option')


def add_option(uow: UnitOfWork, actor: User, kind: OptionKind, label: str) -> Option:
    """R7: a new item at the end of the list; the same label in another case or spacing is refused by name."""
    with uow:
        rules.check_org_admin(actor, MANAGE)
        cleaned = rules.clean_custom_option(label)
        if (existing := uow.options.find(kind, cleaned)) is not None:
            raise _taken(existing, kind)
        option = uow.options.add(Option(kind, cleaned))
        uow.record(OptionsChanged())
        uow.commit()
        return option


def _item(uow: UnitOfWork, kind: OptionKind, label: str) -> Option:
    found = uow.options.find(kind, label) if rules.storable(label) else None
    if found is None:
        raise NotFound(f'This item is no longer in {kind.value}.')
    return found


def rename_option(uow: UnitOfWork, actor: User, kind: OptionKind, label: str, new_label: str) -> Option:
    """R7: a new label for the item and for every session that has it (their filters keep finding them).
    Another item's label, in any case or spacing, is refused by name; a change of case alone is a rename."""
    with uow:
        rules.check_org_admin(actor, MANAGE)
        item = _item(uow, kind, label)
        cleaned = rules.clean_custom_option(new_label)
        existing = uow.options.find(kind, cleaned)
        if existing is not None and rules.option_key(existing.label) != rules.option_key(item.label):
            raise _taken(existing, kind)
        if cleaned != item.label:
            uow.options.rename(kind, item.label, cleaned)
            uow.record(OptionsChanged())
            uow.commit()
        renamed = uow.options.find(kind, cleaned)
        assert renamed is not None
        return renamed


def set_option_retired(uow: UnitOfWork, actor: User, kind: OptionKind, label: str, retired: bool) -> None:
    """R7: a retired item stays on the sessions that have it and leaves the pickers; restoring brings it back."""
    with uow:
        rules.check_org_admin(actor, MANAGE)
        item = _item(uow, kind, label)
        if item.retired == retired:
            return
        uow.options.set_retired(kind, item.label, retired)
        uow.record(OptionsChanged())
        uow.commit()
