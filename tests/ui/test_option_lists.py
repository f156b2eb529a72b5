"""R7: the Option lists page of org admins (NiceGUI simulated user, demo data)."""

from __future__ import annotations

import asyncio
import sys
from typing import Any

import pytest
from nicegui import ui
from nicegui.testing import User

from domain.entities import OptionKind
from domain.services import options
from tests.ui.conftest import SLOW, follow_header_link, should_not_see_on_page, sign_in_as
from tests.ui.test_my_sessions import account
from ui.context import app_context
from ui.pages.option_lists import marker as list_marker

MEDIUM = OptionKind.MEDIUM


def _offered(kind: OptionKind = MEDIUM) -> list[str]:
    admin = account('admin@demo.test')
    return [o.label for o in options.list_options(app_context().uow_factory(read_only=True), admin, kind)]


def _typed(user: User, marker: str) -> str:
    (element,) = user.find(marker=marker).elements
    assert isinstance(element, ui.input)
    return str(element.value)


async def test_r7_an_org_admin_adds_an_item_and_a_duplicate_is_refused_beside_the_field(user: User) -> None:
    await sign_in_as(user, 'admin@demo.test')
    await follow_header_link(user, 'Option lists')
    await user.should_see('Swahili', retries=SLOW)  # the demo's Medium list
    user.find(marker='new-medium').type('  sWAHILI ').trigger('keydown.enter')
    await user.should_see('"Swahili" is already in Medium.', retries=SLOW)
    assert _typed(user, 'new-medium') == '  sWAHILI '  # nothing typed is lost
    user.find(marker='new-medium').clear()
    user.find(marker='new-medium').type('Hidden\u200bword').trigger('keydown.enter')
    await user.should_see('An item cannot contain invisible characters', retries=SLOW)
    user.find(marker='new-medium').clear()
    user.find(marker='new-medium').type('Marathi').trigger('keydown.enter')
    await user.should_see('"Marathi" added to Medium.', retries=SLOW)
    await user.should_see(marker='option-medium-marathi', retries=SLOW)  # the list is redrawn on its change event
    assert _typed(user, 'new-medium') == ''
    assert _offered()[-1] == 'Marathi'


async def test_r7_renaming_and_retiring_an_item_and_restoring_it(user: User) -> None:
    await sign_in_as(user, 'admin@demo.test')
    await user.open('/option-lists')
    await user.should_see(marker='option-medium-portuguese', retries=SLOW)
    with user.scope(marker='option-medium-portuguese'):
        user.find('Rename').click()
    await user.should_see(marker='rename-option', retries=SLOW)
    with user.scope(marker='rename-option'):
        user.find('New name').clear()
        user.find('New name').type('english ')
        user.find('Save').click()
    await user.should_see('"English" is already in Medium.', retries=SLOW)
    with user.scope(marker='rename-option'):
        user.find('New name').clear()
        user.find('New name').type('Português')
        user.find('Save').click()
    await user.should_see('Renamed to "Português".', retries=SLOW)
    await user.should_see(marker='option-medium-português', retries=SLOW)
    with user.scope(marker='option-medium-português'):
        user.find('Retire').click()
    await user.should_see('Retired', retries=SLOW)
    assert 'Português' not in _offered()
    with user.scope(marker='option-medium-português'):
        user.find('Restore').click()
    await user.should_see('"Português" restored.', retries=SLOW)
    assert 'Português' in _offered()


async def test_r7_l1_an_item_added_elsewhere_appears_on_an_open_option_lists_page(user: User) -> None:
    await sign_in_as(user, 'admin@demo.test')
    await user.open('/option-lists')
    await user.should_see('Swahili', retries=SLOW)
    context = app_context()
    options.add_option(context.uow_factory(), account('admin@demo.test'), OptionKind.CATEGORIES, 'Robotics')
    await user.should_see(marker='option-categories-robotics', retries=SLOW)


