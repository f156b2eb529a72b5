"""B1: bulk upload of sessions: each row through the form's own services, each in its own transaction.
R5: the same machinery adds people (a job of kind PEOPLE): each row through the People service's own "add".

The file is checked as a whole and stored as a job (`start_bulk_upload`); `run_bulk_upload` then works through
it row by row, recording each row's fate, until the end or a cancel (which stops after the current row).
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

from domain import rules
from domain.bulk_jobs import BulkJob, JobKind, JobStatus, Outcome, RowResult
from domain.bulk_people import ACTION as ADD_PERSON
from domain.bulk_people import PEOPLE_LAYOUT, PersonRequest, person_refusal, person_request
from domain.bulk_upload import (
    RESULT_COLUMNS,
    SESSIONS_LAYOUT,
    Action,
    CsvLayout,
    CsvUpload,
    RowRefused,
    RowRequest,
    UploadedRow,
    read_upload,
    records,
    refusal_for_row,
    row_request,
    uploaded_rows,
)
from domain.csv_export import safe_cell
from domain.entities import MentoringSession, OptionKind, SessionDraft, SessionType, User
from domain.errors import DomainError, InvalidInput, NotFound
from domain.passwords import clean_email
from domain.ports import LeaseLost, UnitOfWork
from domain.services import authoring, options, people, running
from domain.services._shared import visible_session

UowFactory = Callable[[], UnitOfWork]
Clock = Callable[[], datetime]
# Results are stored at least this often (seconds): the progress bar moves, and few rows are lost to a crash.
FLUSH_SECONDS = 0.25
# S1: a running job is its instance's while the instance records its rows (each record renews the lease); a lease
# that ran out means the instance stopped, and another one takes the job over where it stands.
LEASE = timedelta(minutes=1)
LAYOUTS: dict[JobKind, CsvLayout] = {JobKind.SESSIONS: SESSIONS_LAYOUT, JobKind.PEOPLE: PEOPLE_LAYOUT}
RowApplier = Callable[[UploadedRow], RowResult]


def check_may_upload(actor: User, kind: JobKind) -> None:
    """B1: sessions are uploaded by session managers; R5: people by org admins."""
    if kind is JobKind.PEOPLE:
        rules.check_org_admin(actor, 'add people in bulk')
    else:
        rules.check_session_manager(actor, 'upload sessions in bulk')


def start_bulk_upload(
    uow: UnitOfWork,
    actor: User,
    file_name: str,
    data: bytes,
    time_zone: str,
    now: datetime,
    kind: JobKind = JobKind.SESSIONS,
) -> BulkJob:
    """B1, R5: check the file as a whole (one clear refusal, nothing stored) and store it as a running job."""
    check_may_upload(actor, kind)
    upload = read_upload(data, LAYOUTS[kind])
    with uow:
        job = BulkJob(
            id=0,
            owner_id=actor.id,
            file_name=(file_name or f'{kind.value}.csv')[:200],
            time_zone=time_zone,
            total_rows=upload.row_count,
            done_rows=0,
            status=JobStatus.RUNNING,
            created_at=now,
            kind=kind,
            leased_until=now + LEASE,
        )
        job = uow.bulk_jobs.add(job, upload.text, upload.delimiter)
        uow.commit()
        return job


def _owned_job(uow: UnitOfWork, actor: User, job_id: int, kind: JobKind | None = None) -> BulkJob:
    job = uow.bulk_jobs.get(job_id) if rules.valid_id(job_id) else None
    if job is None or job.owner_id != actor.id or (kind is not None and job.kind is not kind):
        raise NotFound('This upload does not exist or is not yours.')
    return job


def bulk_job(
    uow: UnitOfWork, actor: User, job_id: int | None = None, kind: JobKind = JobKind.SESSIONS
) -> BulkJob | None:
    """B1, R5: the uploader's job of that kind (by id, or their latest); NotFound for anyone else's."""
    with uow:
        return uow.bulk_jobs.latest_for(actor.id, kind) if job_id is None else _owned_job(uow, actor, job_id, kind)


def bulk_results(uow: UnitOfWork, actor: User, job_id: int, offset: int = 0, limit: int = 100) -> list[RowResult]:
    """B1: a page of the job's row results, in row order."""
    with uow:
        _owned_job(uow, actor, job_id)
        return uow.bulk_jobs.results(job_id, max(0, offset), min(max(1, limit), 1000))


