"""B1 on SQLite and PostgreSQL: jobs and row results stored through the real unit of work; each row in its own
transaction (a refused row leaves nothing behind, the rows after it still run); re-upload does not duplicate; the
job of a stopped instance is taken over once, and the stopped instance cannot record over it (S1)."""

from __future__ import annotations

from datetime import date

import pytest

from domain.bulk_jobs import JobStatus, Outcome, RowResult
from domain.entities import Role
from domain.errors import InvalidInput
from domain.ports import LeaseLost
from domain.services import bulk_upload
from domain.services.bulk_upload import LEASE
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.bulk_files import create_row, csv_bytes
from tests.integration.builders import NOW, add_user

DAY = date(2030, 7, 1)
MANAGER = frozenset({Role.MENTOR, Role.SESSION_MANAGER})


def test_b1_rows_run_each_in_its_own_transaction_and_results_are_stored(uow_factory: SqlUnitOfWorkFactory) -> None:
    manager = add_user(uow_factory, 'Maya', roles=MANAGER)
    mentor = add_user(uow_factory, 'Tom', roles=frozenset({Role.MENTOR}))
    mentee = add_user(uow_factory, 'Ana')
    rows = [
        create_row(1, mentor.email, DAY, **{'Mentee e-mails': mentee.email, 'Type': 'Private', 'Seat limit': '1'}),
        # Refused at invitation time, after the mentor was found: nothing of it may stay behind.
        create_row(2, mentor.email, DAY, **{'Mentee e-mails': f'{mentee.email};{manager.email}', 'Seat limit': '1'}),
        create_row(3, mentor.email, DAY, Title='=SUM(A1)'),
    ]
    job = bulk_upload.start_bulk_upload(uow_factory(), manager, 'w.csv', csv_bytes(rows, 'utf-16'), 'UTC', NOW)
    final = bulk_upload.run_bulk_upload(uow_factory, job.id, lambda: NOW)
    assert (final.status, final.done_rows, final.total_rows) == (JobStatus.FINISHED, 3, 3)
    results = bulk_upload.bulk_results(uow_factory(read_only=True), manager, job.id)
    assert [r.outcome for r in results] == [Outcome.CREATED, Outcome.REFUSED, Outcome.CREATED]
    assert results[1].message.startswith('Row 3, column Mentee e-mails: ')
    with uow_factory(read_only=True) as uow:
        sessions = uow.sessions.mentor_sessions_between(mentor.id, NOW, NOW.replace(year=2031))
        assert sorted(s.title for s in sessions) == ['=SUM(A1)', 'Bulk session 1']
        assert uow.enrollments.mentee_ids(results[0].session_id or 0) == [mentee.id]
    _name, data = bulk_upload.results_csv(uow_factory, manager, job.id)
    assert "'=SUM(A1)" in data.decode('utf-8-sig')


