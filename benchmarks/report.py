"""The figures of site_benchmark.py as Markdown tables ready for BENCHMARKS.md, each beside its goal
(issue 15). "met" / "not met" only where the goal is a number at the sizes it names; the figures of
one noisy run are to be read, not trusted to the last digit."""

from __future__ import annotations

import os
import platform
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from importlib import metadata

from measure import Served, serve_arguments

# Files that must not grow faster than the history (the feeds not at all).
FEEDS = ("feeds/ja.xml", "feeds/en.xml")
LINEAR = ("history/index.html", "versions.json", "sitemap.xml")
GROWTH_FILES = FEEDS + LINEAR
SERVE_DAYS = ("preview", "in effect")


@dataclass
class Result:
    kind: str  # "small" or "drifting"
    versions: int
    generator: str = "properdocs"
    pages: int | None = None
    comparisons: int | None = None  # comparison pages per language
    cold_s: float | None = None
    peak_mib: float | None = None
    git_calls: int | None = None
    warm_edit_s: float | None = None
    warm_added_s: float | None = None
    plain_s: float | None = None
    # CPU seconds (user + system) of the same builds
    cold_cpu: float | None = None
    warm_edit_cpu: float | None = None
    warm_added_cpu: float | None = None
    plain_cpu: float | None = None
    pdf_cpu: float | None = None  # making every version's PDFs, once, apart from the builds (site_benchmark.py)
    load: list[float] = field(default_factory=list)  # the machine's 1-minute load average after each build
    diff_ms: float | None = None
    search_kib: float | None = None
    compare_bytes: int | None = None  # every comparison page, both languages
    version_bytes: int | None = None  # every version page, both languages
    per_compare_median: float | None = None  # comparison page bytes / (old + new Markdown bytes)
    per_compare_max: float | None = None
    growth: dict[str, int | None] = field(default_factory=dict)
    cli: dict[str, float] = field(default_factory=dict)
    view_bytes: int | None = None
    view_gzip_bytes: int | None = None
    view_requests: int | None = None
    serve: dict[str, Served] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _f(value: float | int | None, spec: str = "{:.2f}") -> str:
    return "—" if value is None else spec.format(value)


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def _verdict(value: float | None, limit: float, applies: bool = True) -> str:
    if value is None or not applies:
        return "—"
    return "met" if value <= limit else "not met"


def _table(header: list[str], rows: Iterable[list[str]]) -> None:
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print()


def machine_line() -> str:
    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "?"
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"Machine: {platform.system()} {platform.release()} {platform.machine()}, {os.cpu_count()} cores, "
            f"{memory:.0f} GiB, Python {platform.python_version()}, ProperDocs {version('properdocs')}, "
            f"MkDocs {version('mkdocs')}, Material {version('mkdocs-material')}, "
            f"mkdocs-static-i18n {version('mkdocs-static-i18n')}, Zensical {version('zensical')}. "
            f"Measured {date.today().isoformat()}; `properdocs {' '.join(serve_arguments())}` as `make serve` runs it.")


