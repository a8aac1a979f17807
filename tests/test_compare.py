"""Comparison pages and `policy diff`: the same changes, at the right granularity, safely shown."""

from __future__ import annotations

import json

import jsonschema
import pytest
from bs4 import BeautifulSoup

from conftest import build_ok, load_schema, policy, real_text, replace_once, text_of, write_version

OLD, NEW = "2025-10-01", "2026-04-01"


def changed_texts(element, tag: str) -> list[str]:
    """What a reader is told was inserted or deleted, without the spoken markers."""
    result = []
    for node in element.find_all(tag):
        for hidden in node.select(".visually-hidden"):
            hidden.extract()
        result.append(node.get_text())
    return result


def test_every_comparison_is_linked_and_in_the_manifest(sample_site):
    manifest = {v["id"]: v for v in sample_site.manifest()["versions"]}
    # the first version has nothing before it: only the comparison with the current one
    assert manifest["2025-04-01"]["diff"] == {"current": {"ja": "/compare/2025-04-01/2026-04-01/",
                                                          "en": "/en/compare/2025-04-01/2026-04-01/"}}
    assert manifest[NEW]["diff"] == {"previous": {"ja": f"/compare/{OLD}/{NEW}/", "en": f"/en/compare/{OLD}/{NEW}/"}}
    assert set(manifest["2027-01-10"]["diff"]) == {"previous"}
    for entry in manifest.values():
        for urls in entry.get("diff", {}).values():
            for url in urls.values():
                assert (sample_site.site / url.strip("/") / "index.html").is_file(), url
    history_links = {a["href"] for a in sample_site.html("/history/").select("article td a")}
    assert any(h.rstrip("/").endswith(f"compare/{OLD}/{NEW}") for h in history_links)
    version_links = {a["href"] for a in sample_site.html(f"/en/versions/{NEW}/").select(".policy-meta a")}
    assert any(h.rstrip("/").endswith(f"compare/{OLD}/{NEW}") for h in version_links)


def test_comparison_table_rows_and_marks(sample_site):
    page = sample_site.html(f"/compare/{OLD}/{NEW}/")
    table = page.select_one("table.policy-comparison")
    assert [text_of(th) for th in table.select("thead th")] == ["改定前", "改定後"]
    labels = [text_of(th) for th in table.select('th[scope="colgroup"]')]
    assert labels == ["2.(1) 個人情報の利用目的", "2.(10) 安全管理のために講じた措置"]
    # the unchanged lead-in of the purposes is left out, as a 新旧対照表 does: 「（略）」 in each column
    assert [(text_of(td), td.get("colspan")) for td in table.select("td.policy-omitted")] == [("（略）", None)] * 2
    assert [text_of(tr) for tr in table.select("tr") if tr.select("td.policy-omitted")] == ["（略） （略）"]
    purposes_before, purposes_after, new_before, new_after = table.select("td:not(.policy-omitted)")
    assert changed_texts(purposes_before, "del") == []  # 「請求する」 continues: only new words are marked
    assert changed_texts(purposes_after, "ins") == ["し、お支払いの状況を確認", "当社のサービスの利用状況を分析し、統計データを作成するため"]
    # the list stays a list on both sides
    assert len(purposes_before.select("li")) == 6 and len(purposes_after.select("li")) == 7
    assert text_of(new_before) == "（新設）"
    assert "個人データの取扱いに関する規程の整備" in text_of(new_after)


def test_a_revision_is_shown_as_its_table_and_the_changes_since_as_a_redline(sample_site):
    """Each passage once: the comparison with the version before is the 新旧対照表 alone; the
    comparison with the current version (several revisions) a redline of the changed passages,
    the rest listed with links to the full text."""
    revision = sample_site.html(f"/en/compare/{OLD}/{NEW}/")
    assert revision.select_one("#comparison-table") and not revision.select_one("#redline-changes")
    page = sample_site.html(f"/en/compare/2025-04-01/{NEW}/")
    assert not page.select_one("#comparison-table") and not page.select_one("table.policy-comparison")
    redline = page.select_one("#redline-changes").find_parent("article")
    inserted = redline.select("ins")
    assert inserted and all(i.select_one(".visually-hidden").get_text() == "[inserted] " for i in inserted)
    assert "and confirm the status of payment" in " ".join(changed_texts(redline, "ins"))
    folded = {text_of(li): li.find("a")["href"] for li in redline.select("ul.policy-folded > li")}
    assert folded["1. Definition of Personal Information (unchanged)"] == f"../../../versions/{NEW}/#definitions"
    assert "2.(1) Purposes of Use of Personal Information (unchanged)" not in folded
    # a new section is read on the version's own page, not copied here
    assert folded["2.(10) Security Control Measures Taken (new)"] == f"../../../versions/{NEW}/#security-measures"
    assert "(unchanged, omitted)" in [text_of(p) for p in redline.select("p.policy-omitted")]


