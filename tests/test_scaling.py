"""What keeps the site cheap as its history grows (the timings are in benchmarks/, not here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build_ok
from histories import day_after, make_project


@pytest.fixture(scope="module")
def histories(tmp_path_factory):
    built = {}
    for count in (3, 12):
        root = make_project(tmp_path_factory.mktemp(f"history{count}"), count)
        built[count] = build_ok(root, today=day_after(count))
    return built


def test_comparison_pages_are_linear_in_the_history(histories):
    for count, built in histories.items():
        for prefix in ("", "en/"):
            pages = list((built.site / prefix / "compare").glob("*/*/index.html"))
            # each version with its predecessor, each superseded one with the current: never all pairs
            assert len(pages) == 2 * count - 3, (count, prefix)


def test_search_index_does_not_grow_with_the_history(histories):
    short, long = (histories[c].site / "search" / "search_index.json" for c in (3, 12))
    assert abs(long.stat().st_size - short.stat().st_size) <= 0.01 * short.stat().st_size
    assert "versions/" not in long.read_text(encoding="utf-8") and "compare/" not in long.read_text(encoding="utf-8")


def test_policy_page_does_not_grow_with_the_history(histories):
    short, long = (histories[c].site / "index.html" for c in (3, 12))
    assert abs(long.stat().st_size - short.stat().st_size) <= 0.02 * short.stat().st_size


def _bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("index.html"))


def test_comparison_pages_carry_each_passage_once(tmp_path):
    """On a history whose text drifts (3-5% of sentences rewritten a version, sections added and
    removed), all comparison pages together stay within twice all version pages, in bytes."""
    built = build_ok(make_project(tmp_path / "drifting", 12, drifting=True), today=day_after(12))
    for prefix in ("", "en/"):
        comparisons, versions = _bytes(built.site / prefix / "compare"), _bytes(built.site / prefix / "versions")
        assert comparisons <= 2 * versions, (prefix, comparisons, versions)


def test_feeds_hold_the_latest_entries_and_point_to_the_archive(tmp_path):
    import feedparser
    built = build_ok(make_project(tmp_path / "long", 24), today=day_after(24))
    for lang, prefix in (("ja", ""), ("en", "en/")):
        feed = feedparser.parse((built.site / "feeds" / f"{lang}.xml").read_bytes())
        assert len(feed.entries) == 20  # of 23 announcements: the newest
        assert feed.feed.link.endswith(f"/{prefix}announcements/")  # the archive, which lists them all
        listed = built.html(f"/{prefix}announcements/").select("article li a")
        assert len(listed) == 23
