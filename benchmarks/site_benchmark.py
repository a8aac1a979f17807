"""How the site scales with its history: one command, figures printed (nothing is asserted).

    .venv/bin/python benchmarks/site_benchmark.py [--sizes 10 50 100 200] [--no-serve]

For each history size it generates a sample history (benchmarks/histories.py), builds it with the
hooks, builds the very same pages as plain Markdown without the hooks, and measures: build times
and their ratio, growth from 100 to 200 versions, git calls made by a build, the diff of one pair,
peak memory, the search index, the policy page's first view, and `mkdocs serve`'s rebuild after an
edit. Ratios are measured in one run, on one machine, so they compare like with like.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from histories import ROOT, day_after, make_project  # noqa: E402

from policy_engine.comparison import compare  # noqa: E402
from policy_engine.site import build_site  # noqa: E402
from policy_engine.versions import load_versions  # noqa: E402

# Runs mkdocs in this process and reports its peak memory (KiB) when it exits.
_MEASURED = ("import atexit, resource, runpy, sys\n"
             "atexit.register(lambda: print('PEAK_KIB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "
             "file=sys.stderr))\n"
             "sys.argv = ['mkdocs'] + sys.argv[1:]\n"
             "runpy.run_module('mkdocs', run_name='__main__')\n")


def _env(root: Path, today: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICY_")}
    env.update(NO_MKDOCS_2_WARNING="1", POLICY_TODAY=today, **(extra or {}))
    return env


def _build(root: Path, config: str, site: Path, env: dict[str, str]) -> tuple[float, int]:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", _MEASURED, "build", "-q", "-f", config, "-d", str(site)],
                            cwd=root, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode:
        raise SystemExit(f"build failed in {root}:\n{result.stderr[-2000:]}")
    peak = int(re.search(r"PEAK_KIB (\d+)", result.stderr).group(1))
    return seconds, peak


def _git_shim(folder: Path) -> Path:
    """A `git` first on PATH that logs every call, then runs the real one."""
    real = shutil.which("git") or "/usr/bin/git"
    log = folder / "git-calls.log"
    shim = folder / "bin" / "git"
    shim.parent.mkdir(parents=True)
    shim.write_text(f'#!/bin/sh\necho "$@" >> "{log}"\nexec "{real}" "$@"\n')
    shim.chmod(0o755)
    return log


def _plain_project(root: Path, today: str) -> str:
    """The pages the hooks generate, written out as plain Markdown, and a config without hooks."""
    site = build_site(root, _env(root, today))
    docs = root / "plain_docs"
    shutil.copytree(root / "docs", docs)
    for page in site.pages:
        path = docs / page.lang / page.src
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.markdown, encoding="utf-8")
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"\nhooks:\n(  - .*\n)+", "\n", text).replace("docs_dir: docs", "docs_dir: plain_docs")
    contact = site.contact
    extra = {"policy": {"feed_url": "/feeds/ja.xml", "feed_title": "feed", "footer_html": contact.html("ja"),
                        "json_ld": json.dumps(contact.json_ld("ja"), ensure_ascii=False)}}
    text += "\n" + yaml.safe_dump({"extra": extra}, allow_unicode=True)
    (root / "mkdocs-plain.yml").write_text(text, encoding="utf-8")
    return "mkdocs-plain.yml"


def _first_view(site: Path) -> tuple[int, int, str]:
    """(bytes, requests) of the policy page's first view, in Chromium when the tools are installed."""
    script = ROOT / "benchmarks" / "first_view.cjs"
    if shutil.which("node") and (ROOT / "node_modules" / "playwright-core").is_dir() and Path("/usr/bin/chromium").exists():
        with _server(site) as url:
            result = subprocess.run(["node", str(script), url], cwd=ROOT, capture_output=True, text=True, timeout=120)
        if result.returncode == 0:
            data = json.loads(result.stdout)
            return data["bytes"], data["requests"], "Chromium"
    # Without a browser: the page and what it links to directly, plus the search index it loads.
    html = (site / "index.html").read_text(encoding="utf-8")
    linked = re.findall(r'(?:href|src)="([^"]+\.(?:css|js))"', html)
    files = [site / "index.html", site / "search" / "search_index.json"] + [site / l.lstrip("./") for l in linked]
    existing = [f for f in files if f.is_file()]
    return sum(f.stat().st_size for f in existing), len(existing), "static estimate"


