"""R5: bulk add people from CSV, on the bulk upload's own machinery: each row through the People service's own
"add" (its checks, its invitation mail through the outbox), each refused alone with that service's message at
its row and column; the spreadsheet variants the session upload reads."""

from __future__ import annotations

import pytest

from domain.bulk_jobs import JobKind, JobStatus, Outcome
from domain.bulk_people import PEOPLE_COLUMNS, people_sample_csv
from domain.entities import MailKind, Role
from domain.errors import InvalidInput, NotFound, PermissionDenied
from domain.services import bulk_upload
from tests.bulk_files import csv_bytes
from tests.fakes import InMemoryUnitOfWork
from tests.unit.support import NOW, People

BASE = 'https://mentor.example.org'
PEOPLE = JobKind.PEOPLE


def person(name: str, email: str, **changes: str) -> dict[str, str]:
    row = {'Name': name, 'E-mail': email, 'Organization': 'Acme', 'Designation': 'Analyst', 'Roles': 'mentee'}
    row.update(changes)
    return row


def upload(
    uow: InMemoryUnitOfWork, people: People, rows: list[dict[str, str]], encoding: str = 'utf-8', delimiter: str = ','
) -> int:
    data = csv_bytes(rows, encoding, PEOPLE_COLUMNS, delimiter)
    job = bulk_upload.start_bulk_upload(uow, people.admin, 'staff.csv', data, 'UTC', NOW, PEOPLE)
    bulk_upload.run_bulk_upload(lambda: uow, job.id, lambda: NOW, BASE)
    return job.id


def outcomes(uow: InMemoryUnitOfWork, people: People, job_id: int) -> list[tuple[int, Outcome, str]]:
    return [(r.row, r.outcome, r.message) for r in bulk_upload.bulk_results(uow, people.admin, job_id, limit=100)]


def test_r5_each_row_is_added_with_an_invitation_and_a_bad_row_is_refused_alone(uow, people: People) -> None:
    rows = [
        person('Nia New', 'nia@example.org', Roles='Mentor; Session  Manager'),
        person('Bad Address', 'not-an-address'),
        person('Omar Org', 'omar@example.org', Organization=' globex '),
        person('', 'nameless@example.org'),
    ]
    job_id = upload(uow, people, rows)
    result = outcomes(uow, people, job_id)
    assert [(row, outcome) for row, outcome, _ in result] == [
        (2, Outcome.ADDED),
        (3, Outcome.REFUSED),
        (4, Outcome.ADDED),
        (5, Outcome.REFUSED),
    ]
    assert result[1][2].startswith('Row 3, column E-mail: Not a valid e-mail address')
    assert result[3][2] == 'Row 5, column Name: Name is required.'
    nia = uow.users.by_email('nia@example.org')
    assert nia is not None and nia.roles == frozenset({Role.MENTOR, Role.SESSION_MANAGER})
    omar = uow.users.by_email('omar@example.org')
    assert omar is not None and omar.organization_name == 'Globex'
    invited = [m for m in uow.committed.outbox.values() if m.kind is MailKind.ACCOUNT]
    assert sorted(m.user_id for m in invited) == sorted([nia.id, omar.id])
    job = bulk_upload.bulk_job(uow, people.admin, job_id, PEOPLE)
    assert job is not None and (job.status, job.progress_text, job.kind) == (JobStatus.FINISHED, '4 of 4 rows', PEOPLE)


def test_r5_duplicate_addresses_in_any_case_and_spacing_are_already_there_by_name(uow, people: People) -> None:
    rows = [
        person('Nia New', 'nia@example.org'),
        person('Nia Again', '  NIA@Example.ORG '),
        person('Someone', people.mentor.email.upper()),
    ]
    result = outcomes(uow, people, upload(uow, people, rows))
    assert result == [
        (2, Outcome.ADDED, 'Invitation mail queued.'),
        (3, Outcome.ALREADY_EXISTS, 'nia@example.org already belongs to Nia New.'),
        (4, Outcome.ALREADY_EXISTS, f'{people.mentor.email} already belongs to {people.mentor.name}.'),
    ]


@pytest.mark.parametrize(
    ('roles', 'message'),
    [
        ('mentee;superuser', 'Row 2, column Roles: "superuser" is not a role: write mentee, mentor, session manager'),
        ('org_admin', 'Row 2, column Roles: "org_admin" is not a role'),
        ('', 'Row 2, column Roles: Choose at least one role.'),
    ],
)
def test_r5_tampered_or_missing_roles_are_refused_by_name(uow, people: People, roles: str, message: str) -> None:
    ((_, outcome, text),) = outcomes(uow, people, upload(uow, people, [person('Nia', 'nia@example.org', Roles=roles)]))
    assert outcome is Outcome.REFUSED and text.startswith(message)
    assert uow.users.by_email('nia@example.org') is None


