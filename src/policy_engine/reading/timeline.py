"""Which versions are public on a given day, and which one is in effect."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from datetime import date

from ..core.dates import format_date
from ..core.errors import PolicyError, Problem
from .versions import Version

CURRENT, UPCOMING, SUPERSEDED = "current", "upcoming", "superseded"


@dataclass(frozen=True)
class Timeline:
    """The public versions on `today`, oldest first; unannounced ones are absent altogether."""

    today: date
    versions: tuple[Version, ...]
    current: Version

    @property
    def prefix(self) -> str:
        """Where its document's pages are in a language folder ("" for the privacy policy)."""
        return self.current.document.prefix

    def status(self, version: Version) -> str:
        if version is self.current:
            return CURRENT
        return UPCOMING if version.effective > self.today else SUPERSEDED

    @cached_property
    def _position(self) -> dict[str, int]:
        return {version.id: index for index, version in enumerate(self.versions)}

    def previous(self, version: Version) -> Version | None:
        index = self._position[version.id]
        return self.versions[index - 1] if index > 0 else None

    def following(self, version: Version) -> Version | None:
        index = self._position[version.id]
        return self.versions[index + 1] if index + 1 < len(self.versions) else None

    def comparisons(self, version: Version) -> dict[str, tuple[Version, Version]]:
        """The comparisons a version has: with the one before it, and (superseded) with the current.
        Never all pairs: the number of comparisons grows linearly with the history."""
        result = {}
        previous = self.previous(version)
        if previous is not None:
            result["previous"] = (previous, version)
        if self.status(version) == SUPERSEDED:
            result["current"] = (version, self.current)
        return result

    def comparison_pairs(self) -> list[tuple[Version, Version]]:
        pairs: dict[tuple[str, str], tuple[Version, Version]] = {}
        for version in self.versions:
            for old, new in self.comparisons(version).values():
                pairs[(old.id, new.id)] = (old, new)
        return list(pairs.values())

    @property
    def upcoming(self) -> tuple[Version, ...]:
        return tuple(v for v in self.versions if v.effective > self.today)


def make_timeline(versions: list[Version], today: date, go_live: date | None = None) -> Timeline:
    """`go_live`: the site's first public day (policy.yml); before it, no version is said to have
    been published on this site."""
    public = tuple(v for v in versions if v.published <= today)
    live = go_live is not None and go_live <= today
    for version in versions:
        version.on_site_since = (max(version.published, go_live)
                                 if live and version.published <= today else None)
    in_effect = [v for v in public if v.effective <= today]
    if not in_effect:
        first = versions[0]
        raise PolicyError([Problem(first.folder, f"no version is in effect on "
                                                 f"{today.isoformat()}: the first takes effect on "
                                                 f"{format_date(first.effective, 'en')}")])
    return Timeline(today, public, in_effect[-1])
