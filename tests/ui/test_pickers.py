"""C5, C6, R2: the Mentor list and Mentee list windows — Search, organization and designation filters,
"Items per page" with paging, "Add", and removing a chosen person again."""

from __future__ import annotations

from nicegui import ui
from nicegui.testing import User

from tests.ui.test_session_form_support import PATIENCE, sign_in


async def open_mentee_list(user: User) -> None:
    await sign_in(user, 'manager@demo.test')
    await user.open('/sessions/new')
    user.find('+ Add mentee').click()
    await user.should_see(marker='window-mentees', retries=PATIENCE)


def choose(user: User, select_label: str, option: str) -> None:
    user.find(select_label).click()
    user.find(option).click()


async def test_c6_mentee_list_pages_through_all_52_mentees_with_items_per_page(user: User) -> None:
    await open_mentee_list(user)
    with user.scope(marker='window-mentees'):
        await user.should_see('Page 1 of 6 · 52 found', retries=PATIENCE)
        await user.should_see('Aarav Sharma')
        choose(user, 'Items per page', '20')
        await user.should_see('Page 1 of 3 · 52 found', retries=PATIENCE)
        user.find(marker='next-page').click()
        await user.should_see('Page 2 of 3 · 52 found', retries=PATIENCE)
        await user.should_not_see('Aarav Sharma')
        user.find(marker='previous-page').click()
        await user.should_see('Page 1 of 3 · 52 found', retries=PATIENCE)
        await user.should_see('Aarav Sharma')


async def test_c6_search_box_finds_mentees_by_name_as_one_types(user: User) -> None:
    await open_mentee_list(user)
    with user.scope(marker='window-mentees'):
        user.find('Search').type('müll')
        await user.should_see('1 found', retries=PATIENCE)
        await user.should_see('Zoë Müller')
        await user.should_not_see('Aarav Sharma')
        user.find('Search').clear().type('nobody-like-this')
        await user.should_see('No one matches your search.', retries=PATIENCE)


async def test_r2_c6_organization_and_designation_filters_narrow_the_list(user: User) -> None:
    await open_mentee_list(user)
    with user.scope(marker='window-mentees'):
        choose(user, 'Organization', 'Kestrel Tech Guild')
        await user.should_see('Page 1 of 1 · 10 found', retries=PATIENCE)
        choose(user, 'Designation', 'Counsellor')
        await user.should_see('Page 1 of 1 · 2 found', retries=PATIENCE)
        await user.should_see('Ananya Iyer')
        await user.should_see('Henrik Larsen')
        await user.should_not_see('Zoë Müller')


async def test_c5_mentor_list_adds_one_mentor_who_can_be_removed_again(user: User) -> None:
    await sign_in(user, 'manager@demo.test')
    await user.open('/sessions/new')
    user.find('+ Add mentor').click()
    await user.should_see(marker='window-mentor', retries=PATIENCE)
    with user.scope(marker='window-mentor'):
        await user.should_see('Daniel Okafor', retries=PATIENCE)
        await user.should_see('Priya Raman')
        await user.should_not_see('Zoë Müller')
        user.find('Search').type('Priya')
        await user.should_see('1 found', retries=PATIENCE)
        user.find(kind=ui.button, content='Add').click()
    await user.should_not_see(marker='window-mentor')
    with user.scope(marker='field-mentor'):
        await user.should_see(kind=ui.chip, content='Priya Raman')
        user.find(marker='remove-chosen').click()
    with user.scope(marker='field-mentor'):
        await user.should_not_see('Priya Raman')
        await user.should_see('No mentor added yet: you will be the mentor.')


async def test_c6_clicking_a_chosen_mentees_name_offers_remove(user: User) -> None:
    await open_mentee_list(user)
    with user.scope(marker='window-mentees'):
        user.find('Search').type('Aarav')
        await user.should_see('1 found', retries=PATIENCE)
        user.find(kind=ui.button, content='Add').click()
        await user.should_see(kind=ui.button, content='Remove')
        user.find('Done').click()
    with user.scope(marker='field-mentees'):
        user.find(marker='chosen-user').click()
    await user.should_see(marker='window-mentees', retries=PATIENCE)
    with user.scope(marker='window-mentees'):
        await user.should_see('mentee1@demo.test')
        user.find('Remove').click()
    with user.scope(marker='field-mentees'):
        await user.should_see('No mentees invited yet.')
