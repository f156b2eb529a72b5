"""Bad input through the services on real SQLite and PostgreSQL (C3, C5, C8, C10, M1, R1).

Hostile but storable text (control, zero-width and right-to-left characters, emoji, markup, 100,000
characters) is stored or refused with a readable DomainError on both databases. So are the inputs the
databases cannot take — lone surrogates (no UTF-8 for them), NUL characters (PostgreSQL text cannot hold
them), text longer than its column, and ids or page numbers beyond the integer range: the domain refuses
them or answers "not found" before any reaches a database driver.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.entities import MeetingInfo, OptionKind, Platform
from domain.errors import DomainError
from domain.ports import ExploreQuery, UserQuery
from domain.services import accounts, authoring, directory, enrollment, options, queries, running
from persistence.database import make_engine, migrate_to_head
from persistence.events import InMemoryEventBus
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.fakes import FakePasswordHasher
from tests.mentee_list_edits import change_mentees
from tests.security_strategies import hostile_text
from tests.security_support import NOW, Cast, draft_for, seed_cast

Call = Callable[[SqlUnitOfWorkFactory, Cast, str], object]
DAY = timedelta(days=1)
HOUR = timedelta(hours=1)


_slots = itertools.count()


def _new_session(f: SqlUnitOfWorkFactory, c: Cast, text: str, **changes: object) -> object:
    """A new session at a time of its own, so that no schedule conflict refuses it before the text is stored."""
    draft = replace(draft_for('Clinic', NOW + 30 * DAY + 2 * next(_slots) * HOUR), **changes)  # type: ignore[arg-type]
    return authoring.create_session(f(), c['session manager'], draft, NOW)


TEXT_CALLS: dict[str, Call] = {
    'title': lambda f, c, t: _new_session(f, c, t, title=f'a{t}'),
    'description': lambda f, c, t: _new_session(f, c, t, description=f'd{t}'),
    'chosen item': lambda f, c, t: _new_session(f, c, t, categories=(f'x{t}',)),
    'explore search': lambda f, c, t: queries.explore_sessions(f(), c['mentee'], ExploreQuery(text=t), NOW),
    'explore filter': lambda f, c, t: queries.explore_sessions(f(), c['mentee'], ExploreQuery(category=t), NOW),
    'people search': lambda f, c, t: directory.find_users(f(), c['session manager'], UserQuery(text=t)),
    'sign-in e-mail': lambda f, c, t: accounts.sign_in(f, FakePasswordHasher(), f'a{t}', 'pw', 'UTC', NOW),
    'custom item': lambda f, c, t: options.add_custom_option(f(), c['session manager'], OptionKind.MEDIUM, f'x{t}'),
    'meeting link': lambda f, c, t: running.edit_meeting(
        f(),
        c["the session's mentor"],
        c.public.id,
        MeetingInfo(Platform.GOOGLE_MEET, f'https://meet.google.com/a?{t}'),
        NOW,
    ),
    'image id': lambda f, c, t: authoring.image_for_viewer(f(), c['mentee'], t, thumbnail=False),
}
HUGE = 2**64
NUMBER_CALLS: dict[str, Call] = {
    'session page': lambda f, c, n: queries.session_details(f(), c['mentee'], int(n), NOW),
    'enroll': lambda f, c, n: enrollment.enroll(f(), c['another mentee'], int(n), NOW),
    'mentee list CSV': lambda f, c, n: queries.mentee_list_csv(f(), c['session manager'], int(n), NOW),
    'invite': lambda f, c, n: change_mentees(f, c['session manager'], c.public.id, NOW, invite=[int(n)]),
    'explore page': lambda f, c, n: queries.explore_sessions(f(), c['mentee'], ExploreQuery(page=int(n)), NOW),
    'people page': lambda f, c, n: directory.find_users(f(), c['session manager'], UserQuery(page=int(n))),
}
LONG_TEXT = ('chosen item', 'meeting link')  # columns of 255 and 2,048 characters


def _refused_or_done(call: Callable[[], object]) -> None:
    try:
        call()
    except DomainError as refusal:
        assert refusal.message.strip()
    except Exception as error:  # the point: nothing but a DomainError may come out
        # A short report: formatting the whole driver traceback costs a second per expected failure.
        pytest.fail(f'{type(error).__name__}: {str(error)[:200]}', pytrace=False)


@pytest.fixture(scope='module')
def uow_factory(database_url: str) -> Iterator[SqlUnitOfWorkFactory]:
    """One migrated database per module and kind: these tests only add, so they can share it."""
    engine = make_engine(database_url)
    migrate_to_head(engine)
    yield SqlUnitOfWorkFactory(engine, InMemoryEventBus(), instance_id='bad-input')
    engine.dispose()


@pytest.fixture(scope='module')
def cast(uow_factory: SqlUnitOfWorkFactory) -> Cast:
    return seed_cast(uow_factory)


@settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(text=hostile_text, where=st.sampled_from(sorted(TEXT_CALLS)))
def test_c3_c8_m1_hostile_but_storable_text_is_stored_or_refused_on_both_databases(
    uow_factory: SqlUnitOfWorkFactory, cast: Cast, text: str, where: str
) -> None:
    _refused_or_done(lambda: TEXT_CALLS[where](uow_factory, cast, text))


@pytest.mark.parametrize('where', sorted(LONG_TEXT))
def test_c8_c10_a_link_or_item_longer_than_its_column_is_refused_with_a_message(
    uow_factory: SqlUnitOfWorkFactory, cast: Cast, where: str
) -> None:
    _refused_or_done(lambda: TEXT_CALLS[where](uow_factory, cast, 'x' * 3000))


@pytest.mark.parametrize('where', sorted(TEXT_CALLS))
def test_c3_text_with_a_lone_surrogate_is_refused_with_a_message(
    uow_factory: SqlUnitOfWorkFactory, cast: Cast, where: str
) -> None:
    _refused_or_done(lambda: TEXT_CALLS[where](uow_factory, cast, '\ud800'))


@pytest.mark.parametrize('where', sorted(TEXT_CALLS))
def test_c3_text_with_a_nul_character_is_stored_or_refused_with_a_message(
    uow_factory: SqlUnitOfWorkFactory, cast: Cast, where: str
) -> None:
    _refused_or_done(lambda: TEXT_CALLS[where](uow_factory, cast, '\x00'))


@pytest.mark.parametrize('number', [2**31, HUGE], ids=['2^31', '2^64'])
@pytest.mark.parametrize('where', sorted(NUMBER_CALLS))
def test_m1_an_id_or_page_number_out_of_range_is_not_found_or_refused(
    uow_factory: SqlUnitOfWorkFactory, cast: Cast, where: str, number: int
) -> None:
    _refused_or_done(lambda: NUMBER_CALLS[where](uow_factory, cast, str(number)))
