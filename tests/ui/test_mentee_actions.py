"""M1, W1, U2, E2 (issue 23 items 2, 3, 5, 7; issue 18): what a mentee's session cards and Session Details page
offer and say — full sessions, the waitlist, stale refusals, un-enrolling and its cut-off, sessions past their
start and completed ones — through NiceGUI's simulated user."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from nicegui import ui
from nicegui.testing import User

from domain import rules
from domain.entities import User as Person
from domain.ports import ExploreQuery
from domain.services import enrollment
from tests.ui.conftest import should_not_see_on_page, should_see_on_page, sign_in_as
from tests.ui.details_card import press, said, until_not_offered, until_offered
from tests.ui.test_explore import (
    CAREER_CHANGE,
    COMPLETED,
    OFFICE_HOURS,
    PUBLIC_SPEAKING,
    buttons_in_tile,
    click_in_tile,
    explore,
    in_tile,
    tile,
    tile_of,
)
from ui.components.session_facts import WAITING_FOR_MENTOR
from ui.components.session_tiles import shown_texts
from ui.context import app_context, install, utc_now


def person(email: str) -> Person:
    with app_context().uow_factory(read_only=True) as uow:
        found = uow.users.by_email(email)
    assert found is not None
    return found


def session_id_of(title: str) -> int:
    context = app_context()
    with context.uow_factory(read_only=True) as uow:
        found = uow.sessions.explore(ExploreQuery(text=title, per_page=50), context.clock())
    (session,) = [s.session for s in found.items if s.session.title == title]
    return session.id


async def as_mentee(service: Callable[..., object], email: str, session_id: int) -> None:
    context = app_context()
    await asyncio.to_thread(service, context.uow_factory(), person(email), session_id, context.clock())


def error_in_tile(user: User, session_id: int) -> str | None:
    """The refusal shown beside the tile's buttons, if any."""
    return tile(user, session_id).get('error')


async def until(check: Callable[[], bool], what: str) -> None:
    for _ in range(50):
        if check():
            return
        await asyncio.sleep(0.1)
    raise AssertionError(what)


def notifications(user: User) -> list[str]:
    return [str(call) for call in user.notify.messages]


async def test_m1_w1_a_full_public_card_says_seats_full_and_offers_the_waitlist_instead_of_enroll(user: User) -> None:
    """Issue 23 item 2 and issue 18: no "Enroll" on a full session's card, no pop-up; "Join waitlist" there."""
    await explore(user, 'mentee31@demo.test')
    session_id = tile_of(user, CAREER_CHANGE)  # 3 of 3 seats taken
    await in_tile(user, session_id, 'session seats full')
    await in_tile(user, session_id, 'Waitlist: 0')
    assert buttons_in_tile(user, session_id) == ['Join waitlist']
    click_in_tile(user, session_id, 'Join waitlist')
    await in_tile(user, session_id, 'You are number 1 on the waitlist.')
    await in_tile(user, session_id, 'Waitlist: 1')
    await in_tile(user, session_id, 'You joined the waitlist.')
    await until(lambda: buttons_in_tile(user, session_id) == ['Leave waitlist'], 'Leave waitlist offered')
    assert error_in_tile(user, session_id) is None
    assert not [message for message in notifications(user) if 'seats full' in message]  # beside the card only
    await until(lambda: not _disabled(user, session_id), 'the button usable again a moment later')
    click_in_tile(user, session_id, 'Leave waitlist')
    await in_tile(user, session_id, 'You left the waitlist.')
    await in_tile(user, session_id, 'Waitlist: 0')
    await until(lambda: buttons_in_tile(user, session_id) == ['Join waitlist'], 'Join waitlist offered again')


async def test_w1_e2_a_card_in_line_turns_enrolled_live_and_drops_what_it_said_of_the_line(user: User) -> None:
    """Issue 18 and issue 23 item 3: a seat freed elsewhere goes to the first in line; their Explore card says
    Enrolled, offers Un-enroll, and no longer says "You joined the waitlist."."""
    await explore(user, 'mentee31@demo.test')
    session_id = tile_of(user, CAREER_CHANGE)  # 3 of 3 seats taken
    click_in_tile(user, session_id, 'Join waitlist')
    await in_tile(user, session_id, 'You joined the waitlist.')
    await until(lambda: buttons_in_tile(user, session_id) == ['Leave waitlist'], 'Leave waitlist offered')
    # The card has shown its state after joining (the settling is over): a message is answered by a change after
    # that. (A change landing before the card's first read after the action: the tests below.)
    await until(lambda: not _disabled(user, session_id), 'settled')
    await as_mentee(enrollment.unenroll, 'mentee10@demo.test', session_id)  # one of its three
    await until(lambda: buttons_in_tile(user, session_id) == ['Un-enroll'], 'Un-enroll offered to the promoted')
    await in_tile(user, session_id, 'Enrolled')
    await until(lambda: 'You joined the waitlist.' not in shown_texts(tile(user, session_id)), 'not said')


def _disabled(user: User, session_id: int) -> bool:
    return bool(tile(user, session_id).get('settling'))


