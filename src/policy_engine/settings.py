"""Where a policy repository keeps things: `policy.yml` at its root, found as git finds `.git`."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import PolicyError, Problem
from .yamldata import load_mapping_file

SETTINGS_FILE = "policy.yml"
VERSIONS_DIR_VARIABLE = "POLICY_VERSIONS_DIR"
LANGUAGES = ("ja", "en")  # the default language first: it is served at the site root
DEFAULT_LANGUAGE = LANGUAGES[0]

_KNOWN_KEYS = {"versions_dir", "contact", "glossary", "notice_period_days"}


@dataclass(frozen=True)
class Settings:
    root: Path
    versions_dir: Path
    contact_file: Path
    glossary_file: Path
    notice_period_days: int
    source: Path


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above `start` (default: the working directory) with policy.yml."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / SETTINGS_FILE).is_file():
            return folder
    raise PolicyError([Problem(here, f"not inside a policy repository: no {SETTINGS_FILE} "
                                     "here or in any parent folder")])


def load_settings(root: Path, environ: dict[str, str] | None = None) -> Settings:
    environ = os.environ if environ is None else environ
    path = root / SETTINGS_FILE
    mapping = load_mapping_file(path, what=SETTINGS_FILE)
    problems = [Problem(path, f"unknown setting '{key}' (known: {', '.join(sorted(_KNOWN_KEYS))})",
                        mapping.line_of(key)) for key in mapping.data if key not in _KNOWN_KEYS]
    period = mapping.data.get("notice_period_days", 30)
    if not isinstance(period, int) or isinstance(period, bool) or period < 0:
        problems.append(Problem(path, "notice_period_days must be a whole number of days, 0 or more",
                                mapping.line_of("notice_period_days")))
    if problems:
        raise PolicyError(problems)
    # The variable lets a build or a test use another history (the samples) without an edit.
    versions = environ.get(VERSIONS_DIR_VARIABLE) or mapping.data.get("versions_dir", "policy_versions")
    return Settings(
        root=root,
        versions_dir=(root / str(versions)).resolve(),
        contact_file=(root / str(mapping.data.get("contact", "contact.yml"))).resolve(),
        glossary_file=(root / str(mapping.data.get("glossary", "glossary.yml"))).resolve(),
        notice_period_days=period,
        source=path,
    )
