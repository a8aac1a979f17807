"""Measuring helpers for site_benchmark.py: builds, `mkdocs serve`, the CLI, a browser, file sizes.

Everything here runs the real programs as subprocesses in a generated repository, as an editor or
the publishing workflow would, and returns figures; nothing is asserted.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from histories import ROOT

BIN = Path(sys.executable).parent  # the virtualenv running the benchmark: its mkdocs and policy
CACHE_VARIABLE = "POLICY_CACHE_DIR"

@dataclass(frozen=True)
class Generator:
    """How a static-site generator builds and serves the site: argument lists in which {python}
    (this interpreter), {bin} (its virtualenv's scripts), {config}, {site} and {address} are filled
    in. Another generator is one more entry of GENERATORS."""

    build: tuple[str, ...]
    serve: tuple[str, ...] | None = None  # None: its development server is not measured
    # What its build without the engine is (site_benchmark.py): "mkdocs", the staged pages as a
    # docs folder and a configuration without the hooks; "zensical", each language's project as
    # the adapter wrote it, built by Zensical alone.
    plain: str = "mkdocs"


def _make_serve(program: str) -> tuple[str, ...]:
    return ("{bin}/" + program, *serve_arguments(), "-a", "{address}")


GENERATORS: dict[str, Callable[[], Generator]] = {
    # the generator of record, as `make build` runs it
    "properdocs": lambda: Generator(build=("{python}", "-m", "properdocs", "build", "-q", "-f", "{config}", "-d",
                                           "{site}"), serve=_make_serve("properdocs")),
    # MkDocs 1.6 itself, the figures before ProperDocs (the same hooks)
    "mkdocs": lambda: Generator(build=("{python}", "-m", "mkdocs", "build", "-q", "-f", "{config}", "-d", "{site}"),
                                serve=_make_serve("mkdocs")),
    # `make build GENERATOR=zensical`: the engine stages, Zensical renders each language. It has
    # no development server of the site (policy_zensical has `build` only): not measured.
    "zensical": lambda: Generator(build=("{python}", "-m", "policy_zensical", "build", "-q", "--site-dir", "{site}"),
                                  plain="zensical"),
}


def command(template: tuple[str, ...], **values: str) -> list[str]:
    values = {"python": sys.executable, "bin": str(BIN), **values}
    return [part.format(**values) for part in template]


def environment(today: str, cache: Path | None, extra: dict[str, str] | None = None) -> dict[str, str]:
    """This process's environment without any POLICY_ setting of the caller's, plus the day to build
    for and the engine's cache folder (one per history, so a cold build really starts empty)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICY_") and k != "SOURCE_DATE_EPOCH"}
    env.update(NO_MKDOCS_2_WARNING="1", POLICY_TODAY=today)
    if cache is not None:
        env[CACHE_VARIABLE] = str(cache)
    env.update(extra or {})
    return env


@dataclass
class Built:
    seconds: float  # wall time
    cpu: float  # user + system seconds of the build's processes: steadier than wall time on a shared machine
    peak_mib: float  # the largest resident size of the build's process


def build(root: Path, env: dict[str, str], config: str = "mkdocs.yml", site: str = "site",
          generator: str = "mkdocs") -> Built:
    """`generator`'s build of `root`; raises RuntimeError with the log's end on failure."""
    return run_builds([(command(GENERATORS[generator]().build, config=config, site=site), root)], env, generator)


def run_builds(runs: list[tuple[list[str], Path]], env: dict[str, str], name: str) -> Built:
    """Processes (argument list, folder) run at once, as one build: the wall time until the last
    ends, their CPU seconds summed (each the kernel's accounting of the process and of the
    processes it waited for), the largest peak. RuntimeError with a log's end on a failure."""
    with contextlib.ExitStack() as stack:
        logs = [stack.enter_context(tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace"))
                for _ in runs]
        start = time.perf_counter()
        processes = [subprocess.Popen(argv, cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=log)
                     for (argv, folder), log in zip(runs, logs)]
        cpu, peak, failed = 0.0, 0.0, []
        for process, log in zip(processes, logs):
            _, status, usage = os.wait4(process.pid, 0)  # the child's own accounting: its CPU time and peak memory
            process.returncode = os.waitstatus_to_exitcode(status)
            cpu += usage.ru_utime + usage.ru_stime
            peak = max(peak, usage.ru_maxrss / 1024)
            if process.returncode:
                log.seek(0)
                failed.append(_gist(log.read()))
        seconds = time.perf_counter() - start
        if failed:
            raise RuntimeError(f"{name} build failed:\n" + "\n".join(failed))
    return Built(seconds, cpu, peak)


def _gist(log: str) -> str:
    """What a failed run said: its errors, warnings and exception, else its last lines."""
    lines = [line for line in log.splitlines() if line.strip()]
    said = [line for line in lines if re.match(r"(ERROR|WARNING|Aborted|[\w.]+(Error|Exception)\b)", line)]
    return "\n".join(said[-3:] or lines[-3:])


def git_shim(folder: Path) -> tuple[Path, Path]:
    """A `git` that logs every call, then runs the real one: (folder to put first on PATH, log)."""
    real = shutil.which("git") or "/usr/bin/git"
    log = folder / "git-calls.log"
    shim = folder / "bin" / "git"
    shim.parent.mkdir(parents=True, exist_ok=True)
    shim.write_text(f'#!/bin/sh\necho "$@" >> "{log}"\nexec "{real}" "$@"\n')
    shim.chmod(0o755)
    return shim.parent, log


def cli_seconds(root: Path, env: dict[str, str], args: list[str], repeat: int = 3) -> float:
    """Median wall time of `policy ARGS` run in `root` (a new process each time, as an editor runs it)."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = subprocess.run([str(BIN / "policy"), *args], cwd=root, env=env, capture_output=True, text=True,
                                timeout=600)
        runs.append(time.perf_counter() - start)
        if result.returncode:
            raise RuntimeError(f"policy {' '.join(args)} exited {result.returncode}: {result.stderr[-500:]}")
    return statistics.median(runs)


# ------------------------------------------------------------------------------------------------
# Files


def html_bytes(site: Path, *folders: str) -> dict[Path, int]:
    """Size of every index.html under the given folders of the built site."""
    return {page: page.stat().st_size for folder in folders for page in (site / folder).rglob("index.html")}


def file_bytes(path: Path) -> int | None:
    return path.stat().st_size if path.is_file() else None


_NOT_PROSE = re.compile(r"\s|[#*{|<>-]|\d+[.)]")  # headings, lists, placeholders, tables, quotes, HTML


def edit_line(path: Path, token: str) -> None:
    """Append `token` to the first prose line of the text (after the front matter): one line
    edited, as an editor would, in any generated history (sentences themselves may drift)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    fences = [i for i, line in enumerate(lines) if line == "---"]
    start = fences[1] + 1 if len(fences) > 1 and fences[0] == 0 else 0
    for i in range(start, len(lines)):
        if len(lines[i]) > 40 and not _NOT_PROSE.match(lines[i]):
            lines[i] += f" {token}"
            path.write_text("\n".join(lines), encoding="utf-8")
            return
    raise RuntimeError(f"{path}: no prose line to edit")


# ------------------------------------------------------------------------------------------------
# HTTP: a static server, `mkdocs serve`, Chromium


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, ready: Callable[[str], bool], timeout: float,
             alive: Callable[[], bool] = lambda: True) -> float:
    """Seconds until `url` answers with a body `ready` accepts; TimeoutError after `timeout`."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout and alive():
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if ready(response.read().decode("utf-8", "replace")):
                    return time.perf_counter() - start
        except OSError:
            pass
        time.sleep(0.05)  # the resolution of every served-after figure
    raise TimeoutError(f"{url} not ready after {time.perf_counter() - start:.0f} s")


@contextmanager
def static_server(folder: Path) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
                               cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_for(url, lambda body: True, 20)
        yield url
    finally:
        process.terminate()
        process.wait()


def first_view(site: Path) -> tuple[int, int, int]:
    """(bytes as served uncompressed, bytes gzipped as a compressing host such as GitHub Pages
    serves them, requests) of the policy page's first view in headless Chromium (first_view.cjs)."""
    if not (shutil.which("node") and (ROOT / "node_modules" / "playwright-core").is_dir()):
        raise RuntimeError("node or node_modules/playwright-core missing (npm ci)")
    with static_server(site) as url:
        result = subprocess.run(["node", str(ROOT / "benchmarks" / "first_view.cjs"), url], cwd=ROOT,
                                capture_output=True, text=True, timeout=180)
    if result.returncode:
        raise RuntimeError(f"first_view.cjs exited {result.returncode}: {result.stderr[-500:]}")
    data = json.loads(result.stdout)
    return data["bytes"], data["gzipBytes"], data["requests"]


def serve_arguments() -> list[str]:
    """The mkdocs arguments of the Makefile's `serve` target (so that `--dirty`, or whatever it
    becomes, is what gets measured); plain `serve` if the recipe cannot be read."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^serve:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    for line in (recipe.group(1).splitlines() if recipe else []):
        found = re.search(r"(?:mkdocs|properdocs|\$\(PROPERDOCS\))\s+(serve\b[^;&|#]*)", line, re.IGNORECASE)
        if found:
            return [a for a in shlex.split(found.group(1)) if "$" not in a]
    return ["serve"]


@dataclass
class Served:
    seconds: float  # from saving the edit until the page shows it
    rebuilt: str  # what the adapter logged after the edit ("" if nothing)
    rebuilds: int  # builds MkDocs started after the edit, by the time the page showed it


def serve_edit(root: Path, env: dict[str, str], page: str, path: Path, log: Path,
               start_timeout: float = 1800, timeout: float = 1200, generator: str = "mkdocs") -> Served:
    """Start the generator's development server (`mkdocs serve` as `make serve` runs it), wait for
    `page`, append a token to one line of `path`, and time until the served page shows it."""
    port = free_port()
    argv = command(GENERATORS[generator]().serve, address=f"127.0.0.1:{port}")
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(argv, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/{page.lstrip('/')}"
        alive = lambda: process.poll() is None  # noqa: E731
        wait_for(url, lambda body: True, start_timeout, alive)
        time.sleep(1)  # let the watcher settle after the first build
        offset = log.stat().st_size
        token = f"benchmark-edit-{time.time_ns()}"
        start = time.perf_counter()
        edit_line(path, token)
        wait_for(url, lambda body: token in body, timeout, alive)
        seconds = time.perf_counter() - start
        time.sleep(0.5)  # the log lines written while the page was served
        after = log.read_text(encoding="utf-8", errors="replace")[offset:]
    except TimeoutError as exc:
        how = f"exited with code {process.returncode}" if process.poll() is not None else str(exc)
        raise RuntimeError(f"{' '.join(argv[:2])} {how}:\n"
                           + _gist(log.read_text(encoding="utf-8", errors="replace"))) from None
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    # The adapter logs through MkDocs's plugin logger ("policy: ..."); its one line per build with
    # the number of versions is not about what was rebuilt.
    notes = [line.split("policy: ", 1)[1].strip() for line in after.splitlines()
             if "policy: " in line and "public versions, current" not in line]
    return Served(seconds, "; ".join(notes), after.count("Building documentation"))
