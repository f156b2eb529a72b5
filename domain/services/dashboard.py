"""D1: the dashboard's figures, for session managers and org admins only."""

from __future__ import annotations

from collections.abc import Callable, Generator
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from itertools import chain
from zoneinfo import ZoneInfo

from domain.csv_export import streamed_csv
from domain.dashboard import SESSION_LIST_HEADER, DashboardFigures, DashboardFilter, Period, session_list_lines
from domain.entities import OptionKind, Role, User
from domain.errors import PermissionDenied
from domain.ports import UnitOfWork, UserQuery

MENTOR_CHOICES = 500  # the mentor filter lists the first mentors by name
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


@dataclass(frozen=True)
class DashboardChoices:
    """What the dashboard's filters offer."""

    mentors: tuple[tuple[int, str], ...]
    categories: tuple[str, ...]
    medium: tuple[str, ...]


def dashboard_choices(uow: UnitOfWork, actor: User) -> DashboardChoices:
    check_may_see_dashboard(actor)
    with uow:
        mentors = uow.users.search(UserQuery(role=Role.MENTOR, per_page=MENTOR_CHOICES)).items
        return DashboardChoices(
            tuple((mentor.id, mentor.name) for mentor in mentors),
            tuple(option.label for option in uow.options.list(OptionKind.CATEGORIES)),
            tuple(option.label for option in uow.options.list(OptionKind.MEDIUM)),
        )


def session_list_csv(
    uow_factory: Callable[[], UnitOfWork],
    actor: User,
    chosen: DashboardFilter,
    period: Period,
    zone: ZoneInfo,
    now: datetime,
) -> Generator[bytes, None, None]:
    """D2: the filtered session list as CSV chunks. The permission is checked now, before any byte is sent;
    the rows are read while the chunks are taken."""
    check_may_see_dashboard(actor)
    return _session_list_chunks(uow_factory, chosen, period, zone, now)


def _session_list_chunks(
    uow_factory: Callable[[], UnitOfWork], chosen: DashboardFilter, period: Period, zone: ZoneInfo, now: datetime
) -> Generator[bytes, None, None]:
    with uow_factory() as uow, closing(uow.dashboard.session_list(chosen, period, now)) as batches:
        # Closed before the unit of work ends, also when the download stops half-way (the client went away):
        # on PostgreSQL an unfinished stream holds the connection, and the rollback would wait for it.
        yield from streamed_csv(SESSION_LIST_HEADER, session_list_lines(chain.from_iterable(batches), zone))
