"""Options (C8), sign-in sessions (R1), notifications and images (C2) on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from domain.entities import LoginSession, Option, OptionKind
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.integration.builders import HOUR, NOW, add_mentor, add_session, add_user


def test_options_list_built_in_items_in_order_then_custom_ones_by_label(uow_factory: SqlUnitOfWorkFactory) -> None:
    """C8: the "+Select …" window's items; "+Other" adds custom ones."""
    with uow_factory() as uow:
        for label in ('Students', 'Teachers', 'Parents'):
            uow.options.add(Option(OptionKind.RECOMMENDED_FOR, label))
        for label in ('zoo keepers', 'Astronauts', 'bakers'):
            uow.options.add(Option(OptionKind.RECOMMENDED_FOR, label, custom=True))
        uow.options.add(Option(OptionKind.MEDIUM, 'English'))
        uow.commit()
    with uow_factory(read_only=True) as uow:
        listed = uow.options.list(OptionKind.RECOMMENDED_FOR)
        assert uow.options.list(OptionKind.MEDIUM) == [Option(OptionKind.MEDIUM, 'English')]
        assert uow.options.list(OptionKind.CATEGORIES) == []
    assert [(o.label, o.custom) for o in listed] == [
        ('Students', False),
        ('Teachers', False),
        ('Parents', False),
        ('Astronauts', True),
        ('bakers', True),
        ('zoo keepers', True),
    ]


