"""`policy check --format github`: each problem as a GitHub Actions annotation, so that it shows on
the line of the pull request's diff; Japanese first, then English, for the legal team."""

from __future__ import annotations

from pathlib import Path

from ..core.errors import Problem
from ..core.messages import Text, both_languages, counted

_TITLE = {"error": Text("Privacy policy: error", "プライバシーポリシー：エラー"),
          "warning": Text("Privacy policy: warning", "プライバシーポリシー：警告")}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(problem: Problem, root: Path) -> str:
    properties = [f"file={_escape_property(problem.file(root))}"]
    if problem.line:
        properties.append(f"line={problem.line}")
    title = _TITLE[problem.severity]
    properties.append(f"title={_escape_property(title.ja + ' / ' + title.en)}")
    return f"::{problem.severity} {','.join(properties)}::{_escape_data(both_languages(problem.message))}\n"


def github_annotations(report, root: Path) -> str:
    """Every problem, then the notes, then one summary line for the log."""
    lines = [annotation(problem, root) for problem in report.problems]
    lines += [f"::notice::{_escape_data(both_languages(note))}\n" for note in report.notes]
    errors, warnings = len(report.errors), len(report.warnings)
    lines.append(f"エラー {errors} 件、警告 {warnings} 件 / {counted(errors, 'error')}, {counted(warnings, 'warning')}\n")
    return "".join(lines)
