"""Issue 19: the site as the company's 公表. `policy check --release` names everything that keeps
the site from it; a draft says so on every page; the APPI Art. 32 matters are dated records with
their own page; before the recorded go-live a published version may still be corrected in place."""

from __future__ import annotations

import shutil
from pathlib import Path

import feedparser
import git
import jsonschema
import pytest

from conftest import ROOT, add_terms, build_ok, commit, copy_project, heading, load_schema, policy, replace_once, text_of

FIXTURES = Path(__file__).parent / "fixtures" / "retained"
FIRST = "2026-11-24"
# The skeleton's CODEOWNERS (as the repository ships it), owned by this test.
PLACEHOLDER_OWNERS = ("/policy_versions/ @your-org/legal-team\n/contact.yml      @your-org/legal-team\n")
SAMPLE_OWNERS = "/policy_versions/ @medmain-sample/legal\n"
SITE = "https://privacy.example.org/"


def setting(root: Path, key: str, value: str) -> None:
    path = root / "policy.yml"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith(f"{key}:")]
    path.write_text("\n".join(lines) + f"\n{key}: {value}\n", encoding="utf-8")


def real_like(root: Path) -> Path:
    """The repository as it is today: every Art. 32 matter unknown, LEGAL REVIEW marks in
    contact.yml, the skeleton's code owners."""
    (root / ".github").mkdir(exist_ok=True)
    (root / ".github" / "CODEOWNERS").write_text(PLACEHOLDER_OWNERS, encoding="utf-8")
    return root


def complete(root: Path) -> Path:
    """Everything supplied (SAMPLE DATA): the matters, confirmed contact details, a real team."""
    shutil.copy(FIXTURES / "complete.yml", root / "retained-data.yml")
    contact = root / "contact.yml"
    lines = [line.split("  # LEGAL REVIEW")[0] for line in contact.read_text(encoding="utf-8").splitlines()]
    contact.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / ".github").mkdir(exist_ok=True)
    (root / ".github" / "CODEOWNERS").write_text(SAMPLE_OWNERS, encoding="utf-8")
    return root


MISSING_JA = [
    (9, "代表者の氏名（個人情報保護法第32条第1項第1号）", "Q6", "representative"),
    (11, "開示等の請求等の受付方法（個人情報保護法第32条第1項第3号、第37条第1項）", "Q7", "requests.receipt"),
    (12, "本人確認の方法（個人情報保護法第37条第1項）", "Q7", "requests.identity"),
    (13, "代理人による請求の手続（個人情報保護法第37条第3項）", "Q7", "requests.agents"),
    (14, "電磁的記録の提供による方法での開示（個人情報保護法第33条第1項）", "Q7", "requests.electronic_disclosure"),
    (15, "第三者提供記録の開示の請求（個人情報保護法第33条第5項）", "Q7", "requests.third_party_records"),
    (16, "利用目的の通知の求め（個人情報保護法第32条第2項）", "Q7", "requests.purposes_notification"),
    (17, "手数料の額及びその徴収方法（個人情報保護法第32条第1項第3号、第38条）", "Q7", "fees"),
    (18, "保有個人データの安全管理のために講じた措置（又は本人の求めに応じて遅滞なく回答する旨及びその求めの窓口）"
         "（個人情報保護法施行令第10条第1号）", "Q8", "security_measures"),
    (20, "保有個人データの取扱いに関する苦情の申出先（個人情報保護法施行令第10条第2号）", "Q4", "complaints"),
    (21, "認定個人情報保護団体の名称及び苦情の解決の申出先（対象事業者でない場合はその旨）"
         "（個人情報保護法施行令第10条第3号）", "Q9", "accredited_organisation"),
]


