"""Argon2PasswordHasher (R1)."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from persistence.security import Argon2PasswordHasher

FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def test_a_password_verifies_against_its_argon2id_hash() -> None:
    hasher = Argon2PasswordHasher()
    password_hash = hasher.hash('correct horse ☕')
    assert password_hash.startswith('$argon2id$')
    assert hasher.verify(password_hash, 'correct horse ☕') is True


@pytest.mark.parametrize('password_hash', ['', 'not a hash', '$argon2id$v=19$m=65536,t=3,p=4$broken', 'hash'])
def test_a_malformed_hash_is_false_not_an_error(password_hash: str) -> None:
    assert Argon2PasswordHasher(FAST).verify(password_hash, 'anything') is False


def test_a_wrong_password_is_false() -> None:
    hasher = Argon2PasswordHasher(FAST)
    assert hasher.verify(hasher.hash('right'), 'wrong') is False


def test_a_hash_made_with_weaker_settings_needs_a_rehash() -> None:
    assert Argon2PasswordHasher().needs_rehash(FAST.hash('pw')) is True
    assert Argon2PasswordHasher().needs_rehash(Argon2PasswordHasher().hash('pw')) is False
