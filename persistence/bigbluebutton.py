"""A BigBlueButton API client: signed `create` and `join` URLs, and the `create` call itself.

The API authenticates each call with `checksum = sha1(callName + queryString + sharedSecret)`, where
queryString is exactly the encoded query that is sent (without the checksum parameter).
"""

from __future__ import annotations

import hashlib
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import urlencode

from domain.entities import MentoringSession, User
from domain.errors import DomainError


class MeetingServerError(DomainError):
    """BigBlueButton did not create the room."""


@dataclass(frozen=True)
class BigBlueButton:
    base_url: str  # e.g. https://bbb.example.org/bigbluebutton/api (no trailing slash needed)
    secret: str
    timeout: float = 10.0

    def checksum(self, call: str, query: str) -> str:
        return hashlib.sha1((call + query + self.secret).encode(), usedforsecurity=False).hexdigest()

    def signed_url(self, call: str, params: dict[str, str]) -> str:
        query = urlencode(params)
        separator = '&' if query else ''
        return f'{self.base_url.rstrip("/")}/{call}?{query}{separator}checksum={self.checksum(call, query)}'

    @staticmethod
    def meeting_id(session_id: int) -> str:
        return f'mentor-session-{session_id}'

    def create_url(self, session_id: int, name: str) -> str:
        return self.signed_url('create', {'name': name, 'meetingID': self.meeting_id(session_id)})

    def join_url(self, session_id: int, full_name: str, *, moderator: bool) -> str:
        role = 'MODERATOR' if moderator else 'VIEWER'
        return self.signed_url('join', {'fullName': full_name, 'meetingID': self.meeting_id(session_id), 'role': role})

    def create_meeting(self, session_id: int, name: str) -> None:
        """Ask the server to create the room (idempotent on BigBlueButton's side for the same meetingID)."""
        url = self.create_url(session_id, name)
        if not url.startswith(('https://', 'http://')):
            raise MeetingServerError('The BigBlueButton address is not an http(s) URL.')
        try:
            with urllib.request.urlopen(url, timeout=self.timeout) as response:  # noqa: S310 - checked above
                body = response.read(1_000_000)
        except OSError as error:
            raise MeetingServerError(
                'BigBlueButton could not be reached; try again or choose another platform.'
            ) from error
        try:
            code = ET.fromstring(body).findtext('returncode')  # noqa: S314 - the configured server's own answer
        except ET.ParseError as error:
            raise MeetingServerError('BigBlueButton sent an answer that could not be read.') from error
        if code != 'SUCCESS':
            raise MeetingServerError('BigBlueButton refused to create the meeting room.')


@dataclass(frozen=True)
class BigBlueButtonRooms:
    """The domain's MeetingRooms port on a BigBlueButton server."""

    server: BigBlueButton

    def open_room(self, session: MentoringSession) -> None:
        self.server.create_meeting(session.id, session.title)

    def join_link(self, session: MentoringSession, user: User, *, moderator: bool) -> str:
        return self.server.join_url(session.id, user.name, moderator=moderator)
