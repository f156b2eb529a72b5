"""The one place where refusals become messages on screen (E2).

`attempt` runs a service off the event loop. A DomainError is shown beside the control it concerns
(if the page named one for that field) or as a notification; nothing the user typed is touched.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from typing import ParamSpec, Protocol, TypeVar

from nicegui import app, run, ui

from domain.errors import DomainError, InvalidForm

P = ParamSpec('P')
R = TypeVar('R')


class ShowsError(Protocol):
    """A form control (or a composite component) that can show a message beside itself."""

    error: str | None


Fields = Mapping[str, ShowsError]


def clear_errors(fields: Fields) -> None:
    for element in fields.values():
        element.error = None


def show_refusal(error: DomainError, fields: Fields | None = None) -> None:
    """Each refusal beside the control it concerns; a notification only for one that has no place on the page.

    A form that tells several problems at once (InvalidForm) shows them all; a field's message stays until
    its field changes, so no toasts pile up over fields already fixed.
    """
    for refusal in error.refusals if isinstance(error, InvalidForm) else (error,):
        element = (fields or {}).get(refusal.field or '')
        if element is not None:
            element.error = refusal.message
        else:
            ui.notify(refusal.message, type='negative', position='top', multi_line=True)


async def attempt(service: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> R:
    """Run a blocking service call in a worker thread and return its result.

    Raises the DomainError unchanged so the caller can show it with `show_refusal` and its fields.
    """
    result = await run.io_bound(service, *args, **kwargs)
    if result is None and app.is_stopping:
        # NiceGUI 3 answers None instead of the result while the app shuts down (4.0 raises this itself): the
        # caller goes no further (S1: a page's reload during an instance's drain crashed on that None).
        raise asyncio.CancelledError
    return result  # type: ignore[return-value]  # None only where the service itself gives None


async def call_or_show(service: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> R | None:
    """Like `attempt`, but shows a refusal as a notification and returns None."""
    try:
        return await attempt(service, *args, **kwargs)
    except DomainError as error:
        show_refusal(error)
        return None
