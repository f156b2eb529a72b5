"""What people look at: session lists, the Session Details page and the mentee list (T1–T3, M1, M2)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from domain import rules
from domain.csv_export import numbered_csv_bytes
from domain.entities import (
    EnrollmentType,
    MenteeListEntry,
    Page,
    SessionStatus,
    SessionSummary,
    SessionView,
    User,
)
from domain.errors import NotFound, PermissionDenied
from domain.ports import ExploreQuery, RosterChange, UnitOfWork
from domain.services._shared import page_bounds, visible_session

CSV_HEADER = ('No.', 'Name', 'Designation', 'Organization', 'E-mail ID', 'Enrollment Type')


def my_mentoring_sessions(
    uow: UnitOfWork, actor: User, now: datetime, *, finished: bool, page: int = 1, per_page: int = 12
) -> Page[SessionSummary]:
    """T1: the sessions the actor mentors or created; upcoming and live (soonest first) or completed."""
    with uow:
        if not actor.is_mentor:
            raise PermissionDenied('Only mentors have mentoring sessions.')
        page, per_page = page_bounds(page, per_page)
        return uow.sessions.for_mentor(actor.id, page, per_page, finished=finished, now=now)


def my_mentee_sessions(
    uow: UnitOfWork, actor: User, now: datetime, *, finished: bool, page: int = 1, per_page: int = 12
) -> Page[SessionSummary]:
    """M2: the sessions the actor is enrolled in or invited to; upcoming and live, or completed."""
    with uow:
        page, per_page = page_bounds(page, per_page)
        return uow.sessions.for_mentee(actor.id, page, per_page, finished=finished, now=now)


def explore_sessions(uow: UnitOfWork, actor: User, query: ExploreQuery, now: datetime) -> Page[SessionSummary]:
    """M1: Public sessions that have not ended, searched by title or mentor and filtered by the option lists."""
    with uow:
        page, per_page = page_bounds(query.page, query.per_page)
        searched = (query.text, query.category or '', query.medium or '', query.recommended_for or '')
        if not all(rules.storable(text) for text in searched):
            return Page((), 0, page, per_page)  # no stored session can match such text
        return uow.sessions.explore(replace(query, text=query.text.strip(), page=page, per_page=per_page), now)


def view_after_roster_change(view: SessionView, actor: User, change: RosterChange, now: datetime) -> SessionView:
    """P2: the Session Details page as the next read would show it after `change`, worked out from the page's
    current view (the same rules decide). For the page of a viewer who already saw the session."""
    mine = change.mentee_id == actor.id
    enrollment = change.enrollment if mine else view.viewer_enrollment
    place = (None if mine else view.waitlist_position, view.waitlist_size)  # a read confirms the line
    return _view(replace(view.summary, mentee_count=change.mentee_count), actor, view.mentor, enrollment, now, place)


def _view(
    summary: SessionSummary,
    actor: User,
    mentor: User,
    viewer_enrollment: EnrollmentType | None,
    now: datetime,
    place: tuple[int | None, int] = (None, 0),
) -> SessionView:
    session = summary.session
    full = rules.seats_full(summary.mentee_count, session.seat_limit)
    choices = rules.seat_choices(actor, session, summary.mentee_count, viewer_enrollment, place[0], now)
    status = rules.status_at(session, now)
    manages = rules.manages_session(actor, session)
    is_mentor = actor.id == session.mentor_id
    live = status is SessionStatus.LIVE
    is_in = viewer_enrollment is not None
    return SessionView(
        summary=summary,
        mentor=mentor,
        status=status,
        viewer_enrollment=viewer_enrollment,
        meeting=session.meeting if manages or (is_in and live) else None,
        may_manage=manages,
        may_edit_details=manages and rules.details_editable(session, now),
        may_edit_meeting=manages and rules.meeting_editable(session, now),
        may_start=is_mentor and rules.startable(session, now),
        may_end=is_mentor and live,
        may_delete=manages and rules.deletable(session, now),
        # A full session says "session seats full" instead of offering "Enroll" (M1), and the waitlist if open (W1).
        may_enroll=choices.enroll,
        may_unenroll=choices.unenroll,
        may_join=rules.may_join(actor, session, viewer_enrollment, now),
        waitlist_position=place[0],
        waitlist_size=place[1],
        may_join_waitlist=choices.join_waitlist,
        says_seats_full=full and not is_in and not manages and status is not SessionStatus.COMPLETED,
    )


def session_details(uow: UnitOfWork, actor: User, session_id: int, now: datetime) -> SessionView:
    """T2: the Session Details page for this viewer, with what they may do; NotFound if they may not see it."""
    with uow:
        if not rules.valid_id(session_id):
            raise NotFound()
        # One read where visible_session and the view's parts took seven statements (P2); the same rule decides.
        details = uow.sessions.details(session_id, actor.id)
        if details is None:
            raise NotFound()
        if not rules.may_see_session(actor, details.summary.session, details.viewer_enrollment is not None):
            raise NotFound()
        enrollment = details.viewer_enrollment
        session = details.summary.session
        place: tuple[int | None, int] = (None, 0)
        if rules.may_have_waiting(session, details.summary.mentee_count, now):  # else the line is empty (P2)
            place = uow.waitlist.position(session.id, actor.id), uow.waitlist.count(session.id)
        kind = None if enrollment is None else enrollment.enrollment_type
        return _view(details.summary, actor, details.mentor, kind, now, place)


def mentee_list(uow: UnitOfWork, actor: User, session_id: int) -> list[MenteeListEntry]:
    """T3: every mentee of the session and whether they enrolled or were invited; for its managers only."""
    with uow:
        session = visible_session(uow, actor, session_id)
        rules.check_manages_session(actor, session)
        return [
            MenteeListEntry(user, e.enrollment_type, e.joined_at) for user, e in uow.enrollments.mentee_list(session.id)
        ]


def waitlist(uow: UnitOfWork, actor: User, session_id: int) -> list[User]:
    """W1: the mentees waiting for a seat, first in line first; for the session's managers only."""
    with uow:
        session = visible_session(uow, actor, session_id)
        rules.check_manages_session(actor, session)
        return uow.waitlist.waiting_users(session.id)