def test_identical_versions_say_no_changes(tmp_path):
    from conftest import copy_project
    root = copy_project(tmp_path / "repo")
    write_version(root / "policy_versions", "2026-12-01", real_text("ja"), real_text("en"),
                  "summary: {ja: 文言の確認, en: Wording checked}\n")
    built = build_ok(root, today="2026-12-01")
    page = built.html("/en/compare/2026-11-24/2026-12-01/")
    assert text_of(page.select_one("#comparison-table").find_next("p")) == "No changes."
    assert "変更はありません。" in text_of(built.html("/compare/2026-11-24/2026-12-01/"))
    assert policy(root, "diff", "2026-11-24", "2026-12-01").stdout == "変更はありません。\n"


# <kbd> is accepted in the policy text (markup.py); inside a change it shows as what was typed.
MARKUP = "a <kbd>key</kbd> with *stars*, a | pipe, a lone * star and `code`"


@pytest.fixture(scope="module")
def markup_history(tmp_path_factory):
    from conftest import copy_project
    root = copy_project(tmp_path_factory.mktemp("markup"))
    ja = replace_once(real_text("ja"), "- サービスの利用料金を請求するため\n", f"- サービスの利用料金を請求するため（{MARKUP}）\n")
    en = replace_once(real_text("en"), "- to bill for service usage fees;\n", f"- to bill for service usage fees ({MARKUP});\n")
    write_version(root / "policy_versions", "2026-12-01", ja, en,
                  "announced: 2026-10-15\npurposes_basis: related\nsummary: {ja: 記号の表示, en: Markup shown}\n")
    return root, build_ok(root, today="2026-12-01")


def test_markdown_significant_characters_are_shown_safely(markup_history):
    _, built = markup_history
    for prefix in ("", "en/"):
        page = built.html(f"{prefix}compare/2026-11-24/2026-12-01/")
        article = page.select_one("article")
        assert article.find("kbd") is None
        inserted = " ".join(changed_texts(article, "ins"))
        assert "<kbd>key</kbd>" in inserted and "a | pipe" in inserted and "a lone * star" in inserted
        for cell in article.select("table.policy-comparison td"):
            assert len(cell.select("li")) in (0, 6), "list structure kept"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_cli_formats_show_the_same_changes(markup_history, lang):
    root, _ = markup_history
    outputs = {fmt: policy(root, "diff", "2026-11-24", "2026-12-01", "--lang", lang, "--format", fmt)
               for fmt in ("json", "text", "markdown", "html")}
    assert all(r.returncode == 0 for r in outputs.values()), {f: r.stderr for f, r in outputs.items()}
    data = json.loads(outputs["json"].stdout)
    jsonschema.validate(data, load_schema("diff.schema.json"))
    assert (data["from"], data["to"], data["lang"]) == ("2026-11-24", "2026-12-01", lang)
    inserted = [text for s in data["sections"] for tag, text in s["ops"] if tag == "insert"]
    assert len(inserted) == 1 and MARKUP in inserted[0]
    assert [s["status"] for s in data["sections"] if s["status"] != "unchanged"] == ["changed"]
    assert f"{{+{inserted[0]}+}}" in outputs["text"].stdout
    html_page = BeautifulSoup(outputs["html"].stdout, "html.parser")
    assert html_page.html["lang"] == lang and html_page.find("kbd") is None
    table = html_page.select_one("table")
    assert table.select_one("ins code").get_text() == "code"  # paired backticks stay a code span
    assert changed_texts(table, "ins") == [inserted[0].replace("`", "")]
    md = outputs["markdown"].stdout
    assert md.count("<ins>") == 2 and "<kbd>" not in md  # once in the table, once in the redline