def cancel_bulk_upload(uow: UnitOfWork, actor: User, job_id: int) -> None:
    """B1: ask the job to stop after the row it is working on."""
    with uow:
        if _owned_job(uow, actor, job_id).status is JobStatus.RUNNING:
            uow.bulk_jobs.request_cancel(job_id)
            uow.commit()


def claim_stalled_uploads(uow: UnitOfWork, now: datetime) -> list[int]:
    """S1: the running jobs whose instance stopped (their lease ran out), now this caller's to run on."""
    with uow:
        claimed = uow.bulk_jobs.claim_stalled(now, now + LEASE)
        uow.commit()
        return claimed


def run_bulk_upload(uow_factory: UowFactory, job_id: int, clock: Clock, base_url: str = '') -> BulkJob:
    """B1, R5: work through the job's rows from where it stands; each row is applied in its own transaction.
    `base_url` starts the invitation links of people added (R6). Should another instance take the job over
    (S1: this one's lease ran out), this one stops where it is and leaves the rest to it."""
    with uow_factory() as uow:
        job = uow.bulk_jobs.get(job_id)
        owner = uow.users.get(job.owner_id) if job else None
        if job is None or owner is None:
            raise NotFound('This upload does not exist.')
        upload = _stored_upload(*uow.bulk_jobs.upload_text(job_id))
    if job.status is JobStatus.RUNNING:
        if job.kind is JobKind.PEOPLE:
            applier = _people_applier(uow_factory, owner, clock, base_url)
        else:
            applier = _sessions_applier(uow_factory, owner, job.time_zone, clock)
        try:
            cancelled = _apply_rows(uow_factory, job, upload, applier, clock)
        except LeaseLost:
            cancelled = None
        if cancelled is not None:
            with uow_factory() as uow:
                uow.bulk_jobs.finish(job_id, JobStatus.CANCELLED if cancelled else JobStatus.FINISHED, clock())
                uow.commit()
    with uow_factory() as uow:
        final = uow.bulk_jobs.get(job_id)
    assert final is not None
    return final


def _stored_upload(text: str, delimiter: str) -> CsvUpload:
    header = next(records(text, delimiter), [])
    return CsvUpload(text, delimiter, tuple(header), 0)


def _sessions_applier(uow_factory: UowFactory, owner: User, time_zone: str, clock: Clock) -> RowApplier:
    book, lists = EmailBook(), OptionBook()

    def apply(row: UploadedRow) -> RowResult:
        try:
            request = row_request(row, time_zone)
        except RowRefused as refusal:
            return RowResult(row.number, row.values.get('Action', ''), None, Outcome.REFUSED, refusal.message)
        return apply_row(uow_factory, owner, request, clock(), book, lists)

    return apply


def _people_applier(uow_factory: UowFactory, owner: User, clock: Clock, base_url: str) -> RowApplier:
    organizations = OrganizationBook()

    def apply(row: UploadedRow) -> RowResult:
        try:
            request = person_request(row)
        except RowRefused as refusal:
            return RowResult(row.number, ADD_PERSON, None, Outcome.REFUSED, refusal.message)
        return add_person_row(uow_factory, owner, request, clock(), base_url, organizations)

    return apply


