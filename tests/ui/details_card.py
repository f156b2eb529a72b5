"""The Session Details card as a test reads and uses it. It is one element drawn from data (P11:
ui/components/session_card.py), so its buttons are not NiceGUI buttons: `press` goes the way of a click in the
browser (the card's `act` event)."""

from __future__ import annotations

import asyncio

from nicegui.testing import User

from ui.components.session_card import SessionCard, fact_value


def the_card(user: User) -> SessionCard:
    (card,) = user.find(kind=SessionCard).elements
    return card


async def press(user: User, text: str) -> None:
    """A click on the card's button `text`, as the browser sends it; like a click on a disabled button, it does
    nothing while the buttons wait (M1). The button must be shown."""
    shown = [button['text'] for button in the_card(user).actions['buttons']]
    assert text in shown, f'the card shows no {text!r} button; it shows {shown}'
    user.find(kind=SessionCard).trigger('act', {'action': text})
    await asyncio.sleep(0)  # the click's handler runs as a task, as it does for a click in the browser


def offered(user: User) -> list[str]:
    """The card's buttons that can be clicked now (none while the last action settles: M1)."""
    return the_card(user).buttons


def said(user: User, testid: str) -> str | None:
    """The line beside the buttons with this data-testid, or a fact's value (`mentee-count`, `seats-left`)."""
    card = the_card(user)
    for line in [*card.actions['before'], *card.actions['after']]:
        if line['testid'] == testid:
            return line['text']
    facts = card.card['facts'] if card.card and card.counts else []
    for fact in facts:
        if fact.get('testid') == testid and card.counts is not None:
            return fact_value(fact, card.counts)
    return None


async def until_offered(user: User, text: str, retries: int = 50) -> None:
    """Wait until `text` can be clicked (after an action the buttons wait a moment: M1)."""
    for _ in range(retries):
        if text in offered(user):
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f'expected the card to offer {text!r}; it offers {offered(user)}')


async def until_not_offered(user: User, text: str, retries: int = 30) -> None:
    for _ in range(retries):
        if text not in [button['text'] for button in the_card(user).actions['buttons']]:
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f'expected the card not to offer {text!r}')
