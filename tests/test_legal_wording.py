"""What the site may state as fact (issue 14): which text prevails, what a version's date is, notices
in proper form, the interface's legal wording, sample titles, and the checks that guard them."""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
import jsonschema
import pytest

from conftest import (FIRST_VERSIONS, build, build_ok, copy_project, heading, load_schema, policy,
                      real_text, replace_once, text_of, write_version)

FIRST, NEXT = "2026-11-24", "2027-01-10"
# Issue 19: which text is the original is a fact the company gave; which text prevails is said only
# once policy.yml records the company's confirmation.
JA_NOTICE = "本プライバシーポリシーの原文は英語版です。本日本語版は、その翻訳です。"
EN_ORIGINAL = "This English version is the original of this Privacy Policy. The Japanese version is a translation of it."
EN_NOTICE = "The original of this Privacy Policy is the Japanese version. This English version is a translation of it."
JA_ORIGINAL = "本日本語版は、本プライバシーポリシーの原文です。英語版は、その翻訳です。"
JA_PREVAILS = "両者に相違がある場合は英語版が優先します。"
EN_PREVAILS = " In the event of any discrepancy between the two, the English version prevails."
CONFIRMED = "\n  language: en\n  confirmed_by: 法務部（サンプル）\n  confirmed_on: 2026-11-20"
JA_LEAD = ("このたび、当社は、プライバシーポリシーを下記のとおり改定いたしますので、お知らせいたします。"
           "改定後のプライバシーポリシーは、2027年1月10日から施行いたします。")
JA_LEAD_PURPOSES = "本改定により個人情報の利用目的を変更いたしますので、変更後の利用目的を下記のとおり公表いたします。"
EN_LEAD = ("We hereby give notice that we will revise our Privacy Policy as set out below. "
           "The revised Privacy Policy will take effect on January 10, 2027.")
EN_LEAD_PURPOSES = (" As this revision will change the purposes of use of personal information, we hereby publicly "
                    "announce the purposes of use after the change, as set out below.")
# A notice is the company's own in either language: what it quotes of a translated policy is a translation.
JA_QUOTED = "このお知らせに引用したプライバシーポリシーの規定の日本語は、英語の原文の翻訳です。"
EN_QUOTED = ("The English wording of the Privacy Policy quoted in this notice is a translation of the "
             "Japanese original.")
JA_TITLE = "【重要】プライバシーポリシーの改定（個人情報の利用目的の変更）に関するお知らせ"
EN_TITLE = ("[Important] Notice of revision of the Privacy Policy (change to the purposes of use of personal "
            "information)")


def set_setting(root: Path, key: str, value: str) -> None:
    """policy.yml with `key: value`, whatever the copied settings said."""
    path = root / "policy.yml"
    text = re.sub(rf"(?m)^{key}:.*\n", "", path.read_text(encoding="utf-8"))
    path.write_text(text + f"{key}: {value}\n", encoding="utf-8")


def with_purpose_change(root: Path, version_yml: str = "summary: {ja: 目的を追加, en: Added a purpose}\n"
                                                           "announced: 2026-11-25\npurposes_basis: related\n") -> Path:
    """A second version that adds a purpose of use, announced in time."""
    ja = replace_once(real_text("ja"), "- サービスの利用料金を請求するため\n",
                      "- サービスの利用料金を請求するため\n- ニュースレターを送付するため\n")
    en = replace_once(real_text("en"), "- to bill for service usage fees;\n",
                      "- to bill for service usage fees;\n- to send newsletters;\n")
    write_version(root / "policy_versions", NEXT, ja, en, version_yml)
    return root


def notice_text(page) -> str | None:
    box = page.select_one(".admonition.policy-translation")
    return text_of(box.select_one("p:not(.admonition-title)")) if box else None


PAGES = ["", f"versions/{FIRST}/", f"versions/{NEXT}/", f"compare/{FIRST}/{NEXT}/"]
NOTICE = f"announcements/{NEXT}/"


@pytest.fixture(scope="module")
def english_prevails(tmp_path_factory):
    """English is the original; the company has not confirmed which text prevails."""
    root = with_purpose_change(copy_project(tmp_path_factory.mktemp("en-prevails")))
    set_setting(root, "original_language", "en")
    return build_ok(root, today="2026-12-01")


