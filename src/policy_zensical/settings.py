"""A Zensical configuration per language, made from mkdocs.yml (the one description of the site's
theme, extensions and languages for both generators) and the staged site.json (navigation and
page furniture, from the engine)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

CONFIG_FILE = "mkdocs.yml"
# Zensical's own look is "modern"; Material for MkDocs's, which ProperDocs builds, is "classic".
_VARIANT = "classic"


class _Loader(yaml.SafeLoader):
    """mkdocs.yml as MkDocs reads it: `!ENV [NAME, default]` is the variable, or the default."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    names = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
    *variables, default = names if len(names) > 1 else (*names, None)
    for name in variables:
        if name in os.environ:
            return os.environ[name]
    return default


_Loader.add_constructor("!ENV", _env)


def read_mkdocs_config(root: Path) -> dict[str, Any]:
    with open(root / CONFIG_FILE, encoding="utf-8") as file:
        return yaml.load(file, Loader=_Loader)  # noqa: S506 (a SafeLoader with one tag)


def i18n_languages(config: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The languages as mkdocs-static-i18n is configured in mkdocs.yml (names, site names)."""
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            return {language["locale"]: language for language in plugin["i18n"]["languages"]}
    raise ValueError(f"{CONFIG_FILE}: the i18n plugin's languages are the site's languages; none are configured")


def _extensions(config: dict[str, Any], permalink_title: str) -> list[Any]:
    extensions = []
    for extension in config.get("markdown_extensions") or []:
        if extension == "toc" or (isinstance(extension, dict) and "toc" in extension):
            options = dict(extension["toc"]) if isinstance(extension, dict) else {}
            extension = {"toc": {**options, "permalink_title": permalink_title}}
        extensions.append(extension)
    return extensions


def language_config(root: Path, config: dict[str, Any], described: dict[str, Any], lang: str) -> dict[str, Any]:
    """The plain configuration of one language's build: its pages in docs/ beside the file, its
    site in site/, served at the site's address under the language's prefix."""
    languages = i18n_languages(config)
    staged = described["languages"][lang]
    # No address (a local preview): no canonical links, as with ProperDocs.
    site_url = described["site_url"].rstrip("/") + "/" + staged["prefix"] if described["site_url"] else None
    theme = dict(config.get("theme") or {})
    if theme.get("custom_dir"):
        theme["custom_dir"] = str((root / theme["custom_dir"]).resolve())
    theme.update(language=lang, variant=_VARIANT)
    furniture = staged["furniture"]
    return {
        "site_name": languages[lang].get("site_name") or config["site_name"],
        "site_url": site_url,
        "docs_dir": "docs",  # relative: Zensical resolves it against this file's folder
        "site_dir": "site",
        "use_directory_urls": config.get("use_directory_urls", True),
        "theme": theme,
        "extra_css": list(config.get("extra_css") or []),
        "markdown_extensions": _extensions(config, furniture["permalink_title"]),
        "nav": [item["src"] for item in staged["nav"]],
        "extra": {
            "policy": {**furniture, "nav": staged["nav"]},
            # The language switcher: each language's home, and its root, to which a page's own
            # address is added (overrides/partials/alternate.html) so that it stays on the page.
            "alternate": [{"name": languages[other]["name"], "lang": other,
                           "link": described["languages"][other]["nav"][0]["url"],
                           "root": described["languages"][other]["nav"][0]["url"]}
                          for other in described["languages"]],
        },
    }
