"""Material as the site needs it: a 404 page per language, valid HTML, and the theme's files
listed and its templates compiled once per process rather than in every build."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import jinja2.bccache
from mkdocs.config.defaults import MkDocsConfig

from policy_engine.core.cache import write_whole
from policy_engine.publishing import urls
from policy_engine.reading.settings import DEFAULT_LANGUAGE

# Material marks its two menu toggles (checkboxes) autocomplete="off", which HTML allows only
# on text-like inputs; the Nu HTML Checker reports it on every page.
_TOGGLE_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle"[^>]*?type="checkbox"[^>]*?) autocomplete="off"')


def valid_html(output: str) -> str:
    return _TOGGLE_AUTOCOMPLETE.sub(r"\1", output)


def localise_404(config: MkDocsConfig, lang: str) -> None:
    """Each language build renders its own 404 page: the root one stays in the default language."""
    templates = config.theme.static_templates
    for name in [t for t in templates if t.endswith("404.html")]:
        templates.discard(name)
    templates.add("404.html" if lang == DEFAULT_LANGUAGE else f"{lang}/404.html")


def not_found_context(context: dict, config: MkDocsConfig, base: str) -> dict:
    """The 404 pages are served at any missing address: their links are absolute (MkDocs does it
    only for the root one), and their language switcher leads to each language's home page."""
    context["base_url"] = base.rstrip("/") or "/"
    homes = [{**alternate, "link": urls.site_path(urls.POLICY, alternate["lang"], base)}
             for alternate in config.extra.get("alternate") or []]
    # i18n sets config.extra.alternate as an attribute, which templates read before the item.
    config.extra["alternate"] = homes
    config.extra.alternate = homes
    return context


_theme_files: dict[tuple, list[str]] = {}  # the theme's folders' files, by folders and custom stamp


def list_theme_once(config: MkDocsConfig) -> None:
    """MkDocs walks every file of the theme (Material's thousands of icons among them) in every
    build of every language, then filters them; the walk is kept per process, and taken again
    when a file of the theme's custom folder (overrides/) is added, removed or edited. The filter
    (a function of each language's static templates: its own 404 page) is applied as Jinja does."""
    theme = config.theme
    make_env = theme.get_env
    if getattr(make_env, "lists_once", False):  # each language's build configures the same theme
        return

    def get_env() -> jinja2.Environment:
        env = make_env()
        custom = Path(theme.custom_dir) if theme.custom_dir else None
        stamp = tuple((str(p), p.stat().st_mtime_ns) for p in sorted(custom.rglob("*"))) if custom else ()

        def listed(extensions=None, filter_func=None) -> list[str]:
            key = (tuple(theme.dirs), stamp)
            if key not in _theme_files:
                _theme_files[key] = env.loader.list_templates()
            names = _theme_files[key]
            if extensions is not None:  # jinja2.Environment.list_templates, on the kept walk
                names = [name for name in names if "." in name and name.rsplit(".", 1)[1] in extensions]
            return [name for name in names if filter_func(name)] if filter_func is not None else list(names)
        env.list_templates = listed
        return env
    get_env.lists_once = True
    theme.get_env = get_env


class CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates compiled once: MkDocs makes a new Jinja environment for every build,
    and compiling Material's templates is most of a rebuild's fixed cost. Kept for the process
    and, in `folder` (the engine's cache folder), for the next build. Jinja checks each entry
    against its template's source and against its own and Python's versions, so an edited
    template or an upgrade compiles again."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}
        self.folder: Path | None = None

    def _file(self, key: str) -> Path | None:
        return self.folder / f"{key}.jinja" if self.folder is not None else None

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.compiled.get(bucket.key)
        if data is None and (file := self._file(bucket.key)) is not None:
            try:
                data = file.read_bytes()
            except OSError:
                return
        if data is not None:
            bucket.bytecode_from_string(data)  # a stale or damaged entry leaves the bucket empty

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.compiled[bucket.key] = bucket.bytecode_to_string()
        if (file := self._file(bucket.key)) is not None:
            write_whole(file, data)  # else (a read-only folder) compiled again by the next build