def test_b1_reupload_reports_already_exists_and_the_latest_job_is_found_again(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    manager = add_user(uow_factory, 'Maya', roles=MANAGER)
    rows = [create_row(n, manager.email, DAY) for n in range(4)]
    for _ in range(2):
        job = bulk_upload.start_bulk_upload(
            uow_factory(), manager, 'w.csv', csv_bytes(rows, 'cp1252', delimiter=';'), 'UTC', NOW
        )
        bulk_upload.run_bulk_upload(uow_factory, job.id, lambda: NOW)
    latest = bulk_upload.bulk_job(uow_factory(read_only=True), manager)
    assert latest is not None and latest.id == job.id
    results = bulk_upload.bulk_results(uow_factory(read_only=True), manager, job.id)
    assert {r.outcome for r in results} == {Outcome.ALREADY_EXISTS}


def test_b1_cancel_requested_from_another_unit_of_work_stops_the_job(
    uow_factory: SqlUnitOfWorkFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk_upload, 'FLUSH_SECONDS', 0)
    manager = add_user(uow_factory, 'Maya', roles=MANAGER)
    rows = [create_row(n, manager.email, DAY) for n in range(3)]
    job = bulk_upload.start_bulk_upload(uow_factory(), manager, 'w.csv', csv_bytes(rows), 'UTC', NOW)
    bulk_upload.cancel_bulk_upload(uow_factory(), manager, job.id)
    final = bulk_upload.run_bulk_upload(uow_factory, job.id, lambda: NOW)
    assert (final.status, final.done_rows) == (JobStatus.CANCELLED, 1)


def test_b1_a_bad_file_stores_nothing(uow_factory: SqlUnitOfWorkFactory) -> None:
    manager = add_user(uow_factory, 'Maya', roles=MANAGER)
    with pytest.raises(InvalidInput, match='Missing columns: Session ID, Title, Start time, Duration'):
        bulk_upload.start_bulk_upload(
            uow_factory(), manager, 'w.csv', b'Action,Date\r\nCreate,2030-01-01\r\n', 'UTC', NOW
        )
    assert bulk_upload.bulk_job(uow_factory(read_only=True), manager) is None


def test_r5_people_rows_are_added_each_in_its_own_transaction_with_an_invitation_mail(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    """R5 on the bulk upload's machinery: a second kind of job, its own latest job, each row through People's add."""
    from domain.bulk_jobs import JobKind
    from domain.bulk_people import PEOPLE_COLUMNS

    admin = add_user(uow_factory, 'Ada', roles=frozenset({Role.ORG_ADMIN}), organization='Northwind')
    rows = [
        {'Name': 'Nia New', 'E-mail': 'nia@example.org', 'Organization': 'northwind', 'Roles': 'mentee;mentor'},
        {'Name': 'Nia Again', 'E-mail': ' NIA@example.org', 'Organization': 'Northwind', 'Roles': 'mentee'},
        {'Name': 'Tampered', 'E-mail': 't@example.org', 'Organization': 'Northwind', 'Roles': 'root'},
    ]
    data = csv_bytes(rows, 'cp1252', PEOPLE_COLUMNS, ';')
    job = bulk_upload.start_bulk_upload(uow_factory(), admin, 'staff.csv', data, 'UTC', NOW, JobKind.PEOPLE)
    final = bulk_upload.run_bulk_upload(uow_factory, job.id, lambda: NOW, 'https://mentor.example.org')
    assert (final.status, final.done_rows, final.kind) == (JobStatus.FINISHED, 3, JobKind.PEOPLE)
    results = bulk_upload.bulk_results(uow_factory(read_only=True), admin, job.id)
    assert [r.outcome for r in results] == [Outcome.ADDED, Outcome.ALREADY_EXISTS, Outcome.REFUSED]
    assert results[1].message == 'nia@example.org already belongs to Nia New.'
    assert results[2].message.startswith('Row 4, column Roles: "root" is not a role')
    with uow_factory(read_only=True) as uow:
        nia = uow.users.by_email('nia@example.org')
        assert nia is not None and nia.id == results[0].session_id and nia.organization_name == 'Northwind'
        assert uow.users.by_email('t@example.org') is None
        assert [m.user_id for m in uow.mail.latest(10)] == [nia.id]
        assert uow.bulk_jobs.latest_for(admin.id) is None  # the sessions' latest job is another kind's
        assert uow.bulk_jobs.latest_for(admin.id, JobKind.PEOPLE) == final


def test_s1_a_stalled_job_is_claimed_once_and_a_stale_record_is_refused_storing_nothing(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    manager = add_user(uow_factory, 'Maya', roles=MANAGER)
    rows = [create_row(n, manager.email, DAY) for n in range(2)]
    job = bulk_upload.start_bulk_upload(uow_factory(), manager, 'w.csv', csv_bytes(rows), 'UTC', NOW)
    assert bulk_upload.claim_stalled_uploads(uow_factory(), NOW + LEASE / 2) == []  # its instance holds it
    late = NOW + 2 * LEASE
    assert bulk_upload.claim_stalled_uploads(uow_factory(), late) == [job.id]
    assert bulk_upload.claim_stalled_uploads(uow_factory(), late) == []

    refused = RowResult(2, 'Create', None, Outcome.REFUSED, 'x')
    with uow_factory() as uow:
        uow.bulk_jobs.record_results(job.id, [refused], 0, late + LEASE)  # the instance that took it over
        uow.commit()
    with uow_factory() as uow, pytest.raises(LeaseLost):
        uow.bulk_jobs.record_results(job.id, [refused, refused], 0, late + LEASE)  # the stopped one, back
    final = bulk_upload.run_bulk_upload(uow_factory, job.id, lambda: late)
    assert (final.status, final.done_rows) == (JobStatus.FINISHED, 2)
    results = bulk_upload.bulk_results(uow_factory(read_only=True), manager, job.id)
    assert [r.outcome for r in results] == [Outcome.REFUSED, Outcome.CREATED]
