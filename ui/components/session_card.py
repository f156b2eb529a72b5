"""T2, U2–U4, M1, M2, W1: the Session Details card as ONE NiceGUI element, drawn by the browser from data (P11).

Two dozen elements (picture, chips, facts, buttons, what is said beside them) made an open Session Details page
cost the server 2.6× a blank page; each element costs about 5 KiB for as long as the page is open. As the session
tiles are (session_tiles.py), the card is drawn in the browser (session_card.js) from plain data made here and in
session_facts.py (what the session is) and session_actions.py (what this viewer can do).

The data's collections are tuples: NiceGUI copies a list or dict given as a prop into change-watching collections
of its own, page by page (40 KiB of copies per open page here), but keeps a tuple as it is, and the data is never
changed in place. So a card's data, made once per read, is one object for all the open pages of a viewer.

A change sends new data; the browser patches the card in place (buttons keyed by their text), so a button still
offered stays the same button. A click comes back as `act` with the button's text and is acted on only if that
button is offered now and the card is not waiting (`busy`). The two counts an enrollment changes go alone
(`show_counts`): 2,000 open pages of a session each receive two figures, not the whole card (P11).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import NotRequired, TypedDict

from nicegui.element import Element
from nicegui.events import GenericEventArguments

from ui import icons


class Fact(TypedDict):
    label: str
    value: str
    icon: str  # an SVG path (ui/icons.py)
    testid: NotRequired[str]
    live: NotRequired[str]  # its value is that of `Counts` (mentees, seats); shown only when the counts have it


class Choice(TypedDict):
    label: str
    items: tuple[str, ...]


class Meeting(TypedDict):
    facts: tuple[Fact, ...]
    link: str | None


class CardData(TypedDict):
    """What the card shows of the session, every text exactly as shown. The same for every open page of a viewer."""

    picture: str | None  # the image's address
    title: str
    status: str
    status_key: str  # upcoming | live | completed: the chip's data-testid
    status_icon: str
    color: str
    text_color: str
    kind: str  # "Public session"
    facts: tuple[Fact, ...]
    description: str
    choices: tuple[Choice, ...]
    meeting: Meeting | None
    meeting_note: str | None


class Counts(TypedDict):
    version: int  # the browser keeps the newest it was sent
    mentees: str
    seats: NotRequired[str]


class Line(TypedDict):
    text: str
    testid: str
    look: str  # waiting | enrolled | strong | place | note | done | error (session_card.js LINES)


class Button(TypedDict):
    text: str
    icon: str
    look: str  # unelevated | outline | negative
    disabled: NotRequired[bool]  # shown but closed (Un-enroll after the cut-off): its reason is a line


class Actions(TypedDict):
    """What the viewer can do, and what is said about it: lines, the buttons, then lines after them."""

    before: tuple[Line, ...]
    buttons: tuple[Button, ...]
    after: tuple[Line, ...]


NO_ACTIONS = Actions(before=(), buttons=(), after=())


class SessionCard(Element, component='session_card.js'):
    """The session's card, or why there is none (`gone`). `on_act(button text)`: a click on an offered button."""

    def __init__(self, on_act: Callable[[str], Awaitable[None]]) -> None:
        super().__init__()
        self.classes('w-full')
        self._props.update(card=None, counts=None, actions=NO_ACTIONS, busy=False, missing=None)
        self._on_act = on_act
        self.on('act', self._acted)

    @property
    def card(self) -> CardData | None:
        return self._props['card']  # type: ignore[no-any-return]

    @property
    def counts(self) -> Counts | None:
        return self._props['counts']  # type: ignore[no-any-return]

    @property
    def actions(self) -> Actions:
        return self._props['actions']  # type: ignore[no-any-return]

    @property
    def busy(self) -> bool:
        return bool(self._props['busy'])

    def show(self, card: CardData, counts: Counts, actions: Actions) -> None:
        """Show these; nothing is sent if nothing changed."""
        shown = {'card': card, 'counts': counts, 'actions': actions, 'missing': None}
        if any(self._props[key] != value for key, value in shown.items()):
            self._props.update(shown)  # a change of props is sent

    def show_counts(self, counts: Counts) -> None:
        """Only the figures changed: the browser gets them alone (not the card's data anew)."""
        with self._props.suspend_updates():
            self._props['counts'] = counts
        self.run_method('show_counts', counts)

    def hold(self, busy: bool) -> None:
        """While an action runs and a moment after, the buttons wait, shown disabled (M1: a double tap acts once)."""
        if busy != self.busy:
            self._props['busy'] = busy

    def gone(self, text: str) -> None:
        """No session to show: say why, with a way back."""
        missing = {'text': text, 'icon': icons.EVENT_BUSY, 'back': 'Back to Home'}
        self._props.update(card=None, actions=NO_ACTIONS, missing=missing)

    @property
    def buttons(self) -> list[str]:
        """The buttons that can be clicked now."""
        if self.busy:
            return []
        return [button['text'] for button in self.actions['buttons'] if not button.get('disabled')]

    @property
    def texts(self) -> list[str]:
        """Every text the card shows, in reading order."""
        missing = self._props['missing']
        if missing is not None:
            return [missing['text'], missing['back']]
        card, counts, actions = self.card, self.counts, self.actions
        if card is None or counts is None:
            return []
        said = [line['text'] for line in actions['before']] + [button['text'] for button in actions['buttons']]
        return [*card_top(card), *said, *(line['text'] for line in actions['after']), *card_rest(card, counts)]

    async def act(self, text: object) -> None:
        """A click, as the browser sends it; anything but a button offered now is ignored (the browser is not
        trusted to send only those)."""
        if text in self.buttons:
            await self._on_act(str(text))

    async def _acted(self, event: GenericEventArguments) -> None:
        args = event.args if isinstance(event.args, dict) else {}
        await self.act(args.get('action'))


def card_top(card: CardData) -> list[str]:
    return [card['status'], card['kind'], card['title']]


def card_rest(card: CardData, counts: Counts) -> list[str]:
    """The texts below the buttons: facts, description, choices, meeting."""
    texts: list[str] = []
    for fact in card['facts']:
        value = fact_value(fact, counts)
        if value is not None:
            texts += [fact['label'], value]
    texts += ['Description', card['description']]
    for choice in card['choices']:
        texts += [choice['label'], *choice['items']]
    meeting = card['meeting']
    if meeting is not None:
        texts += ['Meeting', *(text for fact in meeting['facts'] for text in (fact['label'], fact['value']))]
        texts += [meeting['link']] if meeting['link'] else []
    return texts + ([card['meeting_note']] if card['meeting_note'] else [])


def fact_value(fact: Fact, counts: Counts) -> str | None:
    """What a fact shows: its value, or the figure of the counts it is live with (None: not shown)."""
    live = fact.get('live')
    if live is None:
        return fact['value']
    figures: dict[str, object] = dict(counts)
    return None if live not in figures else str(figures[live])
