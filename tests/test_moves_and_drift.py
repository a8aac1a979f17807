"""Moves, parent headings, purposes read as the page shows them, translation drift, whole links."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import build_ok, copy_project, heading, load_schema, policy, real_text, text_of, write_version
from policy_engine.changes.comparison import compare
from policy_engine.reading.document import parse_document
from policy_engine.core.labels import PRIVACY_POLICY, label
from policy_engine.changes.redline import comparison_json, comparison_text, redline_markdown

REORDER_OLD, REORDER_NEW = "2026-04-01", "2027-01-10"  # the sample's reorder of the purposes
MOVED_JA = "当社のサービスの改善、新たなサービスの開発等に役立てるため"
MOVED_EN = "to help improve the Company's services, develop new services, etc."


def hidden_free(node) -> str:
    for hidden in node.select(".visually-hidden"):
        hidden.extract()
    return text_of(node)


# --- moves on the page, in every format of `policy diff`, in JSON and in the notice -------------

def test_a_reorder_is_shown_as_a_move_on_the_comparison_page(sample_site):
    page = sample_site.html(f"/compare/{REORDER_OLD}/{REORDER_NEW}/")
    article = page.select_one("article")
    assert not any(MOVED_JA in hidden_free(d) for d in article.select("del"))
    assert not any(MOVED_JA in hidden_free(i) for i in article.select("ins"))
    before, after = page.select_one("table.policy-comparison").select("td:not(.policy-omitted)")[:2]
    for cell in (before, after):
        moved = [li for li in cell.select("li") if MOVED_JA in text_of(li)]
        assert len(moved) == 1 and text_of(moved[0]).endswith("（記載位置の変更）")
    # where it stood in the old column, where it stands in the new one
    assert [MOVED_JA in text_of(li) for li in before.select("li")].index(True) == 5
    assert [MOVED_JA in text_of(li) for li in after.select("li")].index(True) == 3
    # the table's two columns: a revision's comparison is its 新旧対照表, each passage once
    notes = [text_of(n.find_parent("li")) for n in article.select(".policy-moved")]
    assert notes == [f"{MOVED_JA}（記載位置の変更）"] * 2
    # the removed purpose is still a deletion
    assert "当社のサービスに関する本規約等の変更をお客様に通知するため" in " ".join(hidden_free(d) for d in article.select("del"))
    en = sample_site.html(f"/en/compare/{REORDER_OLD}/{REORDER_NEW}/").select_one("article")
    assert [text_of(n.find_parent("li")) for n in en.select(".policy-moved")] == [
        f"{MOVED_EN}; and (moved)", f"{MOVED_EN}; (moved)"]


def test_the_notice_of_a_reorder_shows_the_move(sample_site):
    page = sample_site.html(f"/announcements/{REORDER_NEW}/")
    table = page.select_one("table.policy-comparison")
    assert not any(MOVED_JA in hidden_free(d) for d in table.select("del"))
    assert len(table.select(".policy-moved")) == 2  # where it stood, where it stands
    listed = [text_of(li) for li in page.select("article li") if "（記載位置の変更）" in text_of(li)]
    assert f"{MOVED_JA}（記載位置の変更）" in listed


def test_policy_announce_names_the_moved_purpose(sample_project):
    data = json.loads(policy(sample_project, "announce", REORDER_NEW, "--format", "json").stdout)
    jsonschema.validate(data, load_schema("announce.schema.json"), format_checker=jsonschema.FormatChecker())
    assert (data["purposes"]["ja"]["moved"], data["purposes"]["en"]["moved"]) == ([MOVED_JA], [MOVED_EN])
    text = policy(sample_project, "announce", REORDER_NEW, "--format", "text", "--lang", "en").stdout
    assert f"- {MOVED_EN} (moved)\n" in text


@pytest.mark.parametrize("lang,moved", [("ja", MOVED_JA), ("en", MOVED_EN)])
def test_policy_diff_shows_the_move_in_every_format(sample_project, lang, moved):
    run = {fmt: policy(sample_project, "diff", REORDER_OLD, REORDER_NEW, "--lang", lang, "--format", fmt)
           for fmt in ("json", "text", "markdown", "html")}
    assert all(r.returncode == 0 for r in run.values()), {f: r.stderr for f, r in run.items()}
    note = label(lang, "moved")
    data = json.loads(run["json"].stdout)
    jsonschema.validate(data, load_schema("diff.schema.json"))
    section = next(s for s in data["sections"] if s["id"] == "purposes-of-use")
    assert section["status"] == "changed" and len(section["moves"]) == 1
    move = section["moves"][0]
    assert section["ops"][move["from"]["op"]][0] == "delete" and moved in section["ops"][move["from"]["op"]][1]
    assert section["ops"][move["to"]["op"]][0] == "insert" and moved in section["ops"][move["to"]["op"]][1]
    assert (move["from"]["line"], move["to"]["line"]) == (22, 20)
    assert f"{moved}" in run["text"].stdout and f"[-- {moved}" not in run["text"].stdout
    assert re.search(re.escape(moved) + r"[;]?" + re.escape(note), run["text"].stdout)
    markdown = run["markdown"].stdout
    assert markdown.count(f'<span class="policy-moved">{note}</span>') == 3  # old column, new column, redline
    assert not any(moved in deleted for deleted in re.findall(r"<del>.*?</del>", markdown))
    page = BeautifulSoup(run["html"].stdout, "html.parser")
    assert len(page.select(".policy-moved")) == 3
    assert not any(moved in hidden_free(d) for d in page.select("del"))


def _doc(body: str, lang: str = "ja"):
    return parse_document(f"---\ntitle: T\n---\n{body}", Path(f"{lang}.md"), lang)


def test_a_moved_section_has_its_old_and_new_place():
    old = _doc("## 1. 甲 {#a}\n\n本文甲\n\n## 2. 乙 {#b}\n\n本文乙\n\n## 3. 丙 {#c}\n\n本文丙\n")
    new = _doc("## 1. 甲 {#a}\n\n本文甲\n\n## 2. 丙 {#c}\n\n本文丙\n\n## 3. 乙 {#b}\n\n本文乙\n")
    comparison = compare(old, new)
    data = comparison_json(comparison, "x", "y")
    jsonschema.validate(data, load_schema("diff.schema.json"))
    moved = [s for s in data["sections"] if s["status"] == "moved"]
    assert len(moved) == 1
    assert moved[0]["moved"] in ({"from": {"label": "3.", "line": 12}, "to": {"label": "2.", "line": 8}},
                                 {"from": {"label": "2.", "line": 8}, "to": {"label": "3.", "line": 12}})
    assert "（記載位置の変更：改定前の" in redline_markdown(comparison)
    same_number = compare(_doc("## 甲 {#a}\n\n甲\n\n## 乙 {#b}\n\n乙\n"), _doc("## 乙 {#b}\n\n乙\n\n## 甲 {#a}\n\n甲\n"))
    assert "（記載位置の変更）" in redline_markdown(same_number)
    assert "(moved" in comparison_text(compare(_doc("## A {#a}\n\na\n\n## B {#b}\n\nb\n", "en"),
                                               _doc("## B {#b}\n\nb\n\n## A {#a}\n\na\n", "en")))


# --- a parent heading is unchanged only when nothing under it changed ---------------------------

def test_a_parent_is_not_folded_as_unchanged_when_a_subsection_changed(sample_site):
    page = sample_site.html("/compare/2025-04-01/2026-04-01/")  # a redline: the comparison with the current
    redline = page.select_one("#redline-changes").find_parent("article")
    folded = [text_of(s) for s in redline.select("ul.policy-folded > li")]
    assert "2. 個人情報の取扱い（変更なし）" not in folded
    assert "3. 匿名加工情報の取扱い（変更なし）" in folded  # nothing under it changed
    assert "2. 個人情報の取扱い" in [heading(h) for h in redline.select("h2, h3")]
    unit = compare(_doc("## 2. 親 {#p}\n\n### (1) 子 {#c}\n\n旧\n"), _doc("## 2. 親 {#p}\n\n### (1) 子 {#c}\n\n新\n"))
    assert {s.id: (s.status, s.inner_changes) for s in unit.sections} == {"p": ("unchanged", True), "c": ("changed", False)}


# --- purposes compared as the reader sees them --------------------------------------------------

JA_LEAD = "当社は、お客様に関する個人情報を、以下の目的のために利用します。"
EN_LEAD = "The Company shall use Personal Information pertaining to a client for the following purposes:"
PURPOSE_BODY = re.compile(r"(\{#purposes-of-use\}\n\n)(.*?)(\n### )", re.S)


def _purposes_of(text: str) -> tuple[str, list[str]]:
    body = PURPOSE_BODY.search(text).group(2)
    items = [line[2:] for line in body.splitlines() if line.startswith("- ")]
    return body, items


def _with_purposes(text: str, body: str) -> str:
    return PURPOSE_BODY.sub(lambda m: m.group(1) + body + m.group(3), text, count=1)


def _markup_revisions(lang: str) -> list[tuple[str, str]]:
    """(what changes, the purposes section's body): each one markup change from the one before."""
    lead = JA_LEAD if lang == "ja" else EN_LEAD
    _, items = _purposes_of(real_text(lang))
    first = items[0]
    word = "当社のサービス" if lang == "ja" else "the Company's services"
    linked = first.replace(word, f"[{word}](https://example.com/files/Policy%20(07.22.20)(fr).pdf)", 1)
    relinked = first.replace(word, f"[{word}](https://example.com/ポリシー/Policy%20(08.01.21)[jp].pdf)", 1)
    bullets = lambda rows, mark="- ": "".join(f"{mark}{row}\n" for row in rows)  # noqa: E731
    wrapped = items[1].split(" ", 1) if lang == "en" else [items[1][:4], items[1][4:]]
    return [
        ("list marker", f"{lead}\n\n" + bullets(items, "* ")),
        ("lead-in moved into the list", bullets([lead] + items)),
        ("lead-in moved out of the list, numbered list", f"{lead}\n\n" + "".join(f"{n}. {row}\n" for n, row in enumerate(items, 1))),
        ("numbering written into the text", f"{lead}\n\n" + "".join(f"- ({n}) {row}\n" for n, row in enumerate(items, 1))),
        ("emphasis", f"{lead}\n\n" + bullets([f"**{items[0]}**"] + items[1:])),
        ("a link", f"{lead}\n\n" + bullets([linked] + items[1:])),
        ("the link's target", f"{lead}\n\n" + bullets([relinked] + items[1:])),
        ("line wrapping", f"{lead}\n\n" + bullets([relinked, f"{wrapped[0]}\n  {wrapped[1]}"] + items[2:])),
    ]


MARKUP_DAYS = [f"2026-12-{day:02d}" for day in range(1, 9)]


@pytest.fixture(scope="module")
def markup_site(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("markup-only"))
    texts = {lang: real_text(lang) for lang in ("ja", "en")}
    revisions = {lang: _markup_revisions(lang) for lang in texts}
    for index, day in enumerate(MARKUP_DAYS):
        ja = _with_purposes(texts["ja"], revisions["ja"][index][1])
        en = _with_purposes(texts["en"], revisions["en"][index][1])
        write_version(root / "policy_versions", day, ja, en,
                      f"summary:\n  ja: \"書式の修正：{revisions['ja'][index][0]}\"\n"
                      f"  en: \"Formatting: {revisions['en'][index][0]}\"\n")
    return root, build_ok(root, today="2026-12-31")


def test_no_markup_change_alone_is_a_change_of_purposes(markup_site):
    root, built = markup_site
    entries = {v["id"]: v for v in built.manifest()["versions"]}
    assert {day: entries[day]["purposes_changed"] for day in MARKUP_DAYS} == {day: False for day in MARKUP_DAYS}
    for day in MARKUP_DAYS:
        for prefix, lang in (("", "ja"), ("en/", "en")):
            page = built.html(f"/{prefix}announcements/{day}/")
            assert text_of(page.h1).startswith(label(lang, "notice_revision_title", PRIVACY_POLICY)), (day, text_of(page.h1))
            assert label(lang, "notice_purposes_unchanged") in text_of(page.select_one("article"))
    check = policy(root, "check", POLICY_TODAY="2026-12-31", POLICY_LANG="en")
    assert "purposes-of-use" not in check.stdout + check.stderr  # markup is no drift either


def test_a_changed_link_stays_a_working_link_on_the_comparison_page(markup_site):
    _, built = markup_site
    old_url = "https://example.com/files/Policy%20(07.22.20)(fr).pdf"
    new_url = "https://example.com/%E3%83%9D%E3%83%AA%E3%82%B7%E3%83%BC/Policy%20(08.01.21)%5Bjp%5D.pdf"
    for prefix in ("", "en/"):
        page = built.html(f"/{prefix}compare/2026-12-06/2026-12-07/")
        article = page.select_one("article")
        deleted = {a["href"] for d in article.select("del") for a in d.select("a")}
        inserted = {a["href"] for i in article.select("ins") for a in i.select("a")}
        assert deleted == {old_url} and len(inserted) == 1
        assert inserted.pop() in (new_url, "https://example.com/ポリシー/Policy%20(08.01.21)[jp].pdf")
        assert not article.select("a ins, a del")  # no mark inside a link


# --- translation drift ---------------------------------------------------------------------------

def _one_language_revision(tmp_path, en_old: str, en_new: str, ja_old: str | None = None, ja_new: str | None = None):
    root = copy_project(tmp_path / "repo")
    en = real_text("en")
    assert en_old in en
    ja = real_text("ja")
    if ja_old:
        assert ja_old in ja
        ja = ja.replace(ja_old, ja_new, 1)
    write_version(root / "policy_versions", "2026-12-01", ja, en.replace(en_old, en_new, 1),
                  "summary: {ja: 改定, en: Revision}\n")
    return root


def test_a_section_changed_in_one_language_only_is_a_warning_naming_both_files(tmp_path):
    root = _one_language_revision(tmp_path, "disclose said information to the client without delay",
                                  "disclose said information to the client within two weeks")
    result = policy(root, "check", POLICY_TODAY="2026-11-25", POLICY_LANG="en")
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout + result.stderr
    assert ("policy_versions/2026-12-01/en.md:53: warning: section 'disclosure' (2.(7) Disclosure of Personal "
            "Information) changed in en.md since the version effective November 24, 2026, but not in ja.md "
            "(line 53): check that both languages still say the same") in out, out
    ja = policy(root, "check", POLICY_TODAY="2026-11-25", POLICY_LANG="ja")
    assert ("policy_versions/2026-12-01/en.md:53: 警告: 2.(7) 個人情報の開示（disclosure）は、2026年11月24日施行版から"
            "en.mdでは変更されていますが、ja.md（53行目）では変更されていません。") in ja.stdout + ja.stderr


def test_both_languages_revised_together_is_no_drift(tmp_path):
    root = _one_language_revision(tmp_path, "disclose said information to the client without delay",
                                  "disclose said information to the client within two weeks",
                                  "本人に対し、遅滞なく開示します", "本人に対し、2週間以内に開示します")
    result = policy(root, "check", POLICY_TODAY="2026-11-25", POLICY_LANG="en")
    assert "changed in en.md" not in result.stdout + result.stderr


@pytest.mark.parametrize("old,new", [
    ("- to notify clients of changes to the Terms relating to the Company's services; and\n"
     "- to help improve the Company's services, develop new services, etc.\n",
     "- to notify clients of changes to the Terms relating to the Company's services;\n"
     "- to help improve the Company's services, develop new services, etc.; and\n"),  # punctuation moves
    ("the Company shall disclose said information to the client without delay after",
     "the Company shall disclose said information to the client\n  without  delay after"),  # wrapping, spaces
    ("the Company shall disclose said information to the client without delay after",
     "the Company shall disclose said information to the client *without delay* after"),  # emphasis
])
def test_whitespace_punctuation_between_items_and_markup_are_no_drift(tmp_path, old, new):
    root = _one_language_revision(tmp_path, old, new)
    result = policy(root, "check", POLICY_TODAY="2026-11-25", POLICY_LANG="en")
    assert "changed in en.md" not in result.stdout + result.stderr, result.stdout + result.stderr


def test_a_purpose_changed_in_one_language_stays_an_error_and_is_not_repeated(tmp_path):
    root = _one_language_revision(tmp_path, "- to bill for service usage fees;\n",
                                  "- to bill for service usage fees;\n- to send newsletters;\n")
    result = policy(root, "check", POLICY_TODAY="2026-11-25", POLICY_LANG="en")
    out = result.stdout + result.stderr
    assert result.returncode != 0 and "the purposes of use change in en.md but not in ja.md" in out
    assert "changed in en.md" not in out


# --- purposes compared item by item on every comparison (issue 19) -----------------------------

@pytest.fixture(scope="module")
def late_sample_site(tmp_path_factory):
    """The sample history on 2027-07-01: the comparison of 2025-04-01 with the current version
    spans four revisions (a purpose reworded, one added, one removed, one moved)."""
    from conftest import SAMPLES
    return build_ok(copy_project(tmp_path_factory.mktemp("late-sample"), SAMPLES), today="2027-07-01")


REMOVED_JA = "当社のサービスに関する本規約等の変更をお客様に通知するため"
ADDED_JA = "当社のサービスの利用状況を分析し、統計データを作成するため"
REMOVED_EN = "to notify clients of changes to the Terms relating to the Company's services"
ADDED_EN = "to analyse the use of the Company's services and prepare statistical data"


def test_across_revisions_a_removed_purpose_and_an_added_one_are_never_one_rewrite(late_sample_site):
    built = late_sample_site
    for prefix, removed, added, moved in (("", REMOVED_JA, ADDED_JA, MOVED_JA), ("en/", REMOVED_EN, ADDED_EN, MOVED_EN)):
        article = built.html(f"/{prefix}compare/2025-04-01/2027-07-01/").select_one("article")
        deleted = [hidden_free(d) for d in article.select("del")]
        inserted = [hidden_free(i) for i in article.select("ins")]
        assert any(text.startswith(removed) for text in deleted), deleted  # the whole purpose
        assert any(text.startswith(added) for text in inserted), inserted
        assert not any(text in removed and text != removed for text in deleted if len(text) > 3), deleted
        assert not any(text in added and not text.startswith(added) for text in inserted if len(text) > 3), inserted
        # the moved purpose is a move in both languages, never a deletion and an insertion
        notes = [text_of(n.find_parent("li")) for n in article.select(".policy-moved")]
        assert len(notes) == 1 and notes[0].startswith(moved), notes
        assert not any(moved in text for text in deleted + inserted)
    assert heading(built.html("/compare/2025-04-01/2027-07-01/").h1) == \
        "現行版との比較（2025年4月1日施行版と2027年7月1日施行版）"
    assert heading(built.html("/en/compare/2025-04-01/2027-07-01/").h1) == \
        "Compared with the current version: the version effective April 1, 2025 and the version effective July 1, 2027"
    # a revision compared with the version before it stays 改定前後の比較
    assert heading(built.html("/compare/2027-01-10/2027-07-01/").h1).startswith("改定前後の比較（")


@pytest.mark.parametrize("lang,removed,added", [("ja", REMOVED_JA, ADDED_JA), ("en", REMOVED_EN, ADDED_EN)])
def test_policy_diff_across_revisions_deletes_and_inserts_whole_purposes(sample_project, lang, removed, added):
    data = json.loads(policy(sample_project, "diff", "2025-04-01", "2027-07-01", "--lang", lang, "--format", "json").stdout)
    section = next(s for s in data["sections"] if s["id"] == "purposes-of-use")
    assert any(tag == "delete" and text.startswith("- " + removed) for tag, text in section["ops"])
    assert any(tag == "insert" and text.startswith("- " + added) for tag, text in section["ops"])
    assert len(section["moves"]) == 1


# Purposes in the style of a policy's list: each item says what it is for in words of its own,
# inside the phrasing the list repeats (「当社のサービスに関する…ため」, "... relating to the Company's
# services"). The two pools share no word of their own: an added purpose is unrelated to any old one.
_KEPT_POOL = [("料金を請求", "bill", "usage fees"), ("お問い合わせに回答", "answer", "inquiries"),
              ("不正利用を調査", "investigate", "misuse"), ("規約違反に対応", "address", "breaches of the Terms"),
              ("品質を改善", "improve", "quality"), ("障害を復旧", "repair", "outages")]
_ADDED_POOL = [("広告を配信", "deliver", "advertising"), ("統計データを作成", "compile", "statistics"),
               ("採用選考を実施", "conduct", "recruitment screening"), ("本人確認を実施", "perform", "identity checks")]


def _purpose(entry: tuple[str, str, str], lang: str) -> str:
    ja, verb, noun = entry
    return f"当社のサービスに関する{ja}するため" if lang == "ja" else f"to {verb} {noun} relating to the Company's services"


def _section(items: list[tuple[str, str, str]], lang: str) -> str:
    if lang == "ja":
        lines = [f"- {_purpose(item, lang)}\n" for item in items]
        lead = "当社は、お客様に関する個人情報を、以下の目的のために利用します。"
    else:  # "; " between items, "; and" before the last, "." at the end, as the English list is punctuated
        ends = [";"] * (len(items) - 2) + ["; and"] * (len(items) > 1) + ["."]
        lines = [f"- {_purpose(item, lang)}{end}\n" for item, end in zip(items, ends)]
        lead = "The Company shall use Personal Information pertaining to a client for the following purposes:"
    return f"### (1) Purposes {{#purposes-of-use}}\n\n{lead}\n\n" + "".join(lines)


@st.composite
def _revisions(draw):
    old = draw(st.lists(st.sampled_from(_KEPT_POOL), min_size=3, max_size=6, unique=True))
    kept = draw(st.lists(st.sampled_from(old), min_size=1, max_size=len(old), unique=True))  # any order: moves
    new = list(kept)
    for added in draw(st.lists(st.sampled_from(_ADDED_POOL), max_size=3, unique=True)):
        new.insert(draw(st.integers(0, len(new))), added)
    if len(new) < 3:
        new += [a for a in _ADDED_POOL if a not in new][:3 - len(new)]
    return old, new


@settings(max_examples=60, deadline=None)
@given(_revisions())
def test_purposes_compared_item_by_item_never_merge_and_moves_agree(revision):
    from policy_engine.changes.purpose_diff import purposes_ops
    from policy_engine.changes.purposes import detect
    old, new = revision
    moved_by_language = {}
    for lang in ("ja", "en"):
        before, after = _section(old, lang), _section(new, lang)
        ops, moves = purposes_ops(before, after, lang)
        assert "".join(t for tag, t in ops if tag != "insert") == before
        assert "".join(t for tag, t in ops if tag != "delete") == after
        for item in old:
            if item not in new:  # removed: deleted whole, never the half of a rewrite
                assert any(tag == "delete" and f"- {_purpose(item, lang)}" in t for tag, t in ops), (lang, ops)
        for item in new:
            if item not in old:
                assert any(tag == "insert" and f"- {_purpose(item, lang)}" in t for tag, t in ops), (lang, ops)
        # every other change is whole purposes, or the punctuation that joins the items ("; and")
        for tag, text in ops:
            if tag != "equal" and not (text.startswith("- ") and text.endswith("\n")):
                assert re.fullmatch(r"[\s;.]*(?:and)?[\s;.]*", text), (lang, tag, text)
        doc = lambda text: _doc(f"## 2. H {{#handling}}\n\n{text}\n## 4. I {{#inquiries}}\n", lang)  # noqa: E731
        changes = detect(doc(before), doc(after))
        assert changes.changed == [] and len(changes.added) == len([i for i in new if i not in old])
        moved_by_language[lang] = sorted(next(i for i in new if f"- {_purpose(i, lang)}" in ops[m.new][1])
                                         for m in moves)
        assert sorted(changes.moved) == sorted(_purpose(i, lang) for i in moved_by_language[lang])
    assert moved_by_language["ja"] == moved_by_language["en"]
