"""Zensical, the second generator (python -m policy_zensical build, make build GENERATOR=zensical),
builds the same site as ProperDocs, the generator of record: the same addresses in both
languages, the same title and main text on every page, the same feeds, versions.json and
schemas, a 404 page per language, a language switch that stays on the page, and search in each
language. Both are built from the same staged site (policy stage)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, SAMPLES, Built, build, clean_env, copy_project, replace_once

TODAY = "2026-12-01"


def zensical_build(root: Path, today: str = TODAY, site: Path | None = None, **env: str) -> Built:
    site = site or root / "site-zensical"
    result = subprocess.run([sys.executable, "-m", "policy_zensical", "build", "--site-dir", str(site)],
                            cwd=root, env=clean_env(POLICY_TODAY=today, **env), capture_output=True, text=True,
                            timeout=300)
    return Built(root, site, result)


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory) -> Built:
    """The sample history on 2026-12-01 (as sample_site), built with Zensical."""
    built = zensical_build(copy_project(tmp_path_factory.mktemp("zensical") / "repo", SAMPLES))
    assert built.result.returncode == 0, built.output
    return built


def pages(site: Path) -> list[str]:
    return sorted(file.relative_to(site).as_posix() for file in site.rglob("*.html"))


def seen(file: Path) -> tuple[str, str]:
    """A page's title and the visible text of its main content (headings without their ¶ sign)."""
    soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article")
    assert article is not None, file
    for sign in article.select(".headerlink"):
        sign.decompose()
    return soup.title.get_text(), " ".join(article.get_text().split())


def test_the_same_pages_at_the_same_addresses(sample_site, zensical_site):
    ours = pages(zensical_site.site)
    assert ours == pages(sample_site.site)
    # every kind of page in both languages, and the two 404 pages
    for page in ("index.html", "history/index.html", "contact/index.html", "announcements/index.html",
                 "announcements/2027-01-10/index.html", "versions/2026-04-01/index.html",
                 "compare/2025-10-01/2026-04-01/index.html", "404.html"):
        assert page in ours and f"en/{page}" in ours, page


def test_every_page_shows_the_same_title_and_text(sample_site, zensical_site):
    different = [page for page in pages(sample_site.site)
                 if seen(sample_site.site / page) != seen(zensical_site.site / page)]
    assert not different, different
    title, text = seen(zensical_site.site / "en" / "versions" / "2026-04-01" / "index.html")
    assert title.startswith("[Sample]") and "Definition of Personal Information" in text  # a page with content was compared


def test_the_feeds_manifest_and_schemas_are_the_same(sample_site, zensical_site):
    # sitemap.xml: the engine's (Zensical) and mkdocs-static-i18n's (ProperDocs), both languages with hreflang
    assert not (zensical_site.site / "en" / "sitemap.xml").exists()
    for name in ("versions.json", "feeds/ja.xml", "feeds/en.xml", "feeds/sitemap.xml", "sitemap.xml", "sitemap.xml.gz",
                 "schemas/versions.schema.json", "schemas/diff.schema.json", "schemas/announce.schema.json"):
        assert (zensical_site.site / name).read_bytes() == (sample_site.site / name).read_bytes(), name
    assert json.loads((zensical_site.site / "versions.json").read_text(encoding="utf-8"))["current"] == "2026-04-01"


def test_the_register_and_its_records_are_the_same_in_both_generators(tmp_path):
    """The register of publications with its SAMPLE records (a creation, a provision, its
    correction), page by page, and publications.json, in both generators."""
    root = copy_project(tmp_path / "repo")
    shutil.copytree(ROOT / "tests" / "fixtures" / "publications", root / "publications")
    ours, theirs = zensical_build(root), build(root, TODAY, root / "site-properdocs")
    assert ours.result.returncode == 0, ours.output
    assert theirs.result.returncode == 0, theirs.output
    assert pages(ours.site) == pages(theirs.site)
    register = [page for page in pages(ours.site) if "publications/" in page]
    assert len(register) == 2 * 4, register  # the register and three records, in both languages
    different = [page for page in pages(ours.site) if seen(ours.site / page) != seen(theirs.site / page)]
    assert not different, different
    for name in ("publications.json", "feeds/ja.xml", "feeds/en.xml", "schemas/publications.schema.json"):
        assert (ours.site / name).read_bytes() == (theirs.site / name).read_bytes(), name


def _switch(site: Path, page: str) -> dict[str, str]:
    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
    return {a["hreflang"]: a["href"] for a in soup.select("a.md-select__link")}


def test_the_language_switch_stays_on_the_page(zensical_site):
    for page in pages(zensical_site.site):
        rest = page.removeprefix("en/")
        if rest == "404.html":
            assert _switch(zensical_site.site, page) == {"ja": "/", "en": "/en/"}
            continue
        address = rest.removesuffix("index.html")
        assert _switch(zensical_site.site, page) == {"ja": f"/{address}", "en": f"/en/{address}"}, page


