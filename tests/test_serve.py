"""`mkdocs serve` (make serve): an edit to a version is served after one rebuild, not a loop."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

from conftest import clean_env


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def _until(predicate, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError("timed out")


def test_an_edit_is_served_after_one_rebuild(project):
    port = _port()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=project,
                              env=clean_env(POLICY_TODAY="2026-11-25"), stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    page = f"http://127.0.0.1:{port}/en/"
    try:
        _until(lambda: "Privacy Policy" in _get(page))
        path = project / "policy_versions" / "2026-11-24" / "en.md"
        path.write_text(path.read_text(encoding="utf-8").replace("deceit or other unjust means.",
                                                                  "deceit or other unjust means. EDITED-HERE", 1),
                        encoding="utf-8")
        _until(lambda: "EDITED-HERE" in _get(page))
        time.sleep(3)  # a staging loop would go on rebuilding by now
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert output.count("Detected file changes") == 1, output
