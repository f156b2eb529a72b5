"""E2 (issue 22 item 1): what was typed into an unsaved session form, kept on the server per user and session so
that a reload, Home then Back, a lost connection or another device brings it back.

A draft is the form's boxes as typed (text, not yet checked by the form's rules: those run on Save), bounded by
the same limits the form's boxes have, so that a draft can never hold more than the form could.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from domain import rules

DraftValue = str | tuple[str, ...]


class DraftPart(enum.StrEnum):
    """The two tabs of the form; each is saved on its own (Save / Submit), so each keeps its own draft."""

    DETAILS = 'details'
    MEETING = 'meeting'


MOMENT_MAX = 64  # 'YYYY-MM-DD HH:mm' with room for what a person types
ID_MAX = 12  # a database id as text
LIST_MAX = 200  # items in one chosen list
# Each box the draft may keep, and the most it may hold: the form's own limits.
TEXT_LIMITS: dict[DraftPart, dict[str, int]] = {
    DraftPart.DETAILS: {
        'title': rules.TITLE_MAX,
        'description': rules.DESCRIPTION_MAX,
        'start_at': MOMENT_MAX,
        'end_at': MOMENT_MAX,
        'image_id': 32,
        'session_type': 16,
        'mentor_id': ID_MAX,
        'seat_limit': 16,
    },
    DraftPart.MEETING: {
        'platform': 32,
        'meet_link': rules.LINK_MAX,
        'whatsapp_link': rules.LINK_MAX,
        'zoom_link': rules.LINK_MAX,
        'meeting_id': 32,
        'passcode': 32,
    },
}
LIST_LIMITS: dict[DraftPart, dict[str, int]] = {
    DraftPart.DETAILS: {
        'recommended_for': rules.CHOICE_MAX,
        'categories': rules.CHOICE_MAX,
        'medium': rules.CHOICE_MAX,
        'mentee_ids': ID_MAX,
    },
    DraftPart.MEETING: {},
}


@dataclass(frozen=True)
class FormDraft:
    """The boxes of one tab the user changed, as typed. `version`: the session's details_version the edit
    started from (U1: restored after someone else's save, the form says so)."""

    values: dict[str, DraftValue] = field(default_factory=dict)
    version: int | None = None
    saved_at: datetime | None = None

    def text(self, name: str) -> str | None:
        value = self.values.get(name)
        return value if isinstance(value, str) else None

    def items(self, name: str) -> tuple[str, ...] | None:
        value = self.values.get(name)
        return value if isinstance(value, tuple) else None
