"""Shared by the security and fault tests: a cast of every role around two sessions, and the actions tried.

The cast is stored through the ports (users directly in the repository, everything else through the
services), so the same seeding works on the in-memory fakes, on SQLite and PostgreSQL, and in a server's
database before the server starts.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from PIL import Image

from domain.bulk_jobs import JobKind
from domain.bulk_people import people_sample_csv
from domain.dashboard import DashboardFilter, Period, PeriodKind, period
from domain.drafts import DraftPart, FormDraft
from domain.entities import (
    MeetingInfo,
    MentoringSession,
    Option,
    OptionKind,
    Platform,
    Role,
    SessionDraft,
    SessionType,
    User,
)
from domain.feedback import Attendance
from domain.ports import ProcessedImage, UnitOfWork, UserQuery
from domain.services import (
    aftermath,
    authoring,
    bulk_upload,
    dashboard,
    enrollment,
    form_drafts,
    invitations,
    options,
    people,
    queries,
    running,
)
from persistence.images import process_image
from tests.mentee_list_edits import change_mentees

Uows = Callable[[], UnitOfWork]
NOW = datetime(2030, 6, 3, 9, 0, tzinfo=UTC)
PUBLIC_TITLE = 'Quarterly planning clinic'
PRIVATE_TITLE = 'Confidential cohort retrospective'
MEET = MeetingInfo(Platform.GOOGLE_MEET, 'https://meet.google.com/sec-urit-yzz')

ROLES = (
    'mentee',
    'another mentee',
    'invited mentee',
    "the session's mentor",
    'another mentor',
    'session manager',
    'org admin',
)


@dataclass(frozen=True)
class Cast:
    """Everyone, and two sessions by one mentor, created by the session manager (so creator ≠ mentor).

    `public` has `mentee` enrolled and `invited` invited; `private` has only `invited` invited.
    Both show an image the session manager uploaded.
    """

    people: dict[str, User]
    public: MentoringSession
    private: MentoringSession

    def __getitem__(self, role: str) -> User:
        return self.people[role]


def tiny_jpeg(colour: str = 'teal') -> ProcessedImage:
    """A real, processed picture (what the upload handler would store)."""
    buffer = io.BytesIO()
    Image.new('RGB', (64, 36), colour).save(buffer, 'JPEG')
    return process_image(buffer.getvalue())


def add_person(uows: Uows, name: str, roles: set[Role], *, email: str | None = None, password_hash: str = 'x') -> User:
    with uows() as uow:
        organizations = uow.users.organizations()
        org = organizations[0] if organizations else uow.users.add_organization('Northwind Learning Trust')
        address = email or f'{uuid.uuid4().hex[:10]}@cast.test'
        user = uow.users.add(name, address, org.id, 'Analyst', frozenset(roles), password_hash)
        uow.commit()
    return user


def draft_for(
    title: str,
    start_at: datetime,
    *,
    session_type: SessionType = SessionType.PUBLIC,
    mentor_id: int | None = None,
    mentee_ids: tuple[int, ...] | None = None,
    image_id: str | None = None,
    seat_limit: int | None = None,
    description: str = 'Bring one question you are stuck on.',
    options: tuple[str, ...] = ('Students',),
) -> SessionDraft:
    return SessionDraft(
        title=title,
        description=description,
        start_at=start_at,
        end_at=start_at + timedelta(hours=1),
        time_zone='Europe/Berlin',
        recommended_for=options,
        categories=('Leadership',),
        medium=('English',),
        session_type=session_type,
        mentor_id=mentor_id,
        mentee_ids=mentee_ids,
        image_id=image_id,
        seat_limit=seat_limit,
    )


def seed_cast(uows: Uows, now: datetime = NOW, *, start_in: timedelta = timedelta(days=1)) -> Cast:
    """Seven people and two sessions starting `start_in` after `now`, one hour apart."""
    people = {
        'mentee': add_person(uows, 'Mina Mentee', {Role.MENTEE}),
        'another mentee': add_person(uows, 'Otto Othermentee', {Role.MENTEE}),
        'invited mentee': add_person(uows, 'Ines Invited', {Role.MENTEE}),
        "the session's mentor": add_person(uows, 'Sam Sessionmentor', {Role.MENTOR}),
        'another mentor': add_person(uows, 'Arne Anothermentor', {Role.MENTOR}),
        'session manager': add_person(uows, 'Priya Manager', {Role.MENTOR, Role.SESSION_MANAGER}),
        'org admin': add_person(uows, 'Ada Admin', {Role.ORG_ADMIN}),
    }
    manager, mentor = people['session manager'], people["the session's mentor"]
    invited = people['invited mentee'].id
    public_image = authoring.upload_image(uows(), manager, tiny_jpeg('teal'))
    private_image = authoring.upload_image(uows(), manager, tiny_jpeg('navy'))
    public = authoring.create_session(
        uows(),
        manager,
        draft_for(PUBLIC_TITLE, now + start_in, mentor_id=mentor.id, mentee_ids=(invited,), image_id=public_image),
        now,
    )
    private = authoring.create_session(
        uows(),
        manager,
        draft_for(
            PRIVATE_TITLE,
            now + start_in + timedelta(hours=2),
            session_type=SessionType.PRIVATE,
            mentor_id=mentor.id,
            mentee_ids=(invited,),
            image_id=private_image,
        ),
        now,
    )
    enrollment.enroll(uows(), people['mentee'], public.id, now)
    running.edit_meeting(uows(), mentor, public.id, MEET, now)
    running.edit_meeting(uows(), mentor, private.id, MEET, now)
    return Cast(people, public, private)


# --- the authorization matrix ------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    """One thing a person may try on a session, the roles that may do it, and how to try it.

    `run(uows, cast, actor)` calls the service; it returns normally when allowed and raises a
    DomainError when refused. `setup` prepares the state the action needs (e.g. a started session).
    """

    name: str
    allowed: frozenset[str]
    run: Callable[[Uows, Cast, User], object]
    session: str = 'public'
    setup: Callable[[Uows, Cast], None] | None = None
    mutates: bool = True  # an allowed attempt changes the cast, so the next role needs a fresh one


START_TIME = timedelta(minutes=-5)  # five minutes before the start: the mentor may start (U2)


def _at(cast: Cast, offset: timedelta) -> datetime:
    return cast.public.start_at + offset


def _edit(uows: Uows, cast: Cast, actor: User) -> object:
    session = cast.public
    draft = draft_for('Quarterly planning clinic (moved room)', session.start_at, image_id=session.image_id)
    return authoring.edit_details(uows(), actor, session.id, draft, NOW)


def _start_public(uows: Uows, cast: Cast) -> None:
    running.start_session(uows(), cast["the session's mentor"], cast.public.id, _at(cast, START_TIME))


def _join(uows: Uows, cast: Cast, actor: User) -> object:
    """M2: the join link comes from join_session; nobody else may read it from the details either."""
    moment = _at(cast, timedelta(minutes=5))
    try:
        return enrollment.join_session(uows(), actor, cast.public.id, moment)
    finally:
        view = queries.session_details(uows(), actor, cast.public.id, moment)
        may_know = actor.id in {cast[r].id for r in ('mentee', 'invited mentee', "the session's mentor")}
        assert view.meeting is None or may_know or actor.is_session_manager, 'the join link leaked via the details'


AFTER = timedelta(minutes=35)  # five minutes after the mentor ended the public session (A1, F1)


def _complete_public(uows: Uows, cast: Cast) -> None:
    """The public session ran: `mentee` joined, `invited mentee` did not; the mentor ended it."""
    _start_public(uows, cast)
    enrollment.join_session(uows(), cast['mentee'], cast.public.id, _at(cast, timedelta(minutes=5)))
    running.end_session(uows(), cast["the session's mentor"], cast.public.id, _at(cast, timedelta(minutes=30)))


def _after(
    name: str, allowed: frozenset[str], run: Callable[[Uows, Cast, User, datetime], object], *, mutates: bool = True
) -> Action:
    return Action(name, allowed, lambda u, c, a: run(u, c, a, _at(c, AFTER)), setup=_complete_public, mutates=mutates)


def _fresh_label() -> str:
    return f'Item {uuid.uuid4().hex[:8]}'


def _with_option(uows: Uows, label: str) -> None:
    with uows() as uow:
        uow.options.add(Option(OptionKind.MEDIUM, label))
        uow.options.set_retired(OptionKind.MEDIUM, label, False)
        uow.commit()


def _person_form(cast: Cast, email: str) -> people.PersonForm:
    return people.PersonForm('Pat Person', email, cast['org admin'].organization_id, 'Analyst', ('mentee',))


def _add_person(uows: Uows, cast: Cast, actor: User) -> object:
    return people.add_person(uows(), actor, _person_form(cast, f'{uuid.uuid4().hex[:8]}@example.org'), 'http://x', NOW)


def _change_person(uows: Uows, cast: Cast, actor: User) -> object:
    mentee = cast['another mentee']
    changed = people.PersonForm('Renamed Mentee', mentee.email, mentee.organization_id, 'Analyst', ('mentee', 'mentor'))
    return people.change_person(uows(), actor, mentee.id, changed)


ORG_ADMIN = frozenset({'org admin'})


def _keep_draft(uows: Uows, actor: User, session_id: int | None) -> object:
    draft = FormDraft({'title': 'Half-typed title'})
    form_drafts.keep_form_draft(uows(), actor, session_id, DraftPart.DETAILS, draft, NOW)
    return form_drafts.form_draft(uows(), actor, session_id, DraftPart.DETAILS)


def _quarter(cast: Cast) -> Period:
    return period(PeriodKind.QUARTER, cast.public.start_at.date(), ZoneInfo('UTC'))


def _dashboard(uows: Uows, cast: Cast, actor: User) -> object:
    return dashboard.dashboard_figures(uows(), actor, DashboardFilter(), _quarter(cast), NOW)


def _session_list(uows: Uows, cast: Cast, actor: User) -> object:
    return b''.join(dashboard.session_list_csv(uows, actor, DashboardFilter(), _quarter(cast), ZoneInfo('UTC'), NOW))


MANAGERS = frozenset({"the session's mentor", 'session manager'})
MENTORS = frozenset({"the session's mentor", 'another mentor', 'session manager'})
DASHBOARD_ROLES = frozenset({'session manager', 'org admin'})  # D1, D2
EVERYONE = frozenset(ROLES)
PRIVATE_CIRCLE = frozenset({'invited mentee', "the session's mentor", 'session manager', 'org admin'})

ACTIONS: tuple[Action, ...] = (
    Action('see a session', EVERYONE, lambda u, c, a: queries.session_details(u(), a, c.public.id, NOW), mutates=False),
    Action(
        'see a private session',
        PRIVATE_CIRCLE,
        lambda u, c, a: queries.session_details(u(), a, c.private.id, NOW),
        session='private',
        mutates=False,
    ),
    Action('edit', MANAGERS, _edit),
    Action('edit meeting info', MANAGERS, lambda u, c, a: running.edit_meeting(u(), a, c.public.id, MEET, NOW)),
    Action('delete', MANAGERS, lambda u, c, a: authoring.delete_session(u(), a, c.public.id, NOW)),
    Action(
        'start',
        frozenset({"the session's mentor"}),
        lambda u, c, a: running.start_session(u(), a, c.public.id, _at(c, START_TIME)),
    ),
    Action(
        'invite',
        frozenset({'session manager'}),
        lambda u, c, a: change_mentees(u, a, c.public.id, NOW, invite=[c['another mentee'].id]),
    ),
    Action(
        'remove',
        frozenset({'session manager'}),
        lambda u, c, a: change_mentees(u, a, c.public.id, NOW, remove=[c['mentee'].id]),
    ),
    Action('enroll', frozenset({'another mentee'}), lambda u, c, a: enrollment.enroll(u(), a, c.public.id, NOW)),
    Action(
        'enroll in a private session',
        frozenset(),
        lambda u, c, a: enrollment.enroll(u(), a, c.private.id, NOW),
        session='private',
    ),
    Action('un-enroll', frozenset({'mentee'}), lambda u, c, a: enrollment.unenroll(u(), a, c.public.id, NOW)),
    Action('view the mentee list', MANAGERS, lambda u, c, a: queries.mentee_list(u(), a, c.public.id), mutates=False),
    Action(
        'download the CSV',
        MANAGERS,
        lambda u, c, a: queries.mentee_list_csv(u(), a, c.public.id, NOW),
        mutates=False,
    ),
    Action(
        "fetch the session's image",
        EVERYONE,
        lambda u, c, a: authoring.image_for_viewer(u(), a, c.public.image_id or '', thumbnail=True),
        mutates=False,
    ),
    Action(
        "fetch a private session's image",
        PRIVATE_CIRCLE,
        lambda u, c, a: authoring.image_for_viewer(u(), a, c.private.image_id or '', thumbnail=False),
        session='private',
        mutates=False,
    ),
    # R5–R7: People, invitations and organizations are the org admin's alone.
    Action('see People', ORG_ADMIN, lambda u, c, a: people.find_people(u(), a, UserQuery(active=None)), mutates=False),
    Action('add a person', ORG_ADMIN, _add_person),
    Action('change a person', ORG_ADMIN, _change_person),
    Action(
        'deactivate a person',
        ORG_ADMIN,
        lambda u, c, a: people.set_person_active(u(), a, c['another mentee'].id, False, NOW),
    ),
    Action(
        'send an invitation again',
        ORG_ADMIN,
        lambda u, c, a: invitations.invite_again(u(), a, c['another mentee'].id, 'http://x', NOW),
    ),
    Action('add an organization', ORG_ADMIN, lambda u, c, a: people.add_organization(u(), a, uuid.uuid4().hex[:12])),
    Action(
        'rename an organization',
        ORG_ADMIN,
        lambda u, c, a: people.rename_organization(u(), a, c['org admin'].organization_id, uuid.uuid4().hex[:12]),
    ),
    Action(
        'add people in bulk',
        ORG_ADMIN,
        lambda u, c, a: bulk_upload.start_bulk_upload(u(), a, 'p.csv', people_sample_csv(), 'UTC', NOW, JobKind.PEOPLE),
    ),
    # R7: the option lists are the org admin's alone.
    Action(
        'see the option lists',
        ORG_ADMIN,
        lambda u, c, a: options.managed_options(u(), a, OptionKind.MEDIUM),
        mutates=False,
    ),
    Action('add an option', ORG_ADMIN, lambda u, c, a: options.add_option(u(), a, OptionKind.MEDIUM, _fresh_label())),
    Action(
        'rename an option',
        ORG_ADMIN,
        lambda u, c, a: options.rename_option(u(), a, OptionKind.MEDIUM, 'Hindi', _fresh_label()),
        setup=lambda u, c: _with_option(u, 'Hindi'),
    ),
    Action(
        'retire an option',
        ORG_ADMIN,
        lambda u, c, a: options.set_option_retired(u(), a, OptionKind.MEDIUM, 'Hindi', True),
        setup=lambda u, c: _with_option(u, 'Hindi'),
    ),
    Action(
        'get the join link',
        frozenset({'mentee', 'invited mentee', "the session's mentor"}),
        _join,
        setup=_start_public,
    ),
    # A1, F1: after the session.
    _after(
        'mark attendance',
        MANAGERS,
        lambda u, c, a, t: aftermath.mark_attendance(u(), a, c.public.id, c['mentee'].id, Attendance.NO_SHOW, t),
    ),
    _after(
        'see attendance', MANAGERS, lambda u, c, a, t: aftermath.attendance_sheet(u(), a, c.public.id, t), mutates=False
    ),
    _after(
        'rate a session',
        frozenset({'mentee'}),
        lambda u, c, a, t: aftermath.submit_feedback(u(), a, c.public.id, 4, 'ok', '', t),
    ),
    _after('skip feedback', frozenset({'mentee'}), lambda u, c, a, t: aftermath.skip_feedback(u(), a, c.public.id, t)),
    _after(
        "answer the mentor's form",
        frozenset({"the session's mentor"}),
        lambda u, c, a, t: aftermath.submit_mentor_feedback(u(), a, c.public.id, 4, '', t),
    ),
    _after(
        'open the feedback form',
        frozenset({'mentee', "the session's mentor"}),
        lambda u, c, a, t: aftermath.feedback_request(u(), a, c.public.id, t),
        mutates=False,
    ),
    _after(
        'see the feedback summary',
        MANAGERS,
        lambda u, c, a, t: aftermath.feedback_summary(u(), a, c.public.id),
        mutates=False,
    ),
    _after(
        "see the mentor's rating",
        EVERYONE,
        lambda u, c, a, t: aftermath.mentor_rating(u(), a, c.public.id),
        mutates=False,
    ),
    Action('see the dashboard', DASHBOARD_ROLES, lambda u, c, a: _dashboard(u, c, a), mutates=False),
    Action('download the session list', DASHBOARD_ROLES, lambda u, c, a: _session_list(u, c, a), mutates=False),
    # E2 (issue 22 item 1): a form's draft only for a form the person may open.
    Action('keep a draft of a new session', MENTORS, lambda u, c, a: _keep_draft(u, a, None), mutates=False),
    Action('keep a draft of an edit', MANAGERS, lambda u, c, a: _keep_draft(u, a, c.public.id), mutates=False),
    Action(
        "keep a draft of a private session's edit",
        MANAGERS,
        lambda u, c, a: _keep_draft(u, a, c.private.id),
        session='private',
        mutates=False,
    ),
    Action(
        'read the draft of an edit',
        MANAGERS,
        lambda u, c, a: form_drafts.form_draft(u(), a, c.public.id, DraftPart.MEETING),
        mutates=False,
    ),
)
