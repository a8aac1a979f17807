"""One Zensical build per language, from the staged site, assembled into one site.

The work folder (.cache/zensical/ in the repository, ignored by git) keeps the staging and each
language's project between builds: the engine rewrites only what changed. Zensical renders every
page each time (its own cache saves no measurable time in 0.0.73); the two languages build at once.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from policy_engine.core.cache import flush as flush_cache
from policy_engine.reading.settings import LANGUAGES
from policy_engine.publishing.site import build_site
from policy_engine.publishing.sitemap import SITEMAP
from policy_engine.publishing.stage import DOCS, SITE_FILE, StagedSite
from policy_engine.publishing.urls import SITE_URL_VARIABLE

from .settings import language_config, read_mkdocs_config

WORK = Path(".cache") / "zensical"
# Material's two menu toggles (checkboxes) carry autocomplete="off", which HTML allows only on
# text-like inputs (the Nu HTML Checker reports it on every page); Zensical's templates too.
_TOGGLE_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle"[^>]*?type="checkbox"[^>]*?) autocomplete="off"')
# Zensical's drawer overlay (an empty label of the drawer's checkbox) is aria-hidden, which HTML
# forbids on a label of a form control; Material's has no such attribute.
_OVERLAY_HIDDEN = '<label class="md-overlay" for="__drawer" aria-hidden="true">'
_OVERLAY = '<label class="md-overlay" for="__drawer">'


def valid_html(html: str) -> str:
    return _TOGGLE_AUTOCOMPLETE.sub(r"\1", html).replace(_OVERLAY_HIDDEN, _OVERLAY)


class BuildFailed(Exception):
    """A language's Zensical build failed: its output says why."""


def _mirror(docs: Path, lang: str, dest: Path) -> None:
    """dest/ holds the staged pages of `lang` and the hand-written files beside them (not the
    other languages'), each rewritten only when its content differs, and nothing else."""
    wanted: dict[Path, Path] = {}
    for path in docs.rglob("*"):
        if path.is_file():
            parts = path.relative_to(docs).parts
            if parts[0] == lang:
                wanted[dest.joinpath(*parts[1:])] = path
            elif parts[0] not in LANGUAGES:
                wanted[dest.joinpath(*parts)] = path
    for path in [p for p in dest.rglob("*") if p.is_file()] if dest.is_dir() else []:
        if path not in wanted:
            path.unlink()
    for target, path in wanted.items():
        content = path.read_bytes()
        if not target.is_file() or target.read_bytes() != content:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)


def prepare(root: Path, work: Path, environ: dict[str, str]) -> tuple[StagedSite, dict[str, Path]]:
    """Stage the site and write each language's project: {language: its config file}."""
    site = build_site(root, environ)
    config = read_mkdocs_config(root)
    site_url = environ.get(SITE_URL_VARIABLE) or config.get("site_url") or ""
    staged = StagedSite(work / "stage", files_on_disk=False)  # _assemble publishes them from memory
    staged.stage(site, site_url, root / DOCS, preview=bool(environ.get("POLICY_PREVIEW")))
    described = json.loads((staged.folder / SITE_FILE).read_text(encoding="utf-8"))
    projects = {}
    for lang in LANGUAGES:
        project = work / lang
        # A language's pages, and the hand-written files beside them (docs/<other languages> left out).
        _mirror(staged.docs, lang, project / DOCS)
        file = project / "mkdocs.yml"
        text = yaml.safe_dump(language_config(root, config, described, lang), allow_unicode=True, sort_keys=False)
        if not file.is_file() or file.read_text(encoding="utf-8") != text:
            file.write_text(text, encoding="utf-8")
        projects[lang] = file
    return staged, projects


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _readable(output: str) -> str:
    """Zensical's report without colours, and without the Python traceback of its command line
    (its last line, the reason, is kept)."""
    lines = _ANSI.sub("", output).splitlines()
    if "Traceback (most recent call last):" in lines:
        start = lines.index("Traceback (most recent call last):")
        lines = lines[:start] + lines[-1:]
    return "\n".join(line for line in lines if line.strip(" │")) + "\n"


def _run(projects: dict[str, Path], environ: dict[str, str], quiet: bool) -> None:
    running = {lang: subprocess.Popen([sys.executable, "-m", "zensical", "build", "--strict", "-f", str(file)],
                                      cwd=file.parent, env=environ, stdout=subprocess.PIPE,
                                      stderr=subprocess.STDOUT, text=True)
               for lang, file in projects.items()}
    failed = []
    for lang, process in running.items():
        output = process.communicate()[0]
        if process.returncode:
            failed.append(f"zensical: the {lang} build failed:\n{_readable(output)}")
        elif not quiet:
            print(f"zensical ({lang}): " + " ".join(output.split()[-3:]))
    if failed:
        raise BuildFailed("\n".join(failed))


def _assemble(staged: StagedSite, projects: dict[str, Path], target: Path) -> None:
    """The languages' sites (the default one at the root) and the derived files, in a folder
    beside site_dir that replaces it."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.building-"))
    try:
        for lang, file in projects.items():
            prefix = building if lang == LANGUAGES[0] else building / lang
            shutil.copytree(file.parent / "site", prefix, dirs_exist_ok=True)
        # Each language's build wrote a sitemap of its own pages, without their translations:
        # the engine's lists both languages with hreflang, as the ProperDocs build's does.
        for lang in LANGUAGES[1:]:
            (building / lang / SITEMAP).unlink(missing_ok=True)
        staged.publish_files(building)
        for page in building.rglob("*.html"):
            html = page.read_text(encoding="utf-8")
            fixed = valid_html(html)
            if fixed != html:
                page.write_text(fixed, encoding="utf-8")
        old = target.parent / f".{target.name}.old-{os.getpid()}"
        if target.exists():
            os.replace(target, old)
        os.replace(building, target)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(building, ignore_errors=True)


def build(root: Path, site_dir: Path, today: str | None = None, quiet: bool = False,
          environ: dict[str, str] | None = None) -> Path:
    """Build the site of `root` with Zensical into `site_dir` (relative to `root`); the previous
    site stays unless both languages built without a warning."""
    environ = dict(os.environ if environ is None else environ)
    if today:
        environ["POLICY_TODAY"] = today
    environ.setdefault("NO_COLOR", "1")
    site_dir = site_dir if site_dir.is_absolute() else root / site_dir
    work = root / WORK
    staged, projects = prepare(root, work, environ)
    flush_cache()  # the engine's work is done: its entries written while Zensical builds
    for file in projects.values():
        shutil.rmtree(file.parent / "site", ignore_errors=True)  # only this build's pages
    _run(projects, environ, quiet)
    _assemble(staged, projects, site_dir)
    return site_dir
