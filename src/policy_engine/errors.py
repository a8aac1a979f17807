"""Problems a user can cause, reported as `path:line: severity: message`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    path: Path
    message: str
    line: int | None = None
    severity: str = "error"  # "error" or "warning"

    def format(self, root: Path | None = None) -> str:
        shown = self.path
        if root is not None:
            try:
                shown = self.path.resolve().relative_to(root.resolve())
            except ValueError:
                pass
        where = f"{shown}:{self.line}" if self.line else f"{shown}"
        return f"{where}: {self.severity}: {self.message}"


class PolicyError(Exception):
    """One or more errors that stop a build or a command."""

    def __init__(self, problems: list[Problem]):
        self.problems = [p for p in problems if p.severity == "error"] or problems
        super().__init__("\n".join(p.format() for p in self.problems))

    def format(self, root: Path | None = None) -> str:
        return "\n".join(p.format(root) for p in self.problems)

