"""U1, U2, C4, C10, E2: "Edit session details" — the "Edit session" and "Meeting link" tabs of a stored session."""

from __future__ import annotations

from nicegui import ui
from nicegui.testing import User

from domain import rules
from domain.entities import SessionDraft
from domain.services import authoring
from tests.ui.conftest import should_not_see_on_page
from tests.ui.test_session_form_support import PATIENCE, session_id, should_see_beside, sign_in, type_into
from ui.context import app_context

CAREER = 'Career change into software'  # Priya's, upcoming, Public
COHORT = 'Leading your first team (private cohort)'  # Priya's, upcoming, Private, 4 invited mentees
SCIENCE = 'Science experiments at home'  # Daniel's, Live, Google Meet


async def open_edit(user: User, email: str, mentor_email: str, title: str, tab: str = '') -> int:
    await sign_in(user, email)
    found = session_id(mentor_email, title)
    await user.open(f'/sessions/{found}/edit' + (f'?tab={tab}' if tab else ''))
    await user.should_see('Edit session details', retries=PATIENCE)
    return found


async def test_u1_edit_page_shows_both_tabs_and_the_stored_details(user: User) -> None:
    await open_edit(user, 'manager@demo.test', 'manager@demo.test', COHORT)
    await user.should_see(kind=ui.tab, content='Edit session')
    await user.should_see(kind=ui.tab, content='Meeting link')
    await user.should_see(COHORT)
    await user.should_see('+ Add New Mentee')
    await user.should_see('Save')
    await should_not_see_on_page(user, 'Publish and add link')
    with user.scope(marker='field-mentees'):
        for name in ('Noah Fischer', 'Fatima Al-Sayed', "Liam O'Connor", 'Mei Chen'):
            await user.should_see(name)


async def test_c4_u1_the_session_type_cannot_change_after_publishing(user: User) -> None:
    await open_edit(user, 'manager@demo.test', 'manager@demo.test', COHORT)
    user.find(marker='session-type').click()
    await user.should_see(marker='window-session-type', retries=PATIENCE)
    with user.scope(marker='window-session-type'):
        await user.should_see('You cannot change the session type after publishing the session.')
        ok = user.find(kind=ui.button, content='Ok').elements.pop()
        assert isinstance(ok, ui.button)
        assert not ok.enabled


async def test_u1_session_manager_removes_a_mentee_and_saves(user: User) -> None:
    found = await open_edit(user, 'manager@demo.test', 'manager@demo.test', COHORT)
    with user.scope(marker='field-mentees'):
        user.find(kind=ui.button, content='Fatima Al-Sayed').click()
    await user.should_see(marker='window-mentees', retries=PATIENCE)
    with user.scope(marker='window-mentees'):
        user.find('Remove').click()
    user.find(marker='publish').click()
    await user.should_see('The session details are updated.', retries=PATIENCE)
    await user.open(f'/sessions/{found}/edit')
    with user.scope(marker='field-mentees'):
        await user.should_see('Mei Chen', retries=PATIENCE)
        await user.should_not_see('Fatima Al-Sayed')


async def test_u1_e2_a_refused_edit_keeps_what_was_typed(user: User) -> None:
    await open_edit(user, 'manager@demo.test', 'manager@demo.test', CAREER)
    type_into(user, 'session-title', '   ')
    type_into(user, 'description', 'A new description that must not be lost.')
    user.find(marker='publish').click()
    await should_see_beside(user, 'title', 'Enter a session title.')
    await user.should_see('A new description that must not be lost.')


async def test_u1_someone_who_does_not_manage_the_session_is_refused(user: User) -> None:
    await sign_in(user, 'mentor@demo.test')
    await user.open(f'/sessions/{session_id("manager@demo.test", CAREER)}/edit')
    await user.should_see('You are not allowed to do that.', retries=PATIENCE)
    await should_not_see_on_page(user, 'Session title')


async def test_u2_after_the_start_details_are_locked_but_the_meeting_link_can_change(user: User) -> None:
    await open_edit(user, 'mentor@demo.test', 'mentor@demo.test', SCIENCE, tab='meeting')
    await user.should_see('You can edit the session details only until the start of the session.')
    title = user.find(marker='session-title').elements.pop()
    assert isinstance(title, ui.input)
    assert not title.enabled
    type_into(user, 'meet-link', 'https://meet.google.com/xyz-abcd-efg')
    user.find('Submit').click()
    await user.should_see('The meeting information is updated.', retries=PATIENCE)
    await user.should_see('My mentoring sessions', retries=PATIENCE)


