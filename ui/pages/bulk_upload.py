"""B1 "Bulk upload": session managers upload a CSV of sessions and watch each row's fate.
R5 "Add people from CSV": the same page for org admins and a CSV of people (`UploadPage` says which).

The upload runs in the background of the instance that received it (`ui.jobs.run_bulk_upload_in_background`), or
of another one should that instance stop (S1); the page shows the job as stored, so it can be left and reopened
on any instance. Progress: the page polls the job's row (one
indexed read, twice a second, only while the job runs and the page is open). The live bus carries domain
events to every instance; a NOTIFY per row of a 10,000-row file would flood it for one watcher.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nicegui import events, ui
from nicegui.elements.upload_files import FileUpload

from domain.bulk_jobs import BulkJob, JobKind, JobStatus, Outcome, RowResult
from domain.bulk_people import PEOPLE_COLUMNS
from domain.bulk_upload import MAX_BYTES, MAX_ROWS
from domain.errors import DomainError, InvalidInput
from domain.services import bulk_upload
from ui import icons
from ui.bulk_upload_route import PEOPLE_SAMPLE_PATH, SAMPLE_PATH, results_url
from ui.components.anchor import Anchor
from ui.context import Viewer, app_context
from ui.feedback import attempt, call_or_show
from ui.jobs import run_bulk_upload_in_background
from ui.layout import frame

TITLE = 'Bulk upload'
PAGE_PATH = '/bulk-upload'
POLL_SECONDS = 0.5
TABLE_ROWS = 1000
INTRO = (
    f'Create, edit or delete up to {MAX_ROWS:,} sessions at once from a CSV file (at most '
    f'{MAX_BYTES // (1024 * 1024)} MB). Start from the sample: one row per session, Action Create, Edit or Delete. '
    'Each row is checked like the session form; a refused row changes nothing and the others still go ahead.'
)
TOO_BIG = f'The file is larger than {MAX_BYTES // (1024 * 1024)} MB. Split it into smaller files.'
_ROW = {'name': 'row', 'label': 'Row', 'field': 'row', 'align': 'right'}
_OUTCOME = {'name': 'outcome', 'label': 'Outcome', 'field': 'outcome', 'align': 'left'}
_MESSAGE = {'name': 'message', 'label': 'Message', 'field': 'message', 'align': 'left', 'classes': 'whitespace-normal'}
COLUMNS = [
    _ROW,
    {'name': 'action', 'label': 'Action', 'field': 'action', 'align': 'left'},
    {'name': 'session', 'label': 'Session', 'field': 'session', 'align': 'left'},
    _OUTCOME,
    _MESSAGE,
]
PEOPLE_INTRO = (
    f'Add up to {MAX_ROWS:,} people at once from a CSV file with the columns {", ".join(PEOPLE_COLUMNS)} '
    '(Roles: mentee, mentor, session manager or org admin, several separated by ";"). Start from the sample. '
    'Each row is checked like "Add person" and gets its invitation by mail; a refused row changes nothing and the '
    'others still go ahead. Without a mail server, "Send invitation again" on People shows each link.'
)


@dataclass(frozen=True)
class UploadPage:
    """What one kind of upload shows: B1 sessions for session managers, R5 people for org admins."""

    kind: JobKind
    title: str
    path: str
    intro: str
    sample_path: str
    columns: list[dict[str, Any]]

    def job_url(self, job_id: int) -> str:
        return f'{self.path}/{job_id}'


SESSIONS_PAGE = UploadPage(JobKind.SESSIONS, TITLE, PAGE_PATH, INTRO, SAMPLE_PATH, COLUMNS)
PEOPLE_PAGE = UploadPage(
    JobKind.PEOPLE,
    'Add people from CSV',
    '/people/upload',
    PEOPLE_INTRO,
    PEOPLE_SAMPLE_PATH,
    [_ROW, _OUTCOME, _MESSAGE],
)


def job_url(job_id: int) -> str:
    return SESSIONS_PAGE.job_url(job_id)


async def bulk_upload_page(viewer: Viewer, job_id: int | None = None, page: UploadPage = SESSIONS_PAGE) -> None:
    with frame(page.title, viewer):
        ui.label(page.title).classes('text-2xl font-bold').props('role=heading aria-level=1')
        try:
            bulk_upload.check_may_upload(viewer.user, page.kind)
        except DomainError as refusal:
            ui.label(refusal.message).props('role=alert').mark('refusal')
            return
        ui.label(page.intro).classes('text-gray-700 max-w-prose')
        with ui.row().classes('items-center gap-4 flex-wrap'):
            Anchor('Download sample CSV', page.sample_path).props('download').classes('text-primary')
        _Uploader(viewer, page)
        context = app_context()
        job = await call_or_show(
            bulk_upload.bulk_job, context.uow_factory(read_only=True), viewer.user, job_id, page.kind
        )
        if job is not None:
            await _JobPanel(viewer, job, page).build()


class _Uploader:
    def __init__(self, viewer: Viewer, page: UploadPage) -> None:
        self._viewer = viewer
        self._page = page
        with ui.column().classes('w-full max-w-xl gap-1'):
            # Quasar's uploader box nests its buttons and leaves its input unlabelled (axe): it stays out of sight
            # and a plain button opens its file picker, as the session form's image field does.
            upload = ui.upload(auto_upload=True, max_file_size=MAX_BYTES, on_upload=self._received)
            upload.props('accept=".csv,text/csv,text/plain" data-testid=bulk-upload').classes('hidden')
            upload.mark('bulk-upload')
            choose = ui.button('Choose a CSV file', icon=icons.UPLOAD_FILE).props('unelevated no-caps')
            choose.on('click', js_handler=f'() => getElement({upload.id}).$refs.qRef.pickFiles()')
            self._error = ui.label('').classes('text-negative').props('role=alert data-testid=bulk-error')

    async def _received(self, event: events.UploadEventArguments) -> None:
        self._error.text = ''
        try:
            data = await _read_at_most(event.file, MAX_BYTES)
            context = app_context()
            job = await attempt(
                bulk_upload.start_bulk_upload,
                context.uow_factory(),
                self._viewer.user,
                event.file.name,
                data,
                self._viewer.time_zone,
                context.clock(),
                self._page.kind,
            )
        except DomainError as refusal:
            self._error.text = refusal.message
            return
        finally:
            if isinstance(event.sender, ui.upload):
                event.sender.reset()
        run_bulk_upload_in_background(job.id)
        ui.navigate.to(self._page.job_url(job.id))


async def _read_at_most(file: FileUpload, limit: int) -> bytes:
    """B1: the size is checked while reading; a file over the limit is not read on."""
    if file.size() > limit:
        raise InvalidInput(TOO_BIG, 'file')
    chunks, size = [], 0
    async for chunk in file.iterate(chunk_size=64 * 1024):
        size += len(chunk)
        if size > limit:
            raise InvalidInput(TOO_BIG, 'file')
        chunks.append(chunk)
    return b''.join(chunks)


class _JobPanel:
    """The job as stored: progress while it runs, then the result table and "Download results"."""

    def __init__(self, viewer: Viewer, job: BulkJob, page: UploadPage) -> None:
        self._viewer = viewer
        self._job = job
        self._page = page
        self._announced = -1

    async def build(self) -> None:
        job = self._job
        with ui.card().classes('w-full gap-3 p-4').props('data-testid=bulk-job'):
            ui.label(f'Upload of {job.file_name}').classes('text-lg font-semibold break-all').props(
                'role=heading aria-level=2'
            )
            self._status = ui.label().props('data-testid=bulk-status')
            self._bar = ui.linear_progress(value=0, show_value=False, size='12px').props(
                'aria-label="Upload progress" data-testid=bulk-progress'
            )
            self._count = ui.label().classes('text-sm').props('data-testid=bulk-count')
            self._announce = ui.label().classes('sr-only').props('role=status aria-live=polite')
            with ui.row().classes('gap-3 items-center'):
                self._cancel = ui.button('Cancel upload', on_click=self._request_cancel).props('outline no-caps')
                self._download = Anchor('Download results', results_url(job.id)).props('download')
                self._download.classes('text-primary')
            self._results = ui.column().classes('w-full gap-2')
        self._show(job)
        if job.status is JobStatus.RUNNING:
            self._timer = ui.timer(POLL_SECONDS, self._poll)
        else:
            await self._show_results()

    def _show(self, job: BulkJob) -> None:
        fraction = job.done_rows / job.total_rows if job.total_rows else 1.0
        self._bar.value = fraction
        self._bar.props(
            f'aria-valuenow={job.done_rows} aria-valuemin=0 aria-valuemax={job.total_rows} '
            f'aria-valuetext="{job.progress_text}"'
        )
        self._count.text = job.progress_text
        self._status.text = {
            JobStatus.RUNNING: 'Cancelling after the current row …' if job.cancel_requested else 'Working …',
            JobStatus.FINISHED: 'Finished.',
            JobStatus.CANCELLED: 'Cancelled: the rows after the last one done were not run.',
        }[job.status]
        self._cancel.set_visibility(job.status is JobStatus.RUNNING and not job.cancel_requested)
        self._download.set_visibility(job.status is not JobStatus.RUNNING)
        tenth = int(fraction * 10)
        if job.status is not JobStatus.RUNNING or tenth != self._announced:  # read out every tenth, not every tick
            self._announced = tenth
            self._announce.text = f'{self._status.text} {job.progress_text}'

    async def _poll(self) -> None:
        context = app_context()
        try:
            job = await attempt(
                bulk_upload.bulk_job,
                context.uow_factory(read_only=True),
                self._viewer.user,
                self._job.id,
                self._job.kind,
            )
        except DomainError:
            return  # a passing fault: the next tick tries again
        if job is None:
            return
        self._job = job
        self._show(job)
        if job.status is not JobStatus.RUNNING:
            self._timer.deactivate()
            await self._show_results()

    async def _request_cancel(self) -> None:
        context = app_context()
        await call_or_show(bulk_upload.cancel_bulk_upload, context.uow_factory(), self._viewer.user, self._job.id)
        self._cancel.set_visibility(False)
        self._status.text = 'Cancelling after the current row …'

    async def _show_results(self) -> None:
        context = app_context()
        results = await call_or_show(
            bulk_upload.bulk_results,
            context.uow_factory(read_only=True),
            self._viewer.user,
            self._job.id,
            0,
            TABLE_ROWS,
        )
        self._results.clear()
        with self._results:
            refused = sum(1 for r in results or [] if r.outcome is Outcome.REFUSED)
            ui.label(f'{refused:,} {"row" if refused == 1 else "rows"} refused.').props('data-testid=bulk-refused')
            if self._job.done_rows > TABLE_ROWS:
                ui.label(f'The table shows the first {TABLE_ROWS:,} rows; "Download results" has all of them.')
            ui.table(columns=self._page.columns, rows=[_table_row(r) for r in results or []], row_key='row').props(
                'flat bordered wrap-cells dense data-testid=bulk-results'
            ).classes('w-full').mark('bulk-results')


def _table_row(result: RowResult) -> dict[str, object]:
    return {
        'row': result.row,
        'action': result.action,
        'session': '' if result.session_id is None else f'#{result.session_id}',
        'outcome': result.outcome.value,
        'message': result.message,
    }
