"""Times as a viewer reads them: in their own zone, always with the zone named (C7, E3)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from domain.zones import current_zone_name

INPUT_FORMAT = '%Y-%m-%d %H:%M'


def zone(name: str) -> ZoneInfo:
    """The zone, by its current name (E3: a login stored as Asia/Calcutta reads Asia/Kolkata)."""
    try:
        return ZoneInfo(current_zone_name(name))
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo('UTC')


def local(moment: datetime, time_zone: str) -> datetime:
    return moment.astimezone(zone(time_zone))


def show(moment: datetime, time_zone: str) -> str:
    """'Mon 30 Nov 2026, 14:00 CET (Europe/Berlin)'."""
    here = local(moment, time_zone)
    return f'{here:%a %d %b %Y, %H:%M} {here.tzname()} ({zone(time_zone).key})'


def show_range(start: datetime, end: datetime, time_zone: str) -> str:
    first, last = local(start, time_zone), local(end, time_zone)
    until = f'{last:%H:%M}' if first.date() == last.date() else f'{last:%a %d %b %Y, %H:%M}'
    return f'{first:%a %d %b %Y, %H:%M} – {until} {last.tzname()} ({zone(time_zone).key})'


def for_input(moment: datetime, time_zone: str) -> str:
    return local(moment, time_zone).strftime(INPUT_FORMAT)


def parse_input(text: str, time_zone: str, was: datetime | None = None) -> datetime | None:
    """'YYYY-MM-DD HH:mm' typed or picked in the viewer's zone, as UTC; None if it is not a time.

    A wall time that occurs twice (the hour repeated when clocks go back) means the earlier moment,
    unless `was` — the moment the box showed before — is the other one: an unchanged box keeps its moment.
    """
    try:
        naive = datetime.strptime(text.strip(), INPUT_FORMAT)
    except ValueError:
        return None
    if was is not None and local(was, time_zone).replace(tzinfo=None, fold=0) == naive:
        return was.astimezone(UTC)
    aware = naive.replace(tzinfo=zone(time_zone))
    # A wall time that does not exist (skipped by a DST change) is moved forward, as clocks do.
    round_trip = aware.astimezone(UTC).astimezone(zone(time_zone))
    if round_trip.replace(tzinfo=None) != naive:
        aware = round_trip
    return aware.astimezone(UTC)


def skipped_hours(text: str, time_zone: str) -> tuple[str, str] | None:
    """For a typed wall time that does not exist (clocks jump forward at a DST change): the wall times
    the clocks jump from and to that day, e.g. ('02:00', '03:00'); None for any other text."""
    try:
        naive = datetime.strptime(text.strip(), INPUT_FORMAT)
    except ValueError:
        return None
    here = zone(time_zone)
    before, after = naive.replace(tzinfo=here, fold=0), naive.replace(tzinfo=here, fold=1)
    if before.utcoffset() == after.utcoffset() or before.astimezone(UTC).astimezone(here).replace(tzinfo=None) == naive:
        return None
    # The change lies between the two readings of the wall time (fold=0: the offset before it); find its minute.
    old_offset, new_offset = before.utcoffset(), after.utcoffset()
    assert old_offset is not None and new_offset is not None
    moment = after.astimezone(UTC)
    while moment.astimezone(here).utcoffset() != new_offset:
        moment += timedelta(minutes=1)
    return f'{moment + old_offset:%H:%M}', f'{moment + new_offset:%H:%M}'


def abbreviations(moments: list[datetime], time_zone: str) -> str:
    """'EST', or 'EST → EDT' when the moments fall on both sides of a change (E3)."""
    names = dict.fromkeys(str(local(moment, time_zone).tzname()) for moment in moments)
    return ' → '.join(names)
