"""Every benchmark under bench/ still runs (P1–P7), on tiny sizes: it exits 0 and prints its ratio lines.

Speed is not checked here (the figures of tiny runs mean nothing); `make bench` measures it. The browser
benchmarks need Chromium; PostgreSQL parts run when MENTOR_TEST_POSTGRES_URL is set, else they are skipped
by the script itself.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RATIO = re.compile(r'ratio \d+\.\d\d× .*\(target [≤≥] [\d.]+×\): (ok|MISSED)')
CHROMIUM = Path('/usr/bin/chromium')
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists() and shutil.which('chromium') is None, reason='needs Chromium')


def _postgres() -> list[str]:
    return ['--postgres', os.environ.get('MENTOR_TEST_POSTGRES_URL', '')]


def _run(script: str, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(('MENTOR_', 'NICEGUI_', 'PYTEST_'))}
    result = subprocess.run(
        [sys.executable, f'bench/{script}', *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, f'{script} failed:\n{result.stdout}\n{result.stderr[-4000:]}'
    return result.stdout


def _ratio_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if RATIO.search(line)]


def test_p3_csv_benchmark_prints_time_memory_and_growth() -> None:
    output = _run('bench_csv.py', '--sizes', '20,60', '--repeats', '1')
    assert [line.split(':')[0] for line in _ratio_lines(output)] == ['60 mentees']  # the target's size only
    assert output.count('peak memory growth') == 2
    assert '20 mentees: time ratio' in output and '(no target: growth size)' in output
    assert 'mentee_list_csv growth:' in output


def test_p4_enrollment_benchmark_prints_throughput_overbooking_and_growth() -> None:
    output = _run('bench_enrollments.py', '--sizes', '100,200', '--repeats', '1', *_postgres())
    assert len(_ratio_lines(output)) >= 3
    assert 'SQLite: overbooked seats 0, wrong outcomes 0 (target 0): ok' in output
    assert 'SQLite enroll (spread) growth:' in output


def test_p9_dashboard_benchmark_prints_its_ratios_and_the_csv_memory() -> None:
    output = _run('bench_dashboard.py', '--sessions', '60', '--enrollments', '120', '--repeats', '1', *_postgres())
    assert len(_ratio_lines(output)) >= 3
    assert 'SQLite: CSV peak memory growth' in output


def test_p5_image_benchmark_prints_time_and_memory_ratios() -> None:
    output = _run('bench_images.py', '--repeats', '1', '--size', '400x300')
    assert len(_ratio_lines(output)) == 2  # time and peak RSS
    assert 'tracemalloc ratio' in output


def test_p7_startup_benchmark_prints_its_ratio() -> None:
    output = _run('bench_startup.py', '--repeats', '1')
    assert len(_ratio_lines(output)) == 1


@needs_chromium
@pytest.mark.e2e
def test_p1_home_page_benchmark_prints_ratios_to_the_blank_page_and_between_sizes() -> None:
    output = _run('bench_home_page.py', '--sizes', '20,50', '--repeats', '1')
    assert len(_ratio_lines(output)) == 3
    assert 'home page growth:' in output


@needs_chromium
@pytest.mark.e2e
def test_p2_live_broadcast_benchmark_prints_its_latency_ratios() -> None:
    output = _run('bench_live_broadcast.py', '--pages', '3', '--repeats', '1', *_postgres())
    assert len(_ratio_lines(output)) == 1
    if os.environ.get('MENTOR_TEST_POSTGRES_URL'):
        assert 'app (PostgreSQL, two instances) vs bare broadcast: latency ratio' in output


@needs_chromium
@pytest.mark.e2e
def test_p6_page_memory_benchmark_prints_its_ratio() -> None:
    output = _run('bench_page_memory.py', '--pages', '3', '--repeats', '1', '--sessions', '30')
    assert len(_ratio_lines(output)) == 1


def test_p8_mail_benchmark_prints_throughput_and_memory_growth() -> None:
    output = _run('bench_mail.py', '--sizes', '20,40', '--repeats', '1')
    assert len(_ratio_lines(output)) == 1
    assert 'P8 sender peak memory growth from 20 to 40 mails:' in output


def test_m1_sign_in_load_benchmark_prints_enrollment_latency_and_its_ratio() -> None:
    output = _run('bench_sign_in_load.py', '--enrollments', '3', '--repeats', '1', '--clients', '2')
    assert 'enrollment latency, idle server:' in output
    assert len(_ratio_lines(output)) == 1


def test_p11_open_pages_benchmark_prints_latency_failures_memory_and_cpu() -> None:
    output = _run('bench_open_pages.py', '--pages', '6', '--other-pages', '3', '--idle', '1')
    assert 'failed or missed pages: 0 (target 0): ok' in output
    assert 'one enrollment: 6 pages, p50' in output
    assert 'server memory per open page:' in output
    assert 'answers of /healthz, p50' in output
    assert 'pages whose socket closed since they opened: 0 (target 0): ok' in output
    assert len(_ratio_lines(output)) == 5


def test_p11_open_pages_benchmark_measures_behind_nginx_with_two_instances() -> None:
    output = _run('bench_open_pages.py', '--pages', '0', '--behind-nginx', '4', *_postgres())
    if os.environ.get('MENTOR_TEST_POSTGRES_URL'):
        assert 'behind nginx, two instances: 4 pages, p50' in output
        assert 'behind nginx: failed or missed pages: 0 (target 0): ok' in output
        assert len(_ratio_lines(output)) == 1
    else:
        assert 'PostgreSQL: skipped' in output


def test_p10_bulk_upload_benchmark_prints_its_ratio_and_memory() -> None:
    output = _run('bench_bulk_upload.py', '--rows', '20', '--repeats', '1', '--memory-sizes', '10,30')
    assert len(_ratio_lines(output)) == 1
    assert 'memory: rows ×3.0 → job peak' in output