def test_json_reconstructs_both_versions(sample_project):
    result = policy(sample_project, "diff", OLD, NEW, "--format", "json", "--lang", "ja")
    data = json.loads(result.stdout)
    jsonschema.validate(data, load_schema("diff.schema.json"))
    from policy_engine.reading.document import parse_document
    root = sample_project / "policy_versions"
    for version, keep in ((OLD, "delete"), (NEW, "insert")):
        path = root / version / "ja.md"
        doc = parse_document(path.read_text(encoding="utf-8"), path, "ja")
        sources = {s.id: s.source for s in doc.sections}
        for section in data["sections"]:
            if section["id"] in sources:
                assert "".join(t for tag, t in section["ops"] if tag in ("equal", keep)) == sources[section["id"]]


def test_unknown_version_is_named(sample_project):
    result = policy(sample_project, "diff", "2020-01-01", NEW)
    assert result.returncode == 1
    assert "no version '2020-01-01' (versions: 2025-04-01, 2025-10-01, 2026-04-01, 2027-01-10, 2027-07-01)" in result.stderr


# --- the 新旧対照表 in Japanese practice (issue 19) -----------------------------------------------

def test_the_table_marks_both_columns_under_its_legend_and_leaves_punctuation_unmarked(sample_site, sample_project):
    """2026-04-01 -> 2027-01-10 in English: a purpose removed, one moved, and "; and" moved to the
    new last but one item: the removed words are marked (傍線) in 改定前, the joining " and" is not."""
    page = sample_site.html("/en/compare/2026-04-01/2027-01-10/")
    table = page.select_one("table.policy-comparison")
    assert text_of(table.find_previous_sibling()) == "(Revised text is underlined.)"
    assert [text_of(th) for th in table.select("thead th")] == ["Before revision", "After revision"]
    before, after = table.select("td:not(.policy-omitted)")
    assert changed_texts(before, "del") == ["to notify clients of changes to the Terms relating to the Company's services;"]
    assert changed_texts(after, "ins") == []  # " and" only joins the items
    assert "relating to the Company's services; and" in text_of(after)
    # the redline (見え消し) and `policy diff` keep every insertion and deletion
    assert "{+ and+}" in policy(sample_project, "diff", "2026-04-01", "2027-01-10", "--lang", "en").stdout
    ja = sample_site.html("/compare/2026-04-01/2027-01-10/")
    assert text_of(ja.select_one("table.policy-comparison").find_previous_sibling()) == "（傍線部分は改定部分）"
    assert "policy-comparison del" in (sample_site.site / "assets" / "stylesheets" / "policy.css").read_text(encoding="utf-8")


def _table(old: str, new: str, lang: str = "ja") -> tuple[str, str]:
    from pathlib import Path
    from policy_engine.changes.comparison import compare
    from policy_engine.reading.document import parse_document
    from policy_engine.changes.redline import comparison_table_markdown, redline_markdown
    doc = lambda body: parse_document(f"---\ntitle: T\n---\n## 1. 甲 {{#a}}\n\n{body}\n", Path(f"{lang}.md"), lang)  # noqa: E731
    comparison = compare(doc(old), doc(new))
    return comparison_table_markdown(comparison), redline_markdown(comparison)


def test_punctuation_alone_is_unmarked_and_a_changed_word_is_marked():
    table, redline = _table("当社は、個人情報を適切に管理します。", "当社は、個人情報を、適切に管理します。")
    assert "<ins>" not in table and "個人情報を、適切に管理します。" in table
    assert "<ins>" in redline  # the redline shows every change
    # next to a change of words on the same line, punctuation joins that change
    table, _ = _table("当社は、個人情報を管理します。", "当社は、個人情報を、厳格に管理します。")
    assert table.count("<ins>") == 1 and "、厳格に" in table
    # "and" -> "or" is a change of words, however short
    table, _ = _table("We collect A and B.", "We collect A or B.", "en")
    assert "<del>" in table and "<ins>" in table
