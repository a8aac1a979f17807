"""A change of the contact details is a dated record: the history, the feeds and versions.json
list it with its old and new values; archived versions and notices keep the details they were
published with, beside a link to the current inquiry desk; `policy check --base` holds the record
as it holds published versions."""

from __future__ import annotations

import subprocess
from pathlib import Path

import feedparser
import git
import jsonschema
import pytest

from conftest import (FIRST_DETAILS, MOVED_DETAILS, as_previous, build, build_ok, commit, dated_contact, heading,
                      load_schema, policy, text_of)

OLD_JA = "〒810-0042 福岡県福岡市中央区赤坂2丁目4-5 Châtelet Succés 104"
OLD_EN = "104 Châtelet Succés, 2-4-5 Akasaka, Chuo Ward, Fukuoka City, Fukuoka Prefecture 810-0042, Japan"
NEW_JA = "〒810-0001 福岡県福岡市中央区天神1丁目1-1（サンプル）"
NEW_EN = "1-1-1 Tenjin (sample), Chuo Ward, Fukuoka City, Fukuoka Prefecture 810-0001, Japan"


def contact_note(page):
    """The box beside details that are no longer in effect."""
    return next((box for box in page.select(".admonition.info")
                 if text_of(box.select_one(".admonition-title")) in ("お問い合わせ窓口", "Contact")), None)


def inquiries(page) -> str:
    return text_of(page.select_one("#inquiries").find_next("address"))


def test_the_history_lists_the_change_with_its_date_and_values(moved_site):
    ja = moved_site.html("/history/")
    section = ja.select_one("#contact-changes")
    assert heading(section) == "お問い合わせ窓口の変更"
    entry = ja.select_one("#contact-change-2026-06-01")
    assert heading(entry) == "2026年6月1日"
    assert text_of(entry.find_next("p")) == "2026年6月1日から、お問い合わせ窓口を次のとおり変更しました。"
    rows = [[text_of(cell) for cell in row.find_all(["th", "td"])] for row in entry.find_next("table").find_all("tr")]
    assert rows == [["項目", "変更前", "変更後"], ["住所", OLD_JA, NEW_JA],
                    ["メールアドレス", "info@medmain.com", "privacy@medmain.com"]]
    en = moved_site.html("/en/history/")
    rows = [[text_of(cell) for cell in row.find_all(["th", "td"])]
            for row in en.select_one("#contact-change-2026-06-01").find_next("table").find_all("tr")]
    assert rows == [["Item", "Before", "After"], ["Address", OLD_EN, NEW_EN],
                    ["E-mail address", "info@medmain.com", "privacy@medmain.com"]]


def test_the_feeds_and_the_announcements_page_carry_the_change(moved_site):
    for lang, prefix, title in (("ja", "", "お問い合わせ窓口の変更（2026年6月1日）"),
                                ("en", "en/", "Change of contact details (June 1, 2026)")):
        feed = feedparser.parse((moved_site.site / "feeds" / f"{lang}.xml").read_text(encoding="utf-8"))
        entry = next(e for e in feed.entries if e.title == title)
        # built without SITE_URL: a root-relative link, never a local address as the site's (issue 19)
        assert entry.link == f"/{prefix}history/#contact-change-2026-06-01"
        assert entry.published.startswith("2026-06-01")
        assert "privacy@medmain.com" in entry.content[0].value and "info@medmain.com" in entry.content[0].value
        listing = moved_site.html(f"/{prefix}announcements/")
        link = listing.find("a", string=title)
        assert link["href"] == "../history/#contact-change-2026-06-01"


def test_versions_json_lists_the_change(moved_site):
    manifest = moved_site.manifest()
    jsonschema.validate(manifest, load_schema("versions.schema.json"))
    assert manifest["contact_changes"] == [{
        "date": "2026-06-01",
        "changes": [
            {"field": "address", "before": {"ja": OLD_JA, "en": OLD_EN}, "after": {"ja": NEW_JA, "en": NEW_EN}},
            {"field": "email", "before": {"ja": "info@medmain.com", "en": "info@medmain.com"},
             "after": {"ja": "privacy@medmain.com", "en": "privacy@medmain.com"}},
        ],
        "url": {"ja": "/history/#contact-change-2026-06-01", "en": "/en/history/#contact-change-2026-06-01"},
    }]


