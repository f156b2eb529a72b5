"""P7: from process start to the first answered request, `python main.py --demo` on the demo database,
next to a bare NiceGUI app (bench/_blank_app.py) started the same way.

    .venv/bin/python bench/bench_startup.py [--repeats 7]

Each start is timed from `Popen` until the first HTTP 200 (polled every 5 ms): `/login` for the app,
`/` for the bare app, both NiceGUI pages. The demo database is seeded by a first, separate start (shown,
not compared); the measured starts find it seeded, as a restart does. Median of the repeats, the two
taking turns. Target: ≤ 2× the bare app. With --importtime the app's slowest imports are listed.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._support import ROOT, Server, alternating_medians, app_server, blank_server, ratio_line, stop_server

TARGET = 2.0


def seconds_to_answer(start: partial[Server]) -> float:
    server = start()
    try:
        return server.answered - server.started
    finally:
        stop_server(server)


def slowest_imports(count: int) -> None:
    """`python -X importtime` of main.py's imports: the top-level packages that cost the most."""
    code = 'import main'
    result = subprocess.run(
        [sys.executable, '-X', 'importtime', '-c', code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    cumulative: dict[str, int] = {}
    for line in result.stderr.splitlines():
        found = re.match(r'import time:\s+\d+ \|\s+(\d+) \|( *)(\S+)', line)
        if found and len(found.group(2)) == 1:  # top level: one space of indent
            cumulative[found.group(3)] = int(found.group(1))
    total = sum(cumulative.values())
    print(f'imports of main.py: {total / 1e6:.2f} s in all; the slowest top-level ones:')
    for name, micros in sorted(cumulative.items(), key=lambda item: -item[1])[:count]:
        print(f'  {name:<32} {micros / 1e3:7.1f} ms')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--repeats', type=int, default=7)
    parser.add_argument('--importtime', action='store_true', help='also list the slowest imports')
    args = parser.parse_args()
    print(f'P7 process start to first answered request; median of {args.repeats} starts')
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        database_url = f'sqlite:///{tmp / "demo.db"}'
        first = seconds_to_answer(partial(app_server, tmp, database_url))
        print(f'first start (migrations + demo data): {first * 1000:7.0f} ms (not compared)')
        steps = {
            'bare NiceGUI app': partial(seconds_to_answer, partial(blank_server, tmp)),
            'main.py --demo': partial(seconds_to_answer, partial(app_server, tmp, database_url)),
        }
        seconds = alternating_medians(steps, args.repeats)
    for name, value in seconds.items():
        print(f'{name:>17}: {value * 1000:7.0f} ms')
    ratio_line('start-up time', seconds['main.py --demo'] / seconds['bare NiceGUI app'], TARGET)
    if args.importtime:
        slowest_imports(8)


if __name__ == '__main__':
    main()