def test_pages_say_which_text_is_the_original_and_nothing_more(english_prevails):
    built = english_prevails
    for path in PAGES:
        ja = built.html("/" + path)
        assert notice_text(ja) == JA_NOTICE, path
        assert text_of(ja.select_one(".policy-translation .admonition-title")) == "翻訳について"
        # inside the article, which print keeps (policy.css hides only the site's chrome)
        assert ja.select_one("article .policy-translation"), path
        en = built.html("/en/" + path)
        assert notice_text(en) == EN_ORIGINAL, path
        assert text_of(en.select_one(".policy-translation .admonition-title")) == "Original and translation"
        # no page says which text prevails, nor calls the translation a 参考訳 (a non-binding one)
        assert "優先" not in text_of(ja) and "参考訳" not in text_of(ja), path
        assert "prevail" not in text_of(en), path
    notice = built.html("/" + NOTICE)
    assert notice_text(notice) == JA_QUOTED and JA_NOTICE not in text_of(notice)
    assert text_of(notice.select_one("article .policy-translation .admonition-title")) == "引用した規定の訳文"
    assert notice_text(built.html("/en/" + NOTICE)) is None
    for entry in built.manifest()["versions"]:
        assert (entry["original_language"], entry["prevailing_language"]) == ("en", None)
    ja_feed = feedparser.parse((built.site / "feeds" / "ja.xml").read_bytes())
    assert JA_QUOTED in ja_feed.entries[0].content[0].value and JA_NOTICE not in ja_feed.entries[0].content[0].value
    assert "優先" not in ja_feed.entries[0].content[0].value
    en_feed = feedparser.parse((built.site / "feeds" / "en.xml").read_bytes())
    assert "quoted in this notice" not in en_feed.entries[0].content[0].value
    text = policy(built.root, "announce", NEXT, "--format", "text", "--lang", "ja").stdout
    assert text.splitlines()[3] == JA_QUOTED and "優先" not in text


def test_a_confirmed_prevailing_language_is_stated_on_every_page(tmp_path):
    root = with_purpose_change(copy_project(tmp_path / "repo"))
    set_setting(root, "prevailing_language", CONFIRMED)
    built = build_ok(root, today="2026-12-01")
    for path in PAGES:
        assert notice_text(built.html("/" + path)) == JA_NOTICE + JA_PREVAILS, path
        assert notice_text(built.html("/en/" + path)) == EN_ORIGINAL + EN_PREVAILS, path
    assert {v["prevailing_language"] for v in built.manifest()["versions"]} == {"en"}
    assert jsonschema.validate(built.manifest(), load_schema("versions.schema.json")) is None


def test_a_prevailing_language_without_its_confirmation_is_refused(tmp_path):
    root = copy_project(tmp_path / "repo")
    set_setting(root, "prevailing_language", "en")
    result = policy(root, "check", POLICY_TODAY="2026-11-25", POLICY_LANG="ja")
    assert result.returncode == 1
    line = len((root / "policy.yml").read_text(encoding="utf-8").splitlines())
    assert (f"policy.yml:{line}: エラー: prevailing_language には会社の確認の記録として language（ja または en）、"
            "confirmed_by（確認した会社の担当者）及び confirmed_on（確認日 YYYY-MM-DD）を記載してください。"
            "確認されるまでは記載しないでください。") in result.stdout + result.stderr


def test_the_setting_moves_the_notice_to_the_english_pages(tmp_path):
    root = with_purpose_change(copy_project(tmp_path / "repo"))
    set_setting(root, "original_language", "ja")
    built = build_ok(root, today="2026-12-01")
    for path in PAGES:
        assert notice_text(built.html("/en/" + path)) == EN_NOTICE, path
        assert text_of(built.html("/en/" + path).select_one(".policy-translation .admonition-title")) == "About this translation"
        assert notice_text(built.html("/" + path)) == JA_ORIGINAL, path
    assert notice_text(built.html("/en/" + NOTICE)) == EN_QUOTED and notice_text(built.html("/" + NOTICE)) is None
    assert {v["original_language"] for v in built.manifest()["versions"]} == {"ja"}
    announced = policy(root, "announce", NEXT, "--lang", "en").stdout
    assert EN_QUOTED in announced and EN_NOTICE not in announced


