"""The sample history on chosen days: what is public, what is in effect, what is coming."""

from __future__ import annotations

import json

import jsonschema
import pytest

from conftest import build_ok, heading, load_schema, policy, text_of


def statuses(built) -> dict[str, str]:
    return {v["id"]: v["status"] for v in built.manifest()["versions"]}


def test_sample_history_on_2026_12_01(sample_site):
    assert statuses(sample_site) == {
        "2025-04-01": "superseded", "2025-10-01": "superseded",
        "2026-04-01": "current", "2027-01-10": "upcoming",
    }
    jsonschema.validate(sample_site.manifest(), load_schema("versions.schema.json"),
                        format_checker=jsonschema.FormatChecker())
    home = sample_site.html("/")
    assert "2026年4月1日施行" in text_of(home.select_one(".policy-meta"))
    assert "統計データを作成するため" in text_of(home.select_one("#purposes-of-use").find_next("ul"))


def test_history_page_newest_first_with_status_and_summary(sample_site):
    rows = [[text_of(td) for td in tr.find_all("td")]
            for tr in sample_site.html("/en/history/").select("article tbody tr")]
    assert [r[:2] for r in rows] == [
        ["January 10, 2027", "Upcoming"], ["April 1, 2026", "Current"],
        ["October 1, 2025", "Superseded"], ["April 1, 2025", "Superseded"],
    ]
    assert rows[0][2].startswith("[Sample] Removed the notice of changes")


def test_version_pages_say_what_applies(sample_site):
    old = text_of(sample_site.html("/versions/2025-04-01/").select_one(".admonition"))
    assert "この版は、2025年10月1日の改定前の旧版です。" in old
    coming = sample_site.html("/en/versions/2027-01-10/")
    assert heading(coming.h1) == "[Sample] Privacy Policy (effective January 10, 2027)"
    assert "takes effect on January 10, 2027" in text_of(coming.select_one(".admonition"))


def test_unannounced_version_appears_nowhere(sample_site):
    """2027-07-01 is announced on 2027-05-10: on 2026-12-01 no page, entry or link names it."""
    assert not (sample_site.site / "versions" / "2027-07-01").exists()
    assert not (sample_site.site / "en" / "versions" / "2027-07-01").exists()
    for path in sample_site.site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".xml"}:
            assert "2027-07-01" not in path.read_text(encoding="utf-8"), path


@pytest.mark.parametrize(("today", "current", "public"), [
    ("2025-04-01", "2025-04-01", 1),
    ("2026-02-19", "2025-10-01", 2),   # the day before the 2026-04-01 announcement
    ("2026-02-20", "2025-10-01", 3),   # announced, not yet in effect
    ("2027-05-10", "2027-01-10", 5),
    ("2027-07-01", "2027-07-01", 5),
])
def test_today_decides_what_is_public_and_in_effect(sample_project, today, current, public):
    result = policy(sample_project, "manifest", POLICY_TODAY=today)
    assert result.returncode == 0, result.stderr
    manifest = json.loads(result.stdout)
    assert manifest["current"] == current
    assert len(manifest["versions"]) == public


def test_before_the_first_version_nothing_is_in_effect(sample_project):
    result = policy(sample_project, "check", POLICY_TODAY="2025-03-31")
    assert result.returncode == 1
    assert "no version is in effect on 2025-03-31: the first takes effect on April 1, 2025" in result.stdout + result.stderr


def test_upcoming_day_changes_the_built_site(sample_project):
    built = build_ok(sample_project, today="2027-01-10")
    assert statuses(built)["2027-01-10"] == "current"
    assert "2027年1月10日施行" in text_of(built.html("/").select_one(".policy-meta"))
