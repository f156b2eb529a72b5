"""R1 / issue 14 item 5: any malformed login cookie is simply "not signed in", never an error (fuzzed)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from config import Settings
from persistence.image_processor import PillowImageProcessor
from tests.fakes import FakePasswordHasher, InMemoryUnitOfWork
from ui import auth
from ui.context import AppContext, install


@pytest.fixture(autouse=True)
def _secret() -> None:
    install(
        AppContext(
            settings=Settings(storage_secret='a-test-secret'),
            uow_factory=InMemoryUnitOfWork,
            hasher=FakePasswordHasher(),
            images=PillowImageProcessor(),
        )
    )


def test_r1_a_cookie_with_a_non_ascii_signature_is_not_signed_in() -> None:
    assert auth.token_from_cookie('token.sïgnature') is None


@given(st.one_of(st.text(), st.text(alphabet='.abcdef0123456789é\x00\ud800 ')))
def test_r1_any_cookie_value_yields_its_token_or_none_never_an_error(value: str) -> None:
    token = auth.token_from_cookie(value)
    assert token is None or auth.cookie_value(token) == value


def test_r1_a_correctly_signed_cookie_yields_its_token() -> None:
    assert auth.token_from_cookie(auth.cookie_value('the-token')) == 'the-token'
