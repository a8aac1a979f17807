"""How the site scales with its history (issue 15): one command, figures printed, nothing asserted.

    .venv/bin/python benchmarks/site_benchmark.py [--sizes 10 50 100 200] [--kinds small drifting]
        [--generator mkdocs ...] [--no-serve] [--no-cli] [--no-plain] [--no-warm] [--no-first-view]
        [--json FILE]

For each kind of generated history (benchmarks/histories.py: `small` changes, or `drifting` text)
and each size, in a temporary folder: a cold build (empty engine cache), the site's bytes, the
policy page's first view in Chromium, the CLI's wall time, a plain build without the hooks, two
warm builds (a line of the newest version edited; a version added after the last), and
`mkdocs serve` as `make serve` runs it, from saving an edited line until the page shows it.
Then Markdown tables ready for BENCHMARKS.md, each figure beside its goal (report.py).
Ratios are measured in one run on one machine: they compare like with like on a noisy machine.
Each build's CPU time (user + system, the kernel's accounting of the build's process) is reported
beside its wall time: on a machine shared with other work it moves much less.
With several generators (`--generator`, measure.GENERATORS), each is measured in turn on the same
histories, and the tables show them side by side.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from histories import day_after, make_project  # noqa: E402
from measure import GENERATORS, build, cli_seconds, edit_line, environment, file_bytes, first_view, git_shim, \
    html_bytes, run_builds, serve_edit  # noqa: E402
from report import GROWTH_FILES, Result, print_report  # noqa: E402

KINDS = ("small", "drifting")
ANNOUNCED_AHEAD = 40  # days: histories.write_history announces every version this long before it takes effect


def _part(result: Result, name: str, function: Callable[[], None]) -> None:
    """Run one measurement; a failure is reported with the figures (and on stderr), never fatal:
    the other figures of a long run are still worth having."""
    start = time.perf_counter()
    try:
        function()
    except Exception as exc:  # noqa: BLE001  (a benchmark reports, it does not stop)
        message = " / ".join(line.strip() for line in str(exc).splitlines() if line.strip())
        result.problems.append(f"{name}: {message[:300] or type(exc).__name__}")
        print(f"[{result.kind} {result.versions}] {name} FAILED:\n{traceback.format_exc()}", file=sys.stderr)
    else:
        print(f"[{result.kind} {result.versions}] {name}: {time.perf_counter() - start:.1f} s", file=sys.stderr)


def measure(kind: str, size: int, work: Path, options: argparse.Namespace, generator: str = "properdocs") -> Result:
    result = Result(kind, size, generator=generator)
    work = work / generator
    work.mkdir(exist_ok=True)
    # One version more than measured, set aside: the version "added after the last" of the warm build.
    root = make_project(work / f"{kind}-{size}", size + 1, drifting=kind == "drifting")
    versions = root / "policy_versions"
    ids = sorted(p.name for p in versions.iterdir() if p.is_dir())
    spare = work / f"spare-{kind}-{size}" / ids.pop()
    spare.parent.mkdir()
    shutil.move(versions / spare.name, spare)
    # The day after the spare version takes effect: every version is public and the newest in effect,
    # both before and after the spare is added, so cold and warm builds are built for the same day.
    today = day_after(size + 1)
    cache = work / f"cache-{kind}-{size}"  # fresh for the cold build, reused by everything after it
    cache.mkdir()
    if not options.cold_pdfs:
        # The versions' PDFs (issue 22) are no page and a plain build makes none: every build here
        # finds them made, and what making them costs is measured once, apart (_made_pdfs).
        _part(result, "the versions' PDFs", lambda: _made_pdfs(result, root, spare, today, work.parent))
        if (work.parent / "pdfs" / f"{kind}-{size}" / "pdf").is_dir():
            shutil.copytree(work.parent / "pdfs" / f"{kind}-{size}" / "pdf", cache / "pdf")

    def cold() -> None:
        shim, log = git_shim(work / f"git-{kind}-{size}")
        env = environment(today, cache, {"PATH": f"{shim}{os.pathsep}{os.environ.get('PATH', '')}"})
        built = build(root, env, generator=generator)
        result.cold_s, result.cold_cpu, result.peak_mib = built.seconds, built.cpu, built.peak_mib
        result.load.append(os.getloadavg()[0])
        result.git_calls = len(log.read_text().splitlines()) if log.exists() else 0

    _part(result, "cold build", cold)
    if result.cold_s is None:
        return result
    site = root / "site"
    _part(result, "site bytes", lambda: _site_figures(result, site, versions))
    _part(result, "one diff", lambda: _diff_ms(result, versions))
    if not options.no_first_view:
        def view() -> None:
            result.view_bytes, result.view_gzip_bytes, result.view_requests = first_view(site)
        _part(result, "first view", view)
    if not options.no_cli:
        _part(result, "cli", lambda: _cli(result, root, environment(today, cache), ids))
    if not options.no_plain:
        _part(result, "plain build", lambda: _plain(result, root, environment(today, cache), generator))
        result.load.append(os.getloadavg()[0])
    if not options.no_warm:
        def warm_edit() -> None:
            edit_line(versions / ids[-1] / "en.md", WARM_EDIT)
            built = build(root, environment(today, cache), generator=generator)
            result.warm_edit_s, result.warm_edit_cpu = built.seconds, built.cpu
            result.load.append(os.getloadavg()[0])

        def warm_added() -> None:
            shutil.move(spare, versions / spare.name)
            try:
                built = build(root, environment(today, cache), generator=generator)
                result.warm_added_s, result.warm_added_cpu = built.seconds, built.cpu
                result.load.append(os.getloadavg()[0])
            finally:
                shutil.move(versions / spare.name, spare)  # serve measures the history of `size` versions
        _part(result, "warm build, line edited", warm_edit)
        _part(result, "warm build, version added", warm_added)
    if not options.no_serve and GENERATORS[generator]().serve is not None:
        newest = date.fromisoformat(ids[-1])
        days = {"preview": (newest - timedelta(days=ANNOUNCED_AHEAD // 2)).isoformat(),  # announced, not in effect
                "in effect": day_after(size)}
        for name, day in days.items():
            def serve(name: str = name, day: str = day) -> None:
                log = work / f"serve-{kind}-{size}-{name.replace(' ', '-')}.log"
                result.serve[name] = serve_edit(root, environment(day, cache), f"en/versions/{ids[-1]}/",
                                                versions / ids[-1] / "en.md", log, generator=generator)
            _part(result, f"serve ({name} day)", serve)
    if not options.keep:
        shutil.rmtree(root, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
    return result


WARM_EDIT = "benchmark-warm-edit"  # the token the first warm build appends to a line of the newest version


def _made_pdfs(result: Result, root: Path, spare: Path, today: str, work: Path) -> None:
    """Every PDF of the histories the builds see (as it is; the newest version's line edited and
    the spare version added) made into a cache folder of their own, once for all generators:
    its CPU seconds (this process's) are the figure."""
    from policy_engine.publishing.site import build_site
    folder = work / "pdfs" / f"{result.kind}-{result.versions}"
    if folder.is_dir():
        return
    versions = root / "policy_versions"
    newest = versions / max(p.name for p in versions.iterdir() if p.is_dir()) / "en.md"
    text = newest.read_text(encoding="utf-8")
    env = environment(today, folder)
    start = time.process_time()
    build_site(root, env).pdfs("")  # no SITE_URL, as the builds here
    edit_line(newest, WARM_EDIT)
    shutil.move(spare, versions / spare.name)
    try:
        build_site(root, env).pdfs("")
    finally:
        shutil.move(versions / spare.name, spare)
        newest.write_text(text, encoding="utf-8")
    result.pdf_cpu = time.process_time() - start  # with loading the texts twice: a second or two


def _site_figures(result: Result, site: Path, versions: Path) -> None:
    result.pages = sum(1 for _ in site.rglob("index.html"))
    # compare/OLD/NEW/index.html; not compare/index.html, the page comparing any two (issue 22)
    comparisons = {page: size for page, size in html_bytes(site, "compare", "en/compare").items()
                   if page.parent.parent.parent.name == "compare"}
    result.comparisons = len(comparisons) // 2
    result.compare_bytes = sum(comparisons.values())
    result.version_bytes = sum(html_bytes(site, "versions", "en/versions").values())
    # Each comparison page against the two texts it compares: compare/OLD/NEW/index.html (ja) or
    # en/compare/OLD/NEW/index.html, and policy_versions/OLD/<lang>.md + NEW/<lang>.md.
    ratios = []
    for page, size in comparisons.items():
        parts = page.relative_to(site).parts
        lang = "en" if parts[0] == "en" else "ja"
        old, new = parts[-3], parts[-2]
        texts = sum((versions / v / f"{lang}.md").stat().st_size for v in (old, new))
        ratios.append(size / texts)
    if ratios:
        result.per_compare_median, result.per_compare_max = statistics.median(ratios), max(ratios)
    result.search_kib = (file_bytes(site / "search" / "search_index.json") or 0) / 1024
    result.growth = {name: file_bytes(site / name) for name in GROWTH_FILES}


def _diff_ms(result: Result, versions: Path) -> None:
    """One comparison of the two newest versions, in this process (what each comparison page costs):
    median of 5 after one run that warms up imports and compiled patterns."""
    from policy_engine.changes.comparison import compare
    from policy_engine.changes.textdiff import forget
    from policy_engine.reading.versions import load_versions
    loaded = load_versions(versions)
    runs = []
    for _ in range(6):
        forget()  # each run computes its diffs (the memos would answer the second one)
        start = time.perf_counter()
        for lang in ("ja", "en"):
            compare(loaded[-2].docs[lang], loaded[-1].docs[lang])
        runs.append((time.perf_counter() - start) / 2 * 1000)
    result.diff_ms = statistics.median(runs[1:])


def _cli(result: Result, root: Path, env: dict[str, str], ids: list[str]) -> None:
    commands = {"versions": ["versions"], "announce": ["announce", ids[-1]],
                "diff previous": ["diff", ids[-2], ids[-1]], "diff oldest": ["diff", ids[0], ids[-1]]}
    for name, args in commands.items():
        result.cli[name] = cli_seconds(root, env, args)


def _plain(result: Result, root: Path, env: dict[str, str], generator: str) -> None:
    """The very same generated pages built without the engine: what the engine's work costs."""
    if GENERATORS[generator]().plain == "zensical":
        return _plain_zensical(result, root, env)
    from policy_engine.publishing.site import build_site
    from policy_engine.publishing.stage import site_description
    built = build_site(root, env)
    docs = root / "plain_docs"
    shutil.copytree(root / "docs", docs)
    for page in built.pages:
        path = docs / page.lang / page.src
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.markdown, encoding="utf-8")
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"\nhooks:\n(  - .*\n)+", "\n", text).replace("docs_dir: docs", "docs_dir: plain_docs")
    # What the hooks put in config.extra for the templates (the default language's), and its navigation.
    described = site_description(built, "", False)["languages"]["ja"]
    extra = {"policy": {**described["furniture"], "nav": described["nav"], "search_index": "search/search_index.json"}}
    text += "\n" + yaml.safe_dump({"extra": extra, "nav": [item["src"] for item in described["nav"]]},
                                  allow_unicode=True)
    (root / "mkdocs-plain.yml").write_text(text, encoding="utf-8")
    try:
        built = build(root, env, "mkdocs-plain.yml", "site-plain", generator=generator)
        result.plain_s, result.plain_cpu = built.seconds, built.cpu
    finally:
        for leftover in ("plain_docs", "site-plain"):
            shutil.rmtree(root / leftover, ignore_errors=True)
        (root / "mkdocs-plain.yml").unlink()


