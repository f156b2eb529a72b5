"""D1: the dashboard's figures, computed by each database, checked against a straightforward count over the
same sessions, enrollments, attendance marks (A1) and ratings (F1)."""

from __future__ import annotations

import codecs
import csv
import io
import random
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from domain.dashboard import DashboardFigures, DashboardFilter, Period, PeriodKind, period
from domain.entities import Enrollment, EnrollmentType, MentoringSession, Role, SessionType, User
from domain.errors import PermissionDenied
from domain.feedback import Attendance, Feedback, aggregate, attendance_of
from domain.rules import status_at
from domain.services import dashboard
from domain.services.dashboard import dashboard_figures
from persistence.repositories import dashboard as dashboard_repository
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.integration.builders import HOUR, NOW, add_user, new_session

ZONE = ZoneInfo('Asia/Kolkata')
CATEGORIES = ('Communication', 'Leadership', 'Science')
MEDIUM = ('English', 'Hindi')


@dataclass
class World:
    manager: User
    mentors: list[User]
    sessions: list[MentoringSession]
    joined: dict[int, list[bool]]  # session id: one entry per enrolled mentee, True if they joined
    marks: dict[int, list[Attendance | None]]  # session id: the mark of each enrolled mentee (as `joined`)
    ratings: dict[int, list[int | None]]  # session id: each answer's rating (None: skipped)


def build(factory: SqlUnitOfWorkFactory) -> World:
    """Sessions of every kind and state over three months around NOW, some deleted, with enrollments."""
    pick = random.Random(17)
    manager = add_user(factory, 'Priya Manager', roles=frozenset({Role.SESSION_MANAGER}))
    mentors = [add_user(factory, f'Mentor {n}', roles=frozenset({Role.MENTOR})) for n in range(3)]
    mentees = [add_user(factory, f'Mentee {n}') for n in range(8)]
    sessions: list[MentoringSession] = []
    joined: dict[int, list[bool]] = {}
    marks: dict[int, list[Attendance | None]] = {}
    ratings: dict[int, list[int | None]] = {}
    with factory() as uow:
        for number in range(60):
            start = NOW + timedelta(hours=pick.randrange(-24 * 60, 24 * 40))
            state = pick.choice(('planned', 'started', 'completed', 'deleted'))
            draft = new_session(
                pick.choice(mentors),
                title=f'Session {number}',
                start_at=start,
                session_type=pick.choice(list(SessionType)),
                seat_limit=pick.randrange(3, 9),
                categories=tuple(pick.sample(CATEGORIES, pick.randrange(1, 3))),
                medium=(pick.choice(MEDIUM),),
                created_at=start - timedelta(days=pick.randrange(1, 30)),
                started_at=start if state in ('started', 'completed') else None,
                completed_at=start + HOUR if state == 'completed' else None,
                deleted_at=start - HOUR if state == 'deleted' else None,
            )
            stored = uow.sessions.add(draft)
            stored = uow.sessions.get(stored.id) or stored
            sessions.append(stored)
            joined[stored.id], marks[stored.id], ratings[stored.id] = [], [], []
            for mentee in pick.sample(mentees, pick.randrange(0, min(stored.seat_limit, len(mentees)) + 1)):
                attended = stored.started_at is not None and pick.random() < 0.7
                uow.enrollments.add(
                    Enrollment(
                        stored.id,
                        mentee.id,
                        EnrollmentType.ENROLLED,
                        stored.created_at or NOW,
                        stored.start_at if attended else None,
                    )
                )
                joined[stored.id].append(attended)
                # A1: marks that confirm, overrule (a joined no-show) and add (attended without joining)
                mark = pick.choice((None, Attendance.ATTENDED, Attendance.NO_SHOW)) if stored.started_at else None
                if mark is not None:
                    uow.feedback.set_mark(stored.id, mentee.id, mark, manager.id, NOW)
                marks[stored.id].append(mark)
                if stored.started_at is not None and pick.random() < 0.6:  # F1: some rate, some skip
                    rating = pick.choice((None, 1, 2, 3, 4, 5))
                    uow.feedback.save_answer(Feedback(stored.id, mentee.id, rating, '', '', NOW))
                    ratings[stored.id].append(rating)
        uow.commit()
    return World(manager, mentors, sessions, joined, marks, ratings)


