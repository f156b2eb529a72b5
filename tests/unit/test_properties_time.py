"""Times around DST changes in several zones (C7, E3), and where sign-in may send a browser (R1).

A session's rules (future start, 30 minutes to 24 hours) hold in real elapsed time whatever zone the draft
was written in; a time shown for input and read back is the same moment; after sign-in the browser never
leaves the site.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from starlette.responses import RedirectResponse

from domain.entities import MentoringSession, Role
from domain.errors import DomainError, InvalidInput
from domain.services import authoring
from tests.fakes import InMemoryUnitOfWork
from tests.security_strategies import ZONES, dst_transitions, schedules
from tests.security_support import NOW, add_person, draft_for
from ui.auth import safe_next
from ui.timefmt import for_input, parse_input

PROPERTY = settings(max_examples=150, deadline=None, database=None)
BERLIN = ZoneInfo('Europe/Berlin')
# 2031-03-30 in Berlin: 01:45 CET is 00:45 UTC, 03:10 CEST is 01:10 UTC — 25 minutes apart, not 85.
SPRING_START = datetime(2031, 3, 30, 1, 45, tzinfo=BERLIN)
SPRING_END = datetime(2031, 3, 30, 3, 10, tzinfo=BERLIN)
# 2030-10-27 in Berlin: 02:00 CET (second time round) is 01:00 UTC; 02:40 CEST (first time) is 00:40 UTC.
FALL_START = datetime(2030, 10, 27, 2, 0, fold=1, tzinfo=BERLIN)
FALL_END = datetime(2030, 10, 27, 2, 40, tzinfo=BERLIN)
# 2030-10-27 in Berlin: 02:30 happens twice; the second time (CET) is 01:30 UTC.
REPEATED_HOUR = datetime(2030, 10, 27, 1, 30, tzinfo=UTC)


def _create(start: datetime, end: datetime) -> MentoringSession | DomainError:
    uow = InMemoryUnitOfWork()
    manager = add_person(lambda: uow, 'Priya Manager', {Role.MENTOR, Role.SESSION_MANAGER})
    try:
        return authoring.create_session(uow, manager, replace(draft_for('DST clinic', start), end_at=end), NOW)
    except DomainError as refusal:
        return refusal


@PROPERTY
@given(times=schedules(NOW))
def test_c7_any_schedule_in_any_zone_is_published_or_refused_never_an_error(times) -> None:
    start, end = times
    result = _create(start, end)
    if isinstance(result, MentoringSession):
        assert result.start_at.utcoffset() == timedelta(0), 'stored in UTC'
        assert result.start_at > NOW


@PROPERTY
@given(times=schedules(NOW))
@example(times=(SPRING_START, SPRING_END))
def test_c7_an_accepted_session_lasts_30_minutes_to_24_hours_in_real_time_across_dst(times) -> None:
    start, end = times
    result = _create(start, end)
    if isinstance(result, MentoringSession):
        assert timedelta(minutes=30) <= result.end_at - result.start_at <= timedelta(hours=24)
        assert result.end_at.astimezone(UTC) - result.start_at.astimezone(UTC) == result.end_at - result.start_at


@pytest.mark.parametrize(
    ('start', 'end'),
    [
        (SPRING_START, SPRING_END),  # 25 minutes of real time
        (FALL_START, FALL_END),  # the end 20 minutes *before* the start
    ],
    ids=['25-minutes-in-spring', 'end-before-start-in-autumn'],
)
def test_c7_a_session_too_short_in_real_time_across_a_dst_change_is_refused(start, end) -> None:
    assert isinstance(_create(start, end), InvalidInput)


def _repeated(moment: datetime, zone: str) -> bool:
    """True when the zone's clock shows this wall time twice (the hour after a fall-back change)."""
    here = moment.astimezone(ZoneInfo(zone))
    twin = here.replace(fold=1 - here.fold)
    return twin.utcoffset() != here.utcoffset()


@st.composite
def minutes_near_dst(draw: st.DrawFn) -> tuple[datetime, str]:
    zone = draw(st.sampled_from(ZONES))
    change = draw(st.sampled_from(dst_transitions(zone)))
    return change + timedelta(minutes=draw(st.integers(-180, 180))), zone


@PROPERTY
@given(case=minutes_near_dst())
def test_e3_c7_a_time_shown_for_input_reads_back_as_the_same_moment_outside_a_repeated_hour(case) -> None:
    moment, zone = case
    if not _repeated(moment, zone):
        assert parse_input(for_input(moment, zone), zone) == moment


def test_u1_saving_an_unchanged_edit_form_keeps_a_session_in_the_repeated_hour_where_it_was() -> None:
    shown = for_input(REPEATED_HOUR, 'Europe/Berlin')
    assert parse_input(shown, 'Europe/Berlin', was=REPEATED_HOUR) == REPEATED_HOUR
    # Typed anew, the repeated wall time means its first occurrence, an hour earlier.
    assert parse_input(shown, 'Europe/Berlin') == REPEATED_HOUR - timedelta(hours=1)


@PROPERTY
@given(text=st.text(max_size=30), zone=st.one_of(st.sampled_from(ZONES), st.text(max_size=12)))
def test_c7_any_typed_text_in_any_zone_is_a_utc_time_or_nothing(text, zone) -> None:
    parsed = parse_input(text, zone)
    assert parsed is None or parsed.utcoffset() == timedelta(0)


@settings(max_examples=300, deadline=None, database=None)
@given(
    target=st.one_of(
        st.text(max_size=30),
        st.lists(
            st.sampled_from(['/', '\\', '\t', '\n', '.', '%2F', 'evil.test', ':', '@', 'http:', ' ', '\r', '%09']),
            max_size=8,
        ).map(''.join),
    )
)
@example(target='//evil.test')
@example(target='/\t/evil.test')
@example(target='https://evil.test')
def test_r1_after_sign_in_the_browser_is_only_ever_sent_to_a_page_of_this_site(target) -> None:
    location = RedirectResponse(safe_next(target)).headers['location']
    browser_reads = ''.join(ch for ch in location if ch not in '\t\n\r')  # as WHATWG URL parsing does
    resolved = urlsplit(urljoin('http://app.test/', browser_reads.replace('\\', '/')))
    assert (resolved.scheme, resolved.netloc) == ('http', 'app.test'), location
