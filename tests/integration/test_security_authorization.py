"""The authorization matrix through the services, on SQLite and PostgreSQL (R2, C4–C6, T3, U1–U4, M1, M2).

Every role × every action. A refusal is a DomainError whose message does not name the session; nothing
else may escape. Refused attempts change nothing (the unit of work rolls back), so they share one seeded
cast; every allowed attempt of a changing action gets a fresh cast of its own.
The same matrix through the HTTP routes is in tests/e2e/test_security_http.py.
"""

from __future__ import annotations

import pytest

from domain.errors import DomainError
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.security_support import ACTIONS, ROLES, Action, Cast, seed_cast


def _prepared(factory: SqlUnitOfWorkFactory, action: Action) -> Cast:
    cast = seed_cast(factory)
    if action.setup is not None:
        action.setup(factory, cast)
    return cast


def _outcome(factory: SqlUnitOfWorkFactory, action: Action, cast: Cast, role: str) -> str:
    try:
        action.run(factory, cast, cast[role])
    except DomainError as refusal:
        title = cast.public.title if action.session == 'public' else cast.private.title
        assert title not in refusal.message, f'{role} / {action.name}: the refusal names the session'
        assert refusal.message.strip(), f'{role} / {action.name}: an empty refusal'
        return 'refused'
    return 'allowed'


@pytest.mark.parametrize('action', ACTIONS, ids=[a.name.replace(' ', '-') for a in ACTIONS])
def test_r2_every_role_may_do_exactly_what_the_product_allows(
    uow_factory: SqlUnitOfWorkFactory, action: Action
) -> None:
    """R2/T3/U1–U4/M1/M2: allowed roles succeed; every other role is refused without learning the title."""
    shared = _prepared(uow_factory, action)
    outcomes = {}
    for role in sorted(ROLES, key=lambda r: r in action.allowed):  # refusals first, on the shared cast
        fresh = role in action.allowed and action.mutates
        outcomes[role] = _outcome(uow_factory, action, _prepared(uow_factory, action) if fresh else shared, role)
    expected = {role: 'allowed' if role in action.allowed else 'refused' for role in ROLES}
    assert outcomes == expected
