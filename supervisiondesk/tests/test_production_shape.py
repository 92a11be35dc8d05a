"""Production shape: gunicorn serves the app, WhiteNoise the hashed static files."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from supervisiondesk.test_environment import production_environ

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_serves_pages_and_hashed_static_files(tmp_path) -> None:
    env = production_environ(
        DEBUG="false",
        SECRET_KEY="p" * 60,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
    )
    port = free_port()
    server = subprocess.Popen(
        [
            python,
            "-m",
            "gunicorn",
            "supervisiondesk.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                page = urllib.request.urlopen(f"{base}/accounts/login/", timeout=2)
                break
            except urllib.error.HTTPError as error:
                raise AssertionError(f"the login page answered {error.code}") from None
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("gunicorn did not start within 10 seconds")
        html = page.read().decode()
        assert "Sign in" in html
        assert page.headers["Content-Security-Policy"].startswith("default-src 'self'")
        css = re.search(r'href="(/static/css/app\.[0-9a-f]{12}\.css)"', html)
        assert css, "the stylesheet is not served under a hashed name"
        static = urllib.request.urlopen(base + css.group(1), timeout=5)
        assert "max-age=315360000" in static.headers["Cache-Control"]
        assert b"--brand" in static.read()
    finally:
        server.terminate()
        server.wait(timeout=10)