def print_report(results: list[Result]) -> None:
    print(machine_line())
    print()
    print("### Builds (cold: empty engine cache; warm: the same cache, one version changed)\n")
    print("Built for the day after the version added by the second warm build takes effect, so that every "
          "build of a row is for the same day, with every version public and the newest in effect. "
          "Plain: the same generated pages as Markdown, without the hooks.\n")
    _table(["history", "versions", "generator", "pages", "comparisons/lang", "cold s", "warm, line edited s (× cold)",
            "warm, version added s (× cold)", "plain s", "hooks / plain", "peak MiB", "git calls", "diff ms",
            "search index KiB"],
           ([r.kind, str(r.versions), r.generator, _f(r.pages, "{}"), _f(r.comparisons, "{}"), _f(r.cold_s),
             _and_ratio(r.warm_edit_s, r.cold_s), _and_ratio(r.warm_added_s, r.cold_s),
             _f(r.plain_s), _f(_ratio(r.cold_s, r.plain_s)), _f(r.peak_mib, "{:.0f}"), _f(r.git_calls, "{}"),
             _f(r.diff_ms, "{:.1f}"), _f(r.search_kib, "{:.1f}")] for r in results))
    print("The same builds in CPU seconds (user + system of the build's process), which other work on the "
          "machine moves much less than wall time:\n")
    _table(["history", "versions", "generator", "cold cpu s", "warm, line edited cpu s (× cold)",
            "warm, version added cpu s (× cold)", "plain cpu s", "hooks / plain (cpu)", "PDFs cpu s (apart)",
            "load average"],
           ([r.kind, str(r.versions), r.generator, _f(r.cold_cpu), _and_ratio(r.warm_edit_cpu, r.cold_cpu),
             _and_ratio(r.warm_added_cpu, r.cold_cpu), _f(r.plain_cpu), _f(_ratio(r.cold_cpu, r.plain_cpu)),
             _f(r.pdf_cpu), "–".join(f"{v:.1f}" for v in (min(r.load), max(r.load))) if r.load else "—"]
            for r in results))

    _side_by_side(results)

    print("### `properdocs serve`: from saving one edited line of the newest version to the page showing it\n")
    print("Preview day: the newest version announced, not yet in effect; in effect: the day after it takes "
          "effect. Builds: how many MkDocs started after the edit; logged: what the adapter said it rebuilt.\n")
    _table(["history", "versions", "generator"] + [f"{d} {c}" for d in SERVE_DAYS for c in ("s", "builds", "logged")],
           ([r.kind, str(r.versions), r.generator] + [cell for d in SERVE_DAYS for cell in _served(r.serve.get(d))]
            for r in results))

    print("### Bytes of comparison pages (site/compare, site/en/compare) against version pages\n")
    _table(["history", "versions", "generator", "comparison pages KiB", "version pages KiB", "comparisons / versions",
            "page / its two texts, median", "max"],
           ([r.kind, str(r.versions), r.generator, _f(_kib(r.compare_bytes), "{:,.0f}"), _f(_kib(r.version_bytes), "{:,.0f}"),
             _f(_ratio(r.compare_bytes, r.version_bytes), "{:.2f}×"), _f(r.per_compare_median, "{:.2f}×"),
             _f(r.per_compare_max, "{:.2f}×")] for r in results))

    print("### Files that grow with the history: bytes (bytes per version)\n")
    _table(["history", "versions", "generator"] + list(GROWTH_FILES),
           ([r.kind, str(r.versions), r.generator] + [_per_version(r.growth.get(name), r.versions) for name in GROWTH_FILES]
            for r in results))

    print("### `policy` commands (median wall time of 3 runs, a new process each) and the first view\n")
    _table(["history", "versions", "generator", "versions s", "announce NEWEST s", "diff PREVIOUS NEWEST s",
            "diff OLDEST NEWEST s", "policy page first view kB (gzip)", "requests"],
           ([r.kind, str(r.versions), r.generator] + [_f(r.cli.get(c)) for c in ("versions", "announce", "diff previous",
                                                                    "diff oldest")]
            + [f"{_f(r.view_bytes and r.view_bytes / 1000, '{:.0f}')} ({_f(r.view_gzip_bytes and r.view_gzip_bytes / 1000, '{:.0f}')})",
               _f(r.view_requests, "{}")] for r in results))

    print("### Goals\n")
    _table(["goal", "history", "figure", "goal met"], _goals(results))
    problems = [f"- {r.kind} {r.versions}: {p}" for r in results for p in r.problems]
    if problems:
        print("Not measured:\n" + "\n".join(problems))


