"""M1, C5, C6, R5 (issue 23 item 8) on SQLite and PostgreSQL: Explore, the mentor and mentee pickers and People
match every word of a search, in any order, case and accents folded, against stored folded columns."""

from __future__ import annotations

from sqlalchemy import Engine, text

from domain.entities import Role
from domain.ports import ExploreQuery, UserQuery
from domain.rules import folded
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.integration.builders import HOUR, NOW, add_mentor, add_session, add_user
from tests.integration.test_migrations import _migrate


def _explored(uow_factory: SqlUnitOfWorkFactory, words: str) -> list[int]:
    with uow_factory(read_only=True) as uow:
        return [summary.session.id for summary in uow.sessions.explore(ExploreQuery(text=words), NOW).items]


def _people(uow_factory: SqlUnitOfWorkFactory, words: str, role: Role | None = None) -> list[str]:
    with uow_factory(read_only=True) as uow:
        return [user.name for user in uow.users.search(UserQuery(text=words, role=role)).items]


def test_m1_explore_matches_every_word_in_any_order_across_title_and_mentor(uow_factory: SqlUnitOfWorkFactory) -> None:
    zoe = add_mentor(uow_factory, 'Zoë Müller')
    ben = add_mentor(uow_factory, 'Ben Brown')
    career = add_session(uow_factory, ben, title='Career change into software', start_at=NOW + HOUR)
    maths = add_session(uow_factory, zoe, title='Maths for everyone', start_at=NOW + 2 * HOUR)
    add_session(uow_factory, ben, title='Software testing', start_at=NOW + 3 * HOUR)
    assert _explored(uow_factory, 'career software') == [career.id]
    assert _explored(uow_factory, '  SOFTWARE   career ') == [career.id]
    assert _explored(uow_factory, 'zoe') == [maths.id]
    assert _explored(uow_factory, 'Muller maths') == [maths.id]  # one word in the mentor's name, one in the title
    assert _explored(uow_factory, 'muller software') == []
    assert _explored(uow_factory, '%') == []


def test_c5_c6_r5_people_search_matches_every_word_of_name_or_address_folded(uow_factory: SqlUnitOfWorkFactory) -> None:
    add_user(uow_factory, 'Zoë Müller', email='zoe@demo.test')
    add_user(uow_factory, 'Łukasz Nowak', email='lukasz@demo.test')
    add_user(uow_factory, 'Siobhán Kelly', email='s.kelly@Éire.test', roles=frozenset({Role.MENTOR}))
    assert _people(uow_factory, 'zoe') == ['Zoë Müller']
    assert _people(uow_factory, 'MULLER zoë') == ['Zoë Müller']
    assert _people(uow_factory, 'lukasz') == ['Łukasz Nowak']
    assert _people(uow_factory, 'eire siobhan') == ['Siobhán Kelly']  # the address and the name
    assert _people(uow_factory, 'siobhan', Role.MENTOR) == ['Siobhán Kelly']  # the mentor picker's query
    assert _people(uow_factory, 'kelly nowak') == []


def test_m1_a_renamed_session_and_user_are_found_by_their_new_words(uow_factory: SqlUnitOfWorkFactory) -> None:
    mentor = add_mentor(uow_factory, 'Ann Old')
    session = add_session(uow_factory, mentor, title='Old title')
    with uow_factory() as uow:
        found = uow.sessions.get(session.id)
        assert found is not None
        uow.sessions.update(found.__class__(**{**found.__dict__, 'title': 'Écrire en français'}))
        uow.users.update(mentor.id, 'Åsa New', 'asa@example.test', mentor.organization_id, '', mentor.roles)
        uow.commit()
    assert _explored(uow_factory, 'ecrire francais') == [session.id]
    assert _explored(uow_factory, 'asa') == [session.id]
    assert _explored(uow_factory, 'old') == []


def test_m1_migration_0013_folds_the_rows_written_before_it(uow_factory: SqlUnitOfWorkFactory, engine: Engine) -> None:
    mentor = add_mentor(uow_factory, 'Zoë Müller')
    session = add_session(uow_factory, mentor, title='Career change into software')
    _migrate(engine, 'downgrade', '0012')
    _migrate(engine, 'upgrade', 'head')
    with engine.connect() as connection:
        stored = connection.execute(text('SELECT search_name, search_email FROM users')).one()
    assert tuple(stored) == (folded('Zoë Müller'), folded(mentor.email))
    assert _explored(uow_factory, 'software muller') == [session.id]
