"""N3 "Add to calendar" on the session page: downloads the session's `.ics` (the same file the mails carry)."""

from __future__ import annotations

from nicegui import ui

from domain.calendar import ICS_MEDIA_TYPE
from domain.services import calendars
from ui import icons
from ui.context import Viewer, app_context
from ui.feedback import call_or_show


async def _download(viewer: Viewer, session_id: int) -> None:
    context = app_context()
    found = await call_or_show(
        calendars.calendar_file,
        context.uow_factory(read_only=True),
        viewer.user,
        session_id,
        context.settings.public_address,
        context.clock(),
    )
    if found is not None:
        filename, data = found
        ui.download.content(data, filename, media_type=ICS_MEDIA_TYPE)


def add_to_calendar(viewer: Viewer, session_id: int) -> None:
    """A button that downloads the session as a calendar file (bytes: see docs on ui.download.content)."""
    button = ui.button('Add to calendar', icon=icons.EVENT, on_click=lambda: _download(viewer, session_id))
    button.props('no-caps outline data-testid=add-to-calendar').classes('self-start')
