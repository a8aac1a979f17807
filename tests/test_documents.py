"""A second versioned document (policy.yml `documents:`): the sample terms of use beside the
sample privacy policy, at its own URLs, in both generators, the feeds and its own manifest,
without moving any page of the privacy policy."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import feedparser
import jsonschema
import pytest

from conftest import (ROOT, SAMPLES, SCHEMAS, TERMS, Built, add_terms, build_ok, copy_project, heading, policy,
                      text_of)
from test_zensical import pages as html_pages
from test_zensical import seen, zensical_build

TODAY = "2026-12-01"  # as sample_site: the terms' 2026-06-01 in effect, announced 2026-05-01
# Every page of the second document, per language folder.
TERMS_PAGES = ["terms/", "terms/history/", "terms/announcements/", "terms/announcements/2026-06-01/",
               "terms/versions/2025-04-01/", "terms/versions/2026-06-01/", "terms/compare/",
               "terms/compare/2025-04-01/2026-06-01/"]


def with_terms(dest: Path) -> Path:
    """The sample history with the sample terms of use declared in its policy.yml (a copy the test owns)."""
    return add_terms(copy_project(dest, SAMPLES))


@pytest.fixture(scope="module")
def terms_site(tmp_path_factory) -> Built:
    return build_ok(with_terms(tmp_path_factory.mktemp("terms") / "repo"), today=TODAY)


@pytest.fixture(scope="module")
def terms_zensical(terms_site, tmp_path_factory) -> Built:
    built = zensical_build(terms_site.root, TODAY, site=tmp_path_factory.mktemp("terms-zensical") / "site")
    assert built.result.returncode == 0, built.output
    return built


@pytest.mark.parametrize("lang", ["", "en/"])
def test_the_second_document_has_its_pages_at_its_own_urls(terms_site, lang):
    for page in TERMS_PAGES:
        assert (terms_site.site / lang / page / "index.html").is_file(), lang + page
    name = "Terms of Use" if lang else "利用規約"
    current = terms_site.html(f"/{lang}terms/")
    assert name in heading(current.h1) and ("[Sample]" if lang else "【サンプル】") in heading(current.h1)
    history = text_of(terms_site.html(f"/{lang}terms/history/"))
    assert name in history and "2026" in history
    notice = terms_site.html(f"/{lang}terms/announcements/2026-06-01/")
    assert name in heading(notice.h1)
    assert ("Notice of revision of the Terms of Use" if lang else "利用規約改定のお知らせ") in heading(notice.h1)
    # a notice of terms of use says nothing of purposes of use, which are the privacy policy's
    assert ("purposes of use" if lang else "利用目的") not in text_of(notice)
    links = {a["href"] for a in notice.select("article a[href]")}
    assert "../../versions/2026-06-01/" in links and "../../compare/2025-04-01/2026-06-01/" in links
    comparison = text_of(terms_site.html(f"/{lang}terms/compare/2025-04-01/2026-06-01/"))
    assert ("lend their account" if lang else "アカウントを第三者に貸与する行為") in comparison
    # the navigation names the second document on every page, the privacy policy's first
    nav = [a.get_text(" ", strip=True) for a in terms_site.html(f"/{lang}").select(".md-nav--primary a.md-nav__link")]
    assert any(name in entry for entry in nav), nav


@pytest.mark.parametrize("lang", ["", "en/"])
def test_the_second_documents_pages_name_it_and_never_the_privacy_policy(terms_site, lang):
    """Its own name in every sentence that names the document, in grammatical English
    ("these Terms of Use": the title is plural, policy.yml's en_plural)."""
    for page in TERMS_PAGES:
        text = text_of(terms_site.html(f"/{lang}{page}").select_one("article"))
        assert "Privacy Policy" not in text and "プライバシーポリシー" not in text, page
        assert "this Terms of Use" not in text, page
    for page, ja, en in NAMING_SENTENCES:
        assert (en if lang else ja) in text_of(terms_site.html(f"/{lang}terms/{page}")), page


# A sentence that names the document, per page of the terms, in Japanese and in English.
NAMING_SENTENCES = [
    ("history/", "本利用規約のこれまでの版と施行予定の版の一覧です。", "Every version of these Terms of Use, past and upcoming."),
    ("versions/2026-06-01/", "この版は、現在適用されている利用規約です。", "This version is the Terms of Use in effect."),
    ("versions/2026-06-01/", "本日本語版は、本利用規約の原文です。",
     "The original of these Terms of Use is the Japanese version."),
    ("versions/2025-04-01/", "現在は現行の利用規約が適用されています。", "The current Terms of Use applies."),
    ("announcements/2026-06-01/", "このたび、当社は、利用規約を下記のとおり改定いたしましたので、お知らせいたします。",
     "We hereby give notice that we have revised our Terms of Use as set out below."),
    ("announcements/2026-06-01/", "改定後の利用規約（2026年6月1日施行）", "Full text of the revised Terms of Use and comparison"),
    ("announcements/", "利用規約の改定に関するお知らせの一覧です（新しい順）。",
     "Announcements of revisions of the Terms of Use, newest first."),
]


def test_a_singular_title_reads_this_and_en_plural_must_be_true_or_false(tmp_path):
    root = with_terms(tmp_path / "repo")
    settings = root / "policy.yml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("    en_plural: true\n", ""), encoding="utf-8")
    (document,) = load_settings(root, {}).other_documents
    assert document.name.words("en")["this_document"] == "this Terms of Use"
    assert document.name.words("ja")["this_document"] == "本利用規約"
    settings.write_text(text.replace("en_plural: true", "en_plural: yes please"), encoding="utf-8")
    result = policy(root, "check", POLICY_LANG="ja", POLICY_TODAY=TODAY)
    line = next(i for i, t in enumerate(settings.read_text(encoding="utf-8").splitlines(), 1) if "en_plural" in t)
    assert result.returncode == 1
    assert f"policy.yml:{line}: エラー: documents: en_plural: 「yes please」には true か false を記載してください" \
        in result.stderr


def test_the_privacy_policy_keeps_every_url_and_its_manifest(terms_site, sample_site):
    ours = {p for p in html_pages(terms_site.site) if not p.startswith(("terms/", "en/terms/"))}
    assert ours == set(html_pages(sample_site.site))
    # versions.json of the privacy policy is the same file with or without the second document
    assert terms_site.manifest() == sample_site.manifest()
    assert (terms_site.site / "versions/2026-04-01/ja.pdf").is_file()


def test_the_second_document_has_its_own_manifest(terms_site):
    manifest = json.loads((terms_site.site / "terms/versions.json").read_text(encoding="utf-8"))
    jsonschema.validate(manifest, json.loads((SCHEMAS / "versions.schema.json").read_text(encoding="utf-8")),
                        format_checker=jsonschema.FormatChecker())
    assert manifest["document"] == {"id": "terms", "title": {"ja": "利用規約", "en": "Terms of Use"},
                                    "url": {"ja": "/terms/", "en": "/en/terms/"}}
    assert [v["id"] for v in manifest["versions"]] == ["2025-04-01", "2026-06-01"]
    assert manifest["current"] == "2026-06-01"
    latest = manifest["versions"][-1]
    assert latest["announcement"] == {"ja": "/terms/announcements/2026-06-01/",
                                      "en": "/en/terms/announcements/2026-06-01/"}
    assert latest["diff"]["previous"]["en"] == "/en/terms/compare/2025-04-01/2026-06-01/"
    assert latest["purposes_changed"] is None and "contact_changes" not in manifest
    for lang in ("ja", "en"):
        pdf = terms_site.site / latest["pdf"][lang]["url"].lstrip("/")
        assert pdf.read_bytes().startswith(b"%PDF")
        assert hashlib.sha256(pdf.read_bytes()).hexdigest() == latest["pdf"][lang]["sha256"]
        text = terms_site.site / latest["text"][lang].lstrip("/")
        assert text.is_file()
        # the text published is the bytes whose hash the manifest gives, the version's file as written
        assert hashlib.sha256(text.read_bytes()).hexdigest() == latest["sha256"][lang]
        assert text.read_bytes() == (TERMS / "2026-06-01" / f"{lang}.md").read_bytes()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_feed_names_the_document_of_each_entry(terms_site, sample_site, lang):
    feed = feedparser.parse((terms_site.site / f"feeds/{lang}.xml").read_bytes())
    assert not feed.bozo
    title = "【サンプル】利用規約改定のお知らせ" if lang == "ja" else "[Sample] Notice of revision of the Terms of Use"
    entries = [e for e in feed.entries if e.title == title]
    prefix = "" if lang == "ja" else "/en"
    assert len(entries) == 1 and entries[0].link == f"{prefix}/terms/announcements/2026-06-01/"
    # the privacy policy's entries are those of the site without the second document
    before = feedparser.parse((sample_site.site / f"feeds/{lang}.xml").read_bytes())
    assert {e.id for e in before.entries} <= {e.id for e in feed.entries}


def test_zensical_builds_the_same_pages_of_the_second_document(terms_site, terms_zensical):
    assert html_pages(terms_zensical.site) == html_pages(terms_site.site)
    for page in TERMS_PAGES:
        for lang in ("", "en/"):
            file = f"{lang}{page}index.html"
            assert seen(terms_zensical.site / file) == seen(terms_site.site / file), file
    assert (terms_zensical.site / "terms/versions.json").read_bytes() == (terms_site.site / "terms/versions.json").read_bytes()


def test_the_demo_declares_the_sample_document_by_a_variable(tmp_path):
    """`make demo` uses samples/documents.yml through POLICY_DOCUMENTS; the live policy.yml declares none."""
    assert "documents:" not in (ROOT / "policy.yml").read_text(encoding="utf-8")
    root = copy_project(tmp_path / "repo", SAMPLES)
    shutil.copytree(ROOT / "samples", root / "samples", dirs_exist_ok=True)
    result = policy(root, "versions", "--document", "terms", POLICY_DOCUMENTS="samples/documents.yml",
                    POLICY_TODAY=TODAY)
    assert result.returncode == 0, result.stderr
    assert "2026-06-01  current" in result.stdout


def test_policy_check_names_the_file_and_line_of_an_error_in_the_second_document(tmp_path):
    root = with_terms(tmp_path / "repo")
    version_file = root / "terms_versions/2026-06-01/version.yml"
    lines = version_file.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text.startswith("sample:"))
    lines[line - 1] = "sample: maybe"
    version_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = policy(root, "check", POLICY_LANG="ja", POLICY_TODAY=TODAY)
    assert result.returncode == 1
    assert f"terms_versions/2026-06-01/version.yml:{line}:" in result.stdout
    assert "sample: 「maybe」には true か false を記載してください。" in result.stdout


