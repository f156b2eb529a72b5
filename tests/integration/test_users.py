"""SqlUserRepository on SQLite and PostgreSQL (R1, R2, C5, C6)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from domain.entities import Role
from domain.ports import UserQuery
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.integration.builders import NOW, add_user


def test_a_user_is_stored_with_organization_and_roles(uow_factory: SqlUnitOfWorkFactory) -> None:
    roles = frozenset({Role.MENTOR, Role.SESSION_MANAGER})
    added = add_user(uow_factory, 'Zoë Müller', roles=roles, organization='Asha', designation='Teacher')
    with uow_factory(read_only=True) as uow:
        found = uow.users.get(added.id)
    assert found == added
    assert found is not None
    assert (found.organization_name, found.designation, found.roles) == ('Asha', 'Teacher', roles)


def test_an_unknown_user_is_none(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory(read_only=True) as uow:
        assert uow.users.get(404) is None
        assert uow.users.by_email('nobody@example.test') is None
        assert uow.users.password_hash(404) is None


def test_get_many_returns_existing_users_in_the_order_asked(uow_factory: SqlUnitOfWorkFactory) -> None:
    ann, bob, cid = (add_user(uow_factory, name) for name in ('Ann', 'Bob', 'Cid'))
    with uow_factory(read_only=True) as uow:
        assert uow.users.get_many([cid.id, 999, ann.id, cid.id]) == [cid, ann]
        assert uow.users.get_many([]) == []
        assert [u.id for u in uow.users.get_many([bob.id])] == [bob.id]


def test_by_email_ignores_case_and_surrounding_spaces(uow_factory: SqlUnitOfWorkFactory) -> None:
    added = add_user(uow_factory, 'Ann', email='Ann.Lee@Example.test')
    with uow_factory(read_only=True) as uow:
        assert uow.users.by_email('  ann.lee@EXAMPLE.TEST ') == added
    assert added.email == 'Ann.Lee@Example.test'


def test_two_users_cannot_share_an_email_whatever_its_case(uow_factory: SqlUnitOfWorkFactory) -> None:
    add_user(uow_factory, 'Ann', email='ann@example.test')
    with pytest.raises(IntegrityError):
        add_user(uow_factory, 'Other Ann', email='ANN@example.test')


def test_the_password_hash_can_be_read_and_replaced(uow_factory: SqlUnitOfWorkFactory) -> None:
    user = add_user(uow_factory, 'Ann')
    with uow_factory() as uow:
        assert uow.users.password_hash(user.id) == 'hash'
        uow.users.set_password_hash(user.id, 'new-hash')
        uow.commit()
    with uow_factory(read_only=True) as uow:
        assert uow.users.password_hash(user.id) == 'new-hash'


def test_search_matches_name_or_email_case_insensitively_ordered_by_name(uow_factory: SqlUnitOfWorkFactory) -> None:
    """C5/C6: the Search box."""
    add_user(uow_factory, 'Émile Zola', email='ez@books.test')
    add_user(uow_factory, 'anna Smith', email='as@example.test')
    add_user(uow_factory, 'Bob', email='bob.ÉMILE@example.test')
    add_user(uow_factory, 'Carl', email='carl@example.test')
    with uow_factory(read_only=True) as uow:
        by_name = uow.users.search(UserQuery(text='émile'))
        by_email = uow.users.search(UserQuery(text='BOOKS'))
        everyone = uow.users.search(UserQuery())
    assert [u.name for u in by_name.items] == ['Bob', 'Émile Zola']
    assert [u.name for u in by_email.items] == ['Émile Zola']
    assert [u.name for u in everyone.items] == ['anna Smith', 'Bob', 'Carl', 'Émile Zola']


def test_search_takes_percent_and_underscore_literally(uow_factory: SqlUnitOfWorkFactory) -> None:
    add_user(uow_factory, 'Ann 100% Sure')
    add_user(uow_factory, 'Bob', email='b_b@example.test')
    add_user(uow_factory, 'Cid', email='bxb@example.test')
    with uow_factory(read_only=True) as uow:
        assert [u.name for u in uow.users.search(UserQuery(text='100%')).items] == ['Ann 100% Sure']
        assert [u.name for u in uow.users.search(UserQuery(text='b_b')).items] == ['Bob']


def test_search_filters_by_role_organization_designation_and_exclusions(uow_factory: SqlUnitOfWorkFactory) -> None:
    """C5/C6: the organization and designation filters; session managers count as mentors."""
    mentor = add_user(uow_factory, 'Mia', roles=frozenset({Role.MENTOR}), organization='Asha')
    manager = add_user(uow_factory, 'Max', roles=frozenset({Role.SESSION_MANAGER}), organization='Kestrel')
    mentee = add_user(uow_factory, 'Tia', organization='Asha', designation='Teacher')
    add_user(uow_factory, 'Sam', organization='Kestrel', designation='Student')
    with uow_factory(read_only=True) as uow:
        asha = next(org for org in uow.users.organizations() if org.name == 'Asha')
        mentors = uow.users.search(UserQuery(role=Role.MENTOR))
        managers = uow.users.search(UserQuery(role=Role.SESSION_MANAGER))
        in_asha = uow.users.search(UserQuery(organization_id=asha.id))
        teachers = uow.users.search(UserQuery(role=Role.MENTEE, designation='Teacher'))
        others = uow.users.search(UserQuery(role=Role.MENTOR, exclude_ids=(mentor.id,)))
    assert [u.id for u in mentors.items] == [manager.id, mentor.id]
    assert [u.id for u in managers.items] == [manager.id]
    assert [u.id for u in in_asha.items] == [mentor.id, mentee.id]
    assert [u.id for u in teachers.items] == [mentee.id]
    assert [u.id for u in others.items] == [manager.id]


def test_search_pages_and_counts_every_match(uow_factory: SqlUnitOfWorkFactory) -> None:
    """C5: "Items per page" with paging."""
    for number in range(7):
        add_user(uow_factory, f'Mentee {number}')
    with uow_factory(read_only=True) as uow:
        first = uow.users.search(UserQuery(text='mentee', per_page=3))
        last = uow.users.search(UserQuery(text='mentee', page=3, per_page=3))
        beyond = uow.users.search(UserQuery(text='mentee', page=4, per_page=3))
    assert [u.name for u in first.items] == ['Mentee 0', 'Mentee 1', 'Mentee 2']
    assert (first.total, first.page_count) == (7, 3)
    assert [u.name for u in last.items] == ['Mentee 6']
    assert (beyond.items, beyond.total) == ((), 7)


def test_users_with_the_same_name_are_ordered_by_id(uow_factory: SqlUnitOfWorkFactory) -> None:
    first = add_user(uow_factory, 'Sam', email='sam1@example.test')
    second = add_user(uow_factory, 'Sam', email='sam2@example.test')
    with uow_factory(read_only=True) as uow:
        assert [u.id for u in uow.users.search(UserQuery(text='sam')).items] == [first.id, second.id]


def test_organizations_are_listed_by_name(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        kestrel = uow.users.add_organization('Kestrel')
        asha = uow.users.add_organization('Asha')
        uow.commit()
    with uow_factory(read_only=True) as uow:
        assert uow.users.organizations() == [asha, kestrel]


def test_designations_are_distinct_and_sorted(uow_factory: SqlUnitOfWorkFactory) -> None:
    for name, designation in (('A', 'Teacher'), ('B', 'Student'), ('C', 'Teacher')):
        add_user(uow_factory, name, designation=designation)
    with uow_factory(read_only=True) as uow:
        assert uow.users.designations() == ['Student', 'Teacher']


def test_failed_sign_ins_are_counted_until_reset(uow_factory: SqlUnitOfWorkFactory) -> None:
    """R1: the counter behind the wait imposed after repeated failures."""
    user = add_user(uow_factory, 'Ann')
    with uow_factory() as uow:
        assert uow.users.failed_sign_ins(user.id) == (0, None)
        assert uow.users.record_failed_sign_in(user.id, NOW) == 1
        assert uow.users.record_failed_sign_in(user.id, NOW + timedelta(seconds=5)) == 2
        uow.commit()
    with uow_factory() as uow:
        assert uow.users.failed_sign_ins(user.id) == (2, NOW + timedelta(seconds=5))
        uow.users.reset_failed_sign_ins(user.id)
        uow.commit()
    with uow_factory(read_only=True) as uow:
        assert uow.users.failed_sign_ins(user.id) == (0, None)
        assert uow.users.failed_sign_ins(404) == (0, None)
