"""C5, C6 pickers, C8 option lists and the notification inbox."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.entities import Option, OptionKind, Role
from domain.errors import InvalidInput, PermissionDenied
from domain.ports import InboxChanged, UserQuery
from domain.services.directory import find_users, list_designations, list_organizations
from domain.services.inbox import inbox, mark_inbox_read, unread_count
from domain.services.options import add_custom_option, list_options
from tests.unit.support import NOW, publish


def names(page) -> list[str]:
    return [user.name for user in page.items]


def test_c5_c6_pickers_are_for_session_managers_only(uow, people) -> None:
    for actor in (people.mentor, people.mentees[0]):
        with pytest.raises(PermissionDenied, match='Session Manager privileges'):
            find_users(uow, actor, UserQuery())


def test_c6_search_matches_name_or_email_ignoring_case_ordered_by_name(uow, people) -> None:
    assert names(find_users(uow, people.manager, UserQuery(text='MENTEE', role=Role.MENTEE))) == [
        'Ana Mentee',
        'Björn Mentee',
        'Chloé Mentee',
        'Dev Mentee',
        'Eve Mentee',
    ]
    assert names(find_users(uow, people.manager, UserQuery(text='eve@'))) == ['Eve Mentee']


def test_c5_mentor_list_filters_by_role_organization_and_designation(uow, people) -> None:
    globex = next(o for o in list_organizations(uow, people.manager) if o.name == 'Globex')
    assert names(find_users(uow, people.manager, UserQuery(role=Role.MENTOR, organization_id=globex.id))) == [
        'Olga Othermentor'
    ]
    query = UserQuery(role=Role.MENTEE, designation='Analyst', exclude_ids=(people.mentees[0].id,))
    assert names(find_users(uow, people.manager, query)) == ['Dev Mentee']


def test_c5_mentor_list_counts_session_managers_as_mentors_and_ignores_case_in_order(uow, people) -> None:
    acme = people.mentor.organization_id
    uow.users.add('sam Manager', 'sam@example.org', acme, 'Director', frozenset({Role.SESSION_MANAGER}), 'x')
    query = UserQuery(role=Role.MENTOR, organization_id=acme)
    assert names(find_users(uow, people.manager, query)) == ['Maya Manager', 'sam Manager', 'Tom Mentor']


def test_c5_items_per_page_is_kept_between_5_and_100(uow, people) -> None:
    small = find_users(uow, people.manager, UserQuery(per_page=1, page=-3))
    assert (small.per_page, small.page, len(small.items), small.total) == (5, 1, 5, 9)
    assert find_users(uow, people.manager, UserQuery(per_page=500)).per_page == 100
    assert names(find_users(uow, people.manager, UserQuery(per_page=5, page=2))) == [
        'Eve Mentee',
        'Maya Manager',
        'Olga Othermentor',
        'Tom Mentor',
    ]


def test_r2_organizations_and_designations_for_the_filters(uow, people) -> None:
    assert [o.name for o in list_organizations(uow, people.mentor)] == ['Acme', 'Globex']
    assert list_designations(uow, people.mentor) == ['Analyst', 'Director', 'Engineer', 'Intern']


def test_c8_lists_hold_the_built_in_items_in_order(uow, people) -> None:
    assert [o.label for o in list_options(uow, people.mentees[0], OptionKind.MEDIUM)] == ['English', 'Hindi', 'French']


def test_c8_other_adds_a_custom_item_after_the_built_in_ones(uow, people) -> None:
    added = add_custom_option(uow, people.mentor, OptionKind.MEDIUM, '  Tamil ')
    add_custom_option(uow, people.mentor, OptionKind.MEDIUM, 'Bengali')
    assert added == Option(OptionKind.MEDIUM, 'Tamil', custom=True)
    labels = [o.label for o in list_options(uow, people.mentor, OptionKind.MEDIUM)]
    assert labels == ['English', 'Hindi', 'French', 'Bengali', 'Tamil']
    assert [o.label for o in list_options(uow, people.mentor, OptionKind.CATEGORIES)][-1] == 'Data science'


def test_c8_adding_an_existing_item_in_another_case_returns_it(uow, people) -> None:
    assert add_custom_option(uow, people.mentor, OptionKind.MEDIUM, 'hindi') == Option(OptionKind.MEDIUM, 'Hindi')
    assert len(list_options(uow, people.mentor, OptionKind.MEDIUM)) == 3


def test_c8_custom_item_must_be_1_to_50_characters_and_from_a_mentor(uow, people) -> None:
    with pytest.raises(InvalidInput, match='at most 50') as refusal:
        add_custom_option(uow, people.mentor, OptionKind.MEDIUM, 'x' * 51)
    assert refusal.value.field == 'option'
    with pytest.raises(PermissionDenied, match='Only mentors'):
        add_custom_option(uow, people.mentees[0], OptionKind.MEDIUM, 'Tamil')


def test_inbox_is_newest_first_and_can_be_marked_read(uow, people, publisher) -> None:
    ana = people.mentees[0]
    publish(uow, people.manager, title='First', mentee_ids=(ana.id,))
    publish(
        uow,
        people.manager,
        title='Second',
        mentee_ids=(ana.id,),
        start_at=NOW + timedelta(days=3),
        end_at=NOW + timedelta(days=3, hours=1),
    )
    assert [n.text.split(' on ')[0] for n in inbox(uow, ana)] == [
        'You were invited to Second',
        'You were invited to First',
    ]
    assert unread_count(uow, ana) == 2
    mark_inbox_read(uow, ana, NOW)
    assert unread_count(uow, ana) == 0
    assert all(n.read_at == NOW for n in inbox(uow, ana))
    assert publisher.events[-1] == InboxChanged(ana.id)


def test_inbox_shows_only_ones_own_notifications(uow, people) -> None:
    publish(uow, people.manager, mentee_ids=(people.mentees[0].id,))
    assert inbox(uow, people.mentees[1]) == []
    assert unread_count(uow, people.mentees[1]) == 0
