"""D1 as simulated users: who gets the dashboard, its figures, and that it follows changes live, coalesced."""

from __future__ import annotations

import asyncio

import pytest
from nicegui import ui
from nicegui.testing import User

import domain.services.dashboard as dashboard_service
from domain.dashboard import DashboardFigures
from domain.feedback import Attendance
from domain.ports import ExploreQuery, SessionChanged
from domain.services import aftermath, enrollment
from tests.ui.conftest import SLOW, follow_header_link, header_links, sign_in_as
from ui import live
from ui.context import app_context

PUBLIC_SPEAKING = 'Public speaking for first-time presenters'
LIVE_NOW = 'Science experiments at home'  # the demo's session that is live now


def figure(user: User, name: str) -> str:
    (table,) = user.find(marker='dashboard-figures').elements
    assert isinstance(table, ui.table)
    return str(next(row['value'] for row in table.rows if row['figure'] == name))


async def until_figure(user: User, name: str, value: str) -> None:
    for _ in range(50):
        if figure(user, name) == value:
            return
        await asyncio.sleep(0.1)
    assert figure(user, name) == value


async def test_d1_manager_opens_the_dashboard_from_the_header_and_sees_the_months_figures(user: User) -> None:
    await sign_in_as(user, 'manager@demo.test')
    await follow_header_link(user, 'Dashboard')
    await user.should_see(marker='dashboard-figures', retries=SLOW)
    await user.should_see(marker='dashboard-categories')
    assert int(figure(user, 'Seats offered')) > 0
    assert figure(user, 'Fill rate').endswith('%')
    await user.should_see('Download')


async def test_d1_org_admin_has_the_dashboard(user: User) -> None:
    await sign_in_as(user, 'admin@demo.test')
    await follow_header_link(user, 'Dashboard')
    await user.should_see(marker='dashboard-figures', retries=SLOW)


@pytest.mark.parametrize('email', ['mentor@demo.test', 'mentee1@demo.test'])
async def test_d1_mentor_and_mentee_get_no_dashboard(user: User, email: str) -> None:
    await sign_in_as(user, email)
    assert 'Dashboard' not in header_links(user)
    await user.open('/dashboard')
    await user.should_see('The dashboard is for session managers and org admins.', retries=SLOW)
    await user.should_not_see(marker='dashboard-figures')


async def test_d1_a_mentee_enrolling_changes_the_open_dashboards_seats_taken_without_reload(user: User) -> None:
    await sign_in_as(user, 'manager@demo.test')
    await user.open('/dashboard')
    await user.should_see(marker='dashboard-figures', retries=SLOW)
    taken = int(figure(user, 'Seats taken'))
    context = app_context()
    with context.uow_factory(read_only=True) as uow:
        mentee = uow.users.by_email('mentee40@demo.test')
        sessions = uow.sessions.explore(ExploreQuery(text='Public speaking'), context.clock())
    assert mentee is not None
    (session,) = [s.session for s in sessions.items if s.session.title == PUBLIC_SPEAKING]
    await asyncio.to_thread(enrollment.enroll, context.uow_factory(), mentee, session.id, context.clock())
    await until_figure(user, 'Seats taken', str(taken + 1))


async def test_d1_a_burst_of_changes_is_coalesced_into_at_most_one_more_refresh(
    user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    await sign_in_as(user, 'manager@demo.test')
    await user.open('/dashboard')
    await user.should_see(marker='dashboard-figures', retries=SLOW)
    reads: list[DashboardFigures] = []
    counted = dashboard_service.dashboard_figures

    def counting(*args: object) -> DashboardFigures:
        figures = counted(*args)  # type: ignore[arg-type]
        reads.append(figures)
        return figures

    monkeypatch.setattr(dashboard_service, 'dashboard_figures', counting)
    live.deliver([SessionChanged(session_id) for session_id in range(1, 51)])  # 50 changes from any instance
    await asyncio.sleep(2)
    assert 1 <= len(reads) <= 2  # the first change reads; all others heard meanwhile cost one more read


async def test_d1_an_attendance_mark_changes_the_attended_figure_and_ratings_have_their_table(user: User) -> None:
    """A1/F1 on the dashboard: attended counts the marks of the Mentee list window; ratings as figure and table."""
    await sign_in_as(user, 'manager@demo.test')
    await user.open('/dashboard')
    await user.should_see(marker='dashboard-figures', retries=SLOW)
    assert 'rating' in figure(user, 'Average rating')  # as the session pages word it (rating_text)
    (ratings,) = user.find(marker='dashboard-ratings').elements
    assert isinstance(ratings, ui.table)
    assert [row['figure'] for row in ratings.rows] == ['1 of 5', '2 of 5', '3 of 5', '4 of 5', '5 of 5']
    attended = int(figure(user, 'Mentees attended'))
    context = app_context()
    now = context.clock()
    with context.uow_factory(read_only=True) as uow:
        manager = uow.users.by_email('manager@demo.test')
        found = uow.sessions.explore(ExploreQuery(text='Science experiments'), now)
    assert manager is not None
    (live_one,) = [s.session for s in found.items if s.session.title == LIVE_NOW]
    sheet = aftermath.attendance_sheet(context.uow_factory(), manager, live_one.id, now)
    entry = sheet.entries[0]
    mark, change = (Attendance.NO_SHOW, -1) if entry.attendance is Attendance.ATTENDED else (Attendance.ATTENDED, 1)
    await asyncio.to_thread(
        aftermath.mark_attendance, context.uow_factory(), manager, live_one.id, entry.mentee.id, mark.value, now
    )
    await until_figure(user, 'Mentees attended', str(attended + change))