def _apply_rows(uow_factory: UowFactory, job: BulkJob, upload: CsvUpload, apply: RowApplier, clock: Clock) -> bool:
    """True if cancelled. Raises LeaseLost when another instance took the job over."""
    done = job.done_rows
    pending: list[RowResult] = []
    flushed_at = time.monotonic()

    def record() -> bool:
        nonlocal done, pending
        cancel = _record(uow_factory, job.id, pending, done, clock() + LEASE)
        done, pending = done + len(pending), []
        return cancel

    for index, row in enumerate(uploaded_rows(upload)):
        if index < job.done_rows:  # done before this instance took over
            continue
        if pending and _cancel_requested(uow_factory, job.id):  # B1: cancel stops after the current row
            record()
            return True
        pending.append(apply(row))
        if time.monotonic() - flushed_at >= FLUSH_SECONDS:
            flushed_at = time.monotonic()
            if record():
                return True
    return record() if pending else False


def _cancel_requested(uow_factory: UowFactory, job_id: int) -> bool:
    with uow_factory() as uow:
        job = uow.bulk_jobs.get(job_id)
        return job is None or job.cancel_requested


def _record(
    uow_factory: UowFactory, job_id: int, results: list[RowResult], done_before: int, leased_until: datetime
) -> bool:
    with uow_factory() as uow:
        cancel = uow.bulk_jobs.record_results(job_id, results, done_before, leased_until)
        uow.commit()
        return cancel


def apply_row(
    uow_factory: UowFactory,
    actor: User,
    request: RowRequest,
    now: datetime,
    book: EmailBook | None = None,
    lists: OptionBook | None = None,
) -> RowResult:
    """B1: one row through the form's service; a refusal is the form's message at the row and the column."""
    action = request.action.value
    book, lists = book or EmailBook(), lists or OptionBook()
    try:
        if request.action is Action.CREATE:
            session, outcome = _create(uow_factory, actor, request, now, book, lists)
        elif request.action is Action.EDIT:
            session, outcome = _edit(uow_factory, actor, request, now, book, lists), Outcome.EDITED
        else:
            assert request.session_id is not None
            authoring.delete_session(uow_factory(), actor, request.session_id, now)
            return RowResult(request.row, action, request.session_id, Outcome.DELETED)
    except DomainError as error:
        return RowResult(
            request.row, action, request.session_id, Outcome.REFUSED, refusal_for_row(request.row, error).message
        )
    return RowResult(request.row, action, session.id, outcome)


class EmailBook:
    """E-mail address → user id, each looked up once per job: a file names the same people again and again.

    Only a convenience: the services check every id they are given, as they check the form's choices.
    """

    LIMIT = 1000  # entries kept, so that memory does not grow with the file

    def __init__(self) -> None:
        self._ids: dict[str, int | None] = {}

    def people(self, uow_factory: UowFactory, request: RowRequest) -> tuple[int | None, tuple[int, ...] | None]:
        """The ids of the row's mentor (None: blank) and mentees (None: blank); InvalidInput for an unknown one."""
        emails = [request.mentor_email, *(request.mentee_emails or ())]
        unknown = [email for email in emails if email and email.lower() not in self._ids]
        if unknown:
            if len(self._ids) + len(unknown) > self.LIMIT:
                self._ids.clear()
            with uow_factory() as uow:
                for email in unknown:
                    user = uow.users.by_email(email)
                    self._ids[email.lower()] = None if user is None else user.id
        mentor_id = self._id(request.mentor_email, 'mentor') if request.mentor_email else None
        if request.mentee_emails is None:
            return mentor_id, None
        return mentor_id, tuple(self._id(email, 'mentees') for email in request.mentee_emails)

    def _id(self, email: str, field: str) -> int:
        found = self._ids.get(email.lower())
        if found is None:
            raise InvalidInput(f'No one has the e-mail address {email}.', field)
        return found


_LIST_COLUMNS = {
    OptionKind.RECOMMENDED_FOR: 'Recommended for',
    OptionKind.CATEGORIES: 'Categories',
    OptionKind.MEDIUM: 'Medium',
}


