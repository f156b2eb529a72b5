"""R5: People for org admins — add, change, deactivate, reactivate; organizations; the pickers' query."""

from __future__ import annotations

import pytest

from domain.entities import MailKind, Role
from domain.errors import InvalidInput, NotFound, PermissionDenied, SignInFailed
from domain.ports import LoginRevoked, PeopleChanged, UserQuery
from domain.services.accounts import DEACTIVATED, sign_in, token_hash, user_for_token
from domain.services.directory import find_users
from domain.services.people import (
    LAST_ADMIN,
    PersonForm,
    add_organization,
    add_person,
    change_person,
    find_people,
    rename_organization,
    set_person_active,
)
from tests.fakes import FakePasswordHasher, InMemoryUnitOfWork, RecordingEventPublisher
from tests.unit.support import NOW, PASSWORD, People, publish, texts

BASE = 'https://mentor.example.org'
hasher = FakePasswordHasher()


def form(people: People, **changes: object) -> PersonForm:
    values: dict[str, object] = {
        'name': 'Nia New',
        'email': 'nia@example.org',
        'organization_id': people.admin.organization_id,
        'designation': 'Analyst',
        'roles': ('mentee',),
    }
    values.update(changes)
    return PersonForm(**values)  # type: ignore[arg-type]


def test_r5_r6_an_added_person_has_no_password_and_gets_an_invitation_mail(uow, people: People) -> None:
    added = add_person(uow, people.admin, form(people, roles=('mentor', 'session manager')), BASE, NOW)
    assert added.user.roles == frozenset({Role.MENTOR, Role.SESSION_MANAGER})
    assert added.link.startswith(f'{BASE}/login/set-password?token=')
    (mail,) = [m for m in uow.committed.outbox.values() if m.user_id == added.user.id]
    assert mail.kind is MailKind.ACCOUNT and added.link in mail.text
    with pytest.raises(SignInFailed):
        sign_in(uow, hasher, 'nia@example.org', 'any-guess-at-all', 'UTC', NOW)


def test_r5_every_people_service_is_the_org_admins_alone(uow, people: People) -> None:
    for actor in (people.manager, people.mentor, people.mentees[0]):
        with pytest.raises(PermissionDenied):
            add_person(uow, actor, form(people), BASE, NOW)
        with pytest.raises(PermissionDenied):
            find_people(uow, actor, UserQuery())
        with pytest.raises(PermissionDenied):
            change_person(uow, actor, people.mentor.id, form(people))
        with pytest.raises(PermissionDenied):
            set_person_active(uow, actor, people.mentor.id, False, NOW)
        with pytest.raises(PermissionDenied):
            add_organization(uow, actor, 'Initech')


@pytest.mark.parametrize('email', ['TOM@example.org', '  tom@EXAMPLE.org  '])
def test_r5_a_duplicate_email_is_refused_whatever_its_case_and_spaces(uow, people: People, email: str) -> None:
    with pytest.raises(InvalidInput, match='already belongs to Tom Mentor') as refused:
        add_person(uow, people.admin, form(people, email=email), BASE, NOW)
    assert refused.value.field == 'email'


@pytest.mark.parametrize('email', ['nia', 'nia@', 'nia@@example.org', 'nia@exa mple.org', ''])
def test_r5_an_invalid_address_is_refused(uow, people: People, email: str) -> None:
    with pytest.raises(InvalidInput, match='Not a valid e-mail address'):
        add_person(uow, people.admin, form(people, email=email), BASE, NOW)


@pytest.mark.parametrize('roles', [('owner',), ('mentee', 'superuser'), ()])
def test_r5_tampered_or_missing_roles_are_refused(uow, people: People, roles: tuple[str, ...]) -> None:
    with pytest.raises(InvalidInput) as refused:
        add_person(uow, people.admin, form(people, roles=roles), BASE, NOW)
    assert refused.value.field == 'roles'