def test_archived_versions_and_notices_keep_the_details_they_were_published_with(moved_site):
    for prefix, old, new in (("", OLD_JA, NEW_JA), ("en/", OLD_EN, NEW_EN)):
        archived = moved_site.html(f"/{prefix}versions/2025-04-01/")
        assert old in inquiries(archived)
        assert contact_note(archived).find("a")["href"] == "../../contact/"
        # the policy in effect, published after the move, and the footer of every page: the new details
        assert new in inquiries(moved_site.html(f"/{prefix}"))
        assert new in text_of(archived.select_one(".policy-footer address"))
        notice = moved_site.html(f"/{prefix}announcements/2025-10-01/")
        assert old in text_of(notice.select_one("article address"))
        assert notice.find("a", href="../../contact/") is not None
    assert text_of(contact_note(moved_site.html("/versions/2025-04-01/"))) == (
        "お問い合わせ窓口 この版に記載しているお問い合わせ窓口は、この版の公表時（2025年4月1日）のものです。"
        "現在のお問い合わせ窓口は、お問い合わせ窓口のページをご覧ください。")
    # the current version has no such note: its details are today's
    assert contact_note(moved_site.html("/versions/2026-04-01/")) is None
    contact = moved_site.html("/contact/")
    assert NEW_JA in text_of(contact.select_one("article address"))
    assert contact.find("a", href="../history/#contact-changes") is not None


def test_details_that_take_effect_later_appear_on_their_day(sample_project):
    (sample_project / "contact.yml").write_text(dated_contact("2027-02-01"), encoding="utf-8")
    before = build_ok(sample_project, today="2026-12-01")
    assert before.manifest()["contact_changes"] == []
    assert before.html("/history/").select_one("#contact-changes") is None
    assert OLD_JA in text_of(before.html("/").select_one(".policy-footer address"))
    after = build_ok(sample_project, today="2027-02-01")
    assert [c["date"] for c in after.manifest()["contact_changes"]] == ["2027-02-01"]
    assert NEW_JA in text_of(after.html("/").select_one(".policy-footer address"))


def _first(prefix: str):
    """The line of the first line of the file that starts with `prefix`."""
    return lambda lines: next(i for i, line in enumerate(lines, 1) if line.startswith(prefix))


@pytest.mark.parametrize("text, line, expected", [
    # two dates out of order: the later record is named, on its since:
    (lambda: dated_contact("2026-06-01").replace("previous:\n", "previous:\n" + as_previous(FIRST_DETAILS, "2026-07-01")),
     lambda lines: 1, "since: 2026-06-01 must be after 2026-07-01, the date of the details before them"),
    # three records, the middle one undated: only the oldest may go without since:
    (lambda: dated_contact("2026-06-01") + as_previous(MOVED_DETAILS),
     _first("  - "), "since: is missing: every contact details but the first"),
    (lambda: dated_contact("2026-06-01", details=FIRST_DETAILS),
     lambda lines: 1, "the details since 2026-06-01 are the same as those before them: write the new details there"),
    (lambda: "since: 2026-06-01\n" + MOVED_DETAILS + "previous: info@medmain.com\n",
     _first("previous:"), "previous: must list the earlier contact details, newest first"),
])
def test_a_broken_record_is_refused_with_its_line(project, text, line, expected):
    body = text()
    (project / "contact.yml").write_text(body, encoding="utf-8")
    message = f"contact.yml:{line(body.splitlines())}: error: {expected}"
    built = build(project, site=project / "out")
    assert built.result.returncode == 1
    assert message in built.result.stderr
    assert not built.site.exists()
    checked = policy(project, "check", POLICY_TODAY="2026-11-25")
    assert checked.returncode == 1 and message in checked.stdout


# ---------------------------------------------------------------------------------------------
# Pull requests on real repositories: a dated change is green, an edit of the record is red

TODAY = "2026-11-25"


def check(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    return policy(root, "check", "--base", "main", *args, POLICY_TODAY=TODAY, **env)


def line_of(root: Path, needle: str, after: str = "") -> int:
    lines = (root / "contact.yml").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines[start:], start + 1) if needle in line)


def test_a_dated_change_is_green_and_shown_in_the_pull_request(repo):
    (repo / "contact.yml").write_text(dated_contact(TODAY), encoding="utf-8")
    commit(repo, "New office and inquiry address")
    result = check(repo)
    assert result.returncode == 0, result.stdout + result.stderr
    summary = policy(repo, "diff", "--base", "main", "--format", "markdown", POLICY_TODAY=TODAY).stdout
    assert "### お問い合わせ窓口：2026年11月25日から変更 / Contact details: new from November 25, 2026" in summary
    assert f"| 住所 | {OLD_JA} | {NEW_JA} |" in summary
    assert f"| Address | {OLD_EN} | {NEW_EN} |" in summary
    days = policy(repo, "preview-days", "--base", "main", POLICY_TODAY="2026-11-20")
    assert days.stdout.split() == ["2026-11-20", TODAY]


