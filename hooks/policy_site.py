"""MkDocs adapter for the policy engine: MkDocs's events, wired to the engine (policy_engine) and
to the parts only this generator needs (policy_mkdocs).

mkdocs-static-i18n runs one build per language on the same config, and reads pages only from
docs_dir. So the first build loads and checks the whole repository (before anything is written),
then stages hand-written docs/ and the generated pages in a folder that becomes docs_dir
(policy_mkdocs.staging). The last good site survives any failure (policy_mkdocs.publishing).
Work is done once: pages whose Markdown is unchanged reuse their HTML (policy_mkdocs.rendered),
and `mkdocs serve --dirty` renders only what an edit changed (policy_mkdocs.serving).
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import datetime, time
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
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
from policy_mkdocs.publishing import BuildBeside
from policy_mkdocs.rendered import RenderedPages
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

# Material's script fetches a sitemap.xml beside every <link rel="alternate"> of a page, the
# feed's included: a small one beside the feeds keeps every page's first view the same size
# however long the history (the site's own sitemap.xml grows with it, for crawlers).
_EMPTY_SITEMAP = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                  '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n')


def _i18n(config: MkDocsConfig):
    plugin = config.plugins.get("i18n")
    if plugin is None:
        raise PluginError("policy hook: the mkdocs-static-i18n plugin ('i18n') must be configured")
    return plugin


def _base(config: MkDocsConfig) -> str:
    """The path the site is served under, from site_url."""
    return urlsplit(config.site_url or "/").path or "/"


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


def _load_and_stage(config: MkDocsConfig) -> None:
    """Load and check the repository, then stage its pages: before MkDocs writes anything."""
    global _site, _docs
    root = Path(config.config_file_path).parent
    seconds, pages = _serving.budget()
    try:
        _site = build_site(root, time_budget=seconds)
    except PolicyError as exc:
        raise PluginError("the policy cannot be built:\n" + exc.format(root)) from None
    except Exception as exc:  # a bug of the engine: still a message, and the site stays as it was
        raise PluginError(f"the policy engine failed ({type(exc).__name__}: {exc}); "
                          "run `policy check` and report this") from None
    if not _serving.serving:
        _beside.start(config)
    _docs = _docs or Path(config.docs_dir)
    # Reproducible output: dates MkDocs writes (the sitemap's lastmod) follow the policy's day.
    noon = datetime.combine(_site.timeline.today, time(12, 0), JST)
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(int(noon.timestamp())))
    site_wide = site_wide_fingerprint(_site, config)
    everything = site_wide != _serving.site_wide
    written, _serving.waiting = _staging.stage(_docs, _site.pages, rebuild_all=everything,
                                               limit=None if everything else pages)
    log.info(f"{len(_site.timeline.versions)} public versions, current "
             f"{_site.timeline.current.id}, today {_site.timeline.today.isoformat()}")
    _staging.view = None
    if _serving.rebuilding:
        log.info(_serving.report(_staging, written, everything))
        if not everything:
            _staging.view_of(written)
    _serving.site_wide = site_wide


def on_env(env: jinja2.Environment, config: MkDocsConfig, files) -> jinja2.Environment:
    env.bytecode_cache = _templates
    return env


@event_priority(-100)  # last: the Markdown as every other plugin left it
def on_page_markdown(markdown: str, page, config: MkDocsConfig, files) -> str:
    if _site is None:
        return markdown
    lang = _i18n(config).current_language or DEFAULT_LANGUAGE
    return _rendered.before(markdown, page, config, files, _site.settings.cache(), lang)


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
    for path in (_docs, settings.versions_dir, settings.source, settings.contact_file):
        if path and Path(path).exists():
            server.watch(str(path))
    return server


@event_priority(-200)  # after i18n's (-100), which runs the other languages' builds inside the first's
def on_post_build(config: MkDocsConfig) -> None:
    if _site is None:
        return
    i18n = _i18n(config)
    inner = i18n.building  # one of the other languages' builds; else the first build, now complete
    lang = i18n.current_language if inner else DEFAULT_LANGUAGE
    log.info(_rendered.count(lang))
    site_dir = Path(config.site_dir)
    feed = site_dir / urls.feed_path(lang).lstrip("/")
    feed.parent.mkdir(parents=True, exist_ok=True)
    feed.write_text(_site.feed(lang, config.site_url or "/"), encoding="utf-8")
    (feed.parent / "sitemap.xml").write_text(_EMPTY_SITEMAP, encoding="utf-8")
    if lang == DEFAULT_LANGUAGE:
        (site_dir / MANIFEST_FILE).write_text(_site.manifest_json(_base(config)), encoding="utf-8")
        # The contracts of versions.json and of the CLI's JSON, where versions.json's $schema points.
        schemas = site_dir / urls.SCHEMAS_DIR
        schemas.mkdir(exist_ok=True)
        for schema in sorted((_site.settings.root / urls.SCHEMAS_DIR).glob("*.schema.json")):
            shutil.copyfile(schema, schemas / schema.name)
        # What the page comparing any two versions fetches, one file per version and language.
        for path, content in _site.compare_data().items():
            target = site_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
    if not inner:
        _beside.publish(config)
        _serving.ask_again()


def on_build_error(error: Exception) -> None:
    _beside.discard()
