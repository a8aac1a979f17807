"""MkDocs adapter for the policy engine: stage the generated pages, publish versions.json.

mkdocs-static-i18n runs one build per language on the same config, and reads pages only from
docs_dir. So the first build loads and checks the whole repository (before anything is written),
then writes hand-written docs/ and the generated pages into a staging folder that becomes docs_dir.
Files there are rewritten only when their content changes, or `mkdocs serve` would rebuild in a loop.

The last good site survives any failure: every language is built into a folder beside site_dir,
which replaces site_dir only after the last language built without an error or (under --strict)
a warning. MkDocs would otherwise empty site_dir first and leave half a site behind.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import re
import shutil
import tempfile
from datetime import datetime, time
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger

from policy_engine import urls
from policy_engine.dates import JST, format_date
from policy_engine.errors import PolicyError
from policy_engine.labels import label
from policy_engine.manifest import MANIFEST_FILE
from policy_engine.settings import DEFAULT_LANGUAGE
from policy_engine.site import Site, build_site

log = get_plugin_logger("policy")

# Survives `mkdocs serve` rebuilds (hook modules are imported once per process).
_staging: Path | None = None
_site: Site | None = None
_source_docs_dir: Path | None = None
# This build's output folder and where it goes when the whole build succeeded.
_building: Path | None = None
_target: Path | None = None


def _staging_dir() -> Path:
    global _staging
    if _staging is None:
        _staging = Path(tempfile.mkdtemp(prefix="policy-site-docs-"))
        atexit.register(shutil.rmtree, _staging, True)
    return _staging


def _i18n(config: MkDocsConfig):
    plugin = config.plugins.get("i18n")
    if plugin is None:
        raise PluginError("policy hook: the mkdocs-static-i18n plugin ('i18n') must be configured")
    return plugin


def _write_if_changed(path: Path, content: bytes) -> None:
    if path.is_file() and path.read_bytes() == content:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def _stage(source: Path, site: Site, staging: Path) -> None:
    wanted: dict[Path, bytes] = {}
    for path in source.rglob("*"):
        if path.is_symlink():
            # A link would publish a file from outside the repository, unreviewed.
            raise PluginError(f"{path}: is a symbolic link: docs/ publishes only its own files")
        if path.is_file():
            wanted[staging / path.relative_to(source)] = path.read_bytes()
    for page in site.pages:
        wanted[staging / page.lang / page.src] = page.markdown.encode("utf-8")
    for existing in [p for p in staging.rglob("*") if p.is_file()]:
        if existing not in wanted:
            existing.unlink()
    for path, content in wanted.items():
        _write_if_changed(path, content)


@event_priority(100)  # before i18n's on_config (-100) and before it reads docs_dir
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _site, _source_docs_dir
    i18n = _i18n(config)
    if i18n.current_language is None:  # the first (default-language) build of this run
        root = Path(config.config_file_path).parent
        try:
            _site = build_site(root)
        except PolicyError as exc:
            raise PluginError("the policy cannot be built:\n" + exc.format(root)) from None
        except Exception as exc:  # a bug of the engine: still a message, and the site stays as it was
            raise PluginError(f"the policy engine failed ({type(exc).__name__}: {exc}); "
                              "run `policy check` and report this") from None
        _build_beside(config)
        _source_docs_dir = Path(config.docs_dir)
        # Reproducible output: dates MkDocs writes (the sitemap's lastmod) follow the policy's day.
        noon = datetime.combine(_site.timeline.today, time(12, 0), JST)
        os.environ.setdefault("SOURCE_DATE_EPOCH", str(int(noon.timestamp())))
        _stage(_source_docs_dir, _site, _staging_dir())
        log.info(f"{len(_site.timeline.versions)} public versions, current "
                 f"{_site.timeline.current.id}, today {_site.timeline.today.isoformat()}")
    config.docs_dir = str(_staging_dir())
    lang = i18n.current_language or DEFAULT_LANGUAGE
    _localise_404(config, lang)
    config.mdx_configs.setdefault("toc", {})["permalink_title"] = label(lang, "permalink")
    contact = _site.contact
    config.extra["policy"] = {
        "feed_url": urls.feed_path(lang, _base(config)),
        "feed_title": label(lang, "feed"),
        # A pull request's preview says which day it shows (the Makefile's `preview` sets it).
        "preview": label(lang, "preview_banner", date=format_date(_site.timeline.today, lang))
                   if os.environ.get("POLICY_PREVIEW") else "",
        "footer_html": contact.html(lang),
        "page_address": label(lang, "page_address"),
        "not_found_title": label(lang, "not_found_title"),
        "not_found_text": label(lang, "not_found_text"),
        # No "<", ">" or "&" in the script element: "</script>" or "<!--" in a contact field cannot
        # end or bend it (the JSON means the same with \\u escapes).
        "json_ld": json.dumps(contact.json_ld(lang), ensure_ascii=False)
                   .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"),
    }
    return config


def _localise_404(config: MkDocsConfig, lang: str) -> None:
    """Each language build renders its own 404 page: the root one stays in the default language."""
    templates = config.theme.static_templates
    for name in [t for t in templates if t.endswith("404.html")]:
        templates.discard(name)
    templates.add("404.html" if lang == DEFAULT_LANGUAGE else f"{lang}/404.html")


def on_template_context(context, template_name: str, config: MkDocsConfig):
    """The 404 pages are served at any missing address: their links are absolute (MkDocs does it
    only for the root one), and their language switcher leads to each language's home page."""
    if template_name.rsplit("/", 1)[-1] != "404.html":
        return context
    context["base_url"] = _base(config).rstrip("/") or "/"
    homes = [{**alternate, "link": urls.site_path(urls.POLICY, alternate["lang"], _base(config))}
             for alternate in config.extra.get("alternate") or []]
    # i18n sets config.extra.alternate as an attribute, which templates read before the item.
    config.extra["alternate"] = homes
    config.extra.alternate = homes
    return context


