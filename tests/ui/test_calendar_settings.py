"""N3: the Calendar settings page and "Add to calendar", as a simulated user; the feed route over HTTP."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from icalendar import Calendar
from nicegui import ui
from nicegui.testing import User

from tests.ui.conftest import sign_in_as
from tests.ui.test_session_details import PUBLIC_SPEAKING, open_session
from ui.pages.calendar_settings import CALENDAR_SETTINGS_PATH


def shown_address(user: User) -> str:
    (field,) = user.find(marker='feed-address').elements
    assert isinstance(field, ui.input)
    return str(field.value)


async def address_other_than(user: User, old: str) -> str:
    """The address the page shows once it shows a new one (the button's work takes a moment)."""
    for _ in range(100):
        shown = user.find(marker='feed-address').elements
        if shown and feed_path(shown_address(user)) != old:
            return feed_path(shown_address(user))
        await asyncio.sleep(0.05)
    raise AssertionError('the page kept showing the old address')


def feed_path(address: str) -> str:
    assert address.startswith('webcal://')
    return '/calendar/' + address.rsplit('/calendar/', 1)[1]


async def test_n3_a_user_turns_the_feed_on_renews_it_and_turns_it_off(
    user: User, create_user: Callable[[], User]
) -> None:
    calendar_app = create_user()  # no sign-in: the token in the address is all it has
    await sign_in_as(user, 'mentor@demo.test')
    await user.open(CALENDAR_SETTINGS_PATH)
    await user.should_see('Your calendar feed is off.')
    user.find('Turn on').click()
    await user.should_see('Copy this address into your calendar app now', retries=50)
    first = feed_path(shown_address(user))

    response = await calendar_app.http_client.get(first)
    assert response.status_code == 200
    assert response.headers['content-type'] == 'text/calendar; charset=utf-8'
    titles = [str(event['SUMMARY']) for event in Calendar.from_ical(response.content).walk('VEVENT')]
    assert PUBLIC_SPEAKING in titles  # Daniel mentors it
    etag = response.headers['etag']
    unchanged = await calendar_app.http_client.get(first, headers={'If-None-Match': etag})
    assert unchanged.status_code == 304
    assert unchanged.content == b''
    assert (await calendar_app.http_client.get(first, headers={'If-None-Match': '"other"'})).status_code == 200

    user.find('Create a new address').click()
    second = await address_other_than(user, first)
    assert (await calendar_app.http_client.get(first)).status_code == 404
    assert (await calendar_app.http_client.get(second)).status_code == 200

    user.find('Turn off').click()
    await user.should_see('Your calendar feed is off.', retries=50)
    assert (await calendar_app.http_client.get(second)).status_code == 404


async def test_n3_after_a_reload_the_page_says_the_feed_is_on_without_showing_the_secret(user: User) -> None:
    await sign_in_as(user, 'mentee1@demo.test')
    await user.open(CALENDAR_SETTINGS_PATH)
    user.find('Turn on').click()
    await user.should_see('Copy this address into your calendar app now', retries=50)
    await user.open(CALENDAR_SETTINGS_PATH)
    await user.should_see('Your calendar feed is on. Its address was made on')
    await user.should_not_see(marker='feed-address')
    await user.should_see('Create a new address')


async def test_n3_an_unknown_feed_address_is_404_without_signing_in(create_user: Callable[[], User]) -> None:
    anonymous = create_user()
    response = await anonymous.http_client.get('/calendar/' + 'A' * 43 + '.ics')
    assert response.status_code == 404
    assert response.text == 'No calendar at this address.'


async def test_n3_add_to_calendar_downloads_the_sessions_ics(user: User) -> None:
    session_id = await open_session(user, 'mentor@demo.test', PUBLIC_SPEAKING)
    user.find('Add to calendar').click()
    response = await user.download.next(timeout=5)
    [event] = Calendar.from_ical(response.content).walk('VEVENT')
    assert str(event['SUMMARY']) == PUBLIC_SPEAKING
    assert str(event['UID']).startswith(f'session-{session_id}@')
    assert event.walk('VALARM')
