"""T3: the Mentee list window — who is in the session, whether they enrolled or were invited, and "Download";
below, the waitlist in order, each with "Remove" (W1).

It stays current while open (L1): every change of its session reloads the table (`Follow`).
"""

from __future__ import annotations

from nicegui import ui

from domain.entities import EnrollmentType, MenteeListEntry, User
from domain.errors import DomainError
from domain.feedback import Attendance
from domain.services import aftermath, enrollment, queries
from domain.services.aftermath import AttendanceSheet
from ui import icons
from ui.components.attendance import attendance_section
from ui.context import Viewer, app_context
from ui.feedback import attempt, show_refusal
from ui.live import Follow

# In the order of the downloaded CSV's columns (its "No." aside), so that the window and the file read alike.
COLUMNS = [
    {'name': 'name', 'label': 'Name', 'field': 'name', 'align': 'left', 'sortable': True},
    {'name': 'designation', 'label': 'Designation', 'field': 'designation', 'align': 'left', 'sortable': True},
    {'name': 'organization', 'label': 'Organization', 'field': 'organization', 'align': 'left', 'sortable': True},
    {'name': 'email', 'label': 'E-mail', 'field': 'email', 'align': 'left', 'sortable': True},
    {'name': 'kind', 'label': 'Enrolled/Invited', 'field': 'kind', 'align': 'left', 'sortable': True},
]


def csv_url(session_id: int) -> str:
    return f'/sessions/{session_id}/mentees.csv'


def _rows(entries: list[MenteeListEntry]) -> list[dict[str, str | int]]:
    return [
        {
            'id': entry.mentee.id,
            'name': entry.mentee.name,
            'email': entry.mentee.email,
            'organization': entry.mentee.organization_name,
            'designation': entry.mentee.designation,
            'kind': entry.enrollment_type.value,
        }
        for entry in entries
    ]


_Read = tuple[list[MenteeListEntry], list[User], AttendanceSheet] | str  # the lists, or why not shown


class MenteeListWindow:
    """A dialog built the first time `open()` is called (most open pages never show it: P11); `open()` loads
    the list and shows it. From then on it follows its session while open."""

    def __init__(self, viewer: Viewer, session_id: int) -> None:
        self.viewer = viewer
        self.session_id = session_id
        self._place = ui.context.slot.parent  # where the page would have built it
        self._built: tuple[ui.dialog, ui.column, Follow[_Read]] | None = None

    @property
    def follow(self) -> Follow[_Read]:
        return self._build()[2]

    @property
    def body(self) -> ui.column:
        return self._build()[1]

    def _build(self) -> tuple[ui.dialog, ui.column, Follow[_Read]]:
        if self._built is not None:
            return self._built
        with self._place, ui.dialog().props('aria-label="Mentee list"') as dialog:
            card = ui.card().classes('w-full gap-3 p-4 sm:p-6').style('width: min(960px, 96vw); max-width: none')
            with card.props('data-testid=mentee-list'):
                with ui.row().classes('w-full items-center justify-between no-wrap'):
                    ui.label('Mentee list').classes('text-xl font-semibold').props('role=heading aria-level=2')
                    close = ui.button(icon=icons.CLOSE, on_click=dialog.close).props('flat round dense')
                    close.props('aria-label=Close')
                body = ui.column().classes('w-full gap-3')
        follow = Follow(self._read, self._show_read, session_id=self.session_id, active=lambda: dialog.value)
        follow.subscribe()
        self._built = dialog, body, follow
        return self._built

    async def open(self) -> None:
        dialog, _, follow = self._build()
        dialog.open()
        await follow.reload()

    async def _read(self) -> _Read:
        """The list, the waitlist and attendance (A1), or why they cannot be shown: said in the window itself."""
        context = app_context()
        user, sid = self.viewer.user, self.session_id
        try:
            entries = await attempt(queries.mentee_list, context.uow_factory(read_only=True), user, sid)
            line = await attempt(queries.waitlist, context.uow_factory(read_only=True), user, sid)
            sheet = await attempt(aftermath.attendance_sheet, context.uow_factory(read_only=True), user, sid,
                                  context.clock())  # fmt: skip
        except DomainError as error:
            return error.message
        return entries, line, sheet

    def _show_read(self, read: _Read) -> None:
        if isinstance(read, str):
            self._show_message(read)
        else:
            self._show(read[0])
            with self.body:
                attendance_section(read[2], self._mark)
            self._show_waitlist(read[1])

    async def _mark(self, mentee_id: int, mark: Attendance) -> None:
        """A1: one mentee's mark; a refusal (the 48 hours just ran out) is said, and the window reloads."""
        context = app_context()
        try:
            await attempt(aftermath.mark_attendance, context.uow_factory(), self.viewer.user, self.session_id,
                          mentee_id, mark, context.clock())  # fmt: skip
        except DomainError as error:
            show_refusal(error)
            await self.follow.reload()

    def _show_waitlist(self, line: list[User]) -> None:
        """W1: those waiting for a seat, first in line first; a manager may take one off."""
        if not line:
            return
        with self.body:
            ui.label(f'Waitlist ({len(line)})').classes('text-lg font-semibold').props('role=heading aria-level=3')
            with ui.element('ol').classes('w-full flex flex-col gap-1').props('data-testid=waitlist'):
                for place, mentee in enumerate(line, start=1):
                    with ui.element('li').classes('w-full flex items-center justify-between gap-2 flex-wrap'):
                        ui.label(f'{place}. {mentee.name} ({mentee.email})').classes('break-words')
                        remove = ui.button('Remove', on_click=lambda m=mentee: self._remove(m))
                        remove.props('no-caps flat dense').mark(f'waitlist-remove-{place}')
                        remove.props['aria-label'] = f'Remove {mentee.name} from the waitlist'  # any name, unparsed

    async def _remove(self, mentee: User) -> None:
        context = app_context()
        try:
            await attempt(enrollment.remove_from_waitlist, context.uow_factory(), self.viewer.user, self.session_id,
                          mentee.id, context.clock())  # fmt: skip
        except DomainError as error:
            show_refusal(error)
        await self.follow.reload()

    def _show_message(self, message: str) -> None:
        self.body.clear()
        with self.body:
            ui.label(message).classes('text-red-800 break-words').props('role=alert')

    def _show(self, entries: list[MenteeListEntry]) -> None:
        self.body.clear()
        with self.body:
            enrolled = sum(1 for e in entries if e.enrollment_type is EnrollmentType.ENROLLED)
            mentees = '1 mentee' if len(entries) == 1 else f'{len(entries)} mentees'
            summary = f'{mentees}: {enrolled} enrolled, {len(entries) - enrolled} invited'
            with ui.row().classes('w-full items-center justify-between gap-2 flex-wrap'):
                shown = ui.label(summary).classes('text-gray-700').mark('mentee-list-summary')
                shown.props('data-testid=mentee-list-summary')
                ui.button('Download', icon=icons.DOWNLOAD, on_click=self._download).props('no-caps unelevated')
            if entries:
                table = ui.table(columns=COLUMNS, rows=_rows(entries), row_key='id', pagination=10)
                # Cards instead of columns on a phone: no sideways scrolling (E1).
                table.props(':grid="window.innerWidth < 640" flat bordered wrap-cells').classes('w-full')
            else:
                ui.label('No mentees have enrolled or been invited yet.').classes('text-gray-700')

    def _download(self) -> None:
        ui.download.from_url(csv_url(self.session_id))