class OptionBook:
    """C8 "+Other" as the form does it: an item not in its list is added with `add_custom_option`. Each list is
    read once per job; the label returned (an existing one in any case) is the one the session gets."""

    def __init__(self) -> None:
        self._labels: dict[OptionKind, dict[str, str]] = {}

    def items(
        self, uow_factory: UowFactory, actor: User, row: int, kind: OptionKind, wanted: tuple[str, ...]
    ) -> tuple[str, ...]:
        if kind not in self._labels:
            listed = options.list_options(uow_factory(), actor, kind)
            self._labels[kind] = {option.label.lower(): option.label for option in listed}
        labels = self._labels[kind]
        for item in wanted:
            if item.lower() not in labels:
                try:
                    added = options.add_custom_option(uow_factory(), actor, kind, item)
                except DomainError as error:
                    raise RowRefused(row, _LIST_COLUMNS[kind], error.message) from error
                if len(labels) < EmailBook.LIMIT:
                    labels[item.lower()] = added.label
        return tuple(labels.get(item.lower(), item) for item in wanted)


def _existing(uow_factory: UowFactory, mentor_id: int, request: RowRequest) -> MentoringSession | None:
    assert request.start_at is not None and request.end_at is not None
    title = request.title.strip()
    with uow_factory() as uow:
        for other in uow.sessions.mentor_sessions_between(mentor_id, request.start_at, request.end_at):
            if other.start_at == request.start_at and other.title == title:
                return other
    return None


def _create(
    uow_factory: UowFactory, actor: User, request: RowRequest, now: datetime, book: EmailBook, lists: OptionBook
) -> tuple[MentoringSession, Outcome]:
    assert request.start_at is not None and request.end_at is not None
    mentor_id, mentee_ids = book.people(uow_factory, request)
    draft = SessionDraft(
        title=request.title,
        description=request.description,
        start_at=request.start_at,
        end_at=request.end_at,
        time_zone=request.time_zone,
        recommended_for=lists.items(
            uow_factory, actor, request.row, OptionKind.RECOMMENDED_FOR, request.recommended_for
        ),
        categories=lists.items(uow_factory, actor, request.row, OptionKind.CATEGORIES, request.categories),
        medium=lists.items(uow_factory, actor, request.row, OptionKind.MEDIUM, request.medium),
        session_type=request.session_type or SessionType.PUBLIC,
        mentor_id=mentor_id,
        seat_limit=request.seat_limit,
        mentee_ids=mentee_ids or (),
    )
    try:
        session = authoring.create_session(uow_factory(), actor, draft, now)
    except DomainError:
        # B1: a re-uploaded row is refused (at the latest as an overlap with itself): say it already exists.
        # Looked up only for refused rows, so that good rows cost what the form costs.
        existing = _existing(uow_factory, mentor_id if mentor_id is not None else actor.id, request)
        if existing is not None:
            return existing, Outcome.ALREADY_EXISTS
        raise
    if request.meeting is not None:  # as on the form: published first, then its meeting link
        running.edit_meeting(uow_factory(), actor, session.id, request.meeting, now)
    return session, Outcome.CREATED


def _edit(
    uow_factory: UowFactory, actor: User, request: RowRequest, now: datetime, book: EmailBook, lists: OptionBook
) -> MentoringSession:
    """Blank cells keep what the session has; the form's edit service checks the result."""
    assert request.session_id is not None
    with uow_factory() as uow:
        current = visible_session(uow, actor, request.session_id)
    mentor_id, mentee_ids = book.people(uow_factory, request)
    scheduled = request.start_at is not None
    draft = SessionDraft(
        title=request.title or current.title,
        description=request.description or current.description,
        start_at=request.start_at if request.start_at is not None else current.start_at,
        end_at=request.end_at if request.end_at is not None else current.end_at,
        time_zone=request.time_zone if scheduled else current.time_zone,
        recommended_for=lists.items(
            uow_factory, actor, request.row, OptionKind.RECOMMENDED_FOR, request.recommended_for
        )
        or current.recommended_for,
        categories=lists.items(uow_factory, actor, request.row, OptionKind.CATEGORIES, request.categories)
        or current.categories,
        medium=lists.items(uow_factory, actor, request.row, OptionKind.MEDIUM, request.medium) or current.medium,
        session_type=request.session_type or current.session_type,
        mentor_id=mentor_id,
        seat_limit=request.seat_limit,
        image_id=current.image_id,
        mentee_ids=mentee_ids,
    )
    session = authoring.edit_details(uow_factory(), actor, request.session_id, draft, now)
    if request.meeting is not None:
        session = running.edit_meeting(uow_factory(), actor, session.id, request.meeting, now)
    return session