def test_the_release_check_names_everything_that_keeps_the_site_from_being_published(project):
    root = real_like(project)
    result = policy(root, "check", "--release", POLICY_TODAY="2026-11-25", POLICY_LANG="ja")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    for line, matter, question, key in MISSING_JA:
        assert (f"retained-data.yml:{line}: エラー: {matter}が記載されていません。本人の知り得る状態に置く必要がある"
                f"事項です。LEGAL-REVIEW.md の{question}への会社の回答を `{key}` に記載してください"
                "（推測で記載しないでください）。") in lines, matter
    assert (".github/CODEOWNERS:1: エラー: 「@your-org/legal-team」は仮の値です。GitHub は存在しない所有者を無視する"
            "ため、法務のレビューが必須になりません。法務チームの GitHub チーム名に置き換えてください（CONTRIBUTING.md"
            "「リポジトリの設定」）。") in lines
    assert ("contact.yml:6: エラー: 公開される「company.ja」に法務確認の注記（LEGAL REVIEW：the seed gives only "
            "\"Medmain Inc.\"; confirm the registered 商号）があります。会社の確認を得て確定した内容を記載し、"
            "注記を削除してください。") in lines
    assert any(line.startswith("contact.yml:9: エラー: 公開される「department.ja」に法務確認の注記") for line in lines)
    assert ("mkdocs.yml:7: エラー: SITE_URL が設定されていません。公開先のアドレスがないため、正規URL（canonical）、"
            "フィード及びサイトマップに絶対URLを記載できません。サイトを作成する環境で、https:// で始まる公開先の"
            "アドレスを設定してください。") in lines
    assert len(lines) == 15 and "エラー 15 件、警告 0 件" in result.stderr
    local = policy(root, "check", "--release", POLICY_TODAY="2026-11-25", POLICY_LANG="ja",
                   SITE_URL="http://127.0.0.1:8000/")
    assert ("mkdocs.yml:7: エラー: SITE_URL「http://127.0.0.1:8000/」はローカルのアドレスであり、公開先のアドレスでは"
            "ありません。") in local.stdout
    english = policy(root, "check", "--release", POLICY_TODAY="2026-11-25", SITE_URL=SITE)
    assert ("retained-data.yml:9: error: the name of the representative (APPI Art. 32(1)(i)) is not given: it must be "
            "where the principal can know it. Record the company's answer to LEGAL-REVIEW.md Q6 as `representative` "
            "(never a guess)") in english.stdout
    assert "SITE_URL" not in english.stdout
    # the ordinary check only warns: the merge is not stopped, the publication is
    assert policy(root, "check", POLICY_TODAY="2026-11-25").returncode == 0


def test_go_live_and_a_prevailing_statement_are_named(project):
    root = complete(project)
    setting(root, "go_live", "")
    en = root / "policy_versions" / FIRST / "en.md"
    en.write_text(en.read_text(encoding="utf-8") + "\nThe English version prevails.\n", encoding="utf-8")
    result = policy(root, "check", "--release", POLICY_TODAY="2026-11-25", POLICY_LANG="ja", SITE_URL=SITE)
    assert result.returncode == 1
    line = len((root / "policy.yml").read_text(encoding="utf-8").splitlines())
    assert (f"policy.yml:{line}: エラー: go_live（本サイトを初めて公開する日）が記録されていません。"
            "`go_live: YYYY-MM-DD` の形で記録してください（以後、公開済みの版は訂正できません）。") in result.stdout
    prevail = len(en.read_text(encoding="utf-8").splitlines())
    assert (f"policy_versions/{FIRST}/en.md:{prevail}: エラー: 本文がどちらの言語の本文が優先するかを述べていますが"
            "（「prevail」）、会社の確認が policy.yml（prevailing_language）に記録されていません。") in result.stdout
    setting(root, "go_live", "2026-12-01")
    later = policy(root, "check", "--release", POLICY_TODAY="2026-11-25", POLICY_LANG="ja", SITE_URL=SITE)
    assert "go_live: 2026-12-01 は今日（2026-11-25）より後の日付です。本サイトはまだ公開日を迎えていません。" in later.stdout


