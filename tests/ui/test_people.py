"""R5, R6: the People page of org admins (NiceGUI simulated user, demo data)."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from nicegui import ui
from nicegui.testing import User

from domain.entities import Role
from domain.services import people
from tests.ui.conftest import SLOW, follow_header_link, should_not_see_on_page, sign_in_as
from tests.ui.test_my_sessions import account
from ui.context import app_context


async def test_r5_an_org_admin_searches_people_and_filters_by_status(user: User) -> None:
    await sign_in_as(user, 'admin@demo.test')
    await follow_header_link(user, 'People')
    await user.should_see('Daniel Okafor', retries=SLOW)
    user.find(marker='search').type('priya').trigger('keydown.enter')
    await user.should_see('1 person', retries=SLOW)
    await user.should_see('Priya Raman')
    await should_not_see_on_page(user, 'Daniel Okafor')


async def test_r5_r6_adding_a_person_shows_the_invitation_link_once_without_mail(user: User) -> None:
    await sign_in_as(user, 'admin@demo.test')
    await user.open('/people')
    user.find('Add person').click()
    await user.should_see('Save', retries=SLOW)
    user.find('Name').type('Nia New')
    user.find('E-mail').type('  MENTOR@demo.test ')
    user.find('Save').click()
    await user.should_see('mentor@demo.test already belongs to Daniel Okafor.', retries=SLOW)
    user.find('E-mail').clear()
    user.find('E-mail').type('nia@demo.test')
    user.find('Save').click()
    await user.should_see('Pass this link on', retries=SLOW)
    link = user.find(ui.input).elements
    assert any(
        str(getattr(e, 'value', '')).startswith('http') and '/login/set-password?token=' in e.value for e in link
    )
    user.find(marker='search').type('nia').trigger('keydown.enter')
    await user.should_see('nia@demo.test', retries=SLOW)


async def test_r5_deactivating_shows_at_once_and_the_last_admin_is_refused(user: User) -> None:
    await sign_in_as(user, 'admin@demo.test')
    await user.open('/people')
    user.find(marker='search').type('Daniel').trigger('keydown.enter')
    await user.should_see('1 person', retries=SLOW)
    user.find('Deactivate').click()
    await user.should_see('Deactivated', retries=SLOW)
    await user.should_see('Reactivate')
    user.find(marker='search').clear()
    user.find(marker='search').type('Grace Liu').trigger('keydown.enter')
    await user.should_see('admin@demo.test', retries=SLOW)  # the list shows Grace Liu alone
    user.find(marker='toggle-active').click()
    await user.should_see(people.LAST_ADMIN, retries=SLOW)


async def test_r5_l1_a_person_added_elsewhere_appears_on_an_open_people_page(user: User) -> None:
    await sign_in_as(user, 'admin@demo.test')
    await user.open('/people')
    user.find(marker='search').type('Zed').trigger('keydown.enter')
    await user.should_see('Nobody matches.', retries=SLOW)
    context = app_context()
    admin = account('admin@demo.test')
    form = people.PersonForm('Zed Zimmer', 'zed@demo.test', admin.organization_id, 'Analyst', (Role.MENTEE.value,))
    people.add_person(context.uow_factory(), admin, form, 'http://x', context.clock())
    await user.should_see('Zed Zimmer', retries=SLOW)


async def test_r5_people_is_refused_to_everyone_but_org_admins(user: User) -> None:
    await sign_in_as(user, 'manager@demo.test')
    await should_not_see_on_page(user, 'People')
    await user.open('/people')
    await user.should_see('Only an org admin can see People.', retries=SLOW)


async def test_r5_l1_a_person_added_while_the_page_reads_appears_without_a_reload(
    user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page follows the changes from before its first read: a person added between that read and the page
    being built is read once more."""
    service = sys.modules['domain.services.people']
    find = service.find_people
    added: list[object] = []

    def someone_is_added_after_the_read(uow: Any, actor: Any, query: Any) -> Any:
        found = find(uow, actor, query)
        if not added:  # the page's first read
            form = people.PersonForm('Aaron Aardvark', 'aaron@demo.test', actor.organization_id, 'Analyst', ('mentee',))
            context = app_context()
            added.append(service.add_person(context.uow_factory(), actor, form, 'http://x', context.clock()))
        return found

    await sign_in_as(user, 'admin@demo.test')
    monkeypatch.setattr(service, 'find_people', someone_is_added_after_the_read)
    await user.open('/people')
    assert added, 'the page read nobody'
    await user.should_see('Aaron Aardvark', retries=SLOW)