def results_csv(uow_factory: UowFactory, actor: User, job_id: int) -> tuple[str, bytes]:
    """B1, R5 "Download results": the uploaded columns plus Status and Message, every cell formula-safe."""
    with uow_factory() as uow:
        job = _owned_job(uow, actor, job_id)
        text, delimiter = uow.bulk_jobs.upload_text(job_id)
        results = {result.row: result for result in uow.bulk_jobs.results(job_id)}
    upload = _stored_upload(text, delimiter)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator='\r\n')
    writer.writerows(_result_lines(upload, results, LAYOUTS[job.kind].columns))
    stem = job.file_name.rsplit('.', 1)[0] or job.kind.value
    return f'{stem}-results.csv', buffer.getvalue().encode('utf-8-sig')


def _result_lines(upload: CsvUpload, results: dict[int, RowResult], columns: tuple[str, ...]) -> Iterator[list[str]]:
    yield [*columns, *RESULT_COLUMNS]
    for row in uploaded_rows(upload):
        result = results.get(row.number)
        status, message = (result.outcome.value, result.message) if result else ('Not run', '')
        yield [safe_cell(value) for value in (*(row.values.get(name, '') for name in columns), status, message)]


class OrganizationBook:
    """R5: organization name (case and white space folded) → id, read once per job; an unknown name is read
    again (an org admin may add it on People while the job runs)."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}

    def id_of(self, uow_factory: UowFactory, row: int, name: str) -> int:
        key = ' '.join(name.split()).casefold()
        if key not in self._ids:
            with uow_factory() as uow:
                self._ids = {' '.join(o.name.split()).casefold(): o.id for o in uow.users.organizations()}
        if key not in self._ids:
            raise RowRefused(row, 'Organization', f'There is no organization named {name}; add it on People first.')
        return self._ids[key]


def add_person_row(
    uow_factory: UowFactory,
    actor: User,
    request: PersonRequest,
    now: datetime,
    base_url: str,
    organizations: OrganizationBook | None = None,
) -> RowResult:
    """R5: one row through the People service's own "add" (its checks, its invitation mail through the outbox).
    An address that already belongs to someone (case and white space folded) is "Already exists", by name."""
    organizations = organizations or OrganizationBook()
    try:
        organization_id = organizations.id_of(uow_factory, request.row, request.organization)
        form = people.PersonForm(request.name, request.email, organization_id, request.designation, request.roles)
        added = people.add_person(uow_factory(), actor, form, base_url, now)
    except DomainError as error:
        existing = _person_with_email(uow_factory, request.email) if error.field == 'email' else None
        if existing is not None:
            message = f'{existing.email} already belongs to {existing.name}.'
            return RowResult(request.row, ADD_PERSON, existing.id, Outcome.ALREADY_EXISTS, message)
        return RowResult(request.row, ADD_PERSON, None, Outcome.REFUSED, person_refusal(request.row, error).message)
    return RowResult(request.row, ADD_PERSON, added.user.id, Outcome.ADDED, 'Invitation mail queued.')


def _person_with_email(uow_factory: UowFactory, email: str) -> User | None:
    try:
        address = clean_email(email)
    except DomainError:
        return None
    with uow_factory() as uow:
        return uow.users.by_email(address)