def test_adding_an_existing_option_in_another_case_returns_it_as_it_is(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        first = uow.options.add(Option(OptionKind.CATEGORIES, 'Science'))
        again = uow.options.add(Option(OptionKind.CATEGORIES, 'SCIENCE', custom=True))
        other_kind = uow.options.add(Option(OptionKind.MEDIUM, 'science', custom=True))
        uow.commit()
    assert first == again == Option(OptionKind.CATEGORIES, 'Science')
    assert other_kind == Option(OptionKind.MEDIUM, 'science', custom=True)
    with uow_factory(read_only=True) as uow:
        assert uow.options.list(OptionKind.CATEGORIES) == [first]


def test_a_login_is_stored_and_revoked_once(uow_factory: SqlUnitOfWorkFactory) -> None:
    """R1: sign out revokes the browser's sign-in session."""
    user = add_user(uow_factory, 'Ann')
    login = LoginSession('a' * 64, user.id, NOW, NOW + timedelta(days=14), 'Asia/Kolkata')
    with uow_factory() as uow:
        uow.logins.add(login)
        uow.commit()
    with uow_factory() as uow:
        assert uow.logins.get('a' * 64) == login
        assert uow.logins.get('b' * 64) is None
        uow.logins.revoke('a' * 64, NOW + HOUR)
        uow.logins.revoke('a' * 64, NOW + 2 * HOUR)
        uow.logins.revoke('b' * 64, NOW)
        uow.commit()
    with uow_factory(read_only=True) as uow:
        revoked = uow.logins.get('a' * 64)
    assert revoked is not None
    assert revoked.revoked_at == NOW + HOUR


def test_notifications_are_listed_newest_first_and_counted_until_read(uow_factory: SqlUnitOfWorkFactory) -> None:
    user, other = add_user(uow_factory, 'Ann'), add_user(uow_factory, 'Bob')
    session = add_session(uow_factory, add_mentor(uow_factory))
    with uow_factory() as uow:
        uow.notifications.add(user.id, 'Session deleted', NOW, session.id)
        uow.notifications.add(user.id, 'Starting soon 🎉', NOW + HOUR)
        uow.notifications.add(user.id, 'Also now', NOW + HOUR)
        uow.notifications.add(other.id, 'Not yours', NOW)
        uow.commit()
    with uow_factory() as uow:
        listed = uow.notifications.for_user(user.id)
        assert [(n.text, n.created_at, n.read_at) for n in listed] == [
            ('Also now', NOW + HOUR, None),  # the same time: the later one first
            ('Starting soon 🎉', NOW + HOUR, None),
            ('Session deleted', NOW, None),
        ]
        assert [(n.session_id, n.notice) for n in listed][-1] == (session.id, None)
        assert uow.notifications.for_user(user.id, limit=1) == listed[:1]
        assert uow.notifications.unread_count(user.id) == 3
        uow.notifications.mark_all_read(user.id, NOW + 2 * HOUR)
        uow.commit()
    with uow_factory(read_only=True) as uow:
        assert uow.notifications.unread_count(user.id) == 0
        assert uow.notifications.unread_count(other.id) == 1
        assert {n.read_at for n in uow.notifications.for_user(user.id)} == {NOW + 2 * HOUR}


def test_an_image_is_served_in_either_size_with_its_owner(uow_factory: SqlUnitOfWorkFactory) -> None:
    """C2: images live in the database so that every instance can serve them."""
    owner = add_mentor(uow_factory)
    full, thumbnail = bytes(range(256)) * 100, b'\x00thumb\xff'
    with uow_factory() as uow:
        uow.images.add('img-1', owner.id, full, thumbnail, 'image/webp')
        uow.commit()
    with uow_factory(read_only=True) as uow:
        assert uow.images.owner('img-1') == owner.id
        assert uow.images.get('img-1', thumbnail=False) == (full, 'image/webp')
        assert uow.images.get('img-1', thumbnail=True) == (thumbnail, 'image/webp')
        assert uow.images.owner('nope') is None
        assert uow.images.get('nope', thumbnail=True) is None


def test_deleting_an_image_leaves_its_session_without_one(uow_factory: SqlUnitOfWorkFactory) -> None:
    """U1: "Remove current photo"."""
    owner = add_mentor(uow_factory)
    with uow_factory() as uow:
        uow.images.add('img-1', owner.id, b'full', b'thumb', 'image/jpeg')
        uow.commit()
    session = add_session(uow_factory, owner, image_id='img-1')
    with uow_factory() as uow:
        uow.images.delete('img-1')
        uow.images.delete('img-1')
        uow.commit()
    with uow_factory(read_only=True) as uow:
        assert uow.images.get('img-1', thumbnail=False) is None
        found = uow.sessions.get(session.id)
    assert found is not None
    assert found.image_id is None


def test_r7_a_retired_item_leaves_the_list_and_stays_on_its_sessions(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        for label in ('English', 'Hindi', 'French'):
            uow.options.add(Option(OptionKind.MEDIUM, label))
        uow.commit()
    session = add_session(uow_factory, add_mentor(uow_factory), medium=('Hindi',))
    with uow_factory() as uow:
        uow.options.set_retired(OptionKind.MEDIUM, 'HINDI', True)
        uow.commit()
    with uow_factory(read_only=True) as uow:
        assert [o.label for o in uow.options.list(OptionKind.MEDIUM)] == ['English', 'French']
        assert [(o.label, o.retired) for o in uow.options.list(OptionKind.MEDIUM, retired=True)] == [
            ('English', False),
            ('Hindi', True),
            ('French', False),
        ]
        assert uow.options.find(OptionKind.MEDIUM, ' hindi ') == Option(OptionKind.MEDIUM, 'Hindi', retired=True)
        found = uow.sessions.get(session.id)
        assert found is not None and found.medium == ('Hindi',)


def test_r7_a_renamed_item_is_renamed_on_its_sessions_and_folds_case_and_spacing(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    with uow_factory() as uow:
        uow.options.add(Option(OptionKind.CATEGORIES, 'Career growth'))
        uow.options.add(Option(OptionKind.CATEGORIES, 'Science'))
        uow.commit()
    session = add_session(uow_factory, add_mentor(uow_factory), categories=('Science', 'Career growth'))
    with uow_factory() as uow:
        uow.options.rename(OptionKind.CATEGORIES, 'career growth', 'Career development')
        uow.commit()
    with uow_factory(read_only=True) as uow:
        assert [o.label for o in uow.options.list(OptionKind.CATEGORIES)] == ['Career development', 'Science']
        assert uow.options.find(OptionKind.CATEGORIES, 'career   DEVELOPMENT') is not None
        assert uow.options.find(OptionKind.CATEGORIES, 'Career growth') is None
        found = uow.sessions.get(session.id)
        assert found is not None and found.categories == ('Science', 'Career development')


def test_r7_reset_makes_the_list_exactly_the_given_labels_in_order(uow_factory: SqlUnitOfWorkFactory) -> None:
    """The demo's own lists replace a fresh install's starting ones."""
    with uow_factory() as uow:
        for label in ('Students', 'Mentors', 'Parents'):
            uow.options.add(Option(OptionKind.RECOMMENDED_FOR, label))
        uow.options.set_retired(OptionKind.RECOMMENDED_FOR, 'Parents', True)
        uow.commit()
    with uow_factory() as uow:
        uow.options.reset(OptionKind.RECOMMENDED_FOR, ('Parents', 'Teachers', 'Students'))
        uow.commit()
    with uow_factory(read_only=True) as uow:
        listed = uow.options.list(OptionKind.RECOMMENDED_FOR, retired=True)
    assert listed == [Option(OptionKind.RECOMMENDED_FOR, label) for label in ('Parents', 'Teachers', 'Students')]
