"""Small pieces the session form's controls share: the message beside a control (E2) and a window."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Protocol

from nicegui import ui

from ui import icons


class ErrorText:
    """A refusal shown as red text right where it is created; hidden while there is none."""

    def __init__(self) -> None:
        self._label = ui.label('').classes('text-sm text-negative break-words')
        self._label.props('role=alert aria-live=polite')
        self._label.set_visibility(False)

    @property
    def error(self) -> str | None:
        return self._label.text or None

    @error.setter
    def error(self, message: str | None) -> None:
        self._label.set_text(message or '')
        self._label.set_visibility(bool(message))


class ControlError:
    """The message beside a Quasar field (input, textarea, number); the field itself turns red too.

    The message is our own label rather than Quasar's `error-message`, so that it reads the same for every
    control, composite ones included, and so that it is part of the page's text. Typing clears it.
    """

    def __init__(self, control: ui.input | ui.number) -> None:
        self._control = control
        self.focus_target: ui.element = control
        self._text = ErrorText()
        control.on_value_change(self._clear)

    def _clear(self) -> None:
        self.error = None

    @property
    def error(self) -> str | None:
        return self._text.error

    @error.setter
    def error(self, message: str | None) -> None:
        self._text.error = message
        if message:
            self._control.props('error aria-invalid=true')
        else:
            self._control.props(remove='error aria-invalid')


FORM_CSS = """
/* A box that opens a window (Session type) reads as a control, not as a disabled field. */
.choice-box.q-field--readonly.q-field--outlined .q-field__control:before { border-style: solid; }
.choice-box.q-field--readonly .q-field__native { cursor: pointer; }
"""


# E2: typing marks the form unsaved (in the browser, no round trip); leaving it then asks first. Search boxes
# in windows are not work to lose.
UNSAVED_GUARD = """<script>
window.mentorFormUnsaved = false;
document.addEventListener('input', (event) => {
  if (!event.target.closest('.q-dialog')) window.mentorFormUnsaved = true;
}, true);
window.addEventListener('beforeunload', (event) => {
  if (window.mentorFormUnsaved) { event.preventDefault(); event.returnValue = ''; }
});
</script>"""


def add_form_styles() -> None:
    ui.add_css(FORM_CSS)
    ui.add_head_html(UNSAVED_GUARD)


def mark_saved() -> None:
    """What was typed is stored: leaving the page no longer asks."""
    ui.run_javascript('window.mentorFormUnsaved = false')


def field_heading(text: str) -> ui.label:
    return ui.label(text).classes('text-sm font-medium text-gray-800')


def card_heading(text: str, hint: str = '') -> None:
    ui.label(text).classes('text-lg font-semibold').props('role=heading aria-level=2')
    if hint:
        ui.label(hint).classes('text-sm text-gray-700 -mt-2 break-words')


class Window:
    """A dialog whose content is built each time it opens and removed when it closes, so that its texts are
    on the page only while it shows. The "X" button closes it without doing anything else.

    Create it once with the control that owns it (the dialog lives as long as that control).
    """

    def __init__(self) -> None:
        with ui.dialog() as self.dialog, ui.card().classes('w-full max-w-xl p-0'):
            self._body = ui.column().classes('w-full gap-3 p-4')
        self.dialog.on_value_change(lambda event: None if event.value else self._body.clear())

    @contextmanager
    def opened(self, title: str, marker: str) -> Iterator[None]:
        self._body.clear()
        with self._body, ui.column().classes('w-full gap-3').mark(marker):
            with ui.row().classes('w-full items-center no-wrap gap-2'):
                ui.label(title).classes('text-lg font-semibold grow break-words').props('role=heading aria-level=2')
                close = ui.button(icon=icons.CLOSE, on_click=self.close).props('flat round dense aria-label=Close')
                close.mark('close')
            yield
        self.dialog.props['aria-label'] = title  # as a value: a title may hold quotes (an item's name, R7)
        self.dialog.update()
        self.dialog.open()

    def close(self) -> None:
        self.dialog.close()


class ErrorBeside:
    """For components that show refusals through their `_error` (ErrorText or ControlError): `.error` forwards.

    `focus_target` is the control the keyboard goes to when the component's refusal is the form's first.
    """

    _error: ErrorText | ControlError
    focus_target: ui.element

    @property
    def error(self) -> str | None:
        return self._error.error

    @error.setter
    def error(self, message: str | None) -> None:
        self._error.error = message


class FormField(Protocol):
    """A form control that shows its refusal beside itself and can take the keyboard to it."""

    error: str | None

    @property
    def focus_target(self) -> ui.element: ...


def focus_first_error(fields: Iterable[FormField]) -> None:
    """E2: the keyboard (and the screen) goes to the first field, in the form's order, that shows a refusal."""
    first = next((field.focus_target for field in fields if field.error), None)
    if first is None:
        return
    ui.run_javascript(
        f"""const box = getHtmlElement({first.id});
        const control = box.matches('input, textarea, button') ? box : box.querySelector('input, textarea, button');
        (control || box).focus({{preventScroll: true}});
        box.scrollIntoView({{block: 'center'}});"""
    )