def waitlist_place(uow: UnitOfWork, actor: User, session_id: int) -> tuple[int | None, int]:
    """W1: the viewer's place in line (None: not waiting) and how many wait."""
    with uow:
        session = visible_session(uow, actor, session_id)
        return uow.waitlist.position(session.id, actor.id), uow.waitlist.count(session.id)


def waitlist_places(
    uow: UnitOfWork, actor: User, summaries: list[SessionSummary], now: datetime
) -> dict[int, tuple[int | None, int]]:
    """W1 on the tiles: for each of these sessions that can have a line (full, Public, not started), the viewer's
    place in it (None: not waiting) and how many wait. One read for a page of tiles; sessions with a free seat
    or a closed line are left out (nobody waits there)."""
    with uow:
        places: dict[int, tuple[int | None, int]] = {}
        for summary in summaries:
            if not rules.may_have_waiting(summary.session, summary.mentee_count, now):
                continue
            try:
                session = visible_session(uow, actor, summary.session.id)
            except NotFound:  # gone meanwhile: the next refresh drops its tile
                continue
            places[session.id] = uow.waitlist.position(session.id, actor.id), uow.waitlist.count(session.id)
        return places


def mentee_list_csv(uow: UnitOfWork, actor: User, session_id: int, now: datetime) -> tuple[str, bytes]:
    """T3 "Download": the file name and the CSV bytes of the mentee list; for its managers only."""
    with uow:
        session = visible_session(uow, actor, session_id)
        rules.check_manages_session(actor, session)
        rows = uow.enrollments.mentee_rows(session.id)
    return f'mentee_list_{session_id}_{now:%Y-%m-%d_%H-%M-%S}.csv', numbered_csv_bytes(CSV_HEADER, rows)
