"""What a session's tile and its Session Details page share (T1): the status chip's style, the picture's frame.

Every list draws its tiles from data (`session_tiles.py`) with these chip styles; so does the Session Details
card (`session_card.py`), which shows its picture in the same frame.
"""

from __future__ import annotations

from domain.entities import SessionStatus
from ui import icons

# Colour is never the only signal: every chip says its status in words and has its own icon.
CHIP_STYLE = {
    SessionStatus.UPCOMING: (icons.SCHEDULE, 'blue-1', 'blue-10'),
    SessionStatus.LIVE: (icons.SENSORS, 'green-9', 'white'),  # green-9: AA contrast with white
    SessionStatus.COMPLETED: (icons.TASK_ALT, 'grey-3', 'grey-9'),
}


# One frame for a session's picture everywhere (the form's preview, the tiles, Session Details): 16:9, with the
# whole picture in it, so that a portrait photo is shown whole instead of cut to a strip.
PICTURE_FRAME = 'aspect-video object-contain bg-gray-500/10'