def expected(world: World, chosen: DashboardFilter, span: Period) -> DashboardFigures:
    """The same figures, counted one session at a time."""

    def matches(s: MentoringSession) -> bool:
        return (
            (chosen.mentor_id is None or s.mentor_id == chosen.mentor_id)
            and (chosen.session_type is None or s.session_type is chosen.session_type)
            and (chosen.category is None or chosen.category in s.categories)
            and (chosen.medium is None or chosen.medium in s.medium)
        )

    def within(moment: object) -> bool:
        return moment is not None and span.start <= moment < span.end  # type: ignore[operator]

    chosen_ones = [s for s in world.sessions if matches(s)]
    scope = [s for s in chosen_ones if s.deleted_at is None and within(s.start_at)]
    statuses = Counter(status_at(s, NOW).value for s in scope)
    names = {m.id: m.name for m in world.mentors}
    categories = Counter(c for s in scope for c in s.categories)
    mentors = Counter(names[s.mentor_id] for s in scope)
    bounds = [*span.weeks, span.end]
    return DashboardFigures(
        created=sum(within(s.created_at) for s in chosen_ones),
        conducted=sum(s.started_at is not None and status_at(s, NOW).value == 'Completed' for s in scope),
        deleted=sum(within(s.deleted_at) for s in chosen_ones),
        upcoming=statuses['Upcoming'],
        live=statuses['Live'],
        completed=statuses['Completed'],
        seats_offered=sum(s.seat_limit for s in scope),
        seats_taken=sum(len(world.joined[s.id]) for s in scope),
        enrolled=sum(len(world.joined[s.id]) for s in scope),
        attended=sum(
            attendance_of(NOW if joined else None, mark) is Attendance.ATTENDED
            for s in scope
            for joined, mark in zip(world.joined[s.id], world.marks[s.id], strict=True)
        ),
        ratings=aggregate(r for s in scope for r in world.ratings[s.id] if r is not None),
        busiest_categories=tuple(sorted(categories.items(), key=lambda item: (-item[1], item[0]))[:5]),
        busiest_mentors=tuple(sorted(mentors.items(), key=lambda item: (-item[1], item[0]))[:5]),
        per_week=tuple(
            (week.date(), sum(a <= s.start_at < b for s in scope))
            for week, a, b in zip(span.weeks, bounds, bounds[1:], strict=False)
        ),
    )


@pytest.mark.parametrize('kind', [PeriodKind.WEEK, PeriodKind.MONTH, PeriodKind.QUARTER])
def test_d1_figures_of_a_period_match_a_count_over_the_same_rows(
    uow_factory: SqlUnitOfWorkFactory, kind: PeriodKind
) -> None:
    world = build(uow_factory)
    span = period(kind, NOW.astimezone(ZONE).date(), ZONE)
    figures = dashboard_figures(uow_factory(), world.manager, DashboardFilter(), span, NOW)
    assert figures == expected(world, DashboardFilter(), span)
    assert figures.seats_offered > 0 and figures.completed > 0  # the data set exercises the figures
    if kind is PeriodKind.QUARTER:  # marks that overrule joining, and enough ratings for an average
        assert 0 < figures.attended < figures.enrolled and figures.ratings.average is not None
        assert figures.attended != sum(sum(world.joined[s.id]) for s in world.sessions if within_scope(s, span))


def within_scope(session: MentoringSession, span: Period) -> bool:
    return session.deleted_at is None and span.start <= session.start_at < span.end