def test_a_version_can_name_its_own_original_language(tmp_path):
    # authoritative_language, the key's former name, still reads as the original language
    root = with_purpose_change(copy_project(tmp_path / "repo"), "authoritative_language: ja\nannounced: 2026-11-25\npurposes_basis: related\n"
                                                                    "summary: {ja: 目的を追加, en: Added a purpose}\n")
    set_setting(root, "original_language", "en")
    built = build_ok(root, today="2026-12-01")
    assert notice_text(built.html("/")) == JA_NOTICE  # 2026-11-24: English, from policy.yml
    assert notice_text(built.html(f"/versions/{NEXT}/")) == JA_ORIGINAL
    assert notice_text(built.html(f"/en/versions/{NEXT}/")) == EN_NOTICE
    # a comparison of a translation with an original is shown with the notice in both languages
    assert notice_text(built.html(f"/compare/{FIRST}/{NEXT}/")) == JA_NOTICE
    assert notice_text(built.html(f"/en/compare/{FIRST}/{NEXT}/")) == EN_NOTICE
    assert [v["original_language"] for v in built.manifest()["versions"]] == ["en", "ja"]


def test_an_unknown_language_is_an_error_naming_the_file_and_line(tmp_path):
    root = copy_project(tmp_path / "repo")
    (root / "policy_versions" / FIRST / "version.yml").write_text("original_language: fr\n", encoding="utf-8")
    result = policy(root, "check", POLICY_TODAY="2026-11-25")
    assert result.returncode == 1
    assert (f"policy_versions/{FIRST}/version.yml:1: error: original_language: 'fr' is not a language of "
            "the site: write one of ja, en (the language of the original text, as the company gave it)") in result.stdout
    set_setting(root, "original_language", "english")
    (root / "policy_versions" / FIRST / "version.yml").unlink()
    result = policy(root, "check", POLICY_TODAY="2026-11-25", POLICY_LANG="ja")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert ("original_language: 「english」はこのサイトの言語ではありません。原文（会社が定めた本文）の言語を ja、en の"
            "いずれかで記載してください。") in result.stdout + result.stderr


# --- Dates as facts -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def date_unknown(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("date-unknown"))
    (root / "policy_versions" / FIRST / "version.yml").write_text("effective_date_known: false\n", encoding="utf-8")
    return build_ok(root, today="2026-11-25")


def test_an_unknown_effective_date_is_shown_as_the_day_of_first_publication(date_unknown):
    built = date_unknown
    for path in ("/", f"/versions/{FIRST}/"):
        page = built.html(path)
        assert text_of(page.select_one(".policy-meta")).startswith("本サイト掲載日：2026年11月24日")
        assert "施行" not in text_of(page.select_one("article")) and "施行" not in page.title.get_text(), path
        en = built.html("/en" + path)
        assert text_of(en.select_one(".policy-meta")).startswith("First published on this site: November 24, 2026")
        assert "ffective" not in text_of(en.select_one("article")), path
    assert heading(built.html(f"/versions/{FIRST}/").h1) == "プライバシーポリシー（本サイト掲載日：2026年11月24日）"
    assert heading(built.html(f"/en/versions/{FIRST}/").h1) == \
        "Privacy Policy (first published on this site: November 24, 2026)"
    history = built.html("/history/")
    assert [text_of(th) for th in history.select("article thead th")][0] == "本サイト掲載日"
    row = [text_of(td) for td in history.select("article tbody tr td")]
    assert row[0] == "2026年11月24日（本サイト掲載日）" and not any("施行" in cell for cell in row)


def test_versions_json_says_the_effective_date_is_unknown(date_unknown):
    manifest = date_unknown.manifest()
    jsonschema.validate(manifest, load_schema("versions.schema.json"), format_checker=jsonschema.FormatChecker())
    (entry,) = manifest["versions"]
    # the fixture's site went live on 2026-11-24 (its policy.yml); the effective date is unknown: null
    assert (entry["effective_known"], entry["first_published_on_site"], entry["effective"]) == (False, FIRST, None)


