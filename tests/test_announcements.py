"""Announcements of revisions: detection of changed purposes, the notices, the day they appear."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import jsonschema
import pytest

from conftest import (build, build_ok, copy_project, heading, load_schema, policy, real_text,
                      replace_once, text_of, write_version)
from policy_engine.reading.document import parse_document
from policy_engine.changes.purposes import detect, read_purposes

INTRO = "The Company shall use Personal Information pertaining to a client for the following purposes:\n\n"


def purposes_doc(items: str, intro: str = INTRO):
    text = f"---\ntitle: T\n---\n## 2. H {{#handling}}\n\n### (1) Purposes {{#purposes-of-use}}\n\n{intro}{items}\n## 4. I {{#inquiries}}\n"
    return parse_document(text, Path("en.md"), "en")


BASE = "- to provide the Company's services;\n- to bill for service usage fees;\n- to help improve the Company's services, develop new services, etc.\n"


def test_purposes_are_plain_text():
    _, items = read_purposes(purposes_doc("- to **provide** the [Company's](https://example.com) services; and\n"
                                          "- to help improve the Company's services,\n  develop new services, etc.\n"))
    assert items == ["to provide the Company's services", "to help improve the Company's services, develop new services, etc."]


@pytest.mark.parametrize("new", [
    "* to provide the Company's services;\n* to bill for service usage fees;\n* to help improve the Company's services, develop new services, etc.\n",
    "1. to provide the Company's services;\n2. to bill for service\n   usage fees; and\n3. to help improve the Company's services, develop new services, etc.\n",
])
def test_marker_style_and_wrapping_are_no_change(new):
    changes = detect(purposes_doc(BASE), purposes_doc(new))
    assert not changes.purposes_changed and not changes.reordered


def test_added_removed_reworded_and_reordered():
    new = ("- to help improve the Company's services, develop new services, etc.;\n"
           "- to bill for service usage fees and confirm payment;\n"
           "- to send newsletters.\n")
    changes = detect(purposes_doc(BASE), purposes_doc(new))
    assert changes.added == ["to send newsletters"]
    assert changes.removed == ["to provide the Company's services"]
    assert changes.changed == [("to bill for service usage fees", "to bill for service usage fees and confirm payment")]
    assert changes.reordered and changes.purposes_changed


def test_reordering_alone_is_not_a_change_of_purposes():
    reordered = "".join(reversed(BASE.splitlines(keepends=True)))
    changes = detect(purposes_doc(BASE), purposes_doc(reordered))
    assert changes.reordered and not changes.purposes_changed


def test_changing_whose_information_is_used_is_a_change():
    changes = detect(purposes_doc(BASE), purposes_doc(BASE, INTRO.replace("a client", "a client or a patient")))
    assert changes.changed[0][1].endswith("pertaining to a client or a patient for the following purposes:")


def _project_with(tmp_path, ja: str, en: str, version_yml: str | None) -> Path:
    root = copy_project(tmp_path / "repo")
    write_version(root / "policy_versions", "2027-01-10", ja, en, version_yml)
    return root


def test_languages_out_of_step_is_an_error_naming_both_files(tmp_path):
    en = replace_once(real_text("en"), "- to bill for service usage fees;\n", "- to bill for service usage fees;\n- to send newsletters;\n")
    root = _project_with(tmp_path, real_text("ja"), en, "announced: 2026-11-25\n")
    built = build(root, today="2026-11-25")
    assert built.result.returncode != 0
    assert ("policy_versions/2027-01-10/en.md:13: error: the purposes of use change in en.md but not in "
            "ja.md (line 13): the languages must agree") in built.output


def test_notice_too_short_says_by_how_much(tmp_path):
    ja = replace_once(real_text("ja"), "- サービスの利用料金を請求するため\n", "- サービスの利用料金を請求するため\n- ニュースレターを送付するため\n")
    en = replace_once(real_text("en"), "- to bill for service usage fees;\n", "- to bill for service usage fees;\n- to send newsletters;\n")
    root = _project_with(tmp_path, ja, en, "summary: {ja: 追加, en: Added}\nannounced: 2026-12-20\npurposes_basis: related\n")
    built = build(root, today="2026-11-25")
    assert built.result.returncode != 0
    assert ("policy_versions/2027-01-10/version.yml:2: error: the purposes of use change, so this version must be "
            "announced at least 30 days before it takes effect on 2027-01-10: announced 21 days before, 9 days short "
            "(announce on or before 2026-12-11") in built.output
    (root / "policy.yml").write_text("versions_dir: policy_versions\nnotice_period_days: 21\n", encoding="utf-8")
    assert policy(root, "check", POLICY_TODAY="2026-11-25").returncode == 0


def test_a_wording_change_needs_no_notice_period(tmp_path):
    en = replace_once(real_text("en"), "said information through deceit", "said information through deception")
    root = _project_with(tmp_path, real_text("ja"), en, None)
    assert policy(root, "check", POLICY_TODAY="2026-11-25").returncode == 0


def entries(built, lang: str):
    feed = feedparser.parse((built.site / "feeds" / f"{lang}.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    return feed


def test_on_2026_02_19_the_coming_version_appears_nowhere(sample_project):
    built = build_ok(sample_project, today="2026-02-19")
    assert [v["id"] for v in built.manifest()["versions"]] == ["2025-04-01", "2025-10-01"]
    assert not (built.site / "announcements" / "2026-04-01").exists()
    for path in built.site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".xml", ".json"}:
            text = path.read_text(encoding="utf-8")
            assert "2026-04-01" not in text and "統計データを作成" not in text, path
    assert [e.title for e in entries(built, "ja").entries] == ["【サンプル】プライバシーポリシー改定のお知らせ"]
    assert built.html("/").select_one(".admonition.warning") is None


def test_on_its_announcement_day_the_notice_is_everywhere(sample_project):
    built = build_ok(sample_project, today="2026-02-20")
    manifest = built.manifest()
    jsonschema.validate(manifest, load_schema("versions.schema.json"), format_checker=jsonschema.FormatChecker())
    entry = manifest["versions"][-1]
    assert (entry["id"], entry["status"], entry["purposes_changed"]) == ("2026-04-01", "upcoming", True)
    assert entry["announcement"] == {"ja": "/announcements/2026-04-01/", "en": "/en/announcements/2026-04-01/"}
    assert manifest["feeds"] == {"ja": "/feeds/ja.xml", "en": "/feeds/en.xml"}
    assert [v["purposes_changed"] for v in manifest["versions"]] == [None, False, True]

    notice = built.html("/").select_one(".admonition.warning")
    assert text_of(notice.select_one(".admonition-title")) == "【サンプル】【重要】プライバシーポリシーの改定（個人情報の利用目的の変更）に関するお知らせ"
    assert "2026年4月1日にプライバシーポリシーを改定し、個人情報の利用目的を変更します" in text_of(notice)
    assert notice.find("a", href="announcements/2026-04-01/")
    en_notice = built.html("/en/").select_one(".admonition.warning")
    assert "will be revised on April 1, 2026, changing the purposes of use" in text_of(en_notice)

    page = built.html("/announcements/2026-04-01/")
    assert heading(page.h1) == "【サンプル】【重要】プライバシーポリシーの改定（個人情報の利用目的の変更）に関するお知らせ"
    body = text_of(page.select_one("article"))
    assert "公表日：2026年2月20日／施行日：2026年4月1日" in body
    assert ("このたび、当社は、プライバシーポリシーを下記のとおり改定いたしますので、お知らせいたします。"
            "改定後のプライバシーポリシーは、2026年4月1日から施行いたします。"
            "本改定により個人情報の利用目的を変更いたしますので、変更後の利用目的を下記のとおり公表いたします。") in body
    assert "【サンプル】利用目的に利用状況の分析" in body
    added = page.find(id="追加する利用目的") or page.find(string="追加する利用目的").find_parent()
    assert "当社のサービスの利用状況を分析し、統計データを作成するため" in text_of(added.find_next("ul"))
    assert [text_of(td) for td in page.select("article table:not(.policy-comparison) td")] == [
        "サービスの利用料金を請求するため", "サービスの利用料金を請求し、お支払いの状況を確認するため"]
    assert page.select_one("table.policy-comparison")
    assert "〒810-0042" in text_of(page.select_one("article address"))
    links = {a["href"] for a in page.select("article a")}
    assert "../../versions/2026-04-01/" in links and "../../compare/2025-10-01/2026-04-01/" in links

    en = built.html("/en/announcements/2026-04-01/")
    assert heading(en.h1) == "[Sample] [Important] Notice of revision of the Privacy Policy (change to the purposes of use of personal information)"
    assert "Announced: February 20, 2026 / Effective: April 1, 2026" in text_of(en.select_one("article"))
    listing = [text_of(li) for li in built.html("/en/announcements/").select("article li")]
    assert listing[0].startswith("February 20, 2026: [Sample] [Important] Notice of revision of the Privacy Policy (change to the purposes of use of personal information)")
    assert listing[1].startswith("October 1, 2025: [Sample] Notice of revision of the Privacy Policy")


def test_feeds_parse_newest_first_with_stable_ids_and_japan_time(sample_project, tmp_path):
    first = build_ok(sample_project, today="2026-12-01")
    second = build_ok(copy_project(tmp_path / "again", sample_project / "policy_versions"), today="2027-06-01")
    for lang in ("ja", "en"):
        now, later = entries(first, lang), entries(second, lang)
        assert [e.link.rsplit("/", 2)[-2] for e in now.entries] == ["2027-01-10", "2026-04-01", "2025-10-01"]
        assert [e.published for e in now.entries][0] == "2026-11-20T00:00:00+09:00"
        assert {e.link.rsplit("/", 2)[-2]: e.id for e in now.entries}.items() <= \
            {e.link.rsplit("/", 2)[-2]: e.id for e in later.entries}.items()
        assert "info@medmain.com" in now.entries[0].content[0].value
        assert now.feed.language == lang  # xml:lang on the feed
    alternate = first.html("/en/history/").find("link", rel="alternate", type="application/atom+xml")
    assert alternate["href"] == "/feeds/en.xml"
    assert first.html("/").find("link", rel="alternate", type="application/atom+xml")["href"] == "/feeds/ja.xml"


def test_policy_in_effect_has_no_notice_once_the_version_applies(sample_project):
    built = build_ok(sample_project, today="2026-04-01")
    assert built.html("/").select_one(".admonition.warning") is None
    assert "2026年4月1日施行" in text_of(built.html("/").select_one(".policy-meta"))


def test_policy_announce_formats(sample_project):
    result = policy(sample_project, "announce", "2027-01-10", "--format", "json")
    data = json.loads(result.stdout)
    jsonschema.validate(data, load_schema("announce.schema.json"), format_checker=jsonschema.FormatChecker())
    assert data["purposes"]["en"]["removed"] == ["to notify clients of changes to the Terms relating to the Company's services"]
    markdown = policy(sample_project, "announce", "2027-01-10", SITE_URL="https://policy.example/").stdout
    assert markdown.startswith("# 【サンプル】【重要】プライバシーポリシーの改定（個人情報の利用目的の変更）に関するお知らせ")
    assert "# [Sample] [Important] Notice of revision of the Privacy Policy (change to the purposes of use of personal information)" in markdown
    assert "(https://policy.example/en/versions/2027-01-10/)" in markdown
    text = policy(sample_project, "announce", "2025-10-01", "--format", "text", "--lang", "en").stdout
    assert text.startswith("[Sample] Notice of revision of the Privacy Policy\n")
    assert "This revision does not change the purposes of use of personal information." in text
    first = policy(sample_project, "announce", "2025-04-01")
    assert first.returncode == 1 and "the first version has no announcement" in first.stderr


# --- notices as a Japanese company publishes them (issue 19) ------------------------------------

REORDERED = "2027-01-10"  # the sample's removal and reorder, announced 2026-11-20
JA_PURPOSES_AFTER = [
    "当社のサービスを提供するため",
    "サービスの利用料金を請求し、お支払いの状況を確認するため",
    "当社のサービスに関する情報を提供し、これに関するお問い合わせに対応するため",
    "当社のサービスの改善、新たなサービスの開発等に役立てるため",
    "当社のサービスに関する利用規約及びポリシー（以下「本規約等」といいます。）への違反に対応するため",
    "当社のサービスの利用状況を分析し、統計データを作成するため",
]
EN_PURPOSES_AFTER = [
    "to provide the Company's services",
    "to bill for service usage fees and confirm the status of payment",
    "to provide information on the Company's services, and respond to inquiries relating thereto",
    "to help improve the Company's services, develop new services, etc.",
    "to respond to violations of the Company's terms and conditions, and policies (hereinafter, the “Terms”) "
    "relating to the Company's services",
    "to analyse the use of the Company's services and prepare statistical data",
]
JA_FUTURE = ("このたび、当社は、プライバシーポリシーを下記のとおり改定いたしますので、お知らせいたします。改定後の"
             "プライバシーポリシーは、2027年1月10日から施行いたします。本改定により個人情報の利用目的を変更いたしますので、"
             "変更後の利用目的を下記のとおり公表いたします。")
JA_PAST = ("このたび、当社は、プライバシーポリシーを下記のとおり改定いたしましたので、お知らせいたします。改定後の"
           "プライバシーポリシーは、2027年1月10日から施行しております。本改定により個人情報の利用目的を変更いたしましたので、"
           "変更後の利用目的を下記のとおり公表いたします。")
EN_FUTURE = ("We hereby give notice that we will revise our Privacy Policy as set out below. The revised Privacy Policy "
             "will take effect on January 10, 2027. As this revision will change the purposes of use of personal "
             "information, we hereby publicly announce the purposes of use after the change, as set out below.")
EN_PAST = ("We hereby give notice that we have revised our Privacy Policy as set out below. The revised Privacy Policy "
           "took effect on January 10, 2027. As this revision has changed the purposes of use of personal "
           "information, we hereby publicly announce the purposes of use after the change, as set out below.")


def _announce_text(root: Path, version: str, lang: str, today: str) -> list[str]:
    result = policy(root, "announce", version, "--format", "text", "--lang", lang, POLICY_TODAY=today)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_the_text_notice_lists_every_purpose_after_the_change_and_closes_with_ijou(sample_project):
    lines = _announce_text(sample_project, REORDERED, "ja", "2026-12-01")
    assert lines[0] == "【サンプル】【重要】プライバシーポリシーの改定（個人情報の利用目的の変更）に関するお知らせ"
    start = lines.index("[変更後の利用目的]")
    assert lines[start + 1:start + 9] == ["当社は、お客様に関する個人情報を、以下の目的のために利用します。",
                                          *[f"・{item}" for item in JA_PURPOSES_AFTER], ""]
    assert lines[lines.index("削除する利用目的") + 1] == "・当社のサービスに関する本規約等の変更をお客様に通知するため"
    assert lines[-2:] == ["", "以上"]
    en = _announce_text(sample_project, REORDERED, "en", "2026-12-01")
    start = en.index("[Purposes of use after the change]")
    assert en[start + 1:start + 9] == [
        "The Company shall use Personal Information pertaining to a client for the following purposes:",
        *[f"- {item}" for item in EN_PURPOSES_AFTER], ""]
    assert "以上" not in en and en[-1] != ""


@pytest.mark.parametrize("today,ja_lead,ja_order,ja_removed,en_lead,en_order", [
    ("2027-01-09", JA_FUTURE, "利用目的の記載の順序を改めます。", "削除する利用目的", EN_FUTURE,
     "The order in which the purposes of use are listed will be changed."),
    ("2027-01-10", JA_PAST, "利用目的の記載の順序を改めました。", "削除した利用目的", EN_PAST,
     "The order in which the purposes of use are listed has been changed."),
])
def test_the_tense_of_a_notice_follows_the_day(sample_project, today, ja_lead, ja_order, ja_removed, en_lead, en_order):
    ja = _announce_text(sample_project, REORDERED, "ja", today)
    assert ja_lead in ja and ja_order in ja and ja_removed in ja
    en = _announce_text(sample_project, REORDERED, "en", today)
    assert en_lead in en and en_order in en


def test_the_notice_page_lists_the_purposes_after_the_change_under_its_table_legend(sample_site):
    page = sample_site.html(f"/announcements/{REORDERED}/")
    article = page.select_one("article")
    assert JA_FUTURE in [text_of(p) for p in article.select("p")]  # 2026-12-01: before it takes effect
    after = next(h for h in article.select("h2, h3") if heading(h) == "変更後の利用目的")
    assert text_of(after.find_next("p")) == "当社は、お客様に関する個人情報を、以下の目的のために利用します。"
    assert [text_of(li) for li in after.find_next("ul").select("li")] == JA_PURPOSES_AFTER
    table = article.select_one("table.policy-comparison")
    legend = table.find_previous_sibling()
    assert (legend.name, text_of(legend)) == ("p", "（傍線部分は改定部分）")
    closing = article.select_one(".policy-closing")
    assert text_of(closing) == "以上" and "policy-closing" in closing["class"]
    assert closing.find_previous("address")  # after the contact details: the notice's end
    en = sample_site.html(f"/en/announcements/{REORDERED}/").select_one("article")
    assert text_of(en.select_one("table.policy-comparison").find_previous_sibling()) == "(Revised text is underlined.)"
    assert not en.select_one(".policy-closing") and "以上" not in text_of(en)
    feed = entries(sample_site, "ja").entries[0]
    assert feed.title == "【サンプル】【重要】プライバシーポリシーの改定（個人情報の利用目的の変更）に関するお知らせ"
    assert "以上" in feed.content[0].value and "変更後の利用目的" in feed.content[0].value


def _with_new_purpose(tmp_path, version_yml: str) -> Path:
    ja = replace_once(real_text("ja"), "- サービスの利用料金を請求するため\n", "- サービスの利用料金を請求するため\n- ニュースレターを送付するため\n")
    en = replace_once(real_text("en"), "- to bill for service usage fees;\n", "- to bill for service usage fees;\n- to send newsletters;\n")
    return _project_with(tmp_path, ja, en, version_yml)


def test_a_change_made_with_consent_does_not_say_publication_suffices(tmp_path):
    root = _with_new_purpose(tmp_path, "announced: 2026-11-25\npurposes_basis: consent\nsummary: {ja: 追加, en: Added}\n")
    assert policy(root, "check", POLICY_TODAY="2026-11-25").returncode == 0
    ja = _announce_text(root, "2027-01-10", "ja", "2026-11-25")
    assert ("このたび、当社は、プライバシーポリシーを下記のとおり改定いたしますので、お知らせいたします。改定後のプライバシー"
            "ポリシーは、2027年1月10日から施行いたします。本改定により個人情報の利用目的を変更いたします。この変更は、変更前の"
            "利用目的と関連性を有すると合理的に認められる範囲を超えるため、当社は、あらかじめご本人の同意を得た上で、変更後の"
            "利用目的の範囲内で個人情報を取り扱います。変更後の利用目的は下記のとおりです。") in ja
    assert not any("公表いたします" in line for line in ja)
    en = _announce_text(root, "2027-01-10", "en", "2027-01-10")
    assert ("We hereby give notice that we have revised our Privacy Policy as set out below. The revised Privacy Policy "
            "took effect on January 10, 2027. This revision has changed the purposes of use of personal information. "
            "As the change goes beyond the scope reasonably considered relevant to the purposes of use before the change, "
            "we handle personal information for the purposes of use after the change only with the prior consent of the "
            "individuals concerned. The purposes of use after the change are set out below.") in en
    assert not any("publicly announce" in line for line in en)
    data = json.loads(policy(root, "announce", "2027-01-10", "--format", "json").stdout)
    jsonschema.validate(data, load_schema("announce.schema.json"))
    assert data["purposes_basis"] == "consent" and data["purposes"]["ja"]["after"][-1] == "当社のサービスの改善、新たなサービスの開発等に役立てるため"


def test_a_change_of_purposes_without_its_basis_is_an_error_naming_the_file_and_line(tmp_path):
    root = _with_new_purpose(tmp_path, "announced: 2026-11-25\nsummary: {ja: 追加, en: Added}\n")
    result = policy(root, "check", POLICY_TODAY="2026-11-25")
    assert result.returncode == 1
    assert ("policy_versions/2027-01-10/version.yml:1: error: the purposes of use change (ja.md line 13), so "
            "version.yml must give the basis of the change: write `purposes_basis: related` (a change within the "
            "scope reasonably related to the purposes before it, APPI Art. 17(2)) or `purposes_basis: consent` (the "
            "principals' prior consent has been obtained, APPI Art. 18(1)), as the legal team decided") in result.stdout
    ja = policy(root, "check", POLICY_TODAY="2026-11-25", POLICY_LANG="ja")
    assert ("policy_versions/2027-01-10/version.yml:1: エラー: 利用目的が変更されている（ja.mdの13行目）ため、version.yml "
            "に変更の根拠を記載する必要があります。法務の判断に従い、`purposes_basis: related`（変更前の利用目的と関連性を"
            "有すると合理的に認められる範囲内の変更、個人情報保護法第17条第2項）又は `purposes_basis: consent`（あらかじめ"
            "本人の同意を得た変更、個人情報保護法第18条第1項）のいずれかを記載してください。") in ja.stdout
    (root / "policy_versions" / "2027-01-10" / "version.yml").write_text(
        "announced: 2026-11-25\nsummary: {ja: 追加, en: Added}\npurposes_basis: maybe\n", encoding="utf-8")
    wrong = policy(root, "check", POLICY_TODAY="2026-11-25", POLICY_LANG="ja")
    assert wrong.returncode == 1
    assert ("policy_versions/2027-01-10/version.yml:3: エラー: purposes_basis: 「maybe」は利用目的の変更の根拠ではありません。"
            "法務の判断に従い、`related`（") in wrong.stdout
    assert "must give the basis" not in wrong.stdout + wrong.stderr and "変更の根拠を記載する必要" not in wrong.stdout


def test_a_basis_for_a_revision_that_changes_no_purpose_is_a_warning(tmp_path):
    en = replace_once(real_text("en"), "said information through deceit", "said information through deception")
    root = _project_with(tmp_path, real_text("ja"), en, "purposes_basis: related\n")
    result = policy(root, "check", POLICY_TODAY="2026-11-25")
    assert result.returncode == 0
    assert ("policy_versions/2027-01-10/version.yml:1: warning: purposes_basis is given, but this version does not "
            "change the purposes of use: remove it") in result.stdout