# Material marks its two menu toggles (checkboxes) autocomplete="off", which HTML allows only
# on text-like inputs; the Nu HTML Checker reports it on every page.
_TOGGLE_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle"[^>]*?type="checkbox"[^>]*?) autocomplete="off"')


def on_post_page(output: str, page, config: MkDocsConfig) -> str:
    return _TOGGLE_AUTOCOMPLETE.sub(r"\1", output)


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    return _TOGGLE_AUTOCOMPLETE.sub(r"\1", output) if template_name.endswith(".html") else output


def on_serve(server, config: MkDocsConfig, builder):
    server.unwatch(str(_staging_dir()))
    settings = _site.settings
    for path in (_source_docs_dir, settings.versions_dir, settings.source, settings.contact_file):
        if path and Path(path).exists():
            server.watch(str(path))
    return server


def _base(config: MkDocsConfig) -> str:
    """The path the site is served under, from site_url."""
    return urlsplit(config.site_url or "/").path or "/"


@event_priority(-200)  # after i18n's (-100), which runs the other languages' builds inside the first's
def on_post_build(config: MkDocsConfig) -> None:
    if _site is None:
        return
    i18n = _i18n(config)
    inner = i18n.building  # one of the other languages' builds; else the first build, now complete
    lang = i18n.current_language if inner else DEFAULT_LANGUAGE
    site_dir = Path(config.site_dir)
    feed = site_dir / urls.feed_path(lang).lstrip("/")
    feed.parent.mkdir(parents=True, exist_ok=True)
    feed.write_text(_site.feed(lang, config.site_url or "/"), encoding="utf-8")
    # Material's script fetches a sitemap.xml beside every <link rel="alternate"> of a page, the
    # feed's included: a small one here keeps every page's first view the same size however long
    # the history (the site's own sitemap.xml grows with it, and lists every page for crawlers).
    (feed.parent / "sitemap.xml").write_text(_EMPTY_SITEMAP, encoding="utf-8")
    if lang == DEFAULT_LANGUAGE:
        (site_dir / MANIFEST_FILE).write_text(_site.manifest_json(_base(config)), encoding="utf-8")
        # The contracts of versions.json and of the CLI's JSON, where versions.json's $schema points.
        schemas = site_dir / urls.SCHEMAS_DIR
        schemas.mkdir(exist_ok=True)
        for schema in sorted((_site.settings.root / urls.SCHEMAS_DIR).glob("*.schema.json")):
            shutil.copyfile(schema, schemas / schema.name)
    if not inner:
        _publish_site(config)


_EMPTY_SITEMAP = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                  '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n')


class _Warnings(logging.Handler):
    """Counts what `--strict` counts (MkDocs's warnings), to know before MkDocs does whether the
    build it is finishing will be refused."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


_warnings = _Warnings()


def _build_beside(config: MkDocsConfig) -> None:
    """Send this build (every language) to a new folder beside site_dir (on the same disk, so
    that moving it into place is a rename)."""
    global _building, _target
    _discard_building()
    _target = Path(config.site_dir).resolve()
    _target.parent.mkdir(parents=True, exist_ok=True)
    _building = Path(tempfile.mkdtemp(dir=_target.parent, prefix=f".{_target.name}.building-"))
    atexit.register(shutil.rmtree, _building, True)
    config.site_dir = str(_building)
    _warnings.count = 0
    mkdocs_log = logging.getLogger("mkdocs")
    if _warnings not in mkdocs_log.handlers:
        mkdocs_log.addHandler(_warnings)


def _discard_building() -> None:
    global _building
    if _building is not None:
        shutil.rmtree(_building, ignore_errors=True)
        _building = None


def _publish_site(config: MkDocsConfig) -> None:
    """Every language is built: unless --strict is about to refuse the build, the new site
    replaces the old one."""
    global _building
    if _building is None:
        return
    if config.strict and _warnings.count:
        _discard_building()  # MkDocs refuses the build next: the old site stays
        return
    old = _target.parent / f".{_target.name}.old-{os.getpid()}"
    shutil.rmtree(old, ignore_errors=True)
    if _target.exists() or _target.is_symlink():
        os.replace(_target, old)
    os.replace(_building, _target)
    _building = None
    shutil.rmtree(old, ignore_errors=True)


def on_build_error(error: Exception) -> None:
    _discard_building()