def test_a_404_page_per_language(zensical_site):
    for page, lang, title in (("404.html", "ja", "ページが見つかりません"), ("en/404.html", "en", "Page not found")):
        soup = BeautifulSoup((zensical_site.site / page).read_text(encoding="utf-8"), "html.parser")
        assert soup.html["lang"] == lang
        assert soup.h1.get_text() == title
        links = [a["href"] for a in soup.select("article a[href]")]
        assert links == ([f"/{lang}/" if lang == "en" else "/"] + [
            f"{'/en' if lang == 'en' else ''}/{p}/" for p in ("history", "announcements", "contact", "retained-data", "publications")])
        # absolute addresses of its assets: it is served at any missing address
        assert all(link["href"].startswith("/") for link in soup.select("link[rel=stylesheet]"))


def test_each_language_has_its_search_index(zensical_site):
    """Zensical indexes each language's build on its own: the policy's Japanese text in the root's
    index, its English text in /en/'s, and the archived pages in neither (as in the ProperDocs build)."""
    for prefix, words in (("", "匿名加工情報"), ("en/", "anonymously processed")):
        index = json.loads((zensical_site.site / prefix / "search.json").read_text(encoding="utf-8"))
        text = json.dumps(index, ensure_ascii=False)
        assert words in text, prefix
        locations = {item.get("location", "").split("#")[0] for item in index.get("items", index.get("docs", []))}
        assert not any(location.startswith(("versions/", "compare/", "announcements/2")) for location in locations), locations


def test_the_generator_is_named(zensical_site, sample_site):
    def generator(site: Path) -> str:
        soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
        return soup.find("meta", attrs={"name": "generator"})["content"]
    assert generator(zensical_site.site).startswith("zensical")
    assert generator(sample_site.site).startswith("properdocs-1.6.")


def test_no_toggle_carries_autocomplete(zensical_site):
    """The Nu HTML Checker's error on Material's checkboxes, mended for Zensical's pages as well."""
    for page in pages(zensical_site.site):
        assert 'type="checkbox" id="__drawer" autocomplete' not in (zensical_site.site / page).read_text(encoding="utf-8")


def test_a_refused_build_names_the_file_and_keeps_the_last_site(tmp_path):
    root = copy_project(tmp_path / "repo", SAMPLES)
    first = zensical_build(root)
    assert first.result.returncode == 0, first.output
    before = (first.site / "index.html").read_bytes()
    en = root / "policy_versions" / "2026-04-01" / "en.md"
    en.write_text(replace_once(en.read_text(encoding="utf-8"), "{#purposes-of-use}", ""), encoding="utf-8")
    refused = zensical_build(root)
    assert refused.result.returncode == 1
    assert "the policy cannot be built" in refused.output
    assert "policy_versions/2026-04-01/en.md" in refused.output
    assert "Traceback" not in refused.output
    assert (first.site / "index.html").read_bytes() == before


def test_a_page_zensical_refuses_keeps_the_last_site(tmp_path):
    """A broken link in hand-written docs/ (which the engine does not judge): Zensical's strict
    build refuses it, and the site stays as it was."""
    root = copy_project(tmp_path / "repo", SAMPLES)
    first = zensical_build(root)
    assert first.result.returncode == 0, first.output
    before = sorted(p.relative_to(first.site) for p in first.site.rglob("*"))
    (root / "docs" / "broken.md").write_text("# Broken\n\n[nowhere](nowhere.md)\n", encoding="utf-8")
    refused = zensical_build(root)
    assert refused.result.returncode == 1, refused.output
    assert "zensical: the ja build failed" in refused.output
    assert "broken.md:3:" in refused.output and "Traceback" not in refused.output
    assert sorted(p.relative_to(first.site) for p in first.site.rglob("*")) == before


def test_make_build_takes_the_generator():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "GENERATOR ?= properdocs\n" in makefile
    assert "BUILD_zensical := $(BIN)/python -m policy_zensical build\n" in makefile
    assert "\t$(BUILD) --site-dir site\n" in makefile


# ---------------------------------------------------------------------------------------------
# In the browser and the validator, as tests/test_browser.py checks the ProperDocs build

from test_browser import (MISSING, NOT_FOUND_TITLE, VNU_JAR, WCAG_TAGS, Served, format_axe,  # noqa: E402
                          page_paths, run_browser, search_files, tools)  # noqa: F401 (a fixture)

ZENSICAL_SEARCHES = [("/", "匿名加工情報", "key"), ("/en/", "anonymously processed", "click"),
                     ("/en/", "anonymously processed", "phone")]