def test_a_complete_repository_passes_the_release_check(project):
    root = complete(project)
    result = policy(root, "check", "--release", POLICY_TODAY="2026-11-25", POLICY_LANG="ja", SITE_URL=SITE)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "エラー" not in result.stdout and "警告" not in result.stdout
    assert "公開の検査：本サイトを会社の公表とすることを妨げる事項はありません" in result.stderr


def test_the_release_check_reads_every_documents_versions(project):
    """The sample terms declared in a complete repository: each public SAMPLE version is named with
    its file and line, as is a statement in the terms of which text prevails; the same terms
    without the sample marks pass."""
    root = add_terms(complete(project))
    en = root / "terms_versions/2026-06-01/en.md"
    en.write_text(en.read_text(encoding="utf-8") + "\nThe Japanese version prevails.\n", encoding="utf-8")
    result = policy(root, "check", "--release", POLICY_TODAY="2026-11-25", POLICY_LANG="ja", SITE_URL=SITE)
    assert result.returncode == 1
    for version in ("2025-04-01", "2026-06-01"):
        path = root / "terms_versions" / version / "version.yml"
        line = next(n for n, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if t.startswith("sample:"))
        assert (f"terms_versions/{version}/version.yml:{line}: エラー: terms_versions/{version} はサンプル（sample: true）"
                "であり、会社が定めた本文ではありません。") in result.stdout
    prevail = len(en.read_text(encoding="utf-8").splitlines())
    assert (f"terms_versions/2026-06-01/en.md:{prevail}: エラー: 本文がどちらの言語の本文が優先するかを述べていますが"
            "（「prevail」）") in result.stdout
    english = policy(root, "check", "--release", POLICY_TODAY="2026-11-25", SITE_URL=SITE)
    assert "terms_versions/2025-04-01 is SAMPLE DATA (sample: true), not a text the company gave" in english.stdout
    en.write_text(en.read_text(encoding="utf-8").replace("\nThe Japanese version prevails.\n", ""), encoding="utf-8")
    for path in (root / "terms_versions").glob("*/version.yml"):
        path.write_text("".join(line for line in path.read_text(encoding="utf-8").splitlines(keepends=True)
                                if not line.startswith("sample:")), encoding="utf-8")
    given = policy(root, "check", "--release", POLICY_TODAY="2026-11-25", POLICY_LANG="ja", SITE_URL=SITE)
    assert given.returncode == 0, given.stdout + given.stderr


@pytest.fixture(scope="module")
def draft_site(tmp_path_factory):
    root = real_like(copy_project(tmp_path_factory.mktemp("draft")))
    setting(root, "draft", "true")
    return build_ok(root, today="2026-11-25")


DRAFT_JA = "下書き：このサイトは公開前の下書きであり、当社のプライバシーポリシーの公表ではありません。"
DRAFT_EN = "Draft: this site is an unpublished draft, not the company's published privacy policy."


