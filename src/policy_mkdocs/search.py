"""One search index per language, from the one that mkdocs-static-i18n gives Material for all.

Material's theme has a single index path, so i18n merges every language's entries into
search/search_index.json. A reader searches in the language of the page they are on: the
default language keeps that path with its own entries only, each other language gets
<prefix>search/search_index.json, and the page asks for its language's file
(overrides/partials/search-on-demand.html). Each file names only its own language, so a reader's
browser loads only that language's lunr support (none for English: lunr is English): Japanese is
segmented by lunr.ja (TinySegmenter), English split on the separator, both with the configured
pipeline. An English text that cites Japanese (a statutory term, a name) also gets the Japanese
support, so that the cited words are found as words, as in the Japanese pages. (lunr's English stemmer stays out: Material searches by prefix, "disclosure*", and lunr
does not stem a prefix, so a stemmed index finds nothing: "disclosure" would not find itself.)
(Zensical builds each language on its own, and so writes one index per language by itself.)
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

INDEX = "search/search_index.json"
JAPANESE = "ja"
_JAPANESE_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")


def index_path(prefix: str) -> str:
    """Where the index of the language served under `prefix` ("" or "en/") lives, from the site root."""
    return prefix + INDEX


def split_index(index: dict[str, Any], prefixes: dict[str, str]) -> dict[str, dict[str, Any]]:
    """{language: its index}: each entry goes to the language whose prefix its location starts
    with (the longest; the default language's prefix is "")."""
    by_length = sorted(prefixes.items(), key=lambda item: len(item[1]), reverse=True)
    docs: dict[str, list[dict[str, Any]]] = {lang: [] for lang in prefixes}
    for doc in index.get("docs", []):
        lang = next(lang for lang, prefix in by_length if doc["location"].startswith(prefix))
        docs[lang].append(doc)
    split = {}
    for lang in prefixes:
        cites_japanese = any(_JAPANESE_SCRIPT.search(doc["title"] + doc["text"]) for doc in docs[lang])
        # in the order the merged index gave them (Japanese first: lunr.multi as before)
        langs = [other for other in index.get("config", {}).get("lang", [lang])
                 if other == lang or (other == JAPANESE and cites_japanese)]
        config = {**index.get("config", {}), "lang": langs or [lang]}
        split[lang] = {"config": config, "docs": docs[lang]}
    return split


def write_language_indexes(site_dir: Path, prefixes: dict[str, str]) -> dict[str, Path]:
    """Replace the merged index in site_dir by one per language; {language: its file}."""
    merged = site_dir / INDEX
    if not merged.is_file():
        return {}
    index = json.loads(merged.read_text(encoding="utf-8"))
    written = {}
    for lang, own in split_index(index, prefixes).items():
        file = site_dir / index_path(prefixes[lang])
        file.parent.mkdir(parents=True, exist_ok=True)
        # As Material writes it: compact, non-ASCII kept.
        file.write_text(json.dumps(own, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        written[lang] = file
    return written
