"""C6, C7, M1, U2–U4: the invariants hold after any sequence of service calls on the in-memory fakes.

The same machine runs briefly on a real SQLite database in tests/integration/test_faults_invariants.py.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings

from tests.fakes import InMemoryUnitOfWork
from tests.security_machine import ServiceMachine
from tests.security_support import Uows


def _fake_uows() -> Uows:
    uow = InMemoryUnitOfWork()
    return lambda: uow


class FakeServiceMachine(ServiceMachine):
    new_uows = staticmethod(_fake_uows)


FakeServiceMachine.TestCase.settings = settings(
    max_examples=40,
    stateful_step_count=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_c6_c7_m1_u2_u4_seats_overlaps_status_and_deletions_hold_after_any_sequence_on_the_fakes = (
    FakeServiceMachine.TestCase
)