def test_a_draft_is_published_with_its_banner_on_every_page(draft_site):
    root = draft_site.root
    # a draft is not the company's 公表: the release check fails on it as on any site ...
    refused = policy(root, "check", "--release", POLICY_TODAY="2026-11-25", POLICY_LANG="ja")
    assert refused.returncode == 1 and "retained-data.yml:9: エラー: 代表者の氏名" in refused.stdout
    assert "公開の検査：上記のエラーが一つでも残る間は、本サイトは会社の公表にならず" in refused.stderr
    # ... and the publish workflow deploys it, with its banner, only as a draft (--allow-draft)
    result = policy(root, "check", "--release", "--allow-draft", POLICY_TODAY="2026-11-25", POLICY_LANG="ja")
    assert result.returncode == 0  # what remains is listed as warnings
    assert "retained-data.yml:9: 警告: 代表者の氏名" in result.stdout
    assert "policy.yml が draft: true のため、本サイトは下書きとして公開され" in result.stderr
    pages = [p for p in draft_site.site.rglob("index.html") if "/assets/" not in p.as_posix()] + \
            [draft_site.site / "404.html"]
    assert len(pages) > 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert html.count('class="policy-draft" role="note"') == 1, page
        assert f'<p lang="ja"><strong>{DRAFT_JA}</strong></p>' in html, page
        assert f"<p lang=\"en\"><strong>{DRAFT_EN.replace(chr(39), '&#x27;')}</strong></p>" in html \
            or f"<p lang=\"en\"><strong>{DRAFT_EN.replace(chr(39), '&#39;')}</strong></p>" in html, page
    ja = draft_site.html("/")
    banner = ja.select_one("article .policy-draft")  # inside the article: printed with it
    assert banner["aria-label"] == "下書き" and [p["lang"] for p in banner.find_all("p")] == ["ja", "en"]
    en = draft_site.html("/en/")
    assert [p["lang"] for p in en.select_one("article .policy-draft").find_all("p")] == ["en", "ja"]
    # a draft lists the Art. 32 matters still missing; a production site never shows such a list
    missing = draft_site.html("/retained-data/").select_one(".policy-missing")
    assert [text_of(li) for li in missing.find_all("li")][0] == "代表者の氏名（個人情報保護法第32条第1項第1号）"
    assert len(missing.find_all("li")) == 11
    css = (ROOT / "docs" / "assets" / "stylesheets" / "policy.css").read_text(encoding="utf-8")
    assert ".md-typeset .policy-draft { display: block !important;" in css


def test_a_production_site_has_no_banner_and_lists_nothing_missing(real_site):
    assert real_site.html("/").select_one(".policy-draft") is None
    page = real_site.html("/retained-data/")
    assert page.select_one(".policy-missing") is None
    assert [heading(h) for h in page.select("article h2")] == ["個人情報取扱事業者の名称、住所及び代表者の氏名"]


def test_without_site_url_no_page_names_a_local_address(real_site):
    for path in real_site.site.rglob("*"):
        if path.suffix in (".html", ".xml", ".json"):
            text = path.read_text(encoding="utf-8")
            assert "127.0.0.1" not in text and "None" not in text.replace("NoneType", ""), path
    assert real_site.html("/").find("link", rel="canonical") is None
    assert real_site.html("/").select_one(".policy-page-address") is None
    assert "<url>" not in (real_site.site / "sitemap.xml").read_text(encoding="utf-8")
    assert "local preview: SITE_URL is not set" in real_site.output
    jsonld = real_site.html("/").find("script", type="application/ld+json").string
    assert "availableLanguage" not in jsonld


@pytest.fixture(scope="module")
def art32_site(tmp_path_factory):
    root = complete(copy_project(tmp_path_factory.mktemp("art32")))
    shutil.copy(FIXTURES / "changed.yml", root / "retained-data.yml")
    return build_ok(root, today="2026-12-02", SITE_URL=SITE)


def test_the_art_32_page_shows_every_matter_given(art32_site):
    page = art32_site.html("/retained-data/")
    assert heading(page.h1) == "【サンプル】保有個人データに関する事項の公表"
    assert [heading(h) for h in page.select("article h2")] == [
        "個人情報取扱事業者の名称、住所及び代表者の氏名", "開示等の請求等に応じる手続", "手数料",
        "保有個人データの安全管理のために講じた措置", "苦情の申出先", "認定個人情報保護団体"]
    article = text_of(page.select_one("article"))
    assert "代表者：見本 太郎（サンプル）" in article
    assert "利用目的の通知又は開示の請求1件につき2,000円（サンプル）。" in article
    assert "当社は、認定個人情報保護団体の対象事業者ではありません。" in article
    assert text_of(page.select_one(".policy-meta")) == "2026年12月1日から適用"
    en = art32_site.html("/en/retained-data/")
    assert heading(en.h1) == "[Sample] Matters concerning retained personal data"
    assert "Disclosure by providing electronic records" in [heading(h) for h in en.select("article h3")]
    # linked from the inquiries section of the policy, where the contact block is rendered
    for path, name in (("/", "保有個人データに関する事項の公表"), ("/en/", "Matters concerning retained personal data")):
        link = art32_site.html(path).find("a", string=name)
        assert link["href"] == "retained-data/" and link.find_parent("p").find_previous("h2")["id"] == "inquiries"
    assert art32_site.html(f"/versions/{FIRST}/").find("a", string="保有個人データに関する事項の公表")["href"] == \
        "../../retained-data/"


