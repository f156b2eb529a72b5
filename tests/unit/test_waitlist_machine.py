"""W1: the waitlist state machine (tests/waitlist_machine.py) on the fakes."""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test

from tests.fakes import InMemoryUnitOfWork
from tests.waitlist_machine import waitlist_machine


def test_w1_waitlist_state_machine_on_the_fakes() -> None:
    machine = waitlist_machine(InMemoryUnitOfWork)
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=150,
            stateful_step_count=30,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