def test_before_go_live_no_day_of_publication_is_stated(tmp_path):
    root = copy_project(tmp_path / "repo")
    (root / "policy_versions" / FIRST / "version.yml").write_text("effective_date_known: false\n", encoding="utf-8")
    set_setting(root, "go_live", "")
    built = build_ok(root, today="2026-11-25")
    for path in ("/", f"/versions/{FIRST}/", "/history/"):
        page = built.html(path)
        assert "本サイト掲載" not in text_of(page) and "2026年11月24日" not in text_of(page), path
        assert "first published" not in text_of(built.html("/en" + path)), path
    assert text_of(built.html("/").select_one(".policy-meta")).startswith("施行日：原文に記載がありません")
    assert text_of(built.html("/en/").select_one(".policy-meta")).startswith("Effective date: not stated in the original")
    assert heading(built.html(f"/versions/{FIRST}/").h1) == "プライバシーポリシー（施行日の記載のない版）"
    assert heading(built.html(f"/en/versions/{FIRST}/").h1) == "Privacy Policy (version without a stated effective date)"
    (entry,) = built.manifest()["versions"]
    assert (entry["effective"], entry["first_published_on_site"]) == (None, None)
    jsonschema.validate(built.manifest(), load_schema("versions.schema.json"), format_checker=jsonschema.FormatChecker())
    # go-live recorded later than the folder's date: the site was first public on that day
    set_setting(root, "go_live", "2026-12-01")
    built = build_ok(root, today="2026-12-02")
    assert text_of(built.html("/").select_one(".policy-meta")).startswith("本サイト掲載日：2026年12月1日")
    assert built.manifest()["versions"][0]["first_published_on_site"] == "2026-12-01"


def test_a_known_effective_date_stays_effective(real_site):
    (entry,) = real_site.manifest()["versions"]
    assert entry["effective_known"] is True and entry["first_published_on_site"] == FIRST


def test_a_later_version_names_the_first_by_its_publication(tmp_path):
    root = with_purpose_change(copy_project(tmp_path / "repo"))
    (root / "policy_versions" / FIRST / "version.yml").write_text("effective_date_known: false\n", encoding="utf-8")
    built = build_ok(root, today="2026-12-01")
    compare = built.html(f"/compare/{FIRST}/{NEXT}/")
    assert heading(compare.h1) == "改定前後の比較（2026年11月24日本サイト掲載版と2027年1月10日施行版）"
    assert heading(built.html(f"/en/compare/{FIRST}/{NEXT}/").h1) == (
        "Changes between the version first published on this site on November 24, 2026 "
        "and the version effective January 10, 2027")
    assert [text_of(th) for th in built.html("/history/").select("article thead th")][0] == "施行日／本サイト掲載日"
    assert jsonschema.validate(built.manifest(), load_schema("versions.schema.json")) is None


def test_announced_cannot_precede_a_publication_day(tmp_path):
    root = copy_project(tmp_path / "repo")
    (root / "policy_versions" / FIRST / "version.yml").write_text(
        "effective_date_known: false\nannounced: 2026-11-01\n", encoding="utf-8")
    result = build(root, today="2026-11-25")
    assert result.result.returncode != 0
    assert (f"policy_versions/{FIRST}/version.yml:2: error: announced cannot be given when effective_date_known "
            f"is false: the folder's date ({FIRST}) is then the day the version was first published on this site") \
        in result.output
    (root / "policy_versions" / FIRST / "version.yml").write_text("effective_date_known: no thanks\n", encoding="utf-8")
    result = policy(root, "check", POLICY_TODAY="2026-11-25")
    assert f"policy_versions/{FIRST}/version.yml:1: error: effective_date_known: 'no thanks' must be true or false" \
        in result.stdout


# --- Notices in proper form ---------------------------------------------------------------------

def test_notice_title_lead_and_date_line(english_prevails):
    built = english_prevails
    page = built.html(f"/announcements/{NEXT}/")
    assert heading(page.h1) == JA_TITLE
    paragraphs = [text_of(p) for p in page.select("article > p")]
    assert "公表日：2026年11月25日／施行日：2027年1月10日" in paragraphs
    assert JA_LEAD + JA_LEAD_PURPOSES in paragraphs
    en = built.html(f"/en/announcements/{NEXT}/")
    assert heading(en.h1) == EN_TITLE
    paragraphs = [text_of(p) for p in en.select("article > p")]
    assert "Announced: November 25, 2026 / Effective: January 10, 2027" in paragraphs
    assert EN_LEAD + EN_LEAD_PURPOSES in paragraphs
    assert [e.title for e in feedparser.parse((built.site / "feeds" / "ja.xml").read_bytes()).entries] == \
        [JA_TITLE]


