"""versions.json: every public version for machines (schema: shared/contracts/versions.schema.json)."""

from __future__ import annotations

import json
from typing import Any

from . import urls
from .settings import LANGUAGES
from .timeline import Timeline
from .versions import Version

MANIFEST_FILE = "versions.json"


def manifest(timeline: Timeline, base: str = "/") -> dict[str, Any]:
    return {
        "languages": list(LANGUAGES),
        "current": timeline.current.id,
        "versions": [_entry(timeline, version, base) for version in timeline.versions],
    }


def _per_language(src: str, base: str) -> dict[str, str]:
    return {lang: urls.site_path(src, lang, base) for lang in LANGUAGES}


def _entry(timeline: Timeline, version: Version, base: str) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": version.id,
        "effective": version.effective.isoformat(),
        "announced": version.announced.isoformat() if version.announced else None,
        "status": timeline.status(version),
        "sha256": {lang: version.sha256(lang) for lang in LANGUAGES},
        "url": _per_language(urls.version_page(version.id), base),
    }
    comparisons = timeline.comparisons(version)
    if comparisons:
        entry["diff"] = {kind: _per_language(urls.compare_page(old.id, new.id), base)
                         for kind, (old, new) in comparisons.items()}
    return entry


def manifest_json(timeline: Timeline, base: str = "/") -> str:
    return json.dumps(manifest(timeline, base), ensure_ascii=False, indent=2) + "\n"
