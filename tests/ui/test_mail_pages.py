"""N1, N4, N5: the Outbox page for org admins (live, and showing what would be sent without SMTP), the Mail settings
page, and the time zone a sign-in leaves for mails."""

from __future__ import annotations

from nicegui import ui
from nicegui.testing import User

from domain.entities import MailKind
from domain.services import enrollment, mail_choices
from tests.ui.conftest import TEST_TIME_ZONE, should_not_see_on_page, sign_in_as
from tests.ui.test_explore import PUBLIC_SPEAKING
from tests.ui.test_my_sessions import account
from ui.context import app_context


def _session_id(title: str) -> int:
    with app_context().uow_factory(read_only=True) as uow:
        mentor = uow.users.by_email('mentor@demo.test')
        assert mentor is not None
        page = uow.sessions.for_mentor(mentor.id, 1, 100, finished=False, now=app_context().clock())
    return next(summary.session.id for summary in page.items if summary.session.title == title)


async def test_n5_the_outbox_shows_an_admin_what_would_be_sent_and_new_mail_arrives_live(user: User) -> None:
    await sign_in_as(user, 'admin@demo.test')
    await user.open('/outbox')
    await user.should_see('No SMTP server is configured (MENTOR_SMTP_URL), so e-mail waits here.', retries=50)
    mentee = account('mentee30@demo.test')
    context = app_context()
    enrollment.enroll(context.uow_factory(), mentee, _session_id(PUBLIC_SPEAKING), context.clock())
    await user.should_see(f'You enrolled in {PUBLIC_SPEAKING}.', retries=50)
    await user.should_see('to mentee30@demo.test')
    await user.should_see('Enrollment confirmations')


async def test_n5_the_outbox_is_refused_to_everyone_but_org_admins(user: User) -> None:
    await sign_in_as(user, 'manager@demo.test')
    await should_not_see_on_page(user, 'Outbox')  # no link in the header
    await user.open('/outbox')
    await user.should_see('Only org admins can see the outbox.', retries=50)


async def test_n4_a_user_turns_a_kind_of_mail_off_and_sign_in_stored_their_time_zone(user: User) -> None:
    await sign_in_as(user, 'mentee1@demo.test')
    await user.open('/settings/mail')
    await user.should_see('Send me e-mails about', retries=50)
    await user.should_see(f'Times in them are in your time zone, {TEST_TIME_ZONE}.')
    user.find(kind=ui.checkbox, content='Reminders before a session starts').click()
    user.find(kind=ui.button, content='Save').click()
    await user.should_see('Saved. You get the e-mails ticked above.', retries=50)
    mentee = account('mentee1@demo.test')
    context = app_context()
    assert mail_choices.muted_kinds(context.uow_factory(read_only=True), mentee) == {MailKind.REMINDER}
    with context.uow_factory(read_only=True) as uow:
        assert uow.mail.recipients([mentee.id])[mentee.id].time_zone == TEST_TIME_ZONE
