"""Hypothesis strategies for hostile input: odd Unicode, huge text, DST-edge times, malformed links.

`KNOWN_BAD` lists the characters the real databases cannot store (see the strict-xfail tests in
tests/integration/test_security_bad_input.py); the general strategies leave them out so that the
properties keep guarding everything else until those bugs are fixed.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from domain.entities import MeetingInfo, Platform

KNOWN_BAD = ('\x00', '\ud800', '\udfff')  # NUL (PostgreSQL refuses it), lone surrogates (no UTF-8 for them)
CONTROL = [chr(c) for c in (*range(1, 32), 0x7F, 0x85, 0x9F)]
ZERO_WIDTH = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad']
BIDI = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200f', '\u061c']
EMOJI = ['😀', '👩\u200d💻', '🏳️\u200d🌈', '👍🏽', '🇮🇳', '\U0001f9d1\u200d\U0001f91d\u200d\U0001f9d1']
MARKUP = ['<img src=x onerror=alert(1)>', '<script>alert(1)</script>', '"\'><svg onload=alert(1)>', '{{7*7}}', '${x}']
SPECIAL = [
    *CONTROL,
    *ZERO_WIDTH,
    *BIDI,
    *EMOJI,
    *MARKUP,
    '\u0301',
    'ß',
    'İ',
    'ﬀ',
    '\u2028',
    '\u2029',
    '=',
    '+',
    '-',
    '@',
]

ZONES = (
    'Europe/Berlin',
    'America/New_York',
    'Australia/Sydney',
    'America/Santiago',
    'Pacific/Chatham',
    'Asia/Kolkata',
    'America/St_Johns',
    'Europe/London',
)

safe_characters = st.characters(codec='utf-8', exclude_characters=''.join(KNOWN_BAD))
pieces = st.one_of(st.text(safe_characters, max_size=8), st.sampled_from(SPECIAL))
hostile_text = st.one_of(
    st.lists(pieces, max_size=12).map(''.join),
    st.builds(lambda piece, n: piece * n, st.sampled_from(['x', '😀', '\u200b', 'é\u0301']), st.integers(200, 100_000)),
)


@cache
def dst_transitions(zone: str) -> tuple[datetime, ...]:
    """The UTC moments in 2030–2031 when the zone's offset changes (none for zones without DST)."""
    tz = ZoneInfo(zone)
    moment, end = datetime(2030, 1, 1, tzinfo=UTC), datetime(2032, 1, 1, tzinfo=UTC)
    found = []
    while moment < end:
        after = moment + timedelta(minutes=15)
        if moment.astimezone(tz).utcoffset() != after.astimezone(tz).utcoffset():
            found.append(after)
        moment = after
    return tuple(found) or (datetime(2030, 7, 1, tzinfo=UTC),)


@st.composite
def dst_edge_times(draw: st.DrawFn) -> datetime:
    """An aware time within two hours of a DST change, in that zone: sometimes a skipped or repeated wall time."""
    zone = draw(st.sampled_from(ZONES))
    tz = ZoneInfo(zone)
    change = draw(st.sampled_from(dst_transitions(zone)))
    moment = (change + timedelta(minutes=draw(st.integers(-120, 120)))).astimezone(tz)
    if draw(st.booleans()):  # the same wall clock reading, the other fold (or a wall time that never happened)
        moment = moment.replace(fold=1 - moment.fold)
    return moment


@st.composite
def schedules(draw: st.DrawFn, now: datetime) -> tuple[datetime, datetime]:
    """A start and an end, each near a DST change or anywhere around `now`, in any of several zones."""
    anywhere = st.datetimes(
        min_value=(now - timedelta(days=2)).replace(tzinfo=None),
        max_value=(now + timedelta(days=800)).replace(tzinfo=None),
        timezones=st.sampled_from([ZoneInfo(z) for z in ZONES]),
    )
    start = draw(st.one_of(dst_edge_times(), anywhere))
    length = draw(
        st.one_of(st.integers(-60, 26 * 60), st.sampled_from([29, 30, 31, 24 * 60 - 1, 24 * 60, 24 * 60 + 1]))
    )
    end = (
        (start + timedelta(minutes=length))
        if draw(st.booleans())
        else start.astimezone(UTC) + timedelta(minutes=length)
    )
    return start, end


LINK_PARTS = [
    'https://meet.google.com/abc-defg-hij',
    'https://us02web.zoom.us/j/12345678901',
    'https://chat.whatsapp.com/AbCdEf123',
    'javascript:alert(1)',
    'http://meet.google.com/abc',
    'https://meet.google.com.evil.test/abc',
    'https://evil.test/?https://meet.google.com/abc',
    'https://zoom.us.evil.test/j/123456789',
    'https://us02web.zoom.us/j/1234',
    'data:text/html,<script>alert(1)</script>',
    '//meet.google.com/abc',
    'https://chat.whatsapp.com/Ab Cd',
    'https://meet.google.com/abc?x="><script>',
    '?pwd=',
    ' ',
    '\n',
]
links = st.one_of(
    st.lists(st.one_of(st.sampled_from(LINK_PARTS), st.text(safe_characters, max_size=10)), max_size=4).map(''.join),
    hostile_text,
)
meetings = st.builds(
    MeetingInfo,
    platform=st.sampled_from(list(Platform)),
    link=links,
    meeting_id=st.one_of(st.text(st.sampled_from('0123456789 -x'), max_size=14), hostile_text),
    passcode=hostile_text,
)
ids = st.one_of(st.integers(-3, 40), st.integers(-(2**62), 2**62))
page_numbers = st.one_of(st.integers(-5, 5), st.integers(-(2**31), 2**31))
