"""R1 and the app frame through NiceGUI's simulated user (fast, no browser)."""

from __future__ import annotations

from nicegui.testing import User

from tests.ui.conftest import SLOW, press_header, should_not_see_on_page, should_see_on_page, sign_in_as


async def test_r1_anonymous_visitor_sees_only_the_sign_in_page(user: User) -> None:
    await user.open('/')
    await user.should_see('Sign in')
    await should_not_see_on_page(user, 'My mentoring sessions')


async def test_r1_wrong_password_gives_one_message_without_saying_which_part(user: User) -> None:
    await user.open('/login')
    user.find('E-mail').type('mentor@demo.test')
    user.find('Password').type('wrong')
    user.find('Sign in').click()
    await user.should_see('That e-mail and password do not match an account.', retries=SLOW)
    user.find('E-mail').clear()
    user.find('E-mail').type('nobody@demo.test')
    user.find('Sign in').click()
    await user.should_see('That e-mail and password do not match an account.', retries=SLOW)


async def test_r1_r2_signed_in_frame_shows_name_and_role_and_my_mentoring_sessions(user: User) -> None:
    await sign_in_as(user, 'manager@demo.test')
    await should_see_on_page(user, 'Priya Raman')
    await should_see_on_page(user, 'Session manager')
    await user.should_see('My mentoring sessions')
    await user.should_see('Create session')


async def test_r1_sign_out_returns_to_sign_in_and_home_needs_signing_in_again(user: User) -> None:
    await sign_in_as(user, 'mentor@demo.test')
    press_header(user, 'Sign out')
    await user.should_see('Sign in', retries=SLOW)
    await user.open('/')
    await user.should_see('Sign in')
    await should_not_see_on_page(user, 'Daniel Okafor')
