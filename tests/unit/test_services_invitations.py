"""R4, R6: the first admin, invitation and reset links, setting a password from a link."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from domain.entities import MailKind, Role, TokenPurpose
from domain.errors import InvalidInput, PermissionDenied, SignInFailed
from domain.passwords import TOO_COMMON, TOO_SHORT
from domain.services.accounts import sign_in, user_for_token
from domain.services.invitations import (
    BAD_LINK,
    TOO_MANY_LINKS,
    create_first_admin,
    invite_again,
    link_holder,
    request_reset,
    set_password_from_link,
)
from domain.services.outbox import ACCOUNT_TEXT_HIDDEN, outbox_overview
from tests.fakes import FakePasswordHasher, InMemoryUnitOfWork
from tests.unit.support import NOW, PASSWORD, People

hasher = FakePasswordHasher()
BASE = 'https://mentor.example.org'
NEW_PASSWORD = 'plum orchard at noon'


def token_of(link: str) -> str:
    return parse_qs(urlsplit(link).query)['token'][0]


def account_mails(uow: InMemoryUnitOfWork, user_id: int) -> list[str]:
    return [m.text for m in uow.committed.outbox.values() if m.user_id == user_id and m.kind is MailKind.ACCOUNT]


def admin(uow: InMemoryUnitOfWork, password: str | None = 'violet kettle drum', email: str = 'Root@Example.org '):
    return create_first_admin(
        uow,
        hasher,
        email=email,
        name=' Rosa   Root ',
        organization='',
        password=password,
        repeated=password,
        base_url=BASE,
        now=NOW,
    )


def test_r4_create_admin_with_a_password_can_sign_in_as_org_admin(uow) -> None:
    assert admin(uow) is None
    _token, user = sign_in(uow, hasher, 'root@example.org', 'violet kettle drum', 'UTC', NOW)
    assert user.name == 'Rosa Root'
    assert user.roles == frozenset({Role.ORG_ADMIN})
    assert user.organization_name == 'My organization'


def test_r4_a_second_run_for_the_same_email_is_refused_with_a_clear_message(uow) -> None:
    admin(uow)
    with pytest.raises(InvalidInput, match=r'(?i)root@example\.org already has an account'):
        admin(uow, email='  ROOT@example.org')


def test_r4_create_admin_with_link_sets_the_password_through_the_link(uow) -> None:
    link = admin(uow, password=None)
    assert link is not None and link.startswith(f'{BASE}/login/set-password?token=')
    user, purpose = link_holder(uow, token_of(link), NOW)
    assert (user.email.lower(), purpose) == ('root@example.org', TokenPurpose.INVITATION)
    with pytest.raises(SignInFailed):  # no password yet
        sign_in(uow, hasher, 'root@example.org', 'any-guess-at-all', 'UTC', NOW)  # an empty one is refused earlier
    set_password_from_link(uow, hasher, token_of(link), NEW_PASSWORD, NEW_PASSWORD, NOW + timedelta(days=6))
    assert sign_in(uow, hasher, 'root@example.org', NEW_PASSWORD, 'UTC', NOW)[1].name == 'Rosa Root'


@pytest.mark.parametrize(
    ('password', 'message'),
    [('short pass', TOO_SHORT), ('Password1234', TOO_COMMON), ('qwertyuiopas', TOO_COMMON)],
)
def test_r6_short_or_common_passwords_are_refused(uow, password, message) -> None:
    with pytest.raises(InvalidInput, match=message.split(':')[0]):
        admin(uow, password=password)


def test_r6_a_link_works_once(uow) -> None:
    token = token_of(admin(uow, password=None) or '')
    set_password_from_link(uow, hasher, token, NEW_PASSWORD, NEW_PASSWORD, NOW)
    with pytest.raises(InvalidInput, match='cannot be used any more') as refused:
        set_password_from_link(uow, hasher, token, 'another fine password', 'another fine password', NOW)
    assert refused.value.message == BAD_LINK


def test_r6_a_link_expires_after_seven_days(uow) -> None:
    token = token_of(admin(uow, password=None) or '')
    with pytest.raises(InvalidInput, match='cannot be used any more'):
        link_holder(uow, token, NOW + timedelta(days=7))


def test_r6_only_the_token_hash_is_stored(uow) -> None:
    token = token_of(admin(uow, password=None) or '')
    assert token not in uow.committed.password_tokens
    assert len(token) >= 40


def test_r6_different_passwords_are_refused_and_the_link_still_works(uow) -> None:
    token = token_of(admin(uow, password=None) or '')
    with pytest.raises(InvalidInput, match='not the same'):
        set_password_from_link(uow, hasher, token, NEW_PASSWORD, NEW_PASSWORD + '!', NOW)
    set_password_from_link(uow, hasher, token, NEW_PASSWORD, NEW_PASSWORD, NOW)


def test_r6_forgot_password_mails_a_reset_link_and_a_reset_ends_every_login(uow, people: People) -> None:
    login, _ = sign_in(uow, hasher, 'tom@example.org', PASSWORD, 'UTC', NOW)
    request_reset(uow, ' TOM@example.org', BASE, NOW)
    (mail,) = account_mails(uow, people.mentor.id)
    assert mail.startswith('Choose a new password for Mentor sessions\n\n')
    link = mail.splitlines()[-1]
    set_password_from_link(uow, hasher, token_of(link), NEW_PASSWORD, NEW_PASSWORD, NOW)
    assert user_for_token(uow, login, NOW) is None
    with pytest.raises(SignInFailed):
        sign_in(uow, hasher, 'tom@example.org', PASSWORD, 'UTC', NOW)


def test_r6_forgot_password_for_an_unknown_address_answers_the_same_and_mails_nobody(uow, people: People) -> None:
    request_reset(uow, 'nobody@example.org', BASE, NOW)
    request_reset(uow, 'not an address\x00', BASE, NOW)
    assert uow.committed.outbox == {}


def test_r6_resets_are_rate_limited_to_three_links_an_hour(uow, people: People) -> None:
    for minute in range(5):
        request_reset(uow, 'tom@example.org', BASE, NOW + timedelta(minutes=minute))
    assert len(account_mails(uow, people.mentor.id)) == 3
    request_reset(uow, 'tom@example.org', BASE, NOW + timedelta(minutes=61))
    assert len(account_mails(uow, people.mentor.id)) == 4


def test_r6_a_newer_link_makes_the_older_one_worthless(uow, people: People) -> None:
    request_reset(uow, 'tom@example.org', BASE, NOW)
    request_reset(uow, 'tom@example.org', BASE, NOW)
    first, second = (token_of(m.splitlines()[-1]) for m in account_mails(uow, people.mentor.id))
    with pytest.raises(InvalidInput):
        link_holder(uow, first, NOW)
    assert link_holder(uow, second, NOW)[0] == people.mentor


def test_r6_invite_again_is_the_org_admins_alone_and_rate_limited(uow, people: People) -> None:
    with pytest.raises(PermissionDenied):
        invite_again(uow, people.manager, people.mentees[0].id, BASE, NOW)
    for _ in range(3):
        invite_again(uow, people.admin, people.mentees[0].id, BASE, NOW)
    with pytest.raises(InvalidInput, match=TOO_MANY_LINKS):
        invite_again(uow, people.admin, people.mentees[0].id, BASE, NOW)
    assert account_mails(uow, people.mentees[0].id)[0].startswith('You are invited to Mentor sessions')


def test_r6_the_outbox_never_shows_an_admin_someone_elses_reset_link(uow, people: People) -> None:
    request_reset(uow, people.manager.email, BASE, NOW)
    assert 'token=' in account_mails(uow, people.manager.id)[-1]  # the mail itself carries the link
    shown = [m for m in outbox_overview(uow, people.admin).messages if m.kind is MailKind.ACCOUNT]
    assert [m.text for m in shown] == [ACCOUNT_TEXT_HIDDEN]
