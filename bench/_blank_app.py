"""The baselines the benchmarks start as server processes, the way main.py is started.

python bench/_blank_app.py blank --port N        a bare NiceGUI app: one blank page at /  (P1, P6, P7)
python bench/_blank_app.py broadcast --port N    a bare live count: a refreshable label on every open
                                                 page at /, and a "Bump" button that emits an Event (P2)
python bench/_blank_app.py inside-app --port N   the real app (main.py --demo), plus a blank page at
                                                 /bench/blank served by that same process (P1, P6)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from nicegui import Event, ui

# The same server options as main.py, so that only the pages differ.
RUN_OPTIONS: dict[str, object] = {
    'host': '127.0.0.1',
    'title': 'Mentor sessions',
    'favicon': '🎓',
    'reload': False,
    'show': False,
    'reconnect_timeout': 30.0,
    'tailwind': False,  # main.py serves Tailwind's classes compiled ahead of time (ui/tailwind.py)
    'dark': None,  # main.py follows the system's colour scheme
}
BLANK_TEXT = 'Blank page'

count_changed: Event[[]] = Event()
count = [0]


def blank_page() -> None:
    ui.label(BLANK_TEXT).props('data-testid=blank')


def broadcast_page() -> None:
    @ui.refreshable
    def shown() -> None:
        ui.label(str(count[0])).props('data-testid=mentee-count')

    def bump() -> None:
        count[0] += 1
        count_changed.emit()

    shown()
    count_changed.subscribe(shown.refresh)
    ui.button('Bump', on_click=bump).props('data-testid=bump')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument('mode', choices=['blank', 'broadcast', 'inside-app'])
    parser.add_argument('--port', type=int, required=True)
    args = parser.parse_args()
    if args.mode == 'inside-app':
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        import main as app_main

        ui.page('/bench/blank')(blank_page)
        app_main.main(['--demo', '--port', str(args.port)])
        return
    ui.page('/')(blank_page if args.mode == 'blank' else broadcast_page)
    ui.run(port=args.port, **RUN_OPTIONS)  # type: ignore[arg-type]


if __name__ in {'__main__', '__mp_main__'}:
    main()
