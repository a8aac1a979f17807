"""versions.json: every public version for machines (schema: shared/contracts/versions.schema.json)."""

from __future__ import annotations

import json
from typing import Any

from . import urls
from .settings import LANGUAGES
from .timeline import Timeline

MANIFEST_FILE = "versions.json"


def manifest(timeline: Timeline, base: str = "/") -> dict[str, Any]:
    return {
        "languages": list(LANGUAGES),
        "current": timeline.current.id,
        "versions": [
            {
                "id": version.id,
                "effective": version.effective.isoformat(),
                "announced": version.announced.isoformat() if version.announced else None,
                "status": timeline.status(version),
                "sha256": {lang: version.sha256(lang) for lang in LANGUAGES},
                "url": {lang: urls.site_path(urls.version_page(version.id), lang, base)
                        for lang in LANGUAGES},
            }
            for version in timeline.versions
        ],
    }


def manifest_json(timeline: Timeline, base: str = "/") -> str:
    return json.dumps(manifest(timeline, base), ensure_ascii=False, indent=2) + "\n"
