"""A1 in the Mentee list window: "attended / enrolled", and per mentee Attended or No-show — a choice while marks
can change (Live, and 48 hours after completion), read-only text with the reason afterwards."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from domain.feedback import Attendance
from domain.services.aftermath import AttendanceSheet

LABELS = {Attendance.ATTENDED: 'Attended', Attendance.NO_SHOW: 'No-show'}
Mark = Callable[[int, Attendance], Awaitable[None]]


def attendance_section(sheet: AttendanceSheet, mark: Mark) -> None:
    """The section, or nothing before the session went Live (there is nothing to mark yet)."""
    if not sheet.started:
        return
    with ui.row().classes('w-full items-center justify-between gap-2 flex-wrap'):
        ui.label('Attendance').classes('text-lg font-semibold').props('role=heading aria-level=3')
        count = ui.label(f'{sheet.attended} / {sheet.enrolled} attended').classes('text-gray-700')
        count.props('data-testid=attendance-summary')
    if sheet.closed_reason is not None:
        ui.label(sheet.closed_reason).classes('text-gray-700').props('data-testid=attendance-closed')
    with ui.element('ul').classes('w-full flex flex-col gap-1').props('data-testid=attendance'):
        for entry in sheet.entries:
            with ui.element('li').classes('w-full flex items-center justify-between gap-2 flex-wrap'):
                ui.label(entry.mentee.name).classes('break-words')
                if sheet.closed_reason is not None:
                    shown = LABELS[entry.attendance] if entry.attendance else 'Not marked'
                    ui.label(shown).classes('text-gray-700')
                    continue
                choice = ui.toggle(
                    {a: LABELS[a] for a in Attendance},
                    value=entry.attendance,
                    on_change=lambda e, m=entry.mentee.id: mark(m, e.value) if e.value else None,
                ).props('no-caps dense unelevated toggle-color=primary role=group')
                choice.props['aria-label'] = f'Attendance of {entry.mentee.name}'
