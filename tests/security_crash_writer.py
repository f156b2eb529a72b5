"""A process that writes through the services as fast as it can and says "ack …" after each commit.

`python -m tests.security_crash_writer DATABASE_URL` — used by the crash tests, which kill it with SIGKILL in
the middle of the burst and then check that every acknowledged change is in the database.
Each line on stdout is printed (and flushed) only after the service returned, i.e. after the commit:
  ack session <id>                      a session was created
  ack enrolled <session id> <mentee id> a mentee was enrolled
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta

from domain.entities import Role
from domain.services import authoring, enrollment
from persistence.database import make_engine, migrate_to_head
from persistence.events import InMemoryEventBus
from persistence.unit_of_work import SqlUnitOfWorkFactory
from tests.security_support import add_person, draft_for

NOW = datetime(2030, 6, 3, 9, 0, tzinfo=UTC)


def main(url: str) -> None:
    engine = make_engine(url)
    migrate_to_head(engine)
    uows = SqlUnitOfWorkFactory(engine, InMemoryEventBus(), instance_id='crash-writer')
    manager = add_person(uows, 'Crash Manager', {Role.MENTOR, Role.SESSION_MANAGER})
    mentees = [add_person(uows, f'Crash Mentee {n}', {Role.MENTEE}) for n in range(10)]
    print('ready', flush=True)
    for n in range(100_000):
        draft = draft_for(f'Burst {n}', NOW + timedelta(days=1, hours=2 * n), seat_limit=50)
        session = authoring.create_session(uows(), manager, draft, NOW)
        print(f'ack session {session.id}', flush=True)
        for mentee in mentees:
            enrollment.enroll(uows(), mentee, session.id, NOW)
            print(f'ack enrolled {session.id} {mentee.id}', flush=True)


if __name__ == '__main__':
    main(sys.argv[1])
