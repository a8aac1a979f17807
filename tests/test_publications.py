"""The register of 公表 records concerning anonymously processed information (issue 21, items 1, 2
and 4): dated records in publications/<kind>/, validated by kind, append-only, published on the
page 「匿名加工情報に関する公表事項」 and each on its permanent page, in both feeds, in
publications.json (its own schema), posted by `policy notify` and shown in the pull request's
comment. The records are the SAMPLE DATA of tests/fixtures/publications: a creation, a provision
and a correction of the provision."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import feedparser
import git
import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import PUBLICATION_RECORDS as RECORDS
from conftest import assert_check_refuses, build_ok, copy_project, load_schema, policy, text_of

TODAY = "2026-12-01"
CREATED = "2026-11-24-sample-pathology-images"
PROVIDED = "2026-11-26-sample-joint-research"
CORRECTION = "2026-11-30-sample-joint-research-correction"
IDS = [CORRECTION, PROVIDED, CREATED]  # newest first
PROVIDED_FILE = f"publications/anonymised-provided/{PROVIDED}.yml"
TITLES = {
    "ja": {CREATED: "【サンプル】病理画像データセットの作成",
           PROVIDED: "【サンプル】共同研究機関への病理画像データセットの提供",
           CORRECTION: "【サンプル】共同研究機関への病理画像データセットの提供（訂正）"},
    "en": {CREATED: "[SAMPLE] Creation of a pathology image data set",
           PROVIDED: "[SAMPLE] Provision of a pathology image data set to joint research institutions",
           CORRECTION: "[SAMPLE] Provision of a pathology image data set to joint research institutions (correction)"},
}
REGISTER_TITLE = {"ja": "匿名加工情報に関する公表事項",
                  "en": "Publications concerning anonymously processed information"}
PREFIX = {"ja": "", "en": "en/"}


def with_records(root: Path) -> Path:
    shutil.copytree(RECORDS, root / "publications")
    return root


@pytest.fixture
def records_repo(tmp_path) -> Path:
    """The fixture with its three records published on main, on a feature branch."""
    root = with_records(copy_project(tmp_path / "repo"))
    repository = git.Repo.init(root, initial_branch="main")
    repository.git.add(A=True)
    repository.index.commit("Publish the records")
    repository.git.checkout("-b", "change")
    return root


# ---------------------------------------------------------------------------------------------
# The site


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_register_lists_every_record_once_newest_first(registered_site, lang):
    soup = registered_site.html(f"{PREFIX[lang]}publications/")
    article = soup.select_one("article")
    assert article.h1.get_text(strip=True).rstrip("¶") == REGISTER_TITLE[lang]
    assert soup.title.get_text().startswith(REGISTER_TITLE[lang])
    links = [a for a in article.select("li a") if a.get_text() in TITLES[lang].values()]
    assert [a.get_text() for a in links] == [TITLES[lang][i] for i in IDS]
    assert [a["href"] for a in links] == [f"{i}/" for i in IDS]
    # the corrected record says so, and links to its correction
    provided = next(li for li in article.select("li") if TITLES[lang][PROVIDED] in li.get_text()
                    and TITLES[lang][CORRECTION] not in li.get_text())
    assert [a["href"] for a in provided.select("a")][1:] == [f"{CORRECTION}/"]
    assert ("訂正されています" if lang == "ja" else "corrected") in provided.get_text()
    # in the navigation of every page, in its language
    nav = [a.get_text(strip=True) for a in registered_site.html(f"{PREFIX[lang]}").select(".md-tabs a, .md-nav--primary a")]
    assert REGISTER_TITLE[lang] in nav


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_each_record_has_its_permanent_page_with_what_the_law_requires(registered_site, lang):
    created = registered_site.html(f"{PREFIX[lang]}publications/{CREATED}/")
    text = text_of(created.select_one("article"))
    assert created.h1.get_text(strip=True).rstrip("¶") == TITLES[lang][CREATED]
    label = ("匿名加工情報に含まれる個人に関する情報の項目" if lang == "ja"
             else "Items of information relating to individuals contained in the anonymously processed information")
    assert created.select_one("h2#items").get_text(strip=True).rstrip("¶") == label
    assert [li.get_text() for li in created.select("h2#items + ul li")] == (
        ["病理組織の画像", "年代（10歳刻み）", "性別", "診断名"] if lang == "ja"
        else ["Images of pathological tissue", "Age group (in ten-year bands)", "Sex", "Diagnosis"])
    assert created.select_one("h2#created + p time")["datetime"] == "2026-11-20"
    assert ("個人情報保護法第43条第3項" if lang == "ja" else "APPI Art. 43(3)") in text
    provided = registered_site.html(f"{PREFIX[lang]}publications/{PROVIDED}/")
    for anchor in ("provided", "items", "method", "recipients", "statement"):
        assert provided.select_one(f"h2#{anchor}"), anchor
    assert ("当該提供に係る情報は、匿名加工情報です。" if lang == "ja"
            else "The information provided is anonymously processed information.") in text_of(provided)
    # the corrected record points to its correction, and the correction back to it
    warning = provided.select_one(".admonition.warning")
    assert warning.select_one("a")["href"] == f"../{CORRECTION}/"
    correction = registered_site.html(f"{PREFIX[lang]}publications/{CORRECTION}/")
    assert correction.select_one(".admonition.info a")["href"] == f"../{PROVIDED}/"
    assert "アクセス制限" in text_of(correction) if lang == "ja" else "access-controlled" in text_of(correction)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_section_3_of_the_policy_links_to_the_register(registered_site, lang):
    soup = registered_site.html(f"{PREFIX[lang]}")
    heading = soup.select_one("h2#anonymously-processed-information")
    note = heading.find_next_sibling()
    assert "policy-site-note" in note["class"]
    assert note.select_one("a")["href"] == "publications/"
    assert note.select_one("a").get_text() == REGISTER_TITLE[lang]
    # the version's own text, as published, is untouched
    text = (registered_site.site / "versions" / "2026-11-24" / f"{lang}.txt").read_text(encoding="utf-8")
    assert "publications" not in text


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_each_record_is_one_entry_of_the_feed(registered_site, lang):
    feed = feedparser.parse((registered_site.site / "feeds" / f"{lang}.xml").read_bytes())
    entries = [e for e in feed.entries if "/publications/" in e.link]
    assert [e.link for e in entries] == [f"/{PREFIX[lang]}publications/{i}/" for i in IDS]
    assert all(TITLES[lang][i] in e.title for e, i in zip(entries, IDS))
    assert len({e.id for e in entries}) == 3
    assert "2026-11-20" in next(e for e in entries if CREATED in e.link).content[0].value


def test_publications_json_lists_each_record_once_and_is_valid(registered_site):
    manifest = json.loads((registered_site.site / "publications.json").read_text(encoding="utf-8"))
    schema = load_schema("publications.schema.json")
    jsonschema.validate(manifest, schema, format_checker=jsonschema.FormatChecker())
    assert manifest["$schema"] == "/schemas/publications.schema.json"
    assert (registered_site.site / "schemas" / "publications.schema.json").is_file()
    assert [p["id"] for p in manifest["publications"]] == IDS
    by_id = {p["id"]: p for p in manifest["publications"]}
    assert by_id[PROVIDED]["corrected_by"] == [CORRECTION]
    assert by_id[CORRECTION]["corrects"] == PROVIDED
    for lang in ("ja", "en"):
        assert {p["title"][lang] for p in manifest["publications"]} == set(TITLES[lang].values())
        assert by_id[CREATED]["url"][lang] == f"/{PREFIX[lang]}publications/{CREATED}/"
    assert by_id[CREATED]["fields"]["created"] == "2026-11-20"


def test_a_record_is_public_from_its_day_only(tmp_path):
    built = build_ok(with_records(copy_project(tmp_path / "repo")), today="2026-11-25")
    manifest = json.loads((built.site / "publications.json").read_text(encoding="utf-8"))
    assert [p["id"] for p in manifest["publications"]] == [CREATED]
    assert not (built.site / "publications" / PROVIDED).exists()


@pytest.mark.parametrize("lang, none", [("ja", "現在、公表事項はありません。"), ("en", "There are no publications yet.")])
def test_the_real_site_without_records_says_there_is_none_yet(real_site, lang, none):
    soup = real_site.html(f"{PREFIX[lang]}publications/")
    assert none in text_of(soup.select_one("article"))
    assert not soup.select("article li a[href$='/']")
    manifest = json.loads((real_site.site / "publications.json").read_text(encoding="utf-8"))
    jsonschema.validate(manifest, load_schema("publications.schema.json"))
    assert manifest["publications"] == []


# ---------------------------------------------------------------------------------------------
# policy notify


def test_notify_posts_each_record_once(tmp_path, webhook):
    root = with_records(copy_project(tmp_path / "repo"))
    sent = tmp_path / "sent.txt"

    def notify():
        return policy(root, "notify", "--sent", str(sent), POLICY_TODAY=TODAY, POLICY_WEBHOOK_URL=webhook.url,
                      POLICY_WEBHOOK_SECRET=webhook.secret)

    result = notify()
    assert result.returncode == 0, result.stderr
    assert f"posted 3 publication(s): {CREATED}, {PROVIDED}, {CORRECTION}" in result.stdout
    assert [h["webhook-id"] for h in webhook.seen] == [f"publication-{i}" for i in reversed(IDS)]
    assert webhook.rejected == []
    schema = load_schema("publications.schema.json")
    for body in webhook.received:
        assert body["type"] == "publication"
        jsonschema.validate(body, {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": "#/$defs/publication"})
        assert set(body["title"]) == {"ja", "en"}
    assert [b["id"] for b in webhook.received] == list(reversed(IDS))
    again = notify()
    assert again.returncode == 0, again.stderr
    assert "posted 0 publication(s)" in again.stdout  # nothing more to post
    assert len(webhook.received) == 3


# ---------------------------------------------------------------------------------------------
# Validation and append-only


def _check(root: Path, *args: str, lang: str = "en", today: str = TODAY):
    return policy(root, "check", *args, POLICY_TODAY=today, POLICY_LANG=lang)


def test_a_missing_field_is_refused_naming_it(tmp_path):
    root = with_records(copy_project(tmp_path / "repo"))
    path = root / PROVIDED_FILE
    text = path.read_text(encoding="utf-8")
    start = text.index("method:")
    path.write_text(text[:start] + text[text.index("recipients:"):], encoding="utf-8")
    result = _check(root)
    assert result.returncode == 1
    assert (f"{PROVIDED_FILE}:1: error: method (Method of provision) is missing: APPI Art. 43(4), Art. 44 "
            "requires it in a record of anonymised-provided") in result.stdout
    ja = _check(root, lang="ja")
    assert f"{PROVIDED_FILE}:1: エラー: method（提供の方法）が記載されていません。" in ja.stdout
    # and no site is staged (nothing half-built)
    staged = policy(root, "stage", str(tmp_path / "staged"), "--today", TODAY)
    assert staged.returncode == 1 and PROVIDED_FILE in staged.stderr
    assert not (tmp_path / "staged").exists()


@pytest.mark.parametrize("edit, expected", [
    (lambda t: t.replace("method:", "methods:"), "unknown field 'methods'"),
    (lambda t: t.replace("  en: Encrypted electronic files sent on a storage medium (sample)\n", ""),
     "method has no 'en' text"),
    (lambda t: t.replace("provided: 2026-12-10", "provided: 2026-11-20"), "provided: 2026-11-20 is before the day of publication"),
    (lambda t: re.sub(r"items:\n(  - .*\n)+", "items: Images\n", t), "items must list its items"),
])
def test_other_mistakes_are_refused_with_file_and_line(tmp_path, edit, expected):
    root = with_records(copy_project(tmp_path / "repo"))
    path = root / PROVIDED_FILE
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    result = _check(root)
    assert result.returncode == 1
    line = next(line for line in result.stdout.splitlines() if expected in line)
    assert line.startswith(f"{PROVIDED_FILE}:") and line.split(":")[1].isdigit(), line


def test_a_correction_must_name_an_earlier_record(tmp_path):
    root = with_records(copy_project(tmp_path / "repo"))
    path = root / f"publications/anonymised-provided/{CORRECTION}.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(f"corrects: {PROVIDED}", "corrects: 2026-11-01-nothing"),
                    encoding="utf-8")
    result = _check(root)
    assert result.returncode == 1
    assert f"{CORRECTION}.yml:5: error: corrects: 2026-11-01-nothing is not another record" in result.stdout


def test_an_edit_of_a_published_record_is_refused_with_file_and_line(records_repo):
    path = records_repo / PROVIDED_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("（サンプル）\n  en: Encrypted", "（訂正）\n  en: Encrypted"),
                    encoding="utf-8")
    result = _check(records_repo, "--base", "main")
    assert result.returncode == 1
    assert (f"{PROVIDED_FILE}:11: error: published record {PROVIDED} edited: records on main") in result.stdout
    assert f"corrects: {PROVIDED}" in result.stdout
    ja = _check(records_repo, "--base", "main", lang="ja")
    assert f"{PROVIDED_FILE}:11: エラー: 公表済みの記録 {PROVIDED} が変更されています。" in ja.stdout


def test_a_removal_of_a_published_record_is_refused(records_repo):
    (records_repo / f"publications/anonymised-created/{CREATED}.yml").unlink()
    result = _check(records_repo, "--base", "main", lang="ja")
    assert result.returncode == 1
    assert f"publications/anonymised-created/{CREATED}.yml: エラー: 公表済みの記録 {CREATED} が削除されています。" in result.stdout


def test_a_backdated_record_is_refused_and_one_of_the_day_passes(records_repo):
    source = records_repo / f"publications/anonymised-created/{CREATED}.yml"
    backdated = records_repo / "publications/anonymised-created/2026-11-28-sample-second.yml"
    backdated.write_text(source.read_text(encoding="utf-8").replace("created: 2026-11-20", "created: 2026-11-27"),
                         encoding="utf-8")
    assert_check_refuses(
        records_repo, "--base", "main", POLICY_TODAY=TODAY,
        en=("publications/anonymised-created/2026-11-28-sample-second.yml:1: error: the record is dated 2026-11-28 "
            "(its file name), before the day it reaches main"),
        ja=("publications/anonymised-created/2026-11-28-sample-second.yml:1: エラー: 記録の日付（ファイル名）2026-11-28 が、"
            "main に取り込まれる日より前です。"))
    backdated.rename(backdated.with_name(f"{TODAY}-sample-second.yml"))
    assert _check(records_repo, "--base", "main").returncode == 0


def test_a_record_not_yet_public_may_still_be_corrected(records_repo):
    path = records_repo / PROVIDED_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("（サンプル）\n  en: Encrypted", "（訂正）\n  en: Encrypted"),
                    encoding="utf-8")
    assert _check(records_repo, "--base", "main", today="2026-11-25").returncode == 0


# ---------------------------------------------------------------------------------------------
# The editor's side: the skeleton and the pull request


def test_the_skeleton_has_every_field_the_law_requires_in_both_languages(project):
    result = policy(project, "publication", "new", "anonymised-provided", "--date", "2026-12-02",
                    "--slug", "joint-research", POLICY_TODAY=TODAY, POLICY_LANG="ja")
    assert result.returncode == 0, result.stderr
    path = project / "publications/anonymised-provided/2026-12-02-joint-research.yml"
    assert f"publications/anonymised-provided/2026-12-02-joint-research.yml を作成しました" in result.stdout
    text = path.read_text(encoding="utf-8")
    for key in ("title:", "provided:", "items:", "method:", "recipients:", "statement:", "# corrects:"):
        assert f"\n{key}" in text, key
    assert "# method（提供の方法）:" in text
    assert "# method: how the information is provided" in text
    # nothing filled in that only the company knows: the check refuses the skeleton as it is
    check = _check(project)
    assert check.returncode == 1
    assert "provided (Day of provision) is missing" in check.stdout
    assert "title.ja is still the skeleton's TODO" in check.stdout
    # filled in, it passes
    filled = (text.replace("provided:\n", "provided: 2026-12-20\n").replace("ja: TODO", "ja: 記載（サンプル）")
              .replace("en: TODO", "en: Given (sample)"))
    path.write_text(filled, encoding="utf-8")
    assert _check(project).returncode == 0, _check(project).stdout
    again = policy(project, "publication", "new", "anonymised-provided", "--date", "2026-12-02",
                   "--slug", "joint-research", POLICY_TODAY=TODAY)
    assert again.returncode == 1 and "already exists" in again.stderr
    past = policy(project, "publication", "new", "anonymised-created", "--date", "2026-11-01", POLICY_TODAY=TODAY)
    assert past.returncode == 1 and "is in the past" in past.stderr
    unknown = policy(project, "publication", "new", "joint-use", POLICY_TODAY=TODAY)
    assert unknown.returncode == 1 and "anonymised-created, anonymised-provided" in unknown.stderr


def test_the_pull_request_comment_shows_a_new_record(records_repo):
    source = records_repo / f"publications/anonymised-created/{CREATED}.yml"
    new = records_repo / f"publications/anonymised-created/{TODAY}-sample-second.yml"
    new.write_text(source.read_text(encoding="utf-8").replace("【サンプル】病理画像", "【サンプル】二つ目の病理画像")
                   .replace("[SAMPLE] Creation", "[SAMPLE] Second creation"), encoding="utf-8")
    summary = policy(records_repo, "diff", "--base", "main", "--format", "markdown", POLICY_TODAY=TODAY)
    assert summary.returncode == 0, summary.stderr
    out = summary.stdout
    assert out.count("### 匿名加工情報に関する公表事項：2026年12月1日公表 / "
                     "Publications concerning anonymously processed information: published December 1, 2026") == 1
    assert "【サンプル】二つ目の病理画像データセットの作成" in out and "[SAMPLE] Second creation" in out
    assert "病理組織の画像" in out and "Images of pathological tissue" in out
    assert CREATED not in out.split("Check")[-1].split("###")[0]  # the published ones are not listed
    # nor anywhere else in the comment, by id or by title
    assert [i for i in IDS if i in out] == []
    assert [t for titles in TITLES.values() for t in titles.values() if t in out] == []


# ---------------------------------------------------------------------------------------------
# Any text an editor types shows as typed


_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Zl", "Zp", "Co", "Cn")), min_size=1,
                max_size=40).filter(lambda t: t.strip() and "TODO" not in t)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ja=_TEXT, en=_TEXT, item=_TEXT)
def test_any_text_reads_back_and_shows_as_typed(ja, en, item):
    from bs4 import BeautifulSoup
    import markdown

    from policy_engine.publishing.publication_pages import register_page, record_page
    from policy_engine.reading.publications import Register, read_publication
    from policy_engine.reading.rendering import FRAGMENT_EXTENSIONS
    text = ("title: " + json.dumps({"ja": ja, "en": en}, ensure_ascii=False) + "\n"
            "created: 2026-11-20\nitems:\n  - " + json.dumps({"ja": item, "en": item}, ensure_ascii=False) + "\n")
    record = read_publication(text, Path("x.yml"), "anonymised-created", "2026-11-24-x", date(2026, 11, 24))
    assert record.title == {"ja": ja.strip(), "en": en.strip()}
    register = Register((record,), Path("publications"))
    for lang, title in (("ja", ja), ("en", en)):
        page = record_page(record, register, lang, date(2026, 12, 1)).markdown.split("---\n", 2)[2]
        soup = BeautifulSoup(markdown.markdown(page, extensions=FRAGMENT_EXTENSIONS), "html.parser")
        assert " ".join(soup.h1.get_text().split()) == " ".join(title.split())
        listing = register_page(register, lang, date(2026, 12, 1)).markdown.split("---\n", 2)[2]
        soup = BeautifulSoup(markdown.markdown(listing, extensions=FRAGMENT_EXTENSIONS), "html.parser")
        assert [" ".join(a.get_text().split()) for a in soup.select("li a")] == [" ".join(title.split())]


def test_a_new_record_is_a_day_to_preview(records_repo):
    source = records_repo / f"publications/anonymised-created/{CREATED}.yml"
    (records_repo / "publications/anonymised-created/2026-12-05-sample-later.yml").write_text(
        source.read_text(encoding="utf-8"), encoding="utf-8")
    days = policy(records_repo, "preview-days", POLICY_TODAY=TODAY)
    assert days.returncode == 0, days.stderr
    assert days.stdout.split() == [TODAY, "2026-12-05"]


def test_the_demo_reads_another_folder_of_records(project, tmp_path):
    staged = tmp_path / "staged"
    result = policy(project, "stage", str(staged), "--today", TODAY, POLICY_PUBLICATIONS_DIR="no-such-folder")
    assert result.returncode == 0, result.stderr  # a folder that does not exist holds no record
    shutil.copytree(RECORDS, project / "demo-records")
    result = policy(project, "stage", str(staged), "--today", TODAY, POLICY_PUBLICATIONS_DIR="demo-records")
    assert result.returncode == 0, result.stderr
    manifest = json.loads((staged / "files" / "publications.json").read_text(encoding="utf-8"))
    assert [p["id"] for p in manifest["publications"]] == IDS
