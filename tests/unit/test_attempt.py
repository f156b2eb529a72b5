"""S1: a service call the app can no longer answer because it is shutting down (SIGTERM, drain) stops its caller;
it never hands the caller a None in place of the result (a page's reload during a drain crashed on one)."""

from __future__ import annotations

import asyncio

import pytest
from nicegui import app

from ui.feedback import attempt


def _stopping(monkeypatch: pytest.MonkeyPatch, stopping: bool) -> None:
    monkeypatch.setattr(type(app), 'is_stopping', property(lambda _: stopping))


async def test_s1_a_service_call_while_the_app_shuts_down_cancels_its_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    _stopping(monkeypatch, True)
    with pytest.raises(asyncio.CancelledError):
        await attempt(list, (1, 2))  # NiceGUI's io_bound does not run it then, and answers None


async def test_s1_otherwise_the_caller_gets_the_services_answer_none_included(monkeypatch: pytest.MonkeyPatch) -> None:
    _stopping(monkeypatch, False)
    assert await attempt(list, (1, 2)) == [1, 2]
    assert await attempt(_found, 'absent') is None


def _found(key: str) -> int | None:
    return {'present': 1}.get(key)
