"""U3, L1: when a live page's one-shot timer fires (`ui.live.next_wait`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ui.live import LONGEST_WAIT, next_wait

NOW = datetime(2030, 5, 1, 12, 0, tzinfo=UTC)


def test_u3_the_timer_fires_just_after_the_next_moment_ahead() -> None:
    moments = [NOW - timedelta(minutes=5), NOW + timedelta(minutes=30), NOW + timedelta(minutes=10)]
    assert next_wait(moments, NOW) == timedelta(minutes=10, seconds=1).total_seconds()


def test_u3_no_timer_when_nothing_changes_by_the_clock_any_more() -> None:
    assert next_wait([NOW - timedelta(hours=1), NOW], NOW) is None
    assert next_wait([], NOW) is None


def test_u3_a_timer_days_ahead_is_re_armed_within_hours_so_a_clock_change_cannot_strand_it() -> None:
    assert next_wait([NOW + timedelta(days=3)], NOW) == LONGEST_WAIT.total_seconds()