def test_an_edit_in_place_is_red_in_japanese_with_the_line(repo):
    contact = repo / "contact.yml"
    contact.write_text(contact.read_text(encoding="utf-8").replace("info@medmain.com", "privacy@medmain.com"),
                       encoding="utf-8")
    commit(repo, "New inquiry address")
    result = check(repo, POLICY_LANG="ja")
    assert result.returncode == 1
    assert (f"contact.yml:{line_of(repo, 'email:')}: エラー: 当初のお問い合わせ窓口が直接書き換えられています。"
            "お問い合わせ窓口の変更は日付付きの記録として残します。変更前の内容をそのまま previous: の先頭に移し、"
            "新しい内容には since: に適用を開始する日（2026-11-25以降）を記載してください") in result.stdout
    english = check(repo)
    assert "error: the first contact details were edited in place: a change of the contact details is a dated record" \
        in english.stdout


def test_a_backdated_change_is_red(repo):
    (repo / "contact.yml").write_text(dated_contact("2026-11-01"), encoding="utf-8")
    result = check(repo, POLICY_LANG="ja")
    assert result.returncode == 1
    assert ("contact.yml:1: エラー: since: 2026-11-01 が過去の日付です。新しいお問い合わせ窓口が適用されるのは、"
            "早くても main に取り込まれた日（2026-11-25以降）です") in result.stdout


def test_earlier_details_are_records_too(repo):
    (repo / "contact.yml").write_text(dated_contact(TODAY), encoding="utf-8")
    commit(repo, "New office")
    repository = git.Repo(repo)
    repository.git.checkout("main")
    repository.git.merge("revision")
    repository.git.checkout("-b", "rewrite")
    # an edit of the details kept under previous: is refused, on their line
    contact = repo / "contact.yml"
    contact.write_text(dated_contact(TODAY, previous=FIRST_DETAILS.replace("info@", "office@")), encoding="utf-8")
    result = policy(repo, "check", "--base", "main", POLICY_TODAY="2026-11-26")
    assert result.returncode == 1
    assert (f"contact.yml:{line_of(repo, 'email:', after='previous:')}: error: the first contact details "
            "(on main (") in result.stdout
    assert ") were changed: they are a record; restore them as they were" in result.stdout
    # and so is their removal
    contact.write_text(f"since: {TODAY}\n{MOVED_DETAILS}", encoding="utf-8")
    result = policy(repo, "check", "--base", "main", POLICY_TODAY="2026-11-26", POLICY_LANG="ja")
    assert result.returncode == 1
    assert "エラー: 当初のお問い合わせ窓口（main (" in result.stdout
    assert "）が削除されています。これは記録です。previous: に元のまま戻してください" in result.stdout


def test_policy_contact_change_starts_the_record_for_the_editor(repo):
    started = policy(repo, "contact-change", "--since", "2026-12-10", POLICY_TODAY=TODAY, POLICY_LANG="ja")
    assert started.returncode == 0, started.stderr
    assert started.stdout.startswith("contact.yml：現在のお問い合わせ窓口をそのまま previous: の先頭に残しました。"
                                     "新しい窓口は 2026-12-10 から適用されます（since: 2026-12-10）。")
    contact = repo / "contact.yml"
    text = contact.read_text(encoding="utf-8")
    assert "\nsince: 2026-12-10\n" in text and "\nprevious:\n  - company:\n" in text
    # unedited, the new record repeats the old one: the check says what to do, on the since: line
    unedited = check(repo, POLICY_LANG="ja")
    assert (f"contact.yml:{line_of(repo, 'since:')}: エラー: since: 2026-12-10 からのお問い合わせ窓口が、"
            "その前のものと同じ内容です。変更後の内容を記載してください") in unedited.stdout
    current, marker, previous = text.partition("\nprevious:\n")
    contact.write_text(current.replace("info@medmain.com", "privacy@medmain.com") + marker + previous, encoding="utf-8")
    commit(repo, "New inquiry address from 2026-12-10")
    assert check(repo).returncode == 0
    built = build_ok(repo, today="2026-12-10")
    assert [c["date"] for c in built.manifest()["contact_changes"]] == ["2026-12-10"]
    # a date before the day of the merge is refused before anything is written
    late = policy(repo, "contact-change", "--since", "2026-11-01", POLICY_TODAY=TODAY)
    assert late.returncode == 1
    assert "contact.yml: error: --since 2026-11-01: new contact details take effect on" in late.stderr
    assert contact.read_text(encoding="utf-8") == current.replace("info@medmain.com", "privacy@medmain.com") + marker + previous
