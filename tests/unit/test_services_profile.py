"""R8: a user edits their own name, designation, time zone and password."""

from __future__ import annotations

import pytest

from domain.errors import InvalidInput, SignInFailed
from domain.services.accounts import sign_in, user_for_token
from domain.services.profile import WRONG_CURRENT, change_password, my_profile, update_profile
from tests.fakes import FakePasswordHasher
from tests.unit.support import NOW, PASSWORD, People

hasher = FakePasswordHasher()
NEW = 'a quieter evening walk'


def test_r8_name_designation_and_time_zone_are_saved(uow, people: People) -> None:
    changed = update_profile(uow, people.mentees[0], '  Ana  Q. Mentee ', 'Data analyst', 'Asia/Kolkata')
    assert (changed.name, changed.designation) == ('Ana Q. Mentee', 'Data analyst')
    assert my_profile(uow, changed).time_zone == 'Asia/Kolkata'
    assert changed.roles == people.mentees[0].roles


def test_r8_an_unknown_time_zone_or_an_empty_name_is_refused(uow, people: People) -> None:
    with pytest.raises(InvalidInput, match='time zone') as refused:
        update_profile(uow, people.mentor, 'Tom', 'Engineer', 'Mars/Olympus')
    assert refused.value.field == 'time_zone'
    with pytest.raises(InvalidInput, match='Name is required'):
        update_profile(uow, people.mentor, '   ', 'Engineer', 'UTC')


def test_r8_the_password_changes_only_with_the_current_one_and_every_login_ends(uow, people: People) -> None:
    token, _ = sign_in(uow, hasher, 'tom@example.org', PASSWORD, 'UTC', NOW)
    with pytest.raises(InvalidInput, match=WRONG_CURRENT):
        change_password(uow, hasher, people.mentor, 'not it', NEW, NEW, NOW)
    with pytest.raises(InvalidInput, match='at least 12'):
        change_password(uow, hasher, people.mentor, PASSWORD, 'short', 'short', NOW)
    change_password(uow, hasher, people.mentor, PASSWORD, NEW, NEW, NOW)
    assert user_for_token(uow, token, NOW) is None
    with pytest.raises(SignInFailed):
        sign_in(uow, hasher, 'tom@example.org', PASSWORD, 'UTC', NOW)
    assert sign_in(uow, hasher, 'tom@example.org', NEW, 'UTC', NOW)[1].id == people.mentor.id
