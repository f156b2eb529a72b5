"""R1/M1 (issue 14, item 2): enrollment latency while 8 clients keep signing in, next to an idle server.

    .venv/bin/python bench/bench_sign_in_load.py [--enrollments 20] [--repeats 3] [--clients 8]

On SQLite (the case where a write transaction locks the whole database). Each client is a thread calling
`domain.services.accounts.sign_in` with the real argon2 hasher in a loop: every other attempt a right
password, the others an unknown e-mail (both cost one argon2 check; wrong passwords would soon hit the
lockout and cost nothing). Meanwhile enrollments go through `domain.services.enrollment.enroll`, one at a
time, each timed. Idle and loaded runs take turns; each figure is the median enrollment latency of its
runs' medians. Target: loaded ≤ 1.5× idle, measured in the same run.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._support import NOW, add_mentees, add_organization, insert_rows, ratio_line, session_values, user_values
from domain.entities import User
from domain.errors import SignInFailed
from domain.services.accounts import sign_in
from domain.services.enrollment import enroll
from persistence.database import make_engine, migrate_to_head
from persistence.events import InMemoryEventBus
from persistence.security import Argon2PasswordHasher
from persistence.tables import SessionRow, UserRow
from persistence.unit_of_work import SqlUnitOfWorkFactory

TARGET = 1.5
PASSWORD = 'bench-password'  # noqa: S105 - a benchmark's throw-away accounts


@dataclass
class Bench:
    factory: SqlUnitOfWorkFactory
    hasher: Argon2PasswordHasher
    session_id: int
    mentees: list[User]
    accounts: list[str]
    used: int = 0


def prepare(directory: Path, clients: int, enrollments: int) -> Bench:
    engine = make_engine(f'sqlite:///{directory / "bench.db"}')
    migrate_to_head(engine)
    organization = add_organization(engine, 'Benchmark Organization')
    hasher = Argon2PasswordHasher()
    hashed = hasher.hash(PASSWORD)
    emails = [f'signer{n}@bench.test' for n in range(clients)]
    signers = [
        user_values(f'Signer {n}', email, organization, mentee=True, password_hash=hashed)
        for n, email in enumerate(emails)
    ]
    mentor_id = insert_rows(
        engine, UserRow, [user_values('Mona Mentor', 'mona@bench.test', organization, mentor=True)]
    )[0]
    insert_rows(engine, UserRow, signers)
    mentee_count = enrollments * 2 * 100  # enough fresh mentees for 100 runs
    session = session_values(mentor_id, 1, NOW + timedelta(days=30), seat_limit=mentee_count)
    session_id = insert_rows(engine, SessionRow, [session])[0]
    factory = SqlUnitOfWorkFactory(engine, InMemoryEventBus(), instance_id='bench')
    ids = add_mentees(engine, mentee_count, 'SignLoad', organization)
    with factory(read_only=True) as uow:
        mentees = uow.users.get_many(ids)
    return Bench(factory, hasher, session_id, mentees, emails)


def enrollment_latencies(bench: Bench, count: int) -> list[float]:
    latencies = []
    for _ in range(count):
        mentee = bench.mentees[bench.used]
        bench.used += 1
        start = time.perf_counter()
        enroll(bench.factory(), mentee, bench.session_id, NOW)
        latencies.append(time.perf_counter() - start)
        time.sleep(0.1)  # spread the samples over the sign-ins' phases
    return latencies


def loaded_latencies(bench: Bench, count: int, clients: int) -> tuple[list[float], int]:
    """Latencies while `clients` threads sign in without pause; also how many sign-ins they finished."""
    stop = threading.Event()
    finished = [0] * clients

    def client(number: int) -> None:
        while not stop.is_set():
            email = bench.accounts[number] if finished[number] % 2 == 0 else f'nobody{number}@bench.test'
            with contextlib.suppress(SignInFailed):
                sign_in(bench.factory, bench.hasher, email, PASSWORD, 'UTC', NOW)
            finished[number] += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(1.0)  # every client is in the middle of an attempt
    try:
        return enrollment_latencies(bench, count), sum(finished)
    finally:
        stop.set()
        for thread in threads:
            thread.join(30)


def main(argv: Sequence[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--enrollments', type=int, default=20, help='timed enrollments per run')
    parser.add_argument('--repeats', type=int, default=3)
    parser.add_argument('--clients', type=int, default=8, help='threads signing in meanwhile')
    options = parser.parse_args(list(argv))
    with tempfile.TemporaryDirectory() as directory:
        bench = prepare(Path(directory), options.clients, options.enrollments)
        enrollment_latencies(bench, 3)  # warm-up
        idle: list[float] = []
        loaded: list[float] = []
        sign_ins = 0
        for _ in range(options.repeats):
            idle.append(statistics.median(enrollment_latencies(bench, options.enrollments)))
            latencies, finished = loaded_latencies(bench, options.enrollments, options.clients)
            loaded.append(statistics.median(latencies))
            sign_ins += finished
        idle_ms, loaded_ms = statistics.median(idle) * 1000, statistics.median(loaded) * 1000
        print(f'enrollment latency, idle server: {idle_ms:.1f} ms (median of {options.repeats} runs)')
        print(
            f'enrollment latency, {options.clients} clients signing in: {loaded_ms:.1f} ms '
            f'({sign_ins} sign-ins finished meanwhile)'
        )
        ratio_line(f'enrollment latency under {options.clients} sign-ins / idle:', loaded_ms / idle_ms, TARGET)


if __name__ == '__main__':
    main(sys.argv[1:])