def test_a_dated_change_of_the_matters_reaches_the_history_feeds_and_versions_json(art32_site):
    history = art32_site.html("/history/")
    section = history.select_one("#retained-data-changes")
    assert heading(section) == "保有個人データに関する事項の変更"
    entry = history.select_one("#retained-data-change-2026-12-01")
    assert text_of(entry.find_next("p")) == "2026年12月1日から、保有個人データに関する事項を次のとおり変更しました。"
    rows = [[text_of(c) for c in row.find_all(["th", "td"])] for row in entry.find_next("table").find_all("tr")]
    assert rows == [["項目", "変更前", "変更後"], ["手数料の額及びその徴収方法",
                                                 "利用目的の通知又は開示の請求1件につき1,000円（サンプル）。",
                                                 "利用目的の通知又は開示の請求1件につき2,000円（サンプル）。"]]
    for lang, prefix, title in (("ja", "", "保有個人データに関する事項の変更（2026年12月1日）"),
                                ("en", "en/", "Change of the matters concerning retained personal data (December 1, 2026)")):
        feed = feedparser.parse((art32_site.site / "feeds" / f"{lang}.xml").read_bytes())
        item = next(e for e in feed.entries if e.title == title)
        assert item.link == f"{SITE}{prefix}history/#retained-data-change-2026-12-01"
        assert item.published.startswith("2026-12-01") and "2,000" in item.content[0].value
        assert art32_site.html(f"/{prefix}announcements/").find("a", string=title)
    manifest = art32_site.manifest()
    jsonschema.validate(manifest, load_schema("versions.schema.json"), format_checker=jsonschema.FormatChecker())
    assert manifest["retained_data"] == {"url": {"ja": "/retained-data/", "en": "/en/retained-data/"},
                                         "since": "2026-12-01", "missing": []}
    (change,) = manifest["retained_data_changes"]
    assert change["date"] == "2026-12-01" and [c["field"] for c in change["changes"]] == ["fees"]
    assert change["changes"][0]["after"]["en"].startswith("2,000 yen")


def test_retained_data_change_starts_a_dated_record(project):
    root = complete(project)
    result = policy(root, "retained-data-change", "--since", "2026-12-10", POLICY_TODAY="2026-11-25", POLICY_LANG="ja")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("retained-data.yml：現在の保有個人データに関する事項をそのまま previous: の先頭に残しました。")
    text = (root / "retained-data.yml").read_text(encoding="utf-8")
    assert "since: 2026-12-10\n" in text and "previous:\n  - sample: true\n" in text
    # unchanged, the new record repeats the old one: the check asks for the new matters
    check = policy(root, "check", POLICY_TODAY="2026-11-25")
    assert "retained-data.yml:" in check.stdout and "are the same as those before them" in check.stdout


# --- Item 7: corrections before go-live, on a real git repository ---------------------------------

@pytest.fixture
def before_go_live(tmp_path) -> Path:
    """main holds the first version, its site not yet live (no go_live), on a feature branch."""
    root = copy_project(tmp_path / "repo")
    setting(root, "go_live", "")
    repository = git.Repo.init(root, initial_branch="main")
    repository.git.add(A=True)
    repository.index.commit("The first version, before go-live")
    repository.git.checkout("-b", "translation-fixes")
    return root


