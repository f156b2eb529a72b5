"""N2: reminders before a session starts — mentors 24 hours and 1 hour before, mentees 15 minutes before.

Computed from the schedule each round: a rescheduled session is reminded about at its new time, a deleted one
never. Each reminder carries a key (session, person, offset, start); the outbox takes a key once, so every
reminder is queued exactly once however many instances run and however often they restart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.entities import MailKind
from domain.ports import UnitOfWork
from domain.services._shared import queue_mail, when


@dataclass(frozen=True)
class ReminderPlan:
    mentor: tuple[timedelta, ...] = (timedelta(hours=24), timedelta(hours=1))
    mentee: tuple[timedelta, ...] = (timedelta(minutes=15),)

    @property
    def horizon(self) -> timedelta:
        return max((*self.mentor, *self.mentee), default=timedelta(0))


_UNITS = {'m': timedelta(minutes=1), 'h': timedelta(hours=1), 'd': timedelta(days=1)}
PLAN_HELP = 'MENTOR_REMINDERS lists role:offset pairs, for example "mentor:24h,mentor:1h,mentee:15m" (units m, h, d).'


def plan_from(text: str) -> ReminderPlan:
    """N2: the offsets from MENTOR_REMINDERS; an empty text turns reminders off. ValueError says what is wrong."""
    offsets: dict[str, list[timedelta]] = {'mentor': [], 'mentee': []}
    for item in filter(None, (part.strip() for part in text.split(','))):
        role, _, amount = item.partition(':')
        number, unit = amount.strip()[:-1], amount.strip()[-1:]
        if role.strip() not in offsets or unit not in _UNITS or not number.isdigit() or int(number) == 0:
            raise ValueError(f'{PLAN_HELP} "{item}" is not one.')
        offsets[role.strip()].append(int(number) * _UNITS[unit])
    return ReminderPlan(tuple(offsets['mentor']), tuple(offsets['mentee']))


def due_offset(offsets: tuple[timedelta, ...], left: timedelta) -> timedelta | None:
    """The reminder due when `left` remains before the start: the nearest offset already reached. A session made
    30 minutes before its start gets its 1-hour reminder only, not the 24-hour one as well."""
    reached = [offset for offset in offsets if left <= offset]
    return min(reached) if reached and left > timedelta(0) else None


def queue_due_reminders(uow: UnitOfWork, now: datetime, plan: ReminderPlan = ReminderPlan()) -> int:
    """Background job: queue every reminder that is due and not queued yet; return how many were queued."""
    with uow:
        queued = 0
        for session_id, mentor_id, start_at, title in uow.mail.upcoming_starts(now, now + plan.horizon):
            left = start_at - now
            text = f'Reminder: {title} starts at {when(start_at)}.'
            if (offset := due_offset(plan.mentor, left)) is not None:
                key = _key(session_id, mentor_id, offset, start_at)
                queued += queue_mail(uow, [mentor_id], MailKind.REMINDER, text, now, session_id, key)
            if (offset := due_offset(plan.mentee, left)) is not None:
                for mentee_id in uow.enrollments.mentee_ids(session_id):
                    key = _key(session_id, mentee_id, offset, start_at)
                    queued += queue_mail(uow, [mentee_id], MailKind.REMINDER, text, now, session_id, key)
        if queued:
            uow.commit()
        return queued


def _key(session_id: int, user_id: int, offset: timedelta, start_at: datetime) -> str:
    return f'reminder:{session_id}:{user_id}:{int(offset.total_seconds())}:{int(start_at.timestamp())}'