def test_d1_filters_narrow_every_figure(uow_factory: SqlUnitOfWorkFactory) -> None:
    world = build(uow_factory)
    span = period(PeriodKind.CUSTOM, date(2030, 1, 1), ZONE, date(2030, 4, 1), date(2030, 7, 15))
    for chosen in (
        DashboardFilter(mentor_id=world.mentors[0].id),
        DashboardFilter(category='Science'),
        DashboardFilter(medium='Hindi'),
        DashboardFilter(session_type=SessionType.PRIVATE),
        DashboardFilter(mentor_id=world.mentors[1].id, category='Leadership', medium='English'),
    ):
        assert dashboard_figures(uow_factory(), world.manager, chosen, span, NOW) == expected(world, chosen, span)


def test_d1_org_admins_see_the_dashboard_and_mentors_and_mentees_are_refused(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    span = period(PeriodKind.WEEK, NOW.date(), ZONE)
    admin = add_user(uow_factory, 'Olga Admin', roles=frozenset({Role.ORG_ADMIN}))
    assert dashboard_figures(uow_factory(), admin, DashboardFilter(), span, NOW) == DashboardFigures(
        per_week=((span.weeks[0].date(), 0),)
    )
    for roles in (frozenset({Role.MENTOR}), frozenset({Role.MENTEE})):
        someone = add_user(uow_factory, f'Someone {len(roles)}{min(roles)}', roles=roles)
        with pytest.raises(PermissionDenied, match='session managers and org admins'):
            dashboard_figures(uow_factory(), someone, DashboardFilter(), span, NOW)


def test_d2_the_session_list_csv_has_the_columns_the_zones_times_and_no_formulas(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    manager = add_user(uow_factory, 'Priya Manager', roles=frozenset({Role.SESSION_MANAGER}))
    mentor = add_user(uow_factory, '=Mallory Mentor', roles=frozenset({Role.MENTOR}))
    mentee = add_user(uow_factory, 'Mia Mentee')
    with uow_factory() as uow:
        evil = uow.sessions.add(new_session(mentor, title='=HYPERLINK("http://x")', start_at=NOW + HOUR))
        uow.sessions.add(new_session(mentor, title='Zoë’s café', start_at=NOW - 3 * HOUR, completed_at=NOW - 2 * HOUR))
        uow.sessions.add(new_session(mentor, title='Deleted', start_at=NOW + HOUR, deleted_at=NOW))
        uow.enrollments.add(Enrollment(evil.id, mentee.id, EnrollmentType.ENROLLED, NOW))
        uow.commit()
    span = period(PeriodKind.WEEK, NOW.astimezone(ZONE).date(), ZONE)

    data = b''.join(dashboard.session_list_csv(uow_factory, manager, DashboardFilter(), span, ZONE, NOW))

    assert data.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(data.decode('utf-8-sig'), newline='')))
    assert rows == [
        ['No.', 'Session Name', 'Type', 'Mentors', 'Date', 'Time', 'Duration (Min)', 'Mentee Count', 'Status'],
        ['1', 'Zoë’s café', 'Public', "'=Mallory Mentor", '2030-06-01', '14:30', '60', '0', 'Completed'],
        ['2', '\'=HYPERLINK("http://x")', 'Public', "'=Mallory Mentor", '2030-06-01', '18:30', '60', '1', 'Upcoming'],
    ]


def _manager_and_sessions(uow_factory: SqlUnitOfWorkFactory, count: int) -> User:
    """A session manager, and `count` sessions of one mentor a minute apart from NOW."""
    manager = add_user(uow_factory, 'Priya Manager', roles=frozenset({Role.SESSION_MANAGER}))
    mentor = add_user(uow_factory, 'Mona Mentor', roles=frozenset({Role.MENTOR}))
    with uow_factory() as uow:
        for number in range(count):
            uow.sessions.add(new_session(mentor, title=f'S{number}', start_at=NOW + timedelta(minutes=number)))
        uow.commit()
    return manager


