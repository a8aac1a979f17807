"""MkDocs adapter for the policy engine: MkDocs's events, wired to the engine (policy_engine) and
to the parts only this generator needs (policy_mkdocs).

mkdocs-static-i18n runs one build per language on the same config, and reads pages only from
docs_dir. So the first build loads and checks the whole repository (before anything is written),
then has the engine stage the whole site (policy_engine.publishing.stage: pages, navigation, derived files)
in a folder whose docs/ becomes docs_dir (policy_mkdocs.staging); the derived files are copied
into the built site. The last good site survives any failure (policy_mkdocs.publishing).
Work is done once: pages whose Markdown is unchanged reuse their HTML (policy_mkdocs.rendered),
and `mkdocs serve --dirty` renders only what an edit changed (policy_mkdocs.serving).
"""

from __future__ import annotations

import gzip
import json
import os
from datetime import datetime, time
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page
from mkdocs.plugins import event_priority, get_plugin_logger

from policy_engine.core import cache as engine_cache
from policy_engine.core.dates import JST
from policy_engine.core.errors import PolicyError
from policy_engine.reading.settings import DEFAULT_LANGUAGE
from policy_engine.publishing.site import Site, build_site
from policy_engine.publishing.sitemap import SITEMAP
from policy_engine.publishing.stage import SITE_FILE
from policy_engine.publishing.urls import base_path
from policy_mkdocs.publishing import BuildBeside
from policy_mkdocs.rendered import WHOLE_PAGES, RenderedPages, render_only_what_is_not_stored
from policy_mkdocs.search import index_path, write_language_indexes
from policy_mkdocs.serving import Serving, site_wide_fingerprint
from policy_mkdocs.staging import Staging
from policy_mkdocs.theme import (CompiledTemplates, list_theme_once, localise_404, not_found_context,
                                 valid_html)

log = get_plugin_logger("policy")

# Kept across `mkdocs serve` rebuilds: hook modules are imported once per process.
_site: Site | None = None
_docs: Path | None = None  # the hand-written docs/
_staging = Staging()
_beside = BuildBeside()
_rendered = RenderedPages()
_serving = Serving()
_templates = CompiledTemplates()
_fragments: dict[str, tuple[str, ...]] = {}  # a staged page's path ("en/versions/….md") -> its fragments
render_only_what_is_not_stored(Page)

def _i18n(config: MkDocsConfig):
    plugin = config.plugins.get("i18n")
    if plugin is None:
        raise PluginError("policy hook: the mkdocs-static-i18n plugin ('i18n') must be configured")
    return plugin


def _base(config: MkDocsConfig) -> str:
    return base_path(config.site_url or "/")


def on_startup(command: str, dirty: bool) -> None:
    _serving.start(command, dirty)


@event_priority(100)  # before i18n's on_config (-100) and before it reads docs_dir
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    i18n = _i18n(config)
    if i18n.current_language is None:  # the first (default-language) build of this run
        _load_and_stage(config)
    config.docs_dir = str(_staging.view or _staging.folder)
    list_theme_once(config)
    lang = i18n.current_language or DEFAULT_LANGUAGE
    localise_404(config, lang)
    staged = _described()
    config.mdx_configs.setdefault("toc", {})["permalink_title"] = staged["languages"][lang]["furniture"]["permalink_title"]
    # The navigation the engine staged (each page's title is its front matter's).
    config.nav = [item["src"] for item in staged["languages"][lang]["nav"]]
    config.extra["policy"] = {**staged["languages"][lang]["furniture"], "nav": staged["languages"][lang]["nav"],
                              # the page's language's own search index (policy_mkdocs.search)
                              "search_index": index_path(staged["languages"][lang]["prefix"])}
    return config


def _described() -> dict:
    return json.loads(_staging.site.staged[_staging.site.folder / SITE_FILE])