def test_a_revision_without_new_purposes_has_the_short_lead(tmp_path):
    root = copy_project(tmp_path / "repo")
    en = replace_once(real_text("en"), "said information through deceit", "said information through deception")
    write_version(root / "policy_versions", NEXT, real_text("ja"), en,
                  "announced: 2026-11-25\nsummary: {ja: 文言の修正, en: Wording}\n")
    lines = policy(root, "announce", NEXT, "--format", "text", "--lang", "ja").stdout.splitlines()
    assert lines[0] == "プライバシーポリシー改定のお知らせ"
    assert "公表日：2026年11月25日／施行日：2027年1月10日" in lines
    assert JA_LEAD in lines
    en_lines = policy(root, "announce", NEXT, "--format", "text", "--lang", "en").stdout.splitlines()
    assert en_lines[0] == "Notice of revision of the Privacy Policy"
    assert "Announced: November 25, 2026 / Effective: January 10, 2027" in en_lines
    assert EN_LEAD in en_lines


# --- Interface wording, contact, samples --------------------------------------------------------

def test_interface_wording(sample_site):
    history = sample_site.html("/history/")
    assert text_of(history.select_one("article h1 + p")) == (
        "本プライバシーポリシーのこれまでの版と施行予定の版の一覧です。各版の全文は、版ごとに固定のURLで掲載しています。")
    assert [text_of(th) for th in history.select("article thead th")] == ["施行日", "区分", "概要", "変更点"]
    assert "（記載なし）" not in text_of(history)
    old = sample_site.html("/versions/2025-04-01/")
    assert "この版は、2025年10月1日の改定前の旧版です。" in text_of(old.select_one(".admonition"))
    assert "現行版との比較" in [text_of(a) for a in old.select(".policy-meta a")]
    assert "直前の版との比較" in [text_of(a) for a in sample_site.html("/versions/2026-04-01/").select(".policy-meta a")]
    compare = sample_site.html("/compare/2025-10-01/2026-04-01/")
    article = text_of(compare.select_one("article"))
    assert ("改定前と改定後の規定を対照して示し、改定部分に傍線を付しています。変更のない箇所は"
            "「（略）」とし、変更のない条項は省略しています。各版の全文は、それぞれの版のページをご覧ください。") in article
    legend = compare.select_one("table.policy-comparison").find_previous_sibling()
    assert (legend.name, legend["class"], text_of(legend)) == ("p", ["policy-legend"], "（傍線部分は改定部分）")
    assert heading(compare.select_one("#comparison-table")) == "新旧対照表"
    across = sample_site.html("/compare/2025-04-01/2026-04-01/")
    assert ("下線部は追加箇所、取消線部は削除箇所を示します。変更のない箇所は「（略）」とし、変更のない条項、新設された条項"
            "及び削除された条項は、各版の全文の該当箇所へのリンクで示します。") in text_of(across.select_one("article"))
    assert heading(across.select_one("#redline-changes")) == "改定箇所（見え消し）"
    # the spoken markers stay for screen readers
    assert compare.select_one("ins .visually-hidden").get_text() == "［追加］"


def test_contact_page_covers_anonymously_processed_information_and_json_ld_type(real_site):
    ja = real_site.html("/contact/")
    assert text_of(ja.select_one("article h1 + p")) == (
        "個人情報の取扱いに関する開示、訂正、削除等のご請求、苦情その他のお問い合わせ及び匿名加工情報の取扱いに関する"
        "お問い合わせは、下記の住所又はメールアドレスまでご連絡ください。")
    import json
    for path, contact_type, name in (("/contact/", "個人情報の取扱いに関するお問い合わせ", "経営管理部"),
                                     ("/en/contact/", "privacy inquiries", "Dept. of Corporate Administration")):
        data = json.loads(real_site.html(path).find("script", type="application/ld+json").string)
        assert (data["contactPoint"]["contactType"], data["contactPoint"]["name"]) == (contact_type, name)


