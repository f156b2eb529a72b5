"""What a session's tile and its Session Details page share (T1): the status chip's style, the picture's frame.

Every list draws its tiles from data (`session_tiles.py`) with these chip styles; Session Details builds its
chip and picture from these parts.
"""

from __future__ import annotations

from nicegui import ui

from domain.entities import MentoringSession, SessionStatus
from ui import icons
from ui.addresses import image_url

# Colour is never the only signal: every chip says its status in words and has its own icon.
CHIP_STYLE = {
    SessionStatus.UPCOMING: (icons.SCHEDULE, 'blue-1', 'blue-10'),
    SessionStatus.LIVE: (icons.SENSORS, 'green-9', 'white'),  # green-9: AA contrast with white
    SessionStatus.COMPLETED: (icons.TASK_ALT, 'grey-3', 'grey-9'),
}


def status_chip(status: SessionStatus) -> ui.chip:
    icon, color, text_color = CHIP_STYLE[status]
    chip = ui.chip(status.value, icon=icon, color=color, text_color=text_color).props('dense square')
    return chip.classes('font-medium m-0').props(f'data-testid=status-{status.name.lower()}')


# One frame for a session's picture everywhere (the form's preview, the tiles, Session Details): 16:9, with the
# whole picture in it, so that a portrait photo is shown whole instead of cut to a strip.
PICTURE_FRAME = 'aspect-video object-contain bg-gray-500/10'


def session_image(session: MentoringSession, *, thumbnail: bool, classes: str) -> None:
    """The session's image with alt text, in the one frame, or a neutral placeholder when it has none."""
    if session.image_id is None:
        placeholder = f'{classes} aspect-video bg-gradient-to-br from-slate-100 to-blue-50'
        placeholder += ' flex items-center justify-center'
        with ui.element('div').classes(placeholder) as box:
            box.props['aria-hidden'] = 'true'
            ui.icon(icons.CO_PRESENT, size='2.5rem').classes('text-slate-400')
        return
    image = ui.element('img').classes(f'{classes} {PICTURE_FRAME}')
    image.props['src'] = image_url(session.image_id, thumbnail=thumbnail)
    image.props['alt'] = f'Image for {session.title}'
    image.props['loading'] = 'lazy'
