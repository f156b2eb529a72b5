"""P5: what C2's image processing costs, next to Pillow making one thumbnail of the same photo.

    .venv/bin/python bench/bench_images.py [--repeats 5] [--size 4000x3000]

Time: median of the repeats. Memory: the peak resident-set growth of a fresh child process per step — what
the target is judged on — and, for information, tracemalloc's peak (Python objects only: Pillow keeps
pixels in C memory that tracemalloc does not see). Targets: time ≤ 1.5× and peak RSS ≤ 2× the baseline.
"""

from __future__ import annotations

import argparse
import io
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from persistence.images import THUMBNAIL_SIDE, process_image

TIME_TARGET = 1.5
MEMORY_TARGET = 2.0


def noisy_jpeg(width: int, height: int) -> bytes:
    """A photo-like JPEG: colour gradients with grain, so the encoder cannot cheat on flat areas."""
    gradient = Image.linear_gradient('L').resize((width, height))
    channels = [Image.blend(gradient, Image.effect_noise((width, height), sigma), 0.3) for sigma in (40, 60, 80)]
    out = io.BytesIO()
    Image.merge('RGB', channels).save(out, 'JPEG', quality=90)
    return out.getvalue()


def baseline(data: bytes) -> None:
    with Image.open(io.BytesIO(data)) as image:
        image.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))


def processed(data: bytes) -> None:
    process_image(data)


STEPS: dict[str, Callable[[bytes], None]] = {'baseline': baseline, 'process_image': processed}


def median_seconds(data: bytes, repeats: int) -> dict[str, float]:
    """Median time of each step; the steps take turns so that a busy machine slows both alike."""
    times: dict[str, list[float]] = {name: [] for name in STEPS}
    for _ in range(repeats):
        for name, step in STEPS.items():
            start = time.perf_counter()
            step(data)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def traced_peak(step: Callable[[bytes], None], data: bytes) -> int:
    tracemalloc.start()
    try:
        step(data)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def rss_growth(step_name: str, path: Path) -> int:
    """Peak RSS growth in bytes of one step run once in a fresh process."""
    result = subprocess.run(
        [sys.executable, __file__, '--child', step_name, '--input', str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(result.stdout.strip())


def peak_rss() -> int:
    """This process's peak resident set in bytes (Linux's VmHWM: unlike ru_maxrss, not inherited from the parent)."""
    status = Path('/proc/self/status')
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith('VmHWM:'):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def child(step_name: str, path: Path) -> None:
    data = path.read_bytes()
    STEPS[step_name](noisy_jpeg(16, 16))  # warm up: plugins and libraries loaded before measuring
    before = peak_rss()
    STEPS[step_name](data)
    print(peak_rss() - before)


def verdict(ratio: float, target: float) -> str:
    return 'ok' if ratio <= target else 'MISSED'


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--repeats', type=int, default=5)
    parser.add_argument('--size', default='4000x3000', help='WxH of the generated photo')
    parser.add_argument('--child', choices=sorted(STEPS), help=argparse.SUPPRESS)
    parser.add_argument('--input', type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.input)
        return

    width, height = (int(part) for part in args.size.lower().split('x'))
    data = noisy_jpeg(width, height)
    print(f'photo: {width}×{height} JPEG, {len(data) / 1e6:.2f} MB; median of {args.repeats} runs')
    seconds = median_seconds(data, args.repeats)
    traced = {name: traced_peak(step, data) for name, step in STEPS.items()}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / 'photo.jpg'
        path.write_bytes(data)
        rss = {name: rss_growth(name, path) for name in STEPS}
    for name in STEPS:
        print(
            f'{name:>14}: {seconds[name] * 1000:8.1f} ms   tracemalloc peak {traced[name] / 1e6:7.2f} MB'
            f'   RSS growth {rss[name] / 1e6:7.1f} MB'
        )
    time_ratio = seconds['process_image'] / seconds['baseline']
    traced_ratio = traced['process_image'] / max(traced['baseline'], 1)
    rss_ratio = rss['process_image'] / max(rss['baseline'], 1)
    print(f'time ratio {time_ratio:.2f}× (target ≤ {TIME_TARGET}×): {verdict(time_ratio, TIME_TARGET)}')
    print(f'RSS ratio {rss_ratio:.2f}× (target ≤ {MEMORY_TARGET}×): {verdict(rss_ratio, MEMORY_TARGET)}')
    print(f'tracemalloc ratio {traced_ratio:.2f}× (no target: Python objects only, see below)')
    print("note: the memory target is judged on peak RSS, which includes Pillow's pixel buffers in C memory;")
    print('      tracemalloc sees only Python objects (for process_image mostly the two JPEGs it returns).')


if __name__ == '__main__':
    main()
