"""A revision's summary is what the public reads in the history and the notice: a version that is
public on the day checked must have a real one (not the skeleton's TODO), in every language."""

from __future__ import annotations

from datetime import date

from ..core.errors import Problem
from ..core.messages import Text
from .versions import Version

SKELETON_SUMMARY = "TODO"


def summary_problems(versions: list[Version], today: date) -> list[Problem]:
    """Errors for public versions (warnings for those still to come) whose summary is the
    skeleton's TODO or missing; the first version may go without one (there is nothing it revises)."""
    problems = []
    for index, version in enumerate(versions):
        severity = "error" if version.published <= today else "warning"
        when = Text(f"it is public from {version.published.isoformat()}",
                    f"この版は {version.published.isoformat()} から公開されます")
        if not version.summary:
            if index > 0:
                problems.append(Problem(version.version_file, Text(
                    f"no summary: write `summary:` with `ja:` and `en:` in {version.version_file.name}, "
                    f"shown in the version history and the notice ({when.en})",
                    f"改定の概要がありません。{version.version_file.name} に summary:（ja: と en:）を記載してください。"
                    f"改定履歴とお知らせに表示されます（{when.ja}）"), None, severity))
            continue
        for lang, text in version.summary.items():
            if text.strip().upper() == SKELETON_SUMMARY:
                problems.append(Problem(version.version_file, Text(
                    f"summary ({lang}) is still the skeleton's {SKELETON_SUMMARY}: describe the revision "
                    f"({when.en})",
                    f"改定の概要（summary の {lang}）がひな形の {SKELETON_SUMMARY} のままです。改定の内容を記載してください"
                    f"（{when.ja}）"), version.summary_line, severity))
    return problems
