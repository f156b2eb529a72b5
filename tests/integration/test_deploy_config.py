"""S1: the shipped nginx site (HTTPS, deploy/nginx/ as docs/deployment.md installs it) passes `nginx -t`.

tests/e2e/test_proxy.py runs the upstream and location files for real over loopback HTTP; this checks the
parts it cannot: the HTTPS server blocks, with a throwaway certificate in place of the real one.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.e2e.proxy import DEPLOY, NGINX


def test_s1_the_shipped_https_site_is_valid_nginx_configuration(tmp_path: Path) -> None:
    assert NGINX.exists(), f"{NGINX} is missing: `make setup` installs Debian's nginx"
    key, certificate = tmp_path / 'key.pem', tmp_path / 'cert.pem'
    subprocess.run(
        ['openssl', 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
         '-days', '1', '-subj', '/CN=mentor.example.org', '-keyout', str(key), '-out', str(certificate)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    site = (DEPLOY / 'mentor-site.conf').read_text()
    site = site.replace('/etc/letsencrypt/live/mentor.example.org/fullchain.pem', str(certificate))
    site = site.replace('/etc/letsencrypt/live/mentor.example.org/privkey.pem', str(key))
    site = site.replace('include snippets/mentor-locations.conf;', f'include {DEPLOY / "mentor-locations.conf"};')
    (tmp_path / 'site.conf').write_text(site)
    (tmp_path / 'nginx.conf').write_text(f"""pid {tmp_path / 'nginx.pid'};
error_log {tmp_path / 'error.log'};
events {{ }}
http {{
    include /etc/nginx/mime.types;
    include {DEPLOY / 'mentor-upstream.conf'};
    include {tmp_path / 'site.conf'};
}}
""")
    result = subprocess.run(
        [str(NGINX), '-t', '-p', str(tmp_path), '-c', str(tmp_path / 'nginx.conf'), '-e', str(tmp_path / 'error.log')],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert 'test is successful' in result.stderr
    assert '[warn]' not in result.stderr, result.stderr
