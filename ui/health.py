"""`/healthz` for the proxy and the service manager (S1): 200 while this instance can serve, else 503.

Public (ui/auth.py lets `/health…` through the sign-in gate). Each check of the composition root — the
database answers; on PostgreSQL, the LISTEN connection that carries other instances' changes is up —
is reported by name, so that whoever reads the answer sees what is down, and which instance answered
(MENTOR_INSTANCE_ID: behind the proxy, that tells where a browser's requests go).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping

from fastapi.responses import JSONResponse
from nicegui import app, run

from ui.context import app_context

CHECK_SECONDS = 5.0  # a check that has not answered by then counts as down


def _run_checks(checks: Mapping[str, Callable[[], bool]]) -> dict[str, bool]:
    return {name: check() for name, check in checks.items()}


async def health() -> dict[str, bool]:
    checks = app_context().health_checks
    try:
        results = await asyncio.wait_for(run.io_bound(_run_checks, checks), CHECK_SECONDS)
    except TimeoutError:
        results = None
    return results if results is not None else dict.fromkeys(checks, False)  # None: shutting down


def install_health_route() -> None:
    @app.get('/healthz', include_in_schema=False)
    async def healthz() -> JSONResponse:
        results = await health()
        return JSONResponse(
            {'instance': app_context().settings.instance_id}
            | {name: 'ok' if up else 'down' for name, up in results.items()},
            status_code=200 if all(results.values()) else 503,
            headers={'Cache-Control': 'no-store'},
        )