def test_policy_new_starts_the_next_version_of_the_second_document(tmp_path):
    root = with_terms(tmp_path / "repo")
    result = policy(root, "new", "--document", "terms", "--effective", "2027-03-01", POLICY_TODAY=TODAY)
    assert result.returncode == 0, result.stderr
    folder = root / "terms_versions/2027-03-01"
    assert (folder / "ja.md").read_text(encoding="utf-8") == (TERMS / "2026-06-01/ja.md").read_text(encoding="utf-8")
    skeleton = (folder / "version.yml").read_text(encoding="utf-8")
    assert "purposes_basis" not in skeleton and "announced:" in skeleton
    assert not (root / "policy_versions/2027-03-01").exists()
    unknown = policy(root, "new", "--document", "cookies", POLICY_TODAY=TODAY, POLICY_LANG="ja")
    assert unknown.returncode != 0 and "文書「cookies」はありません" in unknown.stdout + unknown.stderr


def test_a_document_declared_wrongly_is_refused_with_its_line(tmp_path):
    root = with_terms(tmp_path / "repo")
    settings = root / "policy.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("prefix: terms/", "prefix: versions/"),
                        encoding="utf-8")
    result = policy(root, "check", POLICY_TODAY=TODAY)
    assert result.returncode == 1
    line = next(i for i, text in enumerate(settings.read_text(encoding="utf-8").splitlines(), 1) if "- id: terms" in text)
    assert f"policy.yml:{line}:" in result.stdout + result.stderr and "prefix 'versions/'" in result.stdout + result.stderr