async def test_r7_a_retired_item_leaves_the_session_forms_picker(user: User) -> None:
    context = app_context()
    options.set_option_retired(context.uow_factory(), account('admin@demo.test'), MEDIUM, 'Swahili', True)
    await sign_in_as(user, 'manager@demo.test')
    await user.open('/sessions/new')
    user.find('+Select Medium').click()
    await user.should_see(marker='window-medium', retries=SLOW)
    with user.scope(marker='window-medium'):
        await user.should_see(kind=ui.checkbox, content='English')
        await user.should_not_see(kind=ui.checkbox, content='Swahili')


async def test_r7_option_lists_are_refused_to_everyone_but_org_admins(user: User) -> None:
    await sign_in_as(user, 'manager@demo.test')
    await should_not_see_on_page(user, 'Option lists')
    await user.open('/option-lists')
    await user.should_see('Only an org admin can manage the option lists.', retries=SLOW)


async def _medium_offered_until(user: User, item: str) -> list[str]:
    """What the open session form's Medium window offers, once it offers `item`, or after a while."""
    for _ in range(SLOW):
        await asyncio.sleep(0.1)
        user.find('+Select Medium').click()
        await user.should_see(marker='window-medium', retries=SLOW)
        with user.scope(marker='window-medium'):
            boxes = [box.text for box in user.find(kind=ui.checkbox).elements if isinstance(box, ui.checkbox)]
            user.find(marker='close').click()
        if item in boxes:
            break
    return boxes


async def test_r7_l1_an_open_session_forms_pickers_follow_the_lists(user: User) -> None:
    await sign_in_as(user, 'manager@demo.test')
    await user.open('/sessions/new')
    await user.should_see('+Select Medium', retries=SLOW)
    context, admin = app_context(), account('admin@demo.test')
    options.add_option(context.uow_factory(), admin, MEDIUM, 'Klingon')
    options.set_option_retired(context.uow_factory(), admin, MEDIUM, 'Swahili', True)
    boxes = await _medium_offered_until(user, 'Klingon')  # the change reaches the open page
    assert 'Klingon' in boxes and 'Swahili' not in boxes and 'English' in boxes


async def test_r7_l1_an_item_added_while_the_session_form_reads_the_lists_reaches_its_pickers(
    user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The session form's pickers follow the lists from before their read too: an item added to a list right after
    the form read it, before the form was built, is offered without a reload."""
    read, last = options.list_options, list(OptionKind)[-1]
    added: list[str] = []

    def an_item_is_added_after_the_read(uow: Any, actor: Any, kind: OptionKind) -> Any:
        found = read(uow, actor, kind)
        if kind is last and not added:  # the form's first read has read every list
            added.append(
                options.add_option(app_context().uow_factory(), account('admin@demo.test'), MEDIUM, 'Klingon').label
            )
        return found

    await sign_in_as(user, 'manager@demo.test')
    monkeypatch.setattr(options, 'list_options', an_item_is_added_after_the_read)
    await user.open('/sessions/new')
    assert added, 'the form read no list'
    monkeypatch.setattr(options, 'list_options', read)
    boxes = await _medium_offered_until(user, 'Klingon')  # the change reaches the open page
    assert 'Klingon' in boxes


async def test_r7_l1_an_item_added_while_the_page_reads_the_lists_appears_without_a_reload(
    user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page follows the changes from before its first read: an item added to a list already read, before the
    page was built, is read once more."""
    service = sys.modules['domain.services.options']
    read, (first, *_, last) = service.managed_options, list(OptionKind)
    added: list[str] = []

    def an_item_is_added_after_the_read(uow: Any, actor: Any, kind: OptionKind) -> Any:
        found = read(uow, actor, kind)
        if kind is last and not added:  # the page's first read has read every list
            added.append(service.add_option(app_context().uow_factory(), actor, first, 'Robotics').label)
        return found

    await sign_in_as(user, 'admin@demo.test')
    monkeypatch.setattr(service, 'managed_options', an_item_is_added_after_the_read)
    await user.open('/option-lists')
    assert added, 'the page read no list'
    await user.should_see(marker=f'option-{list_marker(first)}-robotics', retries=SLOW)
