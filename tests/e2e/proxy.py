"""Debian's nginx in front of app instances, configured from deploy/nginx/ for loopback ports (S1).

The upstream and location files are used as shipped; only the instances' ports change. The server block
listens on a free loopback port over plain HTTP (Chromium keeps the route cookie's `Secure` for 127.0.0.1),
and nginx runs in the foreground with its own prefix, pid, logs and temporary directories.
"""

from __future__ import annotations

import re
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.e2e.conftest import ROOT, Server, free_port, stop_server

NGINX = Path('/usr/sbin/nginx')
DEPLOY = ROOT / 'deploy' / 'nginx'
_SERVER_LINE = re.compile(r'^\s*server 127\.0\.0\.1:\d+ (?P<options>[^;]*);\n', re.MULTILINE)


def render_upstream(ports: list[int]) -> str:
    """deploy/nginx/mentor-upstream.conf with its example instances replaced by these ports."""
    shipped = (DEPLOY / 'mentor-upstream.conf').read_text()
    options = _SERVER_LINE.search(shipped)
    assert options is not None, 'mentor-upstream.conf lists no `server 127.0.0.1:PORT …;` line'
    servers = ''.join(f'    server 127.0.0.1:{port} {options["options"]};\n' for port in ports)
    first = options.start()
    return shipped[:first] + servers + _SERVER_LINE.sub('', shipped[first:])


def start_proxy(tmp: Path, ports: list[int], *, connections: int = 1024) -> Server:
    """nginx on a free loopback port in front of the instances on `ports`; its `log()` is its error log.
    `connections`: its worker's limit (bench P11 keeps thousands of pages open through it)."""
    if not NGINX.exists():
        raise RuntimeError(f"{NGINX} is missing: `make setup` installs Debian's nginx")
    prefix = tmp / 'nginx'
    prefix.mkdir()
    (prefix / 'mentor-upstream.conf').write_text(render_upstream(ports))
    port = free_port()
    temp_paths = '\n'.join(
        f'    {kind}_temp_path {prefix / kind};' for kind in ('client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi')
    )
    (prefix / 'nginx.conf').write_text(f"""daemon off;
master_process on;
worker_processes 1;
user root;
pid {prefix / 'nginx.pid'};
error_log {prefix / 'error.log'} info;
events {{ worker_connections {connections}; }}
http {{
    include /etc/nginx/mime.types;
    access_log {prefix / 'access.log'};
{temp_paths}
    include {prefix / 'mentor-upstream.conf'};
    server {{
        listen 127.0.0.1:{port};
        include {DEPLOY / 'mentor-locations.conf'};
    }}
}}
""")
    command = [str(NGINX), '-p', str(prefix), '-c', str(prefix / 'nginx.conf'), '-e', str(prefix / 'error.log')]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    proxy = Server(f'http://127.0.0.1:{port}', process, prefix / 'error.log')
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f'nginx exited with {process.returncode}:\n{proxy.log()}')
        try:
            with urllib.request.urlopen(f'{proxy.url}/healthz', timeout=2):  # noqa: S310 - loopback
                return proxy
        except urllib.error.HTTPError:
            return proxy  # nginx answers; an instance may still be starting
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    stop_server(proxy)
    raise RuntimeError(f'nginx did not answer within 20 s:\n{proxy.log()}')