from hypothesis import HealthCheck, given, settings as hypothesis_settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from policy_engine.core.errors import PolicyError  # noqa: E402
from policy_engine.publishing import urls  # noqa: E402
from policy_engine.reading.settings import load_settings  # noqa: E402

_PRIVACY_FOLDERS = {"versions", "compare", "announcements", "feeds", "schemas", "assets", "en", "ja",
                    "history", "contact", "retained-data", "publications", "search", "stylesheets"}


@pytest.fixture(scope="module")
def declared(tmp_path_factory) -> Path:
    return with_terms(tmp_path_factory.mktemp("declared") / "repo")


accepted: list[str] = []  # the prefixes the fuzz test saw accepted: "terms/" at least


@hypothesis_settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prefix=st.one_of(st.sampled_from(["terms/", "/terms", "versions/", "en/", "a/b/", "", "../x/", "Terms/"]),
                        st.text(min_size=0, max_size=12)))
def test_any_prefix_is_refused_or_one_folder_of_its_own(declared, prefix):
    """Whatever policy.yml gives as a prefix: a clear refusal, or one folder that no page of the
    privacy policy is in (so that no URL of it can change)."""
    text = (declared / "policy.yml").read_text(encoding="utf-8").replace("prefix: terms/", f"prefix: {json.dumps(prefix)}")
    root = declared.parent / "fuzz"
    root.mkdir(exist_ok=True)
    (root / "policy.yml").write_text(text, encoding="utf-8")
    for name in ("policy_versions", "terms_versions"):
        (root / name).mkdir(exist_ok=True)  # only their places are read here
    try:
        settings = load_settings(root, {})
    except PolicyError as exc:
        assert all(p.path.name == "policy.yml" and p.line for p in exc.problems), exc.problems
        return
    accepted.append(prefix)
    (document,) = settings.other_documents
    folder = document.prefix.rstrip("/")
    assert document.prefix.endswith("/") and "/" not in folder and folder not in _PRIVACY_FOLDERS
    assert urls.version_page("2026-06-01", document.prefix).startswith(document.prefix)