def _correct(root: Path) -> None:
    ja = root / "policy_versions" / FIRST / "ja.md"
    ja.write_text(replace_once(ja.read_text(encoding="utf-8"), "お客様に通知し", "本人に通知し"), encoding="utf-8")


def test_before_go_live_a_published_version_may_be_corrected_in_place(before_go_live):
    root = before_go_live
    _correct(root)
    commit(root, "Translation fixes of LEGAL-REVIEW.md")
    result = policy(root, "check", "--base", "main", POLICY_TODAY="2026-11-25", POLICY_LANG="ja")
    assert result.returncode == 0, result.stdout
    assert (f"policy_versions/{FIRST}/ja.md: 警告: 公開済みの版をその場で訂正しています。本サイトがまだ公開されていない"
            "ため（main (") in result.stdout
    assert "の go_live に達していません）認められます。訂正の内容を LEGAL-REVIEW.md に記録してください。" in result.stdout
    # the same pull request may record the go-live: its base had none, so the correction stands
    setting(root, "go_live", "2026-11-25")
    commit(root, "Go-live")
    assert policy(root, "check", "--base", "main", POLICY_TODAY="2026-11-25").returncode == 0
    # a version may still not be deleted
    (root / "policy_versions" / FIRST / "en.md").unlink()
    deleted = policy(root, "check", "--base", "main", POLICY_TODAY="2026-11-25")
    assert deleted.returncode == 1 and "error: published version deleted" in deleted.stdout


def test_after_go_live_a_correction_in_place_is_refused(before_go_live):
    root = before_go_live
    repository = git.Repo(root)
    repository.git.checkout("main")
    setting(root, "go_live", "2026-11-24")
    commit(root, "Go-live recorded")
    repository.git.checkout("-b", "late-fix")
    _correct(root)
    result = policy(root, "check", "--base", "main", POLICY_TODAY="2026-11-25")
    assert result.returncode == 1
    assert f"policy_versions/{FIRST}/ja.md: error: published version changed" in result.stdout
    # nor can a branch lift the freeze by removing the recorded go-live
    repository.git.checkout("--", ".")
    setting(root, "go_live", "")
    undone = policy(root, "check", "--base", "main", POLICY_TODAY="2026-11-25", POLICY_LANG="ja")
    assert undone.returncode == 1
    assert "go_live は main (" in undone.stdout and "では 2026-11-24 であり、本サイトはその日から公開されています。" \
        "これは記録です。元に戻してください" in undone.stdout


def test_a_pull_request_shows_a_change_of_the_matters_and_previews_its_day(repo):
    repository = git.Repo(repo)
    repository.git.checkout("main")
    complete(repo)
    commit(repo, "The matters, as the company gave them (sample)")
    repository.git.checkout("-b", "fee")
    shutil.copy(FIXTURES / "changed.yml", repo / "retained-data.yml")
    commit(repo, "A new fee from 2026-12-01 (sample)")
    assert policy(repo, "check", "--base", "main", POLICY_TODAY="2026-11-25").returncode == 0
    summary = policy(repo, "diff", "--base", "main", POLICY_TODAY="2026-11-25").stdout
    assert "### 保有個人データに関する事項：2026年12月1日から変更 / Matters concerning retained personal data: new from " \
           "December 1, 2026" in summary
    assert "2026年12月1日から、保有個人データに関する事項を次のとおり変更しました。" in summary
    days = policy(repo, "preview-days", "--base", "main", POLICY_TODAY="2026-11-25").stdout.split()
    assert days == ["2026-11-25", "2026-12-01"]
    # once in effect (the site is live), the record is not edited in place
    (repo / "retained-data.yml").write_text((repo / "retained-data.yml").read_text(encoding="utf-8")
                                            .replace("1,000円", "1,500円", 1), encoding="utf-8")
    commit(repo, "An edit of the earlier record")
    result = policy(repo, "check", "--base", "main", POLICY_TODAY="2026-11-25")
    assert result.returncode == 1 and "were changed: they are a record; restore them as they were" in result.stdout