def test_r5_an_unknown_organization_is_refused(uow, people: People) -> None:
    with pytest.raises(InvalidInput, match='Choose an organization'):
        add_person(uow, people.admin, form(people, organization_id=999), BASE, NOW)


def test_r5_change_details_and_roles(uow, people: People) -> None:
    changes = form(people, name='Tom T. Mentor', email='tom@example.org', roles=('mentor', 'org admin'))
    changed = change_person(uow, people.admin, people.mentor.id, changes)
    assert (changed.name, changed.roles) == ('Tom T. Mentor', frozenset({Role.MENTOR, Role.ORG_ADMIN}))


def test_r5_deactivated_people_cannot_sign_in_their_logins_end_and_pickers_leave_them_out(uow, people: People) -> None:
    token, _ = sign_in(uow, hasher, 'tom@example.org', PASSWORD, 'UTC', NOW)
    set_person_active(uow, people.admin, people.mentor.id, False, NOW)
    assert user_for_token(uow, token, NOW) is None
    with pytest.raises(SignInFailed, match=DEACTIVATED):
        sign_in(uow, hasher, 'tom@example.org', PASSWORD, 'UTC', NOW)
    mentors = find_users(uow, people.manager, UserQuery(role=Role.MENTOR, per_page=50)).items
    assert people.mentor.id not in {u.id for u in mentors}
    inactive = find_people(uow, people.admin, UserQuery(active=False)).items
    assert [u.id for u in inactive] == [people.mentor.id]
    set_person_active(uow, people.admin, people.mentor.id, True, NOW)
    assert sign_in(uow, hasher, 'tom@example.org', PASSWORD, 'UTC', NOW)[1].id == people.mentor.id


def test_r5_deactivating_ends_every_open_page_of_the_person(uow, people: People, publisher) -> None:
    token, _ = sign_in(uow, hasher, 'tom@example.org', PASSWORD, 'UTC', NOW)
    set_person_active(uow, people.admin, people.mentor.id, False, NOW)
    assert LoginRevoked(token_hash(token)) in publisher.events


def test_r5_deactivating_a_mentor_flags_their_upcoming_sessions_to_session_managers(uow, people: People) -> None:
    session = publish(uow, people.mentor)
    set_person_active(uow, people.admin, people.mentor.id, False, NOW)
    assert any('Tom Mentor was deactivated' in t and session.title in t for t in texts(uow, people.manager))


def test_r5_the_last_active_org_admin_cannot_deactivate_themself_or_drop_the_role(uow, people: People) -> None:
    with pytest.raises(InvalidInput, match=LAST_ADMIN):
        set_person_active(uow, people.admin, people.admin.id, False, NOW)
    with pytest.raises(InvalidInput, match=LAST_ADMIN):
        change_person(
            uow, people.admin, people.admin.id, form(people, name='Ada', email='ada@example.org', roles=('mentor',))
        )
    change_person(
        uow, people.admin, people.mentor.id, form(people, name='Tom', email='tom@example.org', roles=('org admin',))
    )
    set_person_active(uow, people.admin, people.admin.id, False, NOW)  # now someone else is left


def test_r5_organizations_are_added_and_renamed_in_place_without_duplicates(uow, people: People) -> None:
    initech = add_organization(uow, people.admin, ' Initech ')
    with pytest.raises(InvalidInput, match='already an organization'):
        add_organization(uow, people.admin, 'INITECH')
    rename_organization(uow, people.admin, people.admin.organization_id, 'Acme Learning')
    assert uow.users.get(people.mentor.id).organization_name == 'Acme Learning'
    with pytest.raises(InvalidInput, match='already an organization'):
        rename_organization(uow, people.admin, initech.id, 'acme learning')
    with pytest.raises(NotFound):
        rename_organization(uow, people.admin, 999, 'Nowhere')


def test_r5_l1_every_change_is_announced_for_open_people_pages(
    uow: InMemoryUnitOfWork, people: People, publisher: RecordingEventPublisher
) -> None:
    add_person(uow, people.admin, form(people), BASE, NOW)
    assert PeopleChanged() in publisher.events