def _promoted_as_soon_as_in_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """Joining the line lets one of the three enrolled go at once: the seat goes to the one who just joined,
    before any page of theirs reads again."""
    real_join = enrollment.join_waitlist

    def join_then_a_seat_frees(uow: object, actor: Person, sid: int, now: datetime) -> None:
        real_join(uow, actor, sid, now)  # type: ignore[arg-type]
        enrollment.unenroll(app_context().uow_factory(), person('mentee10@demo.test'), sid, now)

    monkeypatch.setattr(enrollment, 'join_waitlist', join_then_a_seat_frees)


async def test_w1_e2_a_card_whose_viewer_is_enrolled_before_it_reads_again_does_not_say_they_joined_the_line(
    user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """E2: "You joined the waitlist." is answered when the card's first read after it finds the viewer enrolled."""
    _promoted_as_soon_as_in_line(monkeypatch)
    await explore(user, 'mentee31@demo.test')
    session_id = tile_of(user, CAREER_CHANGE)  # 3 of 3 seats taken
    click_in_tile(user, session_id, 'Join waitlist')
    await until(lambda: buttons_in_tile(user, session_id) == ['Un-enroll'], 'Un-enroll offered to the promoted')
    await in_tile(user, session_id, 'Enrolled')
    await until(lambda: not _disabled(user, session_id), 'settled')
    assert 'You joined the waitlist.' not in shown_texts(tile(user, session_id))


async def test_w1_e2_the_details_page_of_a_viewer_enrolled_before_it_reads_again_does_not_say_they_joined_the_line(
    user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """E2 on the Session Details page, the same race."""
    _promoted_as_soon_as_in_line(monkeypatch)
    await sign_in_as(user, 'mentee31@demo.test')
    await user.open(f'/sessions/{session_id_of(CAREER_CHANGE)}')
    await press(user, 'Join waitlist')
    await should_see_on_page(user, 'You are enrolled in this session.', retries=50)
    await until_offered(user, 'Un-enroll')
    await should_not_see_on_page(user, 'You joined the waitlist.')
    await should_not_see_on_page(user, 'on the waitlist.')


async def test_m1_the_session_details_page_of_a_full_session_started_says_seats_full_and_offers_no_enroll(
    user: User,
) -> None:
    """Issue 23 item 2 on the details page: a full session with no line (it started) says so instead of "Enroll"."""
    await sign_in_as(user, 'mentee31@demo.test')
    session_id = session_id_of(OFFICE_HOURS)  # Daniel's, starts in 5 minutes, 2 mentees enrolled
    context = app_context()
    with context.uow_factory() as uow:
        session = uow.sessions.get(session_id)
        assert session is not None
        uow.sessions.update(replace(session, seat_limit=2))
        uow.commit()
    offset = timedelta(minutes=6)
    install(replace(context, clock=lambda: utc_now() + offset))  # past its start: the line is closed (W1)
    await user.open(f'/sessions/{session_id}')
    await should_see_on_page(user, 'session seats full', retries=50)
    await until_not_offered(user, 'Enroll')
    await until_not_offered(user, 'Join waitlist')


async def test_e2_a_live_change_clears_the_refusal_it_answers(user: User, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 23 item 3: refused as full, then a seat frees: the stale "session seats full" refusal goes, and it
    stays gone when the seat is taken again (the tile offers what it offered when it was refused)."""
    await explore(user, 'mentee31@demo.test')
    session_id = tile_of(user, CAREER_CHANGE)
    await as_mentee(enrollment.unenroll, 'mentee10@demo.test', session_id)  # one of its three: a seat is free
    await in_tile(user, session_id, '1 seat left')
    real_enroll = enrollment.enroll

    def last_seat_taken_first(uow: object, actor: Person, sid: int, now: datetime) -> None:
        """Someone else takes the last seat just before this mentee's tap arrives."""
        context = app_context()
        real_enroll(context.uow_factory(), person('mentee32@demo.test'), sid, now)
        real_enroll(uow, actor, sid, now)  # type: ignore[arg-type]

    monkeypatch.setattr(enrollment, 'enroll', last_seat_taken_first)
    click_in_tile(user, session_id, 'Enroll')
    await until(lambda: error_in_tile(user, session_id) == 'session seats full', 'refused as full')
    await in_tile(user, session_id, 'Join waitlist')
    monkeypatch.setattr(enrollment, 'enroll', real_enroll)
    await asyncio.sleep(1.2)  # the card's buttons settle
    await as_mentee(enrollment.unenroll, 'mentee32@demo.test', session_id)  # a seat frees, live
    await in_tile(user, session_id, '1 seat left')
    await until(lambda: error_in_tile(user, session_id) is None, 'the stale refusal went')
    assert buttons_in_tile(user, session_id) == ['Enroll']
    await as_mentee(enrollment.enroll, 'mentee32@demo.test', session_id)  # full again, live
    await until(lambda: buttons_in_tile(user, session_id) == ['Join waitlist'], 'full again')
    assert error_in_tile(user, session_id) is None  # the update that brought the buttons back would bring it


async def test_m1_un_enroll_on_a_card_asks_first_and_says_what_happened(user: User) -> None:
    """Issue 23 item 5: "Un-enroll" asks for confirmation; "No" keeps the seat; "Yes" says the seat is free."""
    await explore(user, 'mentee31@demo.test')
    session_id = tile_of(user, PUBLIC_SPEAKING)
    click_in_tile(user, session_id, 'Enroll')
    await in_tile(user, session_id, 'You are enrolled.')
    await until(lambda: buttons_in_tile(user, session_id) == ['Un-enroll'] and not _disabled(user, session_id), 'ready')
    click_in_tile(user, session_id, 'Un-enroll')
    await user.should_see('Un-enroll from this session?')
    user.find(kind=ui.button, content='No, stay enrolled').click()
    await asyncio.sleep(0.5)
    await in_tile(user, session_id, 'Enrolled')
    assert buttons_in_tile(user, session_id) == ['Un-enroll']
    click_in_tile(user, session_id, 'Un-enroll')
    await user.should_see('Un-enroll from this session?')  # the window is built when first asked for (P11)
    user.find(kind=ui.button, content='Yes, un-enroll').click()
    await in_tile(user, session_id, 'You un-enrolled: your seat is free for someone else.')
    await in_tile(user, session_id, '14 seats left')
    await until(lambda: buttons_in_tile(user, session_id) == ['Enroll'], 'Enroll offered again')


async def test_m1_enrolling_inside_the_cut_off_says_un_enrolling_is_closed_and_the_card_says_why_it_is_gone(
    user: User,
) -> None:
    """Issue 23 item 5: a session starting in 5 minutes: enrolling says the seat cannot be given back."""
    await explore(user, 'mentee31@demo.test')
    session_id = tile_of(user, OFFICE_HOURS)
    click_in_tile(user, session_id, 'Enroll')
    await in_tile(user, session_id, 'Un-enrolling closed 10 minutes before the start, so this seat stays yours.')
    await in_tile(user, session_id, 'You can un-enroll only until 10 minutes before the session starts.')
    assert 'Un-enroll' not in buttons_in_tile(user, session_id)


async def test_m1_details_page_un_enroll_asks_first_and_enrolling_late_says_un_enrolling_is_closed(user: User) -> None:
    """Issue 23 item 5 on the Session Details page."""
    await sign_in_as(user, 'mentee31@demo.test')
    await user.open(f'/sessions/{session_id_of(PUBLIC_SPEAKING)}')
    await press(user, 'Enroll')
    await should_see_on_page(user, 'You are enrolled in this session.', retries=50)
    await should_see_on_page(user, 'You are enrolled.', retries=50)
    await until_offered(user, 'Un-enroll')  # the button now under the finger waits a moment, shown disabled (M1)
    await press(user, 'Un-enroll')
    await user.should_see('Un-enroll from this session?')
    user.find(kind=ui.button, content='Yes, un-enroll').click()
    await should_see_on_page(user, 'You un-enrolled: your seat is free for someone else.', retries=50)
    await should_not_see_on_page(user, 'You are enrolled in this session.', retries=50)

    await user.open(f'/sessions/{session_id_of(OFFICE_HOURS)}')
    await press(user, 'Enroll')
    await should_see_on_page(
        user, 'Un-enrolling closed 10 minutes before the start, so this seat stays yours.', retries=50
    )
    assert said(user, 'unenroll-note') == rules.UNENROLL_CLOSED


async def test_u2_after_the_start_time_mentees_see_the_session_waits_for_its_mentor(user: User) -> None:
    """Issue 23 item 7: past the start time, not started by the mentor: the card and the page say so."""
    await sign_in_as(user, 'mentee17@demo.test')  # enrolled in the office hours
    session_id = session_id_of(OFFICE_HOURS)
    offset = timedelta(minutes=6)
    install(replace(app_context(), clock=lambda: utc_now() + offset))
    await user.open('/my-sessions')
    await in_tile(user, session_id, 'the session is waiting for the mentor to start it')
    await user.open(f'/sessions/{session_id}')
    await should_see_on_page(user, WAITING_FOR_MENTOR, retries=50)
    assert said(user, 'waiting-for-mentor') == WAITING_FOR_MENTOR


async def test_m2_a_completed_session_shows_no_seats_left_and_no_you_are_enrolled(user: User) -> None:
    """Issue 23 item 7: a completed session is told in the past tense, without seats to take."""
    await sign_in_as(user, 'mentee23@demo.test')  # enrolled in the completed personal-statement session
    await user.open('/my-sessions')
    await user.should_see(COMPLETED, retries=50)
    session_id = tile_of(user, COMPLETED)
    await in_tile(user, session_id, 'Was enrolled')
    assert not [text for text in shown_texts(tile(user, session_id)) if 'Enrolled' in text]
    await user.open(f'/sessions/{session_id}')
    await should_see_on_page(user, 'You were enrolled in this session.', retries=50)
    await should_not_see_on_page(user, 'You are enrolled in this session.')
    await should_not_see_on_page(user, 'Seats left')
