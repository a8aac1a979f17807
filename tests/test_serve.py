"""`mkdocs serve --dirty` (make serve): an edit is served after one rebuild of the pages it
changes, not a loop; the comparisons it changes follow in the rebuilds after it; the log says
which pages were rebuilt. (How fast is benchmarks/' business, not a test's.)"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

from pathlib import Path

from conftest import ROOT, clean_env
from histories import day_after, make_project

SERVE = ["serve", "--dirty", "-f", "mkdocs.yml"]  # as the Makefile's serve target runs it (checked below)


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


def _serve(root: Path, today: str) -> tuple[subprocess.Popen, str]:
    port = _port()
    server = subprocess.Popen([sys.executable, "-m", "properdocs", *SERVE, "-a", f"127.0.0.1:{port}"], cwd=root,
                              env=clean_env(POLICY_TODAY=today), stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    return server, f"http://127.0.0.1:{port}"


def test_make_serve_serves_dirty():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "PROPERDOCS := $(BIN)/properdocs\n" in makefile
    assert "\t$(PROPERDOCS) serve --dirty -f mkdocs.yml\n" in makefile


def test_an_edit_is_served_after_one_rebuild(project):
    server, address = _serve(project, "2026-11-25")
    page = f"{address}/en/"
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
    assert ("policy: rebuilt 2 changed page(s): en/index.md, en/versions/2026-11-24.md (and the searchable ones, "
            "whose index is rebuilt each time)") in output
    assert "Aborted" not in output and "WARNING" not in output  # --strict holds in a dirty rebuild


def test_the_comparisons_an_edit_changes_follow_and_search_keeps_the_policy(tmp_path):
    """Twelve versions that drift, the newest in effect: an edit of it changes its page and the
    comparison of every older version with it. The page shows at once; the comparisons follow."""
    root = make_project(tmp_path / "drifting", 12, drifting=True)
    newest = sorted(p.name for p in (root / "policy_versions").iterdir())[-1]
    server, address = _serve(root, day_after(12))
    try:
        _until(lambda: "Privacy Policy" in _get(f"{address}/en/versions/{newest}/"), timeout=120)
        path = root / "policy_versions" / newest / "en.md"
        path.write_text(path.read_text(encoding="utf-8").replace("(hereinafter", "EDITED-HERE (hereinafter", 1),
                        encoding="utf-8")
        _until(lambda: "EDITED-HERE" in _get(f"{address}/en/versions/{newest}/"))
        olders = sorted(p.name for p in (root / "policy_versions").iterdir())[:-2]
        _until(lambda: all("EDITED-HERE" in _get(f"{address}/en/compare/{old}/{newest}/") for old in olders),
               timeout=120)
        index = _get(f"{address}/en/search/search_index.json")  # the English edit, in the English index
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "more follow in the next rebuild" in output, output
    assert "EDITED-HERE" in index  # the policy in effect is indexed after the rebuilds too
    assert "Aborted" not in output
