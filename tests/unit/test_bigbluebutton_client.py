"""BigBlueButton API client: checksums as the API specifies (sha1 of call name + query string + secret).

The expected digests were computed outside Python with `printf '%s' '<call><query><secret>' | sha1sum`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qsl, urlsplit

import pytest

from persistence.bigbluebutton import BigBlueButton, MeetingServerError

SERVER = BigBlueButton('https://bbb.example.org/bigbluebutton/api/', 's3cr3t')


def test_checksum_is_sha1_of_call_name_query_and_secret() -> None:
    client = BigBlueButton('https://bbb.example.org/bigbluebutton/api', '639259d4-9dd8-4b25-bf01-95f9567eaf4b')
    query = 'name=Test+Meeting&meetingID=abc123'
    assert client.checksum('create', query) == 'd4a8672a38160bb970ad12f5482c5f2c9223a433'
    assert client.create_url(0, 'x').startswith('https://bbb.example.org/bigbluebutton/api/create?')


def test_attendee_join_url_is_signed_over_the_exact_encoded_query() -> None:
    url = SERVER.join_url(7, 'Zoë Müller', moderator=False)
    assert url == (
        'https://bbb.example.org/bigbluebutton/api/join?fullName=Zo%C3%AB+M%C3%BCller&meetingID=mentor-session-7'
        '&role=VIEWER&checksum=fc01200732ce8250ca1a3a9da05acbb33590d71f'
    )


def test_mentor_joins_as_moderator() -> None:
    url = SERVER.join_url(7, 'Priya Raman', moderator=True)
    assert url.endswith('role=MODERATOR&checksum=0098fa710c56575a511fbec2b39901e4fbd788f9')


class _FakeBigBlueButton(BaseHTTPRequestHandler):
    answer = b'<response><returncode>SUCCESS</returncode></response>'
    seen: list[str] = []  # noqa: RUF012 - test double shared with the test

    def do_GET(self) -> None:
        self.seen.append(self.path)
        self.send_response(200)
        self.send_header('Content-Type', 'text/xml')
        self.end_headers()
        self.wfile.write(self.answer)

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def fake_server() -> Iterator[str]:
    httpd = HTTPServer(('127.0.0.1', 0), _FakeBigBlueButton)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f'http://127.0.0.1:{httpd.server_address[1]}/bigbluebutton/api'
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def test_create_meeting_sends_a_valid_signed_create_call(fake_server: str) -> None:
    client = BigBlueButton(fake_server, 's3cr3t')
    _FakeBigBlueButton.seen.clear()
    client.create_meeting(7, 'Public speaking')
    path = urlsplit(_FakeBigBlueButton.seen[0])
    assert path.path.endswith('/create')
    query, checksum = path.query.rsplit('&checksum=', 1)
    assert checksum == client.checksum('create', query)
    assert dict(parse_qsl(query)) == {'name': 'Public speaking', 'meetingID': 'mentor-session-7'}


def test_a_refusing_or_unreachable_server_is_a_readable_refusal(fake_server: str) -> None:
    _FakeBigBlueButton.answer = b'<response><returncode>FAILED</returncode></response>'
    try:
        with pytest.raises(MeetingServerError, match='refused'):
            BigBlueButton(fake_server, 's3cr3t').create_meeting(1, 'x')
    finally:
        _FakeBigBlueButton.answer = b'<response><returncode>SUCCESS</returncode></response>'
    with pytest.raises(MeetingServerError, match='could not be reached'):
        BigBlueButton('http://127.0.0.1:9/bigbluebutton/api', 's', timeout=2).create_meeting(1, 'x')