def _load_and_stage(config: MkDocsConfig) -> None:
    """Load and check the repository, then stage it (policy_engine.publishing.stage): before MkDocs writes anything."""
    global _site, _docs
    root = Path(config.config_file_path).resolve().parent  # `-f mkdocs.yml` gives it relative
    seconds, pages = _serving.budget()
    try:
        _site = build_site(root, time_budget=seconds)
        if not _serving.serving:
            _beside.start(config)
        _docs = _docs or Path(config.docs_dir)
        # Reproducible output: dates MkDocs writes (the sitemap's lastmod) follow the policy's day.
        noon = datetime.combine(_site.timeline.today, time(12, 0), JST)
        os.environ.setdefault("SOURCE_DATE_EPOCH", str(int(noon.timestamp())))
        _fragments.clear()
        if not os.environ.get(WHOLE_PAGES):
            _fragments.update((f"{page.lang}/{page.src}", page.fragments) for page in _site.pages if page.fragments)
        site_wide = site_wide_fingerprint(_site, config)
        everything = site_wide != _serving.site_wide
        _staging.open(_site.settings.cache().folder)
        written, _serving.waiting = _staging.stage(_site, config.site_url or "", _docs, rebuild_all=everything,
                                                   preview=bool(os.environ.get("POLICY_PREVIEW")),
                                                   limit=None if everything else pages,
                                                   # a rebuild stays short: `make build` makes the PDFs
                                                   pdfs=not _serving.serving)
    except PolicyError as exc:
        raise PluginError("the policy cannot be built:\n" + exc.format(root)) from None
    except Exception as exc:  # a bug of the engine: still a message, and the site stays as it was
        raise PluginError(f"the policy engine failed ({type(exc).__name__}: {exc}); "
                          "run `policy check` and report this") from None
    log.info(f"{len(_site.timeline.versions)} public versions, current "
             f"{_site.timeline.current.id}, today {_site.timeline.today.isoformat()}; {_site.sections_note()}")
    if not config.site_url:
        log.info("local preview: SITE_URL is not set, so no page, feed or sitemap gives an absolute "
                 "address (`policy check --release` names it)")
    if _site.draft:
        log.info("draft: policy.yml says draft: true, and every page carries the draft banner")
    if _serving.serving and not _serving.rebuilding:
        log.info("the versions' PDFs are made by `make build`, not by serve: their links lead nowhere "
                 "here, and versions.json lists none")
    _staging.view = None
    if _serving.rebuilding:
        log.info(_serving.report(_staging, written, everything))
        if not everything:
            _staging.view_of(written)
    _serving.site_wide = site_wide


def on_env(env: jinja2.Environment, config: MkDocsConfig, files) -> jinja2.Environment:
    folder = _site.settings.cache().folder if _site is not None else None
    _templates.folder = folder / "templates" if folder is not None else None
    env.bytecode_cache = _templates
    return env


@event_priority(-100)  # last: the Markdown as every other plugin left it
def on_page_markdown(markdown: str, page, config: MkDocsConfig, files) -> str:
    if _site is None:
        return markdown
    lang = _i18n(config).current_language or DEFAULT_LANGUAGE
    return _rendered.before(markdown, page, config, files, _site.settings.cache(), lang,
                            _fragments.get(page.file.src_uri, ()))


@event_priority(100)  # first: the HTML as rendered, before any other plugin changes it
def on_page_content(html: str, page, config: MkDocsConfig, files) -> str:
    return _rendered.after(html, page, _site.settings.cache()) if _site is not None else html


def on_template_context(context, template_name: str, config: MkDocsConfig):
    if template_name.rsplit("/", 1)[-1] != "404.html":
        return context
    return not_found_context(context, config, _base(config))


def on_post_page(output: str, page, config: MkDocsConfig) -> str:
    return valid_html(output)


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    return valid_html(output) if template_name.endswith(".html") else output


def on_serve(server, config: MkDocsConfig, builder):
    server.unwatch(str(_staging.folder))
    _serving.watch(server)
    settings = _site.settings
    for path in (_docs, settings.versions_dir, settings.source, settings.contact_file,
                 settings.retained_data_file, settings.publications_dir):
        if path and Path(path).exists():
            server.watch(str(path))
    return server


@event_priority(-200)  # after i18n's (-100), which runs the other languages' builds inside the first's
def on_post_build(config: MkDocsConfig) -> None:
    if _site is None:
        return
    i18n = _i18n(config)
    inner = i18n.building  # one of the other languages' builds; else the first build, now complete
    log.info(_rendered.count(i18n.current_language if inner else DEFAULT_LANGUAGE))
    if not inner:
        # i18n has written every language's entries into one index: one per language instead.
        write_language_indexes(Path(config.site_dir), {lang: described["prefix"] for lang, described
                                                       in _described()["languages"].items()})
        # The feeds, versions.json, the schemas: as the engine staged them.
        # The sitemap is static-i18n's own (the engine's equals it: tests/test_zensical.py); without
        # SITE_URL static-i18n's lists addresses the site is not published at: the engine's, which
        # then lists nothing, stands.
        _staging.site.publish_files(Path(config.site_dir),
                                    skip=(SITEMAP, SITEMAP + ".gz") if config.site_url else ())
        _beside.publish(config)
        # What this build computed, written for other processes (a CI's next run, a `policy`
        # command beside `mkdocs serve`): each rebuild of serve flushes its own.
        engine_cache.flush()
        _serving.ask_again()


def on_build_error(error: Exception) -> None:
    _beside.discard()