def _side_by_side(results: list[Result]) -> None:
    """Issue 20's figures, the generators side by side, each size a row (one run: like with like)."""
    generators = list(dict.fromkeys(r.generator for r in results))
    if len(generators) < 2:
        return
    print("### The generators side by side (CPU seconds; serve: wall seconds)\n")
    print("New version: the warm build with a version added that takes effect, against the cold build "
          "(goal ≤ 0.4×); engine / plain: the cold build against the same pages built by the generator "
          "without the engine (goal ≤ 1.3×); edit: from saving a line to the page showing it under the "
          "development server, in effect day (a generator without one: its warm build after the edit).\n")
    header = ["history", "versions"]
    for generator in generators:
        header += [f"{generator}: new version", f"{generator}: engine / plain", f"{generator}: edit s"]
    rows = []
    for kind, size in dict.fromkeys((r.kind, r.versions) for r in results):
        row = [kind, str(size)]
        for generator in generators:
            r = next((r for r in results if (r.kind, r.versions, r.generator) == (kind, size, generator)), None)
            if r is None:
                row += ["—"] * 3
                continue
            served = r.serve.get("in effect")
            edit = f"{served.seconds:.2f}" if served else (f"{r.warm_edit_s:.2f} (build)" if r.warm_edit_s else "—")
            row += [_f(_ratio(r.warm_added_cpu, r.cold_cpu), "{:.2f}×"), _f(_ratio(r.cold_cpu, r.plain_cpu), "{:.2f}×"),
                    edit]
        rows.append(row)
    _table(header, rows)


def _and_ratio(seconds: float | None, cold: float | None) -> str:
    ratio = _ratio(seconds, cold)
    return "—" if seconds is None else f"{seconds:.2f} ({_f(ratio)}×)"


def _kib(value: int | None) -> float | None:
    return None if value is None else value / 1024


def _served(served: Served | None) -> list[str]:
    if served is None:
        return ["—", "—", "—"]
    logged = served.rebuilt if len(served.rebuilt) <= 120 else served.rebuilt[:117] + "..."
    return [f"{served.seconds:.2f}", str(served.rebuilds), logged.replace("|", "\\|") or "not logged"]


def _per_version(value: int | None, versions: int) -> str:
    return "—" if value is None else f"{value:,} ({value / versions:,.0f})"


