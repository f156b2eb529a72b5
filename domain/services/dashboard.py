"""D1: the dashboard's figures, for session managers and org admins only."""

from __future__ import annotations

from datetime import datetime

from domain.dashboard import DashboardFigures, DashboardFilter, Period
from domain.entities import User
from domain.errors import PermissionDenied
from domain.ports import UnitOfWork

NOT_ALLOWED = 'The dashboard is for session managers and org admins.'


def may_see_dashboard(user: User) -> bool:
    return user.is_session_manager or user.is_org_admin


def check_may_see_dashboard(user: User) -> None:
    if not may_see_dashboard(user):
        raise PermissionDenied(NOT_ALLOWED)


def dashboard_figures(
    uow: UnitOfWork, actor: User, chosen: DashboardFilter, period: Period, now: datetime
) -> DashboardFigures:
    """The period's figures, each computed by the database."""
    check_may_see_dashboard(actor)
    with uow:
        return uow.dashboard.figures(chosen, period, now)