def test_r5_an_unknown_organization_is_refused_with_the_way_out(uow, people: People) -> None:
    ((_, outcome, text),) = outcomes(
        uow, people, upload(uow, people, [person('Nia', 'nia@example.org', Organization='Initech')])
    )
    assert (outcome, text) == (
        Outcome.REFUSED,
        'Row 2, column Organization: There is no organization named Initech; add it on People first.',
    )


@pytest.mark.parametrize(('encoding', 'delimiter'), [('utf-8-sig', ','), ('cp1252', ';'), ('utf-16', ',')])
def test_r5_spreadsheet_encodings_and_semicolons_are_read(uow, people: People, encoding: str, delimiter: str) -> None:
    rows = [person('Chloé Dupré', 'chloe@example.org', Designation='Ingénieure')]
    ((_, outcome, _),) = outcomes(uow, people, upload(uow, people, rows, encoding, delimiter))
    chloe = uow.users.by_email('chloe@example.org')
    assert outcome is Outcome.ADDED and chloe is not None
    assert (chloe.name, chloe.designation) == ('Chloé Dupré', 'Ingénieure')


def test_r5_formula_cells_are_kept_as_text_and_neutralised_in_the_results(uow, people: People) -> None:
    job_id = upload(uow, people, [person('=HYPERLINK("http://x")', 'f@example.org'), person('@SUM(1)', 'bad')])
    name, data = bulk_upload.results_csv(lambda: uow, people.admin, job_id)
    lines = data.decode('utf-8-sig').splitlines()
    assert name == 'staff-results.csv'
    assert lines[0] == 'Name,E-mail,Organization,Designation,Roles,Status,Message'
    assert lines[1].startswith('"\'=HYPERLINK(""http://x"")",f@example.org,') and lines[1].endswith(
        ',Added,Invitation mail queued.'
    )
    assert lines[2].startswith("'@SUM(1),bad,") and ',Refused,' in lines[2]
    found = uow.users.by_email('f@example.org')
    assert found is not None and found.name == '=HYPERLINK("http://x")'  # shown as text, never evaluated


def test_r5_a_file_with_the_sessions_columns_is_refused_as_a_whole(uow, people: People) -> None:
    data = csv_bytes([{'Action': 'Create'}])
    with pytest.raises(InvalidInput, match='Unknown columns: Action'):
        bulk_upload.start_bulk_upload(uow, people.admin, 'x.csv', data, 'UTC', NOW, PEOPLE)
    with pytest.raises(InvalidInput, match='Add one row per person below it'):
        bulk_upload.start_bulk_upload(
            uow, people.admin, 'x.csv', csv_bytes([], header=PEOPLE_COLUMNS), 'UTC', NOW, PEOPLE
        )


def test_r5_the_people_upload_is_the_org_admins_alone_and_each_kind_keeps_its_own_jobs(uow, people: People) -> None:
    data = csv_bytes([person('Nia', 'nia@example.org')], header=PEOPLE_COLUMNS)
    for actor in (people.manager, people.mentor, people.mentees[0]):
        with pytest.raises(PermissionDenied):
            bulk_upload.start_bulk_upload(uow, actor, 'x.csv', data, 'UTC', NOW, PEOPLE)
    job_id = upload(uow, people, [person('Nia', 'nia@example.org')])
    assert bulk_upload.bulk_job(uow, people.admin, None, JobKind.SESSIONS) is None
    with pytest.raises(NotFound):
        bulk_upload.bulk_job(uow, people.admin, job_id, JobKind.SESSIONS)
    with pytest.raises(NotFound):
        bulk_upload.bulk_job(uow, people.manager, job_id, PEOPLE)


def test_r5_the_sample_file_is_accepted_as_it_is(uow, people: People) -> None:
    uow.users.add_organization('Northwind Learning Trust')
    job = bulk_upload.start_bulk_upload(uow, people.admin, 'sample.csv', people_sample_csv(), 'UTC', NOW, PEOPLE)
    bulk_upload.run_bulk_upload(lambda: uow, job.id, lambda: NOW, BASE)
    assert [outcome for _, outcome, _ in outcomes(uow, people, job.id)] == [Outcome.ADDED, Outcome.ADDED]
