"""What keeps the site cheap as its history grows (the timings are in benchmarks/, not here)."""

from __future__ import annotations

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
