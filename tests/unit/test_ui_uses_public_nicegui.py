"""Issue 13 item 3: ui/ uses NiceGUI through its public API. No element of ours overrides a private method of
NiceGUI's elements (as `_displayed_contents` once was, so that the simulated user read texts drawn from data:
the tests read those through the elements' public `texts`, tests/ui/conftest.py)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from nicegui import ui

import ui as our_ui


def private_overrides(cls: type) -> list[str]:
    """Names of single-underscore methods `cls` defines itself that a NiceGUI class it derives from defines too."""
    theirs = [base for base in cls.__mro__[1:] if base.__module__.startswith('nicegui')]
    own = [name for name, value in vars(cls).items() if name[:1] == '_' and name[:2] != '__' and callable(value)]
    return [name for name in own if any(name in vars(base) for base in theirs)]


def our_elements() -> list[type]:
    found = []
    for module_info in pkgutil.walk_packages(our_ui.__path__, 'ui.'):
        module = importlib.import_module(module_info.name)
        found += [cls for _, cls in inspect.getmembers(module, inspect.isclass)
                  if cls.__module__ == module.__name__ and issubclass(cls, ui.element)]  # fmt: skip
    return found


def test_no_element_of_ours_overrides_a_private_method_of_nicegui() -> None:
    elements = our_elements()
    assert len(elements) >= 5  # the header, the card, the tiles, the pager, …
    assert {cls.__name__: private_overrides(cls) for cls in elements if private_overrides(cls)} == {}


def test_the_check_would_catch_such_an_override() -> None:
    class Sneaky(ui.element):
        def _displayed_contents(self, *, only_visible: bool) -> list[object]:
            return []

        def _our_own(self) -> None: ...

    assert private_overrides(Sneaky) == ['_displayed_contents']