async def test_c10_e2_a_bad_zoom_link_and_an_8_digit_meeting_id_are_refused_beside_them(user: User) -> None:
    await open_edit(user, 'manager@demo.test', 'manager@demo.test', CAREER, tab='meeting')
    user.find(marker='platform').click()
    user.find('Zoom').click()
    await user.should_see('Copy and paste the passcode in the Passcode box.')
    type_into(user, 'zoom-link', 'https://zoom.example.com/meeting/123')
    type_into(user, 'meeting-id', '84512345678')
    user.find('Submit').click()
    await should_see_beside(user, 'zoom-link', 'Enter a Zoom link such as https://us02web.zoom.us/j/12345678901.')
    await user.should_see('https://zoom.example.com/meeting/123')
    type_into(user, 'zoom-link', 'https://us02web.zoom.us/j/84512345678')
    type_into(user, 'meeting-id', '12345678')
    user.find('Submit').click()
    await should_see_beside(user, 'meeting-id', 'The meeting ID is 9 to 11 digits.')
    await user.should_see('12345678')


async def test_c10_bigbluebutton_is_the_default_and_without_a_server_submit_is_refused_beside_it(user: User) -> None:
    """Issue 22 item 3: the tests run without BigBlueButton configured, so Submit says so and saves nothing."""
    await open_edit(user, 'manager@demo.test', 'manager@demo.test', CAREER, tab='meeting')
    await user.should_see('BigBlueButton')
    await user.should_see('No action required.')
    await should_not_see_on_page(user, 'Zoom link')
    user.find('Submit').click()
    with user.scope(marker='field-platform'):
        await user.should_see(rules.BIGBLUEBUTTON_UNAVAILABLE, retries=PATIENCE)
    await should_not_see_on_page(user, 'The meeting information is added.')


async def test_c10_without_a_bigbluebutton_server_the_meeting_link_menu_says_it_is_not_available(user: User) -> None:
    await open_edit(user, 'manager@demo.test', 'manager@demo.test', COHORT)  # its platform is the default
    user.find(kind=ui.tab, content='Meeting link').click()
    await user.should_see(
        'BigBlueButton is not available on this server. Choose Google Meet, WhatsApp or Zoom on the Meeting link tab.'
    )


def save_title_in_another_tab(found: int, email: str, title: str) -> None:
    """Tab A: the same person saves a new title through the service the form uses."""
    context = app_context()
    with context.uow_factory(read_only=True) as uow:
        actor = uow.users.by_email(email)
        stored = uow.sessions.get(found)
    assert actor is not None and stored is not None
    draft = SessionDraft(
        title=title,
        description=stored.description,
        start_at=stored.start_at,
        end_at=stored.end_at,
        time_zone=stored.time_zone,
        recommended_for=stored.recommended_for,
        categories=stored.categories,
        medium=stored.medium,
        session_type=stored.session_type,
        image_id=stored.image_id,
        version=stored.details_version,
    )
    authoring.edit_details(context.uow_factory(), actor, found, draft, context.clock())


async def test_u1_e2_a_stale_save_is_refused_naming_what_changed_and_reloads_keeping_what_was_typed(
    user: User,
) -> None:
    found = await open_edit(user, 'manager@demo.test', 'manager@demo.test', CAREER)
    save_title_in_another_tab(found, 'manager@demo.test', 'Career change into software, revised')
    type_into(user, 'description', 'Only a new description, typed in tab B.')
    user.find(marker='publish').click()
    await user.should_see('Someone else saved this session after you opened it', retries=PATIENCE)
    await user.should_see('Changed meanwhile: Session title.')
    await should_not_see_on_page(user, 'The session details are updated.')
    user.find('Reload the saved version').click()
    await user.should_see('Career change into software, revised', retries=PATIENCE)
    await user.should_see('Only a new description, typed in tab B.')
    user.find(marker='publish').click()
    await user.should_see('The session details are updated.', retries=PATIENCE)
    with app_context().uow_factory(read_only=True) as uow:
        stored = uow.sessions.get(found)
    assert stored is not None
    assert (stored.title, stored.description) == (
        'Career change into software, revised',
        'Only a new description, typed in tab B.',
    )
