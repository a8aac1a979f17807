"""Problems a user can cause, reported as `path:line: severity: message`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .messages import Message, Text, in_language, user_language


def own_path(path: Path) -> Path:
    """`path` made absolute with its folders resolved but not itself: a symbolic link is named
    where it lies (inside the repository), never where it leads."""
    return path.parent.resolve() / path.name if path.name else path.resolve()


@dataclass(frozen=True)
class Problem:
    path: Path
    message: Message  # Text(en=..., ja=...) for anything an editor reads
    line: int | None = None
    severity: str = "error"  # "error" or "warning"

    def text(self, lang: str | None = None) -> str:
        return in_language(self.message, lang or user_language())

    def file(self, root: Path | None = None) -> str:
        """The path as an editor names it: relative to the repository where it lies inside."""
        if root is not None:
            try:
                return own_path(self.path).relative_to(root.resolve()).as_posix()
            except ValueError:
                pass
        return self.path.as_posix()

    def where(self, root: Path | None = None) -> str:
        return f"{self.file(root)}:{self.line}" if self.line else self.file(root)

    def format(self, root: Path | None = None, lang: str | None = None) -> str:
        lang = lang or user_language()
        severity = _SEVERITY[self.severity].get(lang)
        return f"{self.where(root)}: {severity}: {self.text(lang)}"


# Machines read `policy check --format github`; this line is for people.
_SEVERITY = {"error": Text("error", "エラー"), "warning": Text("warning", "警告")}


class PolicyError(Exception):
    """One or more errors that stop a build or a command."""

    def __init__(self, problems: list[Problem]):
        self.problems = [p for p in problems if p.severity == "error"] or problems
        super().__init__("\n".join(p.format(lang="en") for p in self.problems))

    def format(self, root: Path | None = None, lang: str | None = None) -> str:
        return "\n".join(p.format(root, lang) for p in self.problems)

