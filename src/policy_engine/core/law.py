"""Statutory references, read from data/law.yml."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

_DATA = Path(__file__).parents[1] / "data" / "law.yml"
# The questions only the company can answer, at the repository root: warnings point there.
LEGAL_REVIEW_FILE = "LEGAL-REVIEW.md"


@cache
def _law() -> dict:
    return yaml.safe_load(_DATA.read_text(encoding="utf-8"))


def reference(key: str, lang: str) -> str:
    return _law()[key][lang]


def public_matters() -> list[dict]:
    return _law()["public_matters"]


def retained_data_matters() -> list[dict]:
    return _law()["retained_data_matters"]


_PUBLICATIONS = Path(__file__).parents[1] / "data" / "publications.yml"


@cache
def publication_law() -> dict:
    """The kinds of dated 公表 record (data/publications.yml): their fields, articles and timing."""
    return yaml.safe_load(_PUBLICATIONS.read_text(encoding="utf-8"))
