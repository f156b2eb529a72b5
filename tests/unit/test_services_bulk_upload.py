"""B1: bulk upload on the fakes: every row through the form's services, each refused alone with the form's
message at its row and column; re-uploads do not duplicate; cancel stops after the current row; the job of an
instance that stopped is taken over (S1)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.bulk_jobs import JobStatus, Outcome, RowResult
from domain.bulk_upload import COLUMNS, Action, RowRefused, read_upload, row_request, uploaded_rows
from domain.entities import OptionKind
from domain.errors import InvalidInput, NotFound, PermissionDenied
from domain.services import bulk_upload
from domain.services.bulk_upload import LEASE
from domain.services.options import list_options
from domain.services.queries import my_mentoring_sessions
from tests.bulk_files import create_row, csv_bytes
from tests.fakes import InMemoryUnitOfWork
from tests.unit.support import NOW, People, seed_people

DAY = date(2030, 2, 1)


def _run(uow: InMemoryUnitOfWork, people: People, rows: list[dict[str, str]]) -> int:
    job = bulk_upload.start_bulk_upload(uow, people.manager, 'week.csv', csv_bytes(rows), 'UTC', NOW)
    bulk_upload.run_bulk_upload(lambda: uow, job.id, lambda: NOW)
    return job.id


def _outcomes(uow: InMemoryUnitOfWork, people: People, job_id: int) -> list[tuple[int, Outcome, str]]:
    results = bulk_upload.bulk_results(uow, people.manager, job_id, limit=1000)
    return [(r.row, r.outcome, r.message) for r in results]


def _titles(uow: InMemoryUnitOfWork, people: People) -> list[str]:
    tiles = my_mentoring_sessions(uow, people.mentor, NOW, finished=False, per_page=100)
    return sorted(tile.session.title for tile in tiles.items)


def test_b1_good_rows_are_created_and_a_bad_row_is_refused_with_the_forms_message(uow, people) -> None:
    mentor = people.mentor.email
    rows = [
        create_row(1, mentor, DAY),
        create_row(2, mentor, DAY, Title='x' * 300),
        create_row(3, mentor, DAY, **{'Mentee e-mails': people.mentees[0].email}),
    ]
    job_id = _run(uow, people, rows)
    outcomes = _outcomes(uow, people, job_id)
    assert [(row, outcome) for row, outcome, _ in outcomes] == [
        (2, Outcome.CREATED),
        (3, Outcome.REFUSED),
        (4, Outcome.CREATED),
    ]
    assert outcomes[1][2].startswith('Row 3, column Title: ')
    assert _titles(uow, people) == ['Bulk session 1', 'Bulk session 3']
    job = bulk_upload.bulk_job(uow, people.manager, job_id)
    assert job is not None and (job.status, job.progress_text) == (JobStatus.FINISHED, '3 of 3 rows')


def test_b1_reuploading_the_same_file_reports_already_exists(uow, people) -> None:
    rows = [create_row(n, people.mentor.email, DAY) for n in range(3)]
    _run(uow, people, rows)
    again = _run(uow, people, rows)
    assert {outcome for _, outcome, _ in _outcomes(uow, people, again)} == {Outcome.ALREADY_EXISTS}
    assert len(_titles(uow, people)) == 3


def test_b1_edit_and_delete_rows_use_the_session_id(uow, people) -> None:
    created = _run(uow, people, [create_row(n, people.mentor.email, DAY) for n in range(2)])
    first, second = (r.session_id for r in bulk_upload.bulk_results(uow, people.manager, created))
    rows = [
        {'Action': 'Edit', 'Session ID': str(first), 'Title': 'Renamed', 'Meeting platform': 'Google Meet',
         'Meeting link': 'https://meet.google.com/abc-defg-hij'},
        {'Action': 'Delete', 'Session ID': str(second)},
        {'Action': 'Delete', 'Session ID': '999'},
    ]  # fmt: skip
    job_id = _run(uow, people, rows)
    outcomes = _outcomes(uow, people, job_id)
    assert [outcome for _, outcome, _ in outcomes] == [Outcome.EDITED, Outcome.DELETED, Outcome.REFUSED]
    assert outcomes[2][2] == 'Row 4: This session does not exist or is not visible to you.'
    assert _titles(uow, people) == ['Renamed']


def test_b1_unknown_mentor_email_names_the_column(uow, people) -> None:
    job_id = _run(uow, people, [create_row(1, 'nobody@example.org', DAY)])
    ((_, outcome, message),) = _outcomes(uow, people, job_id)
    assert outcome is Outcome.REFUSED
    assert message == 'Row 2, column Mentor e-mail: No one has the e-mail address nobody@example.org.'


def test_b1_overlapping_rows_get_the_forms_schedule_message(uow, people) -> None:
    rows = [create_row(1, people.mentor.email, DAY), create_row(1, people.mentor.email, DAY, Title='Other')]
    job_id = _run(uow, people, rows)
    message = _outcomes(uow, people, job_id)[1][2]
    assert message == 'Row 3, column Start time: The mentor already has the session "Bulk session 1" at that time.'


def test_b1_only_session_managers_upload(uow, people) -> None:
    with pytest.raises(PermissionDenied):
        bulk_upload.start_bulk_upload(uow, people.mentor, 'a.csv', csv_bytes([create_row(1, 'x', DAY)]), 'UTC', NOW)


def test_b1_a_bad_file_stores_no_job(uow, people) -> None:
    with pytest.raises(InvalidInput, match='only a header'):
        bulk_upload.start_bulk_upload(uow, people.manager, 'a.csv', csv_bytes([]), 'UTC', NOW)
    assert bulk_upload.bulk_job(uow, people.manager) is None


def test_b1_someone_elses_job_is_not_found(uow, people) -> None:
    job_id = _run(uow, people, [create_row(1, people.mentor.email, DAY)])
    with pytest.raises(NotFound):
        bulk_upload.bulk_job(uow, people.admin, job_id)


def test_b1_cancel_stops_after_the_current_row(uow, people, monkeypatch) -> None:
    monkeypatch.setattr(bulk_upload, 'FLUSH_SECONDS', 0)  # record each row as it is done
    rows = [create_row(n, people.mentor.email, DAY) for n in range(5)]
    job = bulk_upload.start_bulk_upload(uow, people.manager, 'week.csv', csv_bytes(rows), 'UTC', NOW)
    bulk_upload.cancel_bulk_upload(uow, people.manager, job.id)
    final = bulk_upload.run_bulk_upload(lambda: uow, job.id, lambda: NOW)
    assert (final.status, final.done_rows) == (JobStatus.CANCELLED, 1)
    assert len(_titles(uow, people)) == 1


def test_b1_results_csv_has_the_uploaded_columns_status_and_message_formula_safe(uow, people) -> None:
    rows = [create_row(1, people.mentor.email, DAY, Title='=1+2'), create_row(2, '@evil', DAY)]
    job_id = _run(uow, people, rows)
    name, data = bulk_upload.results_csv(lambda: uow, people.manager, job_id)
    lines = data.decode('utf-8-sig').splitlines()
    assert name == 'week-results.csv'
    assert lines[0] == ','.join([*COLUMNS, 'Status', 'Message'])
    assert lines[1].startswith("Create,,'=1+2,") and lines[1].endswith(',Created,')
    assert ",'@evil," in lines[2] and 'Refused,' in lines[2]


cells = st.text(alphabet=st.characters(codec='utf-8', exclude_categories=['Cs']), max_size=12)
actions = st.sampled_from(['Create', 'Edit', 'Delete', 'create', '', 'Nope'])
emails = st.sampled_from(['tom@example.org', 'ana@example.org', 'maya@example.org', '', 'x@y.z'])


@st.composite
def random_rows(draw: st.DrawFn) -> dict[str, str]:
    row = {name: draw(cells) for name in COLUMNS}
    row.update(
        {
            'Action': draw(actions),
            'Session ID': draw(st.sampled_from(['', '1', '2', 'abc', '99999999999'])),
            'Mentor e-mail': draw(emails),
            'Mentee e-mails': draw(st.sampled_from(['', 'ana@example.org', 'ana@example.org;tom@example.org'])),
            'Date': draw(st.sampled_from(['2030-02-01', '2029-13-01', '', '2020-01-01', draw(cells)])),
            'Start time': draw(st.sampled_from(['10:00', '25:00', '', '9:5', draw(cells)])),
            'Duration (Min)': draw(st.sampled_from(['30', '0', '2000', '', '45'])),
            'Time zone': draw(st.sampled_from(['', 'UTC', 'Europe/Berlin', 'Nowhere/X'])),
            'Type': draw(st.sampled_from(['', 'Public', 'Private', 'other'])),
            'Meeting platform': draw(st.sampled_from(['', 'Zoom', 'Google Meet', 'WhatsApp', 'BigBlueButton', 'x'])),
        }
    )
    return row


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(random_rows(), min_size=1, max_size=6))
def test_b1_every_random_row_either_succeeds_or_has_a_message(rows: list[dict[str, str]]) -> None:
    uow = InMemoryUnitOfWork()
    people = seed_people(uow)
    try:
        job = bulk_upload.start_bulk_upload(uow, people.manager, 'r.csv', csv_bytes(rows), 'UTC', NOW)
    except InvalidInput as refusal:  # e.g. every row blank: one clear message for the whole file
        assert refusal.message
        return
    bulk_upload.run_bulk_upload(lambda: uow, job.id, lambda: NOW)
    results = bulk_upload.bulk_results(uow, people.manager, job.id, limit=1000)
    assert len(results) == job.total_rows
    for result in results:
        if result.outcome is Outcome.REFUSED:
            assert result.message.startswith(f'Row {result.row}')
        else:
            assert result.message == '' and result.session_id is not None


@given(rows=st.lists(random_rows(), min_size=1, max_size=4))
@settings(max_examples=60, deadline=None, database=None)
def test_b1_every_random_row_maps_to_a_request_or_a_row_refusal(rows: list[dict[str, str]]) -> None:
    try:
        upload = read_upload(csv_bytes(rows))
    except InvalidInput:
        return
    for row in uploaded_rows(upload):
        try:
            request = row_request(row, 'UTC')
        except RowRefused as refusal:
            assert refusal.message.startswith(f'Row {row.number}')
        else:
            assert request.action in Action


def test_b1_c8_unknown_list_items_become_other_items_as_on_the_form(uow, people) -> None:
    rows = [
        create_row(1, people.mentor.email, DAY, Categories='career GROWTH;Knitting'),
        create_row(2, people.mentor.email, DAY, Medium='x' * 60),
    ]
    job_id = _run(uow, people, rows)
    outcomes = _outcomes(uow, people, job_id)
    assert outcomes[0][1] is Outcome.CREATED
    assert outcomes[1][2] == 'Row 3, column Medium: An item can be at most 50 characters.'
    labels = [o.label for o in list_options(uow, people.manager, OptionKind.CATEGORIES)]
    assert 'Knitting' in labels
    (tile,) = my_mentoring_sessions(uow, people.mentor, NOW, finished=False).items
    assert tile.session.categories == ('Career growth', 'Knitting')


def test_b1_cancel_during_the_run_stops_right_after_the_row_in_hand(uow, people) -> None:
    rows = [create_row(n, people.mentor.email, DAY) for n in range(6)]
    job = bulk_upload.start_bulk_upload(uow, people.manager, 'week.csv', csv_bytes(rows), 'UTC', NOW)
    calls = []

    def clock_that_cancels_during_row_three():  # the clock is read once per row, outside any transaction
        calls.append(1)
        if len(calls) == 3:
            bulk_upload.cancel_bulk_upload(uow, people.manager, job.id)
        return NOW

    final = bulk_upload.run_bulk_upload(lambda: uow, job.id, clock_that_cancels_during_row_three)
    assert (final.status, final.done_rows) == (JobStatus.CANCELLED, 3)
    assert len(_titles(uow, people)) == 3


def test_s1_a_job_whose_instance_stopped_is_taken_over_once_its_lease_ran_out_and_goes_on_where_it_stood(
    uow, people
) -> None:
    rows = [create_row(n, people.mentor.email, DAY) for n in range(3)]
    job = bulk_upload.start_bulk_upload(uow, people.manager, 'week.csv', csv_bytes(rows), 'UTC', NOW)
    # The instance that took the upload recorded its first row, then stopped (its row was a refusal here).
    with uow:
        uow.bulk_jobs.record_results(job.id, [RowResult(2, 'Create', None, Outcome.REFUSED, 'x')], 0, NOW + LEASE)
        uow.commit()
    assert bulk_upload.claim_stalled_uploads(uow, NOW + LEASE - timedelta(seconds=1)) == []
    taken_at = NOW + LEASE + timedelta(seconds=1)
    assert bulk_upload.claim_stalled_uploads(uow, taken_at) == [job.id]
    assert bulk_upload.claim_stalled_uploads(uow, taken_at) == []  # now leased to the instance that took it

    final = bulk_upload.run_bulk_upload(lambda: uow, job.id, lambda: taken_at)
    assert (final.status, final.done_rows) == (JobStatus.FINISHED, 3)
    assert [outcome for _, outcome, _ in _outcomes(uow, people, job.id)] == [
        Outcome.REFUSED,  # as the first instance recorded it: not run again
        Outcome.CREATED,
        Outcome.CREATED,
    ]
    assert len(_titles(uow, people)) == 2
    assert bulk_upload.claim_stalled_uploads(uow, taken_at + 2 * LEASE) == []  # finished: nobody's


def test_s1_an_instance_whose_job_was_taken_over_stops_without_recording_or_finishing_it(uow, people) -> None:
    rows = [create_row(n, people.mentor.email, DAY) for n in range(3)]
    job = bulk_upload.start_bulk_upload(uow, people.manager, 'week.csv', csv_bytes(rows), 'UTC', NOW)
    late = NOW + 2 * LEASE

    def clock_of_a_stalled_instance():  # read after the rows in hand, before they are recorded
        if bulk_upload.claim_stalled_uploads(uow, late) == [job.id]:  # meanwhile another instance took the job
            with uow:
                uow.bulk_jobs.record_results(job.id, [RowResult(2, 'Create', None, Outcome.REFUSED, 'x')], 0, late)
                uow.commit()
        return late

    stopped = bulk_upload.run_bulk_upload(lambda: uow, job.id, clock_of_a_stalled_instance)
    assert (stopped.status, stopped.done_rows) == (JobStatus.RUNNING, 1)  # left to the instance that took it
    assert [outcome for _, outcome, _ in _outcomes(uow, people, job.id)] == [Outcome.REFUSED]
