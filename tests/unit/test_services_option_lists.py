"""R7: org admins add, rename, retire and restore the items of Recommended for, Categories and Medium."""

from __future__ import annotations

import pytest

from domain.entities import Option, OptionKind
from domain.errors import InvalidInput, NotFound, PermissionDenied
from domain.ports import OptionsChanged
from domain.services.authoring import create_session
from domain.services.options import (
    add_custom_option,
    add_option,
    list_options,
    managed_options,
    rename_option,
    set_option_retired,
)
from domain.services.queries import session_details
from tests.fakes import InMemoryUnitOfWork, RecordingEventPublisher
from tests.unit.support import NOW, People, make_draft

MEDIUM = OptionKind.MEDIUM


def labels(uow: InMemoryUnitOfWork, people: People, kind: OptionKind = MEDIUM) -> list[str]:
    return [option.label for option in list_options(uow, people.mentor, kind)]


def test_r7_every_option_list_service_is_the_org_admins_alone(uow, people: People) -> None:
    for actor in (people.manager, people.mentor, people.mentees[0]):
        with pytest.raises(PermissionDenied):
            managed_options(uow, actor, MEDIUM)
        with pytest.raises(PermissionDenied):
            add_option(uow, actor, MEDIUM, 'Tamil')
        with pytest.raises(PermissionDenied):
            rename_option(uow, actor, MEDIUM, 'Hindi', 'Hindī')
        with pytest.raises(PermissionDenied):
            set_option_retired(uow, actor, MEDIUM, 'Hindi', True)
    assert labels(uow, people) == ['English', 'Hindi', 'French']


def test_r7_an_added_item_joins_the_pickers_and_is_announced(
    uow, people: People, publisher: RecordingEventPublisher
) -> None:
    assert add_option(uow, people.admin, MEDIUM, '  Tamil   Nadu  ') == Option(MEDIUM, 'Tamil Nadu')
    assert labels(uow, people) == ['English', 'Hindi', 'French', 'Tamil Nadu']
    assert OptionsChanged() in publisher.events


@pytest.mark.parametrize('typed', ['hindi', ' HINDI ', 'Hin di', 'French'])
def test_r7_a_duplicate_in_any_case_or_spacing_is_refused_by_name(uow, people: People, typed: str) -> None:
    """White space runs fold to one space: 'Hin  di' is another spelling of 'Hin di', not of 'Hindi'."""
    if typed == 'Hin di':
        add_option(uow, people.admin, MEDIUM, 'Hin di')
        typed = 'hin    DI'
    with pytest.raises(InvalidInput, match='is already in Medium') as refusal:
        add_option(uow, people.admin, MEDIUM, typed)
    assert refusal.value.field == 'option'


@pytest.mark.parametrize(
    ('typed', 'message'),
    [
        ('', 'Enter a name'),
        ('x' * 51, 'at most 50'),
        ('Hin\u202edi', 'invisible characters'),
        ('Hin\u200bdi', 'invisible characters'),
        ('two\nlines', 'line breaks or control characters'),
        ('bell\x07', 'line breaks or control characters'),
    ],
)
def test_r7_a_bad_label_is_refused_as_titles_are(uow, people: People, typed: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        add_option(uow, people.admin, MEDIUM, typed)
    with pytest.raises(InvalidInput, match=message):
        rename_option(uow, people.admin, MEDIUM, 'Hindi', typed)
    assert labels(uow, people) == ['English', 'Hindi', 'French']


def test_r7_a_rename_carries_over_to_the_sessions_that_have_the_item(uow, people: People) -> None:
    session = create_session(uow, people.mentor, make_draft(medium=('Hindi', 'English')), NOW)
    renamed = rename_option(uow, people.admin, MEDIUM, 'hindi', ' Hindi  (India) ')
    assert renamed == Option(MEDIUM, 'Hindi (India)')
    assert labels(uow, people) == ['English', 'Hindi (India)', 'French']
    assert session_details(uow, people.mentor, session.id, NOW).summary.session.medium == ('Hindi (India)', 'English')


def test_r7_a_rename_to_another_items_label_is_refused_but_a_change_of_case_is_not(uow, people: People) -> None:
    with pytest.raises(InvalidInput, match='"English" is already in Medium'):
        rename_option(uow, people.admin, MEDIUM, 'Hindi', 'ENGLISH')
    assert rename_option(uow, people.admin, MEDIUM, 'Hindi', 'HINDI') == Option(MEDIUM, 'HINDI')
    with pytest.raises(NotFound, match='no longer in Medium'):
        rename_option(uow, people.admin, MEDIUM, 'Klingon', 'Vulcan')


def test_r7_a_retired_item_leaves_the_pickers_and_stays_on_sessions(uow, people: People) -> None:
    session = create_session(uow, people.mentor, make_draft(medium=('Hindi',)), NOW)
    set_option_retired(uow, people.admin, MEDIUM, 'Hindi', True)
    assert labels(uow, people) == ['English', 'French']
    assert [(o.label, o.retired) for o in managed_options(uow, people.admin, MEDIUM)] == [
        ('English', False),
        ('Hindi', True),
        ('French', False),
    ]
    assert session_details(uow, people.mentor, session.id, NOW).summary.session.medium == ('Hindi',)
    with pytest.raises(InvalidInput, match='retired: restore it instead'):
        add_option(uow, people.admin, MEDIUM, 'hindi')
    with pytest.raises(InvalidInput, match='"Hindi" was retired from Medium'):
        add_custom_option(uow, people.mentor, MEDIUM, 'HINDI')
    set_option_retired(uow, people.admin, MEDIUM, 'Hindi', False)
    assert labels(uow, people) == ['English', 'Hindi', 'French']