@pytest.fixture(scope="module")
def zensical_browsed(tools, zensical_site, tmp_path_factory) -> dict:
    workdir = tmp_path_factory.mktemp("browser-zensical")
    pages = [{"path": path, "axe": True, "mobileAxe": path in ("/", "/en/")} for path in page_paths(zensical_site.site)]
    pages += [{"path": path, "axe": True} for path in MISSING.values()]
    searches = [{"path": path, "query": query, "how": how, "idleMs": 1000}
                for path, query, how in ZENSICAL_SEARCHES]
    with Served(zensical_site.site) as served:
        return run_browser(tools, {"baseUrl": served.url, "pages": pages, "search": searches}, workdir)


def test_zensical_pages_have_no_wcag_violation_and_load_only_their_own_files(zensical_browsed):
    problems = []
    for path, page in zensical_browsed["pages"].items():
        problems += format_axe(path, page["axe"]) + format_axe(f"{path} (phone width)", page.get("mobileAxe") or [])
        problems += [f"{path}: {kind}: {item}" for kind in ("foreign", "failed", "console")
                     for item in page["requests"][kind]]
        if page["status"] != (404 if path in MISSING.values() else 200):
            problems.append(f"{path}: HTTP {page['status']}")
        problems += [f"{path}: loaded without a search: {url}" for url in search_files(page["requests"]["all"])
                     + [u for u in page["requests"]["all"] if u.endswith("/search.json")]]
    assert not problems, f"axe-core ({WCAG_TAGS}) and requests:\n" + "\n".join(problems)


def test_zensical_404_pages_in_the_browser(zensical_browsed):
    for lang, path in MISSING.items():
        page = zensical_browsed["pages"][path]
        assert (page["status"], page["htmlLang"], page["h1"]) == (404, lang, NOT_FOUND_TITLE[lang])
        assert page["stylesheets"] >= 2 and not page["requests"]["failed"]


def test_zensical_search_finds_the_policy_in_each_language(zensical_browsed):
    for (path, query, how), found in zip(ZENSICAL_SEARCHES, zensical_browsed["search"]):
        assert found["results"], f"{query!r} on {path} ({how}): nothing found ({found['meta']})"
        assert found["focused"], f"{path} ({how}): the search field did not get the focus"
        for result in found["results"]:
            address = result["href"].split("://", 1)[1].split("/", 1)[1]
            assert address.startswith("en/") == path.startswith("/en/"), result  # in the page's language
        assert not [u for u in found["beforeUse"] if u.endswith("/search.json") or "/workers/" in u]


def test_zensical_pages_pass_the_nu_html_checker(tools, zensical_site):
    files = sorted(zensical_site.site.rglob("*.html"))
    result = subprocess.run([tools.java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout",
                             *map(str, files)], capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stdout)["messages"]
    errors = [f"{m.get('url', '?').rsplit('/site-zensical/', 1)[-1]}:{m.get('lastLine', '?')}: {m['message']}"
              for m in messages]
    assert not errors, "Nu HTML Checker:\n" + "\n".join(errors[:40])


def test_a_site_served_under_a_path_keeps_its_addresses(tmp_path):
    """SITE_URL with a path (GitHub Pages' project sites): the switch, the 404 page's links and
    the canonical addresses carry it, as in the ProperDocs build."""
    root = copy_project(tmp_path / "repo", SAMPLES)
    built = zensical_build(root, SITE_URL="https://example.org/policy/")
    assert built.result.returncode == 0, built.output
    assert _switch(built.site, "en/history/index.html") == {"ja": "/policy/history/", "en": "/policy/en/history/"}
    assert _switch(built.site, "404.html") == {"ja": "/policy/", "en": "/policy/en/"}
    soup = BeautifulSoup((built.site / "en" / "contact" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.find("link", rel="canonical")["href"] == "https://example.org/policy/en/contact/"
    not_found = BeautifulSoup((built.site / "en" / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert [a["href"] for a in not_found.select("article a[href]")][0] == "/policy/en/"
    manifest = json.loads((built.site / "versions.json").read_text(encoding="utf-8"))
    assert manifest["feeds"] == {"ja": "/policy/feeds/ja.xml", "en": "/policy/feeds/en.xml"}


def test_both_generators_publish_the_versions_pdfs_and_texts(sample_site, zensical_site):
    """The engine writes them: the same files at the same addresses, whichever generator themes the pages."""
    manifest = zensical_site.manifest()
    files = [url for version in manifest["versions"] for lang in ("ja", "en")
             for url in (version["text"][lang], version["pdf"][lang]["url"])]
    assert len(files) == 16
    for url in files:
        ours = zensical_site.site / url.lstrip("/")
        assert ours.is_file(), url
        assert ours.read_bytes() == (sample_site.site / url.lstrip("/")).read_bytes(), url
    links = [a["href"] for a in zensical_site.html("/en/versions/2026-04-01/").select(".policy-downloads a")]
    assert links == ["/versions/2026-04-01/en.pdf", "/versions/2026-04-01/en.txt"]
