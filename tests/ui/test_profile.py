"""R8: the Profile page (NiceGUI simulated user, demo data)."""

from __future__ import annotations

from nicegui.testing import User

from tests.ui.conftest import SLOW, follow_header_link, sign_in_as


async def test_r8_a_user_renames_themself_and_sees_the_new_name_after_reload(user: User) -> None:
    await sign_in_as(user, 'mentee1@demo.test')
    await follow_header_link(user, 'Profile')
    await user.should_see('Change password', retries=SLOW)
    user.find('Name').clear()
    user.find('Name').type('Aarav S. Sharma')
    user.find('Save profile').click()
    await user.should_see('Profile saved.', retries=SLOW)
    await user.open('/profile')
    await user.should_see('Aarav S. Sharma')


async def test_r8_a_wrong_current_password_is_refused_beside_it(user: User) -> None:
    await sign_in_as(user, 'mentee1@demo.test')
    await user.open('/profile')
    user.find('Current password').type('not my password')
    user.find('New password').type('a quieter evening walk')
    user.find('Repeat the new password').type('a quieter evening walk')
    user.find(marker='change-password').click()
    await user.should_see('That is not your current password.', retries=SLOW)