class _server:
    def __init__(self, folder: Path):
        self.folder, self.port = folder, _free_port()

    def __enter__(self) -> str:
        self.process = subprocess.Popen([sys.executable, "-m", "http.server", str(self.port), "--bind", "127.0.0.1"],
                                        cwd=self.folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{self.port}/"
        _wait_for(url, lambda body: True, 20)
        return url

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, ready, timeout: float) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if ready(response.read().decode("utf-8", "replace")):
                    return time.perf_counter() - start
        except OSError:
            pass
        time.sleep(0.05)
    raise TimeoutError(url)


def _serve_rebuild(root: Path, today: str, last: str) -> float:
    """Seconds from saving an edit to a version file until `mkdocs serve` serves the new page."""
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                               cwd=root, env=_env(root, today), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        page = f"http://127.0.0.1:{port}/en/versions/{last}/"
        _wait_for(page, lambda body: "Privacy Policy" in body, 300)
        token = f"benchmark-edit-{time.time_ns()}"
        path = root / "policy_versions" / last / "en.md"
        text = path.read_text(encoding="utf-8")
        start = time.perf_counter()
        path.write_text(text.replace("(hereinafter “this Privacy Policy”).", f"(hereinafter “this Privacy Policy”). {token}", 1),
                        encoding="utf-8")
        _wait_for(page, lambda body: token in body, 300)
        return time.perf_counter() - start
    finally:
        process.terminate()
        process.wait()


def measure(size: int, work: Path, serve: bool) -> dict:
    root = make_project(work / f"history-{size}", size)
    today = day_after(size)
    log = _git_shim(root)
    env = _env(root, today, {"PATH": f"{root / 'bin'}:{os.environ['PATH']}"})
    hooked, peak = _build(root, "mkdocs.yml", root / "site", env)
    git_calls = len(log.read_text().splitlines()) if log.exists() else 0
    plain_config = _plain_project(root, today)
    plain, _ = _build(root, plain_config, root / "site-plain", _env(root, today))
    versions = load_versions(root / "policy_versions")
    start = time.perf_counter()
    for lang in ("ja", "en"):
        compare(versions[-2].docs[lang], versions[-1].docs[lang])
    diff_ms = (time.perf_counter() - start) / 2 * 1000
    view_bytes, requests, how = _first_view(root / "site")
    pages = sum(1 for _ in (root / "site").rglob("index.html"))
    comparisons = sum(1 for _ in (root / "site").glob("compare/*/*/index.html"))
    return {
        "versions": size, "pages": pages, "comparisons_per_language": comparisons,
        "build_s": hooked, "plain_s": plain, "ratio": hooked / plain, "peak_mib": peak / 1024,
        "git_calls": git_calls, "diff_ms": diff_ms,
        "search_kib": (root / "site" / "search" / "search_index.json").stat().st_size / 1024,
        "first_view_kib": view_bytes / 1024, "first_view_requests": requests, "first_view_by": how,
        "serve_s": _serve_rebuild(root, today, versions[-1].id) if serve else None,
    }


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--sizes", type=int, nargs="+", default=[10, 50, 100, 200])
    options.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve measurement")
    args = options.parse_args()
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="policy-bench-") as work:
        for size in args.sizes:
            rows.append(measure(size, Path(work), serve=not args.no_serve))
            print(f"  measured {size} versions", file=sys.stderr)
    header = ("| versions | pages | comparisons/lang | build s (hooks) | build s (plain) | ratio | peak MiB "
              "| git calls | diff ms | search index KiB | first view KiB / requests | serve rebuild s |")
    print(header)
    print("|" + "|".join("---" for _ in range(12)) + "|")
    for r in rows:
        serve = f"{r['serve_s']:.2f}" if r["serve_s"] is not None else "—"
        print(f"| {r['versions']} | {r['pages']} | {r['comparisons_per_language']} | {r['build_s']:.2f} | "
              f"{r['plain_s']:.2f} | {r['ratio']:.2f} | {r['peak_mib']:.0f} | {r['git_calls']} | {r['diff_ms']:.1f} | "
              f"{r['search_kib']:.1f} | {r['first_view_kib']:.0f} / {r['first_view_requests']} | {serve} |")
    by_size = {r["versions"]: r for r in rows}
    if 100 in by_size and 200 in by_size:
        growth = by_size[200]["build_s"] / by_size[100]["build_s"]
        print(f"growth, build time 200 / 100 versions: {growth:.2f} (goal at most 2.1)")
    print(f"worst ratio hooks / plain: {max(r['ratio'] for r in rows):.2f} (goal at most 1.2)")
    print(f"first view measured by: {rows[0]['first_view_by']}")


if __name__ == "__main__":
    main()