def test_every_sample_title_says_sample(sample_site):
    for lang, mark in (("ja", "【サンプル】"), ("en", "[Sample] ")):
        feed = feedparser.parse((sample_site.site / "feeds" / f"{lang}.xml").read_bytes())
        assert feed.entries and all(e.title.startswith(mark) for e in feed.entries), [e.title for e in feed.entries]
        prefix = "" if lang == "ja" else "/en"
        listing = sample_site.html(f"{prefix}/announcements/")
        titles = [text_of(a) for a in listing.select("article li a")]
        assert titles and all(t.startswith(mark.strip()) for t in titles), titles
        for entry in sample_site.manifest()["versions"]:
            assert heading(sample_site.html(f"{prefix}/versions/{entry['id']}/").h1).startswith(mark.strip())
            if "announcement" in entry:
                assert heading(sample_site.html(entry["announcement"][lang]).h1).startswith(mark.strip())


# --- policy check: 本人 and the Art. 32 warnings -----------------------------------------------

GLOSSARY = """\
- en: [client, clients]
  ja: [本人]
  not_ja: [お客様]
  sections: [changes-to-purposes, restrictions-on-use, third-party-provision, disclosure, correction, suspension-of-use]
- en: [untrue]
  ja: [事実でない]
"""


def test_check_catches_okyakusama_where_the_act_says_honnin(tmp_path):
    root = copy_project(tmp_path / "repo")
    (root / "glossary.yml").write_text(GLOSSARY, encoding="utf-8")
    ja_path = root / "policy_versions" / FIRST / "ja.md"
    old = ja_path.read_text(encoding="utf-8")
    line = next(n for n, text in enumerate(old.splitlines(), 1) if "お客様に通知し" in text)
    result = policy(root, "check", POLICY_TODAY="2026-11-25")
    assert result.returncode == 1
    assert (f"policy_versions/{FIRST}/ja.md:{line}: error: section 'changes-to-purposes': the Japanese says "
            "お客様 where the Act says 本人 (the English: 'clients'): use the statutory term") in result.stdout
    assert "section 'correction': the English uses 'untrue', but the Japanese does not use its statutory term 事実でない" \
        in result.stdout
    assert "section 'purposes-of-use'" not in result.stdout  # お客様 is right where the Act is not quoted
    japanese = policy(root, "check", POLICY_TODAY="2026-11-25", POLICY_LANG="ja").stdout
    assert ("セクション 'changes-to-purposes' で「お客様」と記載されていますが、法令はこの箇所で「本人」と定めています"
            "（英語：'clients'）。法令の用語を使ってください。") in japanese
    fixed = replace_once(replace_once(old, "お客様に通知し", "本人に通知し"), "真実でない", "事実でない")
    ja_path.write_text(fixed, encoding="utf-8")
    result = policy(root, "check", POLICY_TODAY="2026-11-25")
    assert result.returncode == 0, result.stdout


def test_art_32_warnings_point_to_the_record_file_not_the_version(tmp_path):
    root = copy_project(tmp_path / "repo")
    out = policy(root, "check", POLICY_TODAY="2026-11-25").stdout
    assert ("retained-data.yml:18: warning: the security control measures taken for retained personal data (or that "
            "they are answered on request without delay, and where) (APPI Cabinet Order Art. 10(i)) is not given: it "
            "must be where the principal can know it. Record the company's answer to LEGAL-REVIEW.md Q8 as "
            "`security_measures` (never a guess)") in out
    assert "ja.md: warning" not in out and "ja.md:" not in out
    ja = policy(root, "check", POLICY_TODAY="2026-11-25", POLICY_LANG="ja").stdout
    assert ("retained-data.yml:17: 警告: 手数料の額及びその徴収方法（個人情報保護法第32条第1項第3号、第38条）が記載されて"
            "いません。本人の知り得る状態に置く必要がある事項です。LEGAL-REVIEW.md のQ7への会社の回答を `fees` に"
            "記載してください（推測で記載しないでください）。") in ja


def test_the_fixture_stays_as_published():
    """The frozen fixture is the first version as it was before issue 14: these tests rely on it."""
    assert "お客様に通知し" in (FIRST_VERSIONS / FIRST / "ja.md").read_text(encoding="utf-8")
    assert not (FIRST_VERSIONS / FIRST / "version.yml").exists()
