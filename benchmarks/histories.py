"""Generated sample histories for the benchmarks and the scaling tests (SAMPLE DATA, never published).

Every version is the size of the real policy with a few changes: a reworded sentence in one
section, a changed word in another, and every fifth version a changed purpose of use (announced
in time, as the law requires).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from drifting import DriftingHistory
from policy_engine.reading.document import parse_document
from policy_engine.changes.purposes import detect

ROOT = Path(__file__).resolve().parents[1]
# The site's code and settings come from this repository; its content (contact details, glossary,
# the first version's text) from a frozen fixture, so that no edit of the live policy moves a
# test or a benchmark figure.
FIXTURE = ROOT / "tests" / "fixtures" / "project"
CODE_FILES = ("mkdocs.yml", "docs", "overrides", "hooks", "schemas")
# policy.yml is the fixture's too: the live one records the company's go-live and draft state.
CONTENT_FILES = ("policy.yml", "contact.yml", "glossary.yml", "retained-data.yml")
FIRST = date(2000, 1, 1)
STEP = timedelta(days=45)

_SENTENCES = {
    "ja": ("当社は、個人情報を適正に取得し、偽りその他不正の手段により取得しません。",
           "当社は、個人情報を適正に取得し、偽りその他不正の手段により取得しません。改定{n}により、取得の方法を記録します。"),
    "en": ("The Company shall acquire Personal Information appropriately and shall not acquire said information through deceit or other unjust means.",
           "The Company shall acquire Personal Information appropriately and shall not acquire said information through deceit or other unjust means. Under revision {n}, the means of acquisition are recorded."),
}
_WORDS = {"ja": ("必要かつ適切な監督", "必要かつ適切な監督（第{n}版）"),
          "en": ("necessary and appropriate supervision", "necessary and appropriate supervision (revision {n})")}
_PURPOSE = {"ja": ("- サービスの利用料金を請求するため\n", "- サービスの利用料金を請求するため（第{n}版の定め）\n"),
            "en": ("- to bill for service usage fees;\n", "- to bill for service usage fees (as revision {n} provides);\n")}


def _text(lang: str, n: int) -> str:
    text = (FIXTURE / "policy_versions" / "2026-11-24" / f"{lang}.md").read_text(encoding="utf-8")
    text = text.replace("title: プライバシーポリシー\n", "title: プライバシーポリシー（ベンチマーク用サンプル）\n", 1)
    text = text.replace("title: Privacy Policy\n", "title: Privacy Policy (benchmark sample)\n", 1)
    if n == 0:
        return text
    old, new = _SENTENCES[lang]
    text = text.replace(old, new.format(n=n), 1)
    old, new = _WORDS[lang]
    text = text.replace(old, new.format(n=n), 1)
    old, new = _PURPOSE[lang]
    return text.replace(old, new.format(n=n - n % 5), 1)  # the purpose changes every fifth version


def write_history(folder: Path, count: int, text: Callable[[str, int], str] = _text) -> list[str]:
    """`count` versions, 45 days apart from 2000-01-01, version n's text in each language from
    `text(lang, n)` (called in order of n); returns their ids."""
    ids = []
    previous = None
    for n in range(count):
        effective = FIRST + STEP * n
        version = folder / effective.isoformat()
        version.mkdir(parents=True)
        for lang in ("ja", "en"):
            (version / f"{lang}.md").write_text(text(lang, n), encoding="utf-8")
        ja = parse_document((version / "ja.md").read_text(encoding="utf-8"), version / "ja.md", "ja")
        changes_purposes = previous is not None and detect(previous, ja).purposes_changed
        previous = ja
        announced = effective - timedelta(days=40)
        (version / "version.yml").write_text(
            "# SAMPLE DATA generated for benchmarks\n"
            + (f"announced: {announced.isoformat()}\n" if n else "")
            + ("purposes_basis: related\n" if changes_purposes else "")  # SAMPLE: as if reviewed
            + f"summary:\n  ja: ベンチマーク用の第{n}版\n  en: Benchmark revision {n}\n", encoding="utf-8")
        ids.append(effective.isoformat())
    return ids


def copy_project_files(dest: Path) -> Path:
    """Everything a policy repository needs besides its versions: this one's code, the fixture's content."""
    dest.mkdir(parents=True, exist_ok=True)
    for source in [ROOT / name for name in CODE_FILES] + [FIXTURE / name for name in CONTENT_FILES]:
        name = source.name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, dest / name)
    return dest


def make_project(dest: Path, count: int, drifting: bool = False) -> Path:
    """A complete policy repository in `dest` with a generated history of `count` versions: small
    changes (write_history), or text that drifts like a real policy's (drifting.py)."""
    versions = copy_project_files(dest) / "policy_versions"
    if drifting:
        first = {lang: _text(lang, 0) for lang in ("ja", "en")}
        write_history(versions, count, DriftingHistory(first).text)
    else:
        write_history(versions, count)
    return dest


def day_after(count: int) -> str:
    """A day on which every one of `count` versions is public and the last is in effect."""
    return (FIRST + STEP * (count - 1) + timedelta(days=1)).isoformat()