def test_the_fuzzed_prefixes_include_accepted_ones(declared):
    """The property above is not vacuous: a well-formed prefix is accepted, in both spellings."""
    test_any_prefix_is_refused_or_one_folder_of_its_own(declared)
    assert "terms/" in accepted and "/terms" in accepted


def test_policy_announce_gives_the_second_documents_notice_as_json(tmp_path):
    """The contract a webhook's receiver reads: the document named, no purposes of use."""
    root = with_terms(tmp_path / "repo")
    result = policy(root, "announce", "2026-06-01", "--document", "terms", "--format", "json", POLICY_TODAY=TODAY)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    jsonschema.validate(data, json.loads((SCHEMAS / "announce.schema.json").read_text(encoding="utf-8")),
                        format_checker=jsonschema.FormatChecker())
    assert data["document"] == "terms" and data["purposes"] is None and data["announced"] == "2026-05-01"


@pytest.mark.parametrize("lang", ["", "en/"])
def test_the_second_documents_any_two_versions_page_fetches_its_own_data(terms_site, lang):
    """The form's data address, filled as the script fills it, is a file of the terms' versions."""
    page = terms_site.site / lang / "terms/compare/index.html"
    form = terms_site.html(f"/{lang}terms/compare/").select_one("#policy-compare-form")
    for version_id in ("2025-04-01", "2026-06-01"):
        address = form["data-data"].replace("{id}", version_id).replace("{lang}", form["data-lang"])
        data = (page.parent / address).resolve()
        assert data.is_relative_to((terms_site.site / "terms").resolve()) and data.is_file(), address
        assert json.loads(data.read_text(encoding="utf-8")), address