def _goals(results: list[Result]) -> list[list[str]]:
    rows: list[list[str]] = []
    for kind, generator in dict.fromkeys((r.kind, r.generator) for r in results):
        by_size = {r.versions: r for r in results if r.kind == kind and r.generator == generator}
        kind = f"{kind} ({generator})"
        sizes = sorted(by_size)
        large = by_size[sizes[-1]]

        def growth(name: str, lo: int, hi: int, limit: float, value: Callable[[Result], float | None]) -> None:
            """At the sizes the goal names, else the two largest this run has (figure shown, no
            verdict: a goal for 200 / 100 says nothing about 5 / 3)."""
            goal = f"{name}, {hi} / {lo} versions ≤ {limit}×"
            exact = lo in by_size and hi in by_size
            if not exact and len(sizes) < 2:
                rows.append([goal, kind, "— (one size measured)", "—"])
                return
            a, b = (by_size[lo], by_size[hi]) if exact else (by_size[sizes[-2]], large)
            ratio = _ratio(value(b), value(a))
            rows.append([goal, kind, f"{_f(ratio)}× ({b.versions} / {a.versions})", _verdict(ratio, limit, exact)])

        def worst(name: str, limit: float, values: dict[int, float | None], unit: str = "×") -> None:
            known = {n: v for n, v in values.items() if v is not None}
            top = max(known.values()) if known else None
            spread = ", ".join(f"{n}: {v:.2f}{unit}" for n, v in known.items()) or "—"
            rows.append([f"{name} ≤ {limit}{unit}", kind, spread, _verdict(top, limit)])

        growth("cold build", 100, 200, 2.1, lambda r: r.cold_s)
        worst("warm build, line of the newest edited / cold", 0.3,
              {n: _ratio(r.warm_edit_s, r.cold_s) for n, r in by_size.items()})
        worst("warm build, version added / cold", 0.4,  # issue 20 (0.3 in issue 15)
              {n: _ratio(r.warm_added_s, r.cold_s) for n, r in by_size.items()})
        worst("warm build, version added / cold, CPU time", 0.4,
              {n: _ratio(r.warm_added_cpu, r.cold_cpu) for n, r in by_size.items()})
        for day in SERVE_DAYS:
            seconds = lambda r, day=day: r.serve[day].seconds if day in r.serve else None  # noqa: E731
            at = by_size.get(100) or large
            rows.append([f"serve, {day} day, 100 versions ≤ 1.5 s (drifting)", kind,
                         f"{_f(seconds(at))} s ({at.versions})",
                         _verdict(seconds(at), 1.5, at.versions == 100 and kind.startswith("drifting"))])
            growth(f"serve, {day} day", 10, 100, 1.5, seconds)
        worst("comparison pages / version pages, every size", 2,
              {n: _ratio(r.compare_bytes, r.version_bytes) for n, r in by_size.items()})
        for name in FEEDS:
            rows.append([f"{name} flat", kind, _spread(by_size, lambda r: r.growth.get(name), "{:,} B"), "—"])
        for name in LINEAR:
            rows.append([f"{name} linear, small constant: bytes per version", kind,
                         _spread(by_size, lambda r: r.growth.get(name) and r.growth[name] / r.versions,
                                 "{:,.0f} B"), "—"])
        at = by_size.get(200) or large
        for command, limit in (("versions", 0.3), ("announce", 0.5)):
            value = at.cli.get(command)
            rows.append([f"`policy {command}`, 200 versions ≤ {limit} s", kind, f"{_f(value)} s ({at.versions})",
                         _verdict(value, limit, at.versions == 200)])
        views = [r.view_gzip_bytes for r in by_size.values() if r.view_gzip_bytes is not None]
        requests = [r.view_requests for r in by_size.values() if r.view_requests is not None]
        # Transferred as a host that compresses (GitHub Pages) sends it; uncompressed beside it.
        rows.append(["policy page first view ≤ 200 kB transferred (gzip), flat", kind,
                     _spread(by_size, lambda r: r.view_gzip_bytes and r.view_gzip_bytes / 1000, "{:.0f} kB")
                     + " (uncompressed " + _spread(by_size, lambda r: r.view_bytes and r.view_bytes / 1000, "{:.0f} kB") + ")",
                     _verdict(max(views) / 1000 if views else None, 200)])
        rows.append(["policy page first view ≤ 7 requests, flat", kind,
                     _spread(by_size, lambda r: r.view_requests, "{}"), _verdict(max(requests, default=None), 7)])
        worst("build with hooks / plain build", 1.3, {n: _ratio(r.cold_s, r.plain_s) for n, r in by_size.items()})
        worst("build with hooks / plain build, CPU time", 1.3,
              {n: _ratio(r.cold_cpu, r.plain_cpu) for n, r in by_size.items()})
        rows.append(["search index flat", kind, _spread(by_size, lambda r: r.search_kib, "{:.1f} KiB"), "—"])
        rows.append(["git calls in a build: none", kind, _spread(by_size, lambda r: r.git_calls, "{}"),
                     _verdict(max((r.git_calls for r in by_size.values() if r.git_calls is not None), default=None),
                              0)])
        rows.append(["peak memory of a cold build", kind, _spread(by_size, lambda r: r.peak_mib, "{:.0f} MiB"), "—"])
    return rows


def _spread(by_size: dict[int, Result], value: Callable[[Result], float | int | None], spec: str) -> str:
    """`size: value` at every size measured, to see whether it stays flat or grows."""
    cells = [f"{n}: {spec.format(value(r))}" for n, r in sorted(by_size.items()) if value(r) is not None]
    return ", ".join(cells) or "—"