def test_d2_the_session_list_is_streamed_in_chunks_as_the_rows_are_read(uow_factory: SqlUnitOfWorkFactory) -> None:
    manager = _manager_and_sessions(uow_factory, 2500)
    span = period(PeriodKind.MONTH, NOW.date(), ZONE)
    chunks = list(dashboard.session_list_csv(uow_factory, manager, DashboardFilter(), span, ZONE, NOW))
    assert len(chunks) == 4  # the header, then 1,000 rows at a time
    assert b''.join(chunks).count(b'\r\n') == 2501


def test_p9_a_download_stopped_half_way_lets_go_of_the_database(uow_factory: SqlUnitOfWorkFactory) -> None:
    """The client went away after two chunks: the stream is closed and the unit of work ends (on PostgreSQL an
    unfinished stream would hold the connection, and the rollback would wait for it for ever)."""
    manager = _manager_and_sessions(uow_factory, 2500)
    span = period(PeriodKind.MONTH, NOW.date(), ZONE)
    chunks = dashboard.session_list_csv(uow_factory, manager, DashboardFilter(), span, ZONE, NOW)
    assert next(chunks).startswith(codecs.BOM_UTF8) and next(chunks).count(b'\r\n') == 1000
    chunks.close()
    whole = b''.join(dashboard.session_list_csv(uow_factory, manager, DashboardFilter(), span, ZONE, NOW))
    assert whole.count(b'\r\n') == 2501


def test_d2_times_follow_the_requesters_zone_across_a_change_of_its_offset(uow_factory: SqlUnitOfWorkFactory) -> None:
    """London moves to summer time at 01:00 UTC on 2030-03-31: the same day shows GMT and BST times."""
    london = ZoneInfo('Europe/London')
    manager = add_user(uow_factory, 'Priya Manager', roles=frozenset({Role.SESSION_MANAGER}))
    mentor = add_user(uow_factory, 'Mona Mentor', roles=frozenset({Role.MENTOR}))
    starts = [
        datetime(2030, 3, d, h, m, tzinfo=UTC) for d, h, m in ((30, 12, 0), (31, 0, 30), (31, 1, 30), (31, 23, 45))
    ]
    with uow_factory() as uow:
        for number, start in enumerate(starts):
            uow.sessions.add(new_session(mentor, title=f'S{number}', start_at=start))
        uow.commit()
    span = period(PeriodKind.CUSTOM, NOW.date(), london, date(2030, 3, 25), date(2030, 4, 5))

    data = b''.join(dashboard.session_list_csv(uow_factory, manager, DashboardFilter(), span, london, NOW))

    rows = list(csv.reader(io.StringIO(data.decode('utf-8-sig'), newline='')))[1:]
    shown = [(row[4], row[5]) for row in rows]
    assert shown == [('2030-03-30', '12:00'), ('2030-03-31', '00:30'), ('2030-03-31', '02:30'), ('2030-04-01', '00:45')]
    assert shown == [(f'{s.astimezone(london):%Y-%m-%d}', f'{s.astimezone(london):%H:%M}') for s in starts]


def test_d2_an_sqlite_older_than_3_38_gives_the_same_list(
    uow_factory: SqlUnitOfWorkFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """P9 reads SQLite's times with `unixepoch` where SQLite has it (3.38 on); older ones (Python may be linked
    with one) read them as before, to the same bytes."""
    manager = _manager_and_sessions(uow_factory, 30)
    span = period(PeriodKind.MONTH, NOW.date(), ZONE)

    def download() -> bytes:
        dashboard_repository._session_list_statement.cache_clear()
        return b''.join(dashboard.session_list_csv(uow_factory, manager, DashboardFilter(), span, ZONE, NOW))

    newer = download()
    monkeypatch.setattr(dashboard_repository, '_SQLITE_HAS_UNIXEPOCH', False)
    older = download()
    monkeypatch.undo()
    dashboard_repository._session_list_statement.cache_clear()
    assert older == newer and newer.count(b'\r\n') == 31