def _plain_zensical(result: Result, root: Path, env: dict[str, str]) -> None:
    """Zensical alone on the pages the engine staged: each language's project as the cold build
    left it (.cache/zensical/<lang>: its staged pages and configuration), copied, and built at
    once as the adapter builds them. Not in it: the engine (loading, checking, comparing,
    staging), the derived files and putting the two languages' sites together."""
    from policy_zensical.build import WORK
    from policy_engine.reading.settings import LANGUAGES
    runs = []
    for lang in LANGUAGES:
        project = root / WORK / f"plain-{lang}"
        shutil.rmtree(project, ignore_errors=True)
        shutil.copytree(root / WORK / lang, project, ignore=shutil.ignore_patterns("site", ".cache"))
        runs.append(([sys.executable, "-m", "zensical", "build", "--strict", "-f", "mkdocs.yml"], project))
    try:
        built = run_builds(runs, {**env, "NO_COLOR": "1"}, "zensical (plain)")
        result.plain_s, result.plain_cpu = built.seconds, built.cpu
    finally:
        for _, project in runs:
            shutil.rmtree(project, ignore_errors=True)


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--sizes", type=int, nargs="+", default=[10, 50, 100, 200],
                         help="history lengths, at least 2 (default: 10 50 100 200)")
    options.add_argument("--kinds", nargs="+", choices=KINDS, default=list(KINDS),
                         help="small changes, drifting text, or both (default)")
    options.add_argument("--generator", nargs="+", choices=sorted(GENERATORS), default=["properdocs"],
                         help="the generators to build with, each in turn (default: properdocs)")
    options.add_argument("--cold-pdfs", action="store_true",
                         help="the cold builds make the versions' PDFs too (by default they are made "
                              "beforehand, once, and their cost shown apart)")
    options.add_argument("--no-serve", action="store_true", help="skip `mkdocs serve` (the slowest part)")
    options.add_argument("--no-cli", action="store_true", help="skip the CLI timings")
    options.add_argument("--no-plain", action="store_true", help="skip the plain build (hooks / plain ratio)")
    options.add_argument("--no-warm", action="store_true", help="skip the two warm builds")
    options.add_argument("--no-first-view", action="store_true", help="skip Chromium")
    options.add_argument("--json", type=Path, help="also write every figure to this file")
    options.add_argument("--keep", action="store_true", help="keep the generated repositories (path on stderr)")
    args = options.parse_args()
    if min(args.sizes) < 2:
        options.error("--sizes: at least 2 versions (a diff needs two)")
    results = []
    work = Path(tempfile.mkdtemp(prefix="policy-bench-"))
    try:
        for kind in args.kinds:
            for size in args.sizes:
                for generator in args.generator:
                    results.append(measure(kind, size, work, args, generator))
    finally:
        if args.keep:
            print(f"generated repositories kept in {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    print_report(results)
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
