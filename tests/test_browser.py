"""The built site as its readers and their tools meet it (issue 7), on the real site and on the
sample history, in both languages: headless Chromium (playwright-core) loads every page from a
server on 127.0.0.1, axe-core checks WCAG 2.1 A/AA, the Nu HTML Checker validates every page,
the theme's own search is used, pages are printed to PDF; links, anchors, languages, dates and
reproducibility are checked on the built files.

The tools are installed by scripts/install-test-tools (run by `make test`). New kinds of page are
checked as soon as they are built: pages are found in the site, not listed here.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import shutil
import subprocess
import threading
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup, NavigableString

from conftest import FIRST_VERSIONS, FIXTURE, ROOT, SAMPLES, Built, build_ok, copy_project, heading, text_of
from policy_engine.reading.contact_history import load_contacts

NODE_MODULES = ROOT / "node_modules"
CHECK_SCRIPT = ROOT / "tests" / "browser" / "check.mjs"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
SITE_URL = "http://127.0.0.1:8000/"  # the address links resolve against where a site has none (no SITE_URL)
PUBLISHED = "https://privacy.example.org/"  # the address the draft site is built for (issue 19)
DRAFT_TEXT = {"ja": "下書き：このサイトは公開前の下書きであり、当社のプライバシーポリシーの公表ではありません。",
              "en": "Draft: this site is an unpublished draft, not the company's published privacy policy."}
INSTALL_HINT = "run `bash scripts/install-test-tools` (as root), as `make test` does"

# Every kind of page, by address (without the /en/ prefix).
KINDS = {
    "policy": re.compile(r"^$"),
    "history": re.compile(r"^history/$"),
    "version": re.compile(r"^versions/[^/]+/$"),
    "comparison": re.compile(r"^compare/[^/]+/[^/]+/$"),
    "compare any": re.compile(r"^compare/$"),  # any two versions, compared in the browser
    "announcements": re.compile(r"^announcements/$"),
    "announcement": re.compile(r"^announcements/[^/]+/$"),
    "contact": re.compile(r"^contact/$"),
    "retained data": re.compile(r"^retained-data/$"),
    "publications": re.compile(r"^publications/$"),  # the register, with or without records
    "404": re.compile(r"^404\.html$"),
}
MISSING = {"ja": "/no-such-page/", "en": "/en/no/such/page/"}  # served the language's 404 page
NOT_FOUND_TITLE = {"ja": "ページが見つかりません", "en": "Page not found"}
SEARCHES = [  # (page, query, language of the page expected first, how the reader reaches the field)
    ("/", "匿名加工情報", "ja", "key"),
    ("/en/", "anonymously processed", "en", "tab"),
    ("/", "匿名加工情報", "ja", "phone"),
    ("/en/", "anonymously processed", "en", "phone"),
]
NO_RESULT = ("/", "zqxjvw", "何も見つかりませんでした")  # reached with a click
# What search loads, in the page's language (policy_mkdocs/search.py): its language's index and the
# worker; on a Japanese page lunr's stemmer support, Japanese segmenter and Japanese support too.
WORKER = re.compile(r"^/assets/javascripts/workers/search\.[^/]+\.js$")
SEARCH_FILES = {
    "ja": {
        "index": re.compile(r"^/search/search_index\.json$"),
        "worker": WORKER,
        "stemmer support": re.compile(r"^/assets/javascripts/lunr/min/lunr\.stemmer\.support\.min\.js$"),
        "Japanese segmenter": re.compile(r"^/assets/javascripts/lunr/tinyseg\.js$"),
        "Japanese support": re.compile(r"^/assets/javascripts/lunr/min/lunr\.ja\.min\.js$"),
    },
    "en": {"index": re.compile(r"^/en/search/search_index\.json$"), "worker": WORKER},
}
ANY_SEARCH_FILE = re.compile(r"/search/|/search\.json$|/assets/javascripts/(?:workers|lunr)/")
FIRST_VIEW_REQUESTS = 7  # the policy page's first view (issue 15): a bare Material page makes 6
# Text of the theme's navigation that a printed page must not carry.
NAVIGATION_TEXT = {"ja": ["目次", "｜Medmain", "English", "ページトップへ戻る"],
                   "en": ["Table of contents", "| Medmain", "日本語", "Back to top"]}
PRINT_KINDS = ("policy", "version", "comparison", "announcement")
NAVIGATION_SELECTORS = [".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary",
                        ".md-footer", ".md-search", ".md-top"]
JAPANESE_FONTS = ("Hiragino Sans", "Hiragino Kaku Gothic ProN", "BIZ UDPGothic", "Yu Gothic UI",
                  "Yu Gothic", "Meiryo", "Noto Sans CJK JP", "Noto Sans JP")
WCAG_TAGS = "wcag2a, wcag2aa, wcag21a, wcag21aa"

CJK = re.compile(r"[\u3000-\u303f\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")
LATIN_WORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:['’][A-Za-z]+)?")
LATIN_RUN = re.compile(r"[A-Za-zÀ-ÿ]+(?:['’.-]?[A-Za-zÀ-ÿ]+)*(?:[ \u00a0]+[A-Za-zÀ-ÿ]+(?:['’.-]?[A-Za-zÀ-ÿ]+)*)+")
ADDRESSES = re.compile(r"(?:https?://|mailto:)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
JA_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
EN_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
EN_DATE = re.compile(rf"(?:{EN_MONTHS}) \d{{1,2}}, \d{{4}}")
READ_ATTRIBUTES = ("title", "aria-label", "alt", "placeholder")


# ---------------------------------------------------------------------------------------------
# Tools, server, pages


@dataclass(frozen=True)
class Tools:
    node: str
    chromium: str
    java: str
    pdftotext: str


@pytest.fixture(scope="session")
def tools() -> Tools:
    found = {
        "node": shutil.which("node"),
        "chromium": os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser"),
        "java": shutil.which("java"),
        "pdftotext": shutil.which("pdftotext"),
    }
    missing = [name for name, path in found.items() if not path]
    missing += [str(path.relative_to(ROOT)) for path in
                (NODE_MODULES / "playwright-core", NODE_MODULES / "axe-core" / "axe.min.js", VNU_JAR)
                if not path.exists()]
    if missing:
        pytest.fail(f"the browser and validator tests need {', '.join(missing)}: {INSTALL_HINT}")
    return Tools(**found)


class _SiteHandler(SimpleHTTPRequestHandler):
    """Static files, and for a missing address the 404 page of its language, as hosts serve it."""

    def send_error(self, code, message=None, explain=None):
        root = Path(self.directory)
        page = root / ("en/404.html" if self.path.startswith("/en/") else "404.html")
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):
        pass


class Served:
    """A built site served from 127.0.0.1 on a free port, for as long as the `with` lasts."""

    def __init__(self, site: Path):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_SiteHandler, directory=str(site)))
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/"

    def __enter__(self) -> Served:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def page_paths(site: Path) -> list[str]:
    """The address of every HTML page of a built site."""
    paths = []
    for file in sorted(site.rglob("*.html")):
        rel = file.relative_to(site).as_posix()
        paths.append("/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel))
    return paths


def lang_of_path(path: str) -> str:
    return "en" if path.startswith("/en/") else "ja"


def kind_of(path: str) -> str | None:
    rest = path.removeprefix("/en/") if path.startswith("/en/") else path.lstrip("/")
    return next((kind for kind, pattern in KINDS.items() if pattern.match(rest)), None)


def run_browser(tools: Tools, job: dict, workdir: Path) -> dict:
    """One Node process, one Chromium, for the whole batch (tests/browser/check.mjs)."""
    job = {"chromium": tools.chromium, "concurrency": 2, **job}
    job_file, result_file = workdir / "job.json", workdir / "result.json"
    job_file.write_text(json.dumps(job, ensure_ascii=False), encoding="utf-8")
    result = subprocess.run([tools.node, str(CHECK_SCRIPT), str(job_file), str(result_file)],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"the browser run failed:\n{result.stdout}\n{result.stderr}"
    report = json.loads(result_file.read_text(encoding="utf-8"))
    assert not report["errors"], "\n".join(report["errors"])
    return report


@dataclass
class SiteReport:
    name: str
    built: Built
    served_at: str
    report: dict
    pdf_dir: Path

    def page(self, path: str) -> dict:
        return self.report["pages"][path]

    def soup(self, path: str) -> BeautifulSoup:
        file = self.built.site / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
        return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


def _print_targets(paths: list[str]) -> list[str]:
    """For each language, the first page of each kind that is printed."""
    targets = []
    for lang in ("ja", "en"):
        for kind in PRINT_KINDS:
            target = next((p for p in paths if lang_of_path(p) == lang and kind_of(p) == kind), None)
            if target:
                targets.append(target)
    return targets


@pytest.fixture(scope="session")
def draft_site(tmp_path_factory) -> Built:
    """The fixture's site as it is deployed before go-live: a draft (every page carries the banner),
    built for its address (canonical links and the printed address line)."""
    root = copy_project(tmp_path_factory.mktemp("draft-site"))
    settings = root / "policy.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("draft: false", "draft: true"), encoding="utf-8")
    return build_ok(root, today="2026-11-25", SITE_URL=PUBLISHED)


@pytest.fixture(scope="module", params=["draft_site", "sample_site"])
def browsed(request, tools, tmp_path_factory) -> SiteReport:
    """Everything the browser does on one built site, in one run."""
    built: Built = request.getfixturevalue(request.param)
    workdir = tmp_path_factory.mktemp(f"browser-{request.param}")
    paths = page_paths(built.site)
    printed = _print_targets(paths)
    pages = [{"path": path, "axe": True, "mobileAxe": path in ("/", "/en/")} for path in paths]
    for spec in pages:
        if spec["path"] in printed:
            spec["print"] = {"pdf": str(workdir / f"print{printed.index(spec['path'])}.pdf"),
                             "selectors": NAVIGATION_SELECTORS + [".policy-page-address"]}
    pages += [{"path": path, "axe": True} for path in MISSING.values()]
    searches = [{"path": path, "query": query, "how": how, "idleMs": 1000} for path, query, _, how in SEARCHES]
    searches.append({"path": NO_RESULT[0], "query": NO_RESULT[1], "how": "click"})
    with Served(built.site) as served:
        report = run_browser(tools, {"baseUrl": served.url, "pages": pages, "search": searches}, workdir)
    return SiteReport(request.param, built, served.url, report, workdir)


# ---------------------------------------------------------------------------------------------
# Static checks of the built files (plain functions, so that the tests below can show they fail)


def _effective_lang(element) -> str | None:
    node = element
    while node is not None and getattr(node, "attrs", None) is not None:
        if node.has_attr("lang"):
            return node["lang"]
        node = node.parent
    return None


def allowed_latin_words() -> set[str]:
    """Latin-script words that Japanese text may carry: names (the brand, the building of the
    address, from contact.yml), and the loanwords the interface uses."""
    contact = load_contacts(FIXTURE / "contact.yml").newest
    words = set(LATIN_WORD.findall(ADDRESSES.sub(" ", " ".join(text for _, text in contact.lines("ja")))))
    return words | {"Medmain", "Atom", "URL"}


def language_problems(soup: BeautifulSoup, allowed: set[str]) -> list[str]:
    """Text read in the wrong language: Japanese inside English without lang="ja"; English inside
    Japanese without lang="en" (a Latin phrase in the text, any Latin word in the interface)."""
    problems = []

    def check(text: str, element, where: str) -> None:
        lang = _effective_lang(element)
        text = " ".join(ADDRESSES.sub(" ", text).split())
        if not text:
            return
        if lang == "en" and CJK.search(text):
            problems.append(f'Japanese in English ({where}): "{text[:80]}"')
        elif lang == "ja":
            in_text = element.find_parent("article") is not None or element.name == "article"
            runs = LATIN_RUN.findall(text) if in_text else LATIN_WORD.findall(text)
            for run in runs:
                if not set(LATIN_WORD.findall(run)) <= allowed:
                    problems.append(f'English in Japanese ({where}): "{run}" in "{text[:80]}"')
        elif lang not in ("ja", "en"):
            problems.append(f'no language ({where}): "{text[:80]}"')

    for string in soup.find_all(string=True):
        parent = string.parent
        if type(string) is not NavigableString or parent.name in ("script", "style", "template") \
                or parent.find_parent("svg") is not None or parent.name == "svg":
            continue
        check(str(string), parent, f"<{parent.name} class={'.'.join(parent.get('class', []))}>")
    for element in soup.find_all(True):
        for attribute in READ_ATTRIBUTES:
            if element.has_attr(attribute):
                check(element[attribute], element, f"{attribute} of <{element.name}>")
    return problems


def _target_file(site: Path, path: str) -> Path | None:
    path = unquote(path)
    candidate = site / path.lstrip("/")
    if path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


@functools.lru_cache(maxsize=None)
def _ids(file: Path) -> frozenset[str]:
    soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
    return frozenset([e["id"] for e in soup.find_all(id=True)] + [a["name"] for a in soup.find_all("a", attrs={"name": True})])


def link_problems(site: Path, site_url: str = SITE_URL) -> list[str]:
    """Every internal href and src of every page (fragments included), and every address in the
    sitemaps and feeds, resolved against the built files."""
    root = urlsplit(site_url)
    problems = []

    def resolve(source: str, base: str, reference: str) -> None:
        if reference.startswith(("mailto:", "tel:", "data:", "javascript:")):
            return
        target = urlsplit(urljoin(base, reference))
        if (target.scheme, target.netloc) != (root.scheme, root.netloc):
            return  # another site: not this test's business (requests to it are, see below)
        if not target.path.startswith(root.path):
            problems.append(f"{source}: {reference} is outside the site")
            return
        file = _target_file(site, "/" + target.path[len(root.path):])
        if file is None:
            problems.append(f"{source}: {reference} leads to no page ({target.path})")
        elif target.fragment and file.suffix == ".html" and unquote(target.fragment) not in _ids(file):
            problems.append(f"{source}: {reference}: no #{target.fragment} in {file.relative_to(site)}")

    for path in page_paths(site):
        file = _target_file(site, path)
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        base = urljoin(site_url, path.lstrip("/"))
        for element in soup.find_all(["a", "link", "script", "img", "source", "iframe", "area"]):
            for attribute in ("href", "src"):
                if element.has_attr(attribute):
                    resolve(path, base, element[attribute])
    for xml_file in sorted([*site.rglob("sitemap.xml"), *site.rglob("feeds/*.xml")]):
        source = xml_file.relative_to(site).as_posix()
        for element in ET.parse(xml_file).iter():
            if element.tag.endswith("}loc") and element.text:
                resolve(source, site_url, element.text.strip())
            elif element.tag.endswith("}link") and element.get("href"):
                resolve(source, site_url, element.get("href"))
    return problems


def tree_digests(site: Path) -> dict[str, str]:
    return {f.relative_to(site).as_posix(): hashlib.sha256(f.read_bytes()).hexdigest()
            for f in sorted(site.rglob("*")) if f.is_file()}


def tree_differences(a: Path, b: Path) -> list[str]:
    first, second = tree_digests(a), tree_digests(b)
    return ([f"only in the first build: {name}" for name in sorted(first.keys() - second.keys())]
            + [f"only in the second build: {name}" for name in sorted(second.keys() - first.keys())]
            + [f"differs: {name}" for name in sorted(first.keys() & second.keys()) if first[name] != second[name]])


def pdf_text(tools: Tools, pdf: Path) -> str:
    result = subprocess.run([tools.pdftotext, "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def format_axe(path: str, violations: list[dict]) -> list[str]:
    return [f"{path}: {v['id']} ({v['impact']}): {v['help']}: {node['target']}: "
            f"{' '.join(node['summary'].split())}" for v in violations for node in v["nodes"]]


# ---------------------------------------------------------------------------------------------
# No third-party requests


def test_every_page_loads_with_no_request_to_another_host(browsed):
    paths = page_paths(browsed.built.site)
    assert set(paths) <= set(browsed.report["pages"]), "some pages were not loaded"
    problems = []
    for path, page in browsed.report["pages"].items():
        requests = page["requests"]
        problems += [f"{path}: request to another host: {url}" for url in requests["foreign"]]
        problems += [f"{path}: failed request: {failure}" for failure in requests["failed"]]
        problems += [f"{path}: console error: {message}" for message in requests["console"]]
        expected = 404 if path in MISSING.values() else 200
        if page["status"] != expected:
            problems.append(f"{path}: HTTP {page['status']}, expected {expected}")
        if page["stylesheets"] < 2:
            problems.append(f"{path}: the theme's stylesheets did not load")
    for search in browsed.report["search"]:
        problems += [f"{search['path']}: request to another host: {url}" for url in search["requests"]["foreign"]]
    assert not problems, "\n".join(problems)
    # The page, its assets, and once used the search worker and its index, all from 127.0.0.1.
    requested = browsed.page("/")["requests"]["all"] + browsed.report["search"][0]["requests"]["all"]
    assert any(urlsplit(url).path == "/search/search_index.json" for url in requested)
    assert all(url.startswith(browsed.served_at) for url in requested)


def test_no_font_cdn_or_analytics_in_any_page(real_site, sample_site):
    """What the browser would fetch, read from the built HTML: only this site's own files."""
    problems = []
    for built in (real_site, sample_site):
        for path in page_paths(built.site):
            soup = BeautifulSoup(_target_file(built.site, path).read_text(encoding="utf-8"), "html.parser")
            for element in soup.find_all(["link", "script", "img", "iframe", "source"]):
                reference = element.get("src") or element.get("href") or ""
                rel = element.get("rel") or []
                if element.name == "link" and not {"stylesheet", "preconnect", "preload", "icon", "dns-prefetch",
                                                   "modulepreload"} & set(rel):
                    continue  # canonical, alternate: addresses, not requests
                if urlsplit(reference).netloc:
                    problems.append(f"{built.site.name}{path}: <{element.name}> from {reference}")
            text = str(soup)
            for marker in ("googletagmanager", "google-analytics", "gtag(", "fonts.googleapis", "fonts.gstatic"):
                if marker in text:
                    problems.append(f"{path}: {marker}")
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------------------------------------
# Accessibility


def test_axe_reports_no_wcag_violation_on_any_page(browsed):
    problems = []
    for path, page in browsed.report["pages"].items():
        problems += format_axe(path, page["axe"])
        problems += format_axe(f"{path} (phone width)", page.get("mobileAxe") or [])
    assert not problems, f"axe-core ({WCAG_TAGS}):\n" + "\n".join(problems)


# The pages a dated change of the contact details adds to or alters (the moved_site fixture).
CONTACT_CHANGE_PAGES = [f"{prefix}{page}/index.html" for prefix in ("", "en/")
                        for page in ("history", "announcements", "versions/2025-04-01", "announcements/2025-10-01",
                                     "contact")]


def test_axe_reports_no_wcag_violation_on_the_pages_of_a_contact_change(tools, moved_site, tmp_path):
    pages = [{"path": "/" + page.removesuffix("index.html"), "axe": True} for page in CONTACT_CHANGE_PAGES]
    with Served(moved_site.site) as served:
        report = run_browser(tools, {"baseUrl": served.url, "pages": pages, "search": []}, tmp_path)
    problems = [line for path, page in report["pages"].items() for line in format_axe(path, page["axe"])]
    assert len(report["pages"]) == len(pages)
    assert not problems, f"axe-core ({WCAG_TAGS}):\n" + "\n".join(problems)


# The register's pages with records (the registered_site fixture): the register and each record.
REGISTER_PAGES = [f"{prefix}publications/{page}index.html" for prefix in ("", "en/")
                  for page in ("", "2026-11-24-sample-pathology-images/", "2026-11-26-sample-joint-research/",
                               "2026-11-30-sample-joint-research-correction/")] + ["index.html", "en/index.html"]


def test_axe_reports_no_wcag_violation_on_the_pages_of_the_register(tools, registered_site, tmp_path):
    pages = [{"path": "/" + page.removesuffix("index.html"), "axe": True, "mobileAxe": True} for page in REGISTER_PAGES]
    with Served(registered_site.site) as served:
        report = run_browser(tools, {"baseUrl": served.url, "pages": pages, "search": []}, tmp_path)
    problems = [line for path, page in report["pages"].items()
                for line in format_axe(path, page["axe"]) + format_axe(f"{path} (phone width)", page.get("mobileAxe") or [])]
    assert len(report["pages"]) == len(pages)
    assert not problems, f"axe-core ({WCAG_TAGS}):\n" + "\n".join(problems)


def test_every_kind_of_page_is_checked_in_both_languages(sample_site):
    """The sample history has every kind of page; the browser tests load all of them."""
    paths = page_paths(sample_site.site)
    for lang in ("ja", "en"):
        kinds = {kind_of(p) for p in paths if lang_of_path(p) == lang}
        assert kinds >= set(KINDS), f"{lang}: no page of kind {set(KINDS) - kinds}"
    assert all(kind_of(p) for p in paths), [p for p in paths if not kind_of(p)]


def test_lang_is_right_on_every_page_and_passage(browsed):
    allowed = allowed_latin_words()
    problems = []
    for path in page_paths(browsed.built.site):
        expected = lang_of_path(path)
        if browsed.page(path)["htmlLang"] != expected:
            problems.append(f"{path}: <html lang={browsed.page(path)['htmlLang']}>, expected {expected}")
        problems += [f"{path}: {p}" for p in language_problems(browsed.soup(path), allowed)]
    assert not problems, "\n".join(problems)


def test_language_switcher_names_each_language_in_its_own_language(real_site):
    for path, other, name in (("/", "en", "English"), ("/en/", "ja", "日本語")):
        link = real_site.html(path).select_one(f'.md-select__link[hreflang="{other}"]')
        assert link.get_text(strip=True) == name and link["lang"] == other


def test_inserted_and_deleted_text_is_announced_and_drawn_not_only_coloured(browsed):
    comparisons = [p for p in page_paths(browsed.built.site) if kind_of(p) in ("comparison", "announcement")]
    changed = [p for p in comparisons if browsed.page(p)["changes"]["count"]]
    if browsed.name == "sample_site":
        assert {lang_of_path(p) for p in changed} == {"ja", "en"}, "the sample shows changes in both languages"
    words = {"ja": {"insertion": ("［追加］", "［追加ここまで］"), "deletion": ("［削除］", "［削除ここまで］")},
             "en": {"insertion": ("[inserted]", "[end of insertion]"), "deletion": ("[deleted]", "[end of deletion]")}}
    problems = []
    for path in changed:
        changes, lang = browsed.page(path)["changes"], lang_of_path(path)
        roles = {item["role"] for item in changes["spoken"]}
        if not roles:
            problems.append(f"{path}: no insertion or deletion in the accessibility tree")
        for item in changes["spoken"]:
            start, end = words[lang][item["role"]]
            if start not in item["aria"] or end not in item["aria"]:
                problems.append(f"{path}: {item['role']} not announced as such: {item['aria'][:120]}")
        for item in changes["drawn"]:
            # a 新旧対照表 underlines (傍線) the revised words on both columns; the redline strikes deletions
            line = "underline" if item["tag"] == "ins" or item.get("table") else "line-through"
            if line not in item["line"]:
                problems.append(f"{path}: <{item['tag']}> is drawn with '{item['line']}', not {line}")
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------------------------------------
# Valid HTML


@pytest.fixture(scope="session")
def broken_site(tmp_path_factory) -> Path:
    """A page with one of each fault the tools must find: they are shown to fail on it."""
    site = tmp_path_factory.mktemp("broken-site")
    (site / "index.html").write_text("""<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>壊れたページ</title>
<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Noto+Sans+JP">
<script src="https://cdn.jsdelivr.net/npm/example@1/example.js"></script>
</head><body><main><article>
<h1>壊れたページ</h1>
<p style="color:#bbbbbb;background:#ffffff">薄すぎる文字です。</p>
<p>This sentence is English without a lang attribute.</p>
<img src="pixel.png">
<input type="checkbox" autocomplete="off" aria-label="切り替え">
<span><div>ブロックが中にあります</div></span>
<a href="missing/">行き先のないリンク</a> <a href="#nowhere">ない見出し</a>
</article></main></body></html>
""", encoding="utf-8")
    (site / "pixel.png").write_bytes(bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"))
    return site


@pytest.fixture(scope="session")
def vnu_messages(tools, real_site, sample_site, moved_site, draft_site, registered_site,
                 broken_site) -> dict[Path, list[dict]]:
    """One run of the Nu HTML Checker over every generated page of the sites (and the broken one)."""
    files = sorted([*real_site.site.rglob("*.html"), *sample_site.site.rglob("*.html"),
                    *draft_site.site.rglob("*.html"),
                    *[moved_site.site / page for page in CONTACT_CHANGE_PAGES],
                    *[registered_site.site / page for page in REGISTER_PAGES], *broken_site.glob("*.html")])
    result = subprocess.run([tools.java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout",
                             *map(str, files)], capture_output=True, text=True, timeout=600)
    assert result.stdout.strip(), f"vnu.jar printed nothing: {result.stderr}"
    messages: dict[Path, list[dict]] = {file: [] for file in files}
    for message in json.loads(result.stdout)["messages"]:
        file = Path(unquote(urlsplit(message.get("url", "")).path))
        messages.setdefault(file, []).append(message)
    return messages


@pytest.mark.parametrize("site_fixture", ["real_site", "sample_site", "moved_site", "draft_site", "registered_site"])
def test_nu_html_checker_reports_no_error_on_any_page(request, site_fixture, vnu_messages):
    site = request.getfixturevalue(site_fixture).site
    errors = [f"{file.relative_to(site)}:{m.get('lastLine', '?')}:{m.get('firstColumn', '?')}: "
              f"{m['type']}: {m['message']}"
              for file, found in vnu_messages.items() if file.is_relative_to(site) for m in found]
    assert any(file.is_relative_to(site) for file in vnu_messages), "no page was checked"
    assert not errors, "Nu HTML Checker:\n" + "\n".join(errors)


# ---------------------------------------------------------------------------------------------
# Links and anchors


@pytest.mark.parametrize("site_fixture", ["real_site", "sample_site", "moved_site", "draft_site", "registered_site"])
def test_no_broken_internal_link_or_anchor(request, site_fixture):
    built = request.getfixturevalue(site_fixture)
    problems = link_problems(built.site, PUBLISHED if site_fixture == "draft_site" else SITE_URL)
    assert not problems, "\n".join(problems)
    # Both languages are linked through: the checker followed links into /en/ and back.
    assert (built.site / "en" / "index.html").is_file()


# ---------------------------------------------------------------------------------------------
# Search


def test_search_finds_the_policy_in_each_language(browsed):
    results = {(s["path"], s["query"], s["how"]): s for s in browsed.report["search"]}
    for path, query, lang, how in SEARCHES:
        found = results[(path, query, how)]
        assert found["results"], f"{query!r} on {path} ({how}): nothing found ({found['meta']})"
        first = urlsplit(found["results"][0]["href"]).path
        assert first == path, f"{query!r} on {path}: first result {first}"
        assert found["results"][0]["title"] == heading(browsed.soup(path).h1)
        for result in found["results"]:
            assert lang_of_path(urlsplit(result["href"]).path) == lang, result
    nothing = results[(NO_RESULT[0], NO_RESULT[1], "click")]
    assert nothing["results"] == [] and nothing["meta"] == NO_RESULT[2]


def search_files(urls: list[str]) -> list[str]:
    return [url for url in urls if ANY_SEARCH_FILE.search(urlsplit(url).path)]


def test_search_loads_only_when_the_reader_uses_it(browsed):
    """No page's first view loads search (its index, worker, lunr, the Japanese support): it loads
    when the reader reaches the search field, however they reach it, and then finds in both
    languages. The policy page's first view stays within FIRST_VIEW_REQUESTS requests."""
    problems = []
    for path, page in browsed.report["pages"].items():
        problems += [f"{path}: loaded without a search: {url}" for url in search_files(page["requests"]["all"])]
    for run in browsed.report["search"]:
        where = f"{run['query']!r} on {run['path']} ({run['how']})"
        problems += [f"{where}: loaded before the field was reached: {url}" for url in search_files(run["beforeUse"])]
        if not run["focused"]:
            problems.append(f"{where}: the search field did not get the focus")
        after = [urlsplit(url).path for url in run["requests"]["all"][len(run["beforeUse"]):]]
        expected = SEARCH_FILES[lang_of_path(run["path"])]
        problems += [f"{where}: {name} not loaded once the field was reached"
                     for name, pattern in expected.items() if not any(pattern.search(p) for p in after)]
        # nothing of the other language's search: not its index, not its lunr support
        problems += [f"{where}: loaded {path}, which is not this language's search"
                     for path in search_files(after) if not any(p.search(path) for p in expected.values())]
    searched = {(s["path"], s["how"]): s for s in browsed.report["search"]}
    for path, _, lang, how in SEARCHES:
        if not searched[(path, how)]["results"]:
            problems.append(f"{path} ({how}): no result after typing")
    assert {lang for _, _, lang, _ in SEARCHES} == {"ja", "en"}
    for path in ("/", "/en/"):
        first_view = browsed.page(path)["requests"]["all"]
        if len(first_view) > FIRST_VIEW_REQUESTS:
            problems.append(f"{path}: first view of {len(first_view)} requests: {first_view}")
    assert not problems, "\n".join(problems)


# Search in the reader's language (issue 22, item 4). The sample history, with the English text
# citing the statutory Japanese term (as English renderings of APPI texts often do): a Japanese
# query matches pages of both languages, as "medmain" (the inquiry address) does.
SAMPLE_TERM = ("“Anonymously Processed Information” shall mean",
               "“Anonymously Processed Information” (匿名加工情報) shall mean")
IN_ITS_LANGUAGE = [("/", "匿名加工情報", "click"), ("/en/", "匿名加工情報", "key"),
                   ("/en/", "medmain", "click"), ("/", "medmain", "key")]


@pytest.fixture(scope="module")
def cited_term_history(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("cited-term") / "repo", SAMPLES)
    for text in (root / "policy_versions").glob("*/en.md"):
        text.write_text(text.read_text(encoding="utf-8").replace(*SAMPLE_TERM), encoding="utf-8")
    return root


def _both_languages_hold(site: Path) -> None:
    """The history's point: each query is in both languages' pages (else the test shows nothing)."""
    for query in ("匿名加工情報", "medmain"):
        for page in ("index.html", "en/index.html"):
            assert query in (site / page).read_text(encoding="utf-8").lower(), (query, page)


@pytest.mark.parametrize("generator", ["properdocs", "zensical"])
def test_search_finds_only_pages_in_the_readers_language(generator, cited_term_history, tools, tmp_path):
    """A Japanese query on a Japanese page finds Japanese pages only, and on an English page
    English ones only (here the English policy, which cites the term); "medmain" likewise. The
    page still loads no search until the reader opens it, and then only its language's index."""
    if generator == "properdocs":
        site = build_ok(cited_term_history, today="2026-12-01").site
    else:
        from test_zensical import zensical_build
        built = zensical_build(cited_term_history, today="2026-12-01", site=tmp_path / "zensical")
        assert built.result.returncode == 0, built.output
        site = built.site
    _both_languages_hold(site)
    searches = [{"path": path, "query": query, "how": how, "idleMs": 500} for path, query, how in IN_ITS_LANGUAGE]
    with Served(site) as served:
        report = run_browser(tools, {"baseUrl": served.url, "pages": [], "search": searches}, tmp_path)
    problems = []
    for run in report["search"]:
        where = f"{run['query']!r} on {run['path']} ({generator})"
        lang = lang_of_path(run["path"])
        if not run["results"]:
            problems.append(f"{where}: nothing found ({run['meta']})")
        problems += [f"{where}: found {result['href']}" for result in run["results"]
                     if lang_of_path(urlsplit(result["href"]).path) != lang]
        problems += [f"{where}: loaded before search was opened: {url}" for url in search_files(run["beforeUse"])]
        indexes = [urlsplit(url).path for url in run["requests"]["all"]
                   if re.search(r"/search/search_index\.json$|/search\.json$", urlsplit(url).path)]
        if not indexes or any(lang_of_path(path) != lang for path in indexes):
            problems.append(f"{where}: search indexes loaded: {indexes}")
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------------------------------------
# 404


def test_404_page_is_japanese_at_the_root_and_english_under_en(browsed):
    for lang, path in MISSING.items():
        page = browsed.page(path)
        assert page["status"] == 404
        assert page["htmlLang"] == lang
        assert page["h1"] == NOT_FOUND_TITLE[lang]
        assert page["title"].startswith(NOT_FOUND_TITLE[lang])
        # styled and working at a deep missing address: every asset loaded
        assert page["stylesheets"] >= 2 and not page["requests"]["failed"]
    for file, lang in (("404.html", "ja"), ("en/404.html", "en")):
        soup = browsed.soup("/" + file)
        # the way on: the home page and the rest of the navigation, in the same language
        links = [a["href"] for a in soup.select("article a")]
        assert ("/en/" if lang == "en" else "/") in links
        assert all(h.startswith("/en/") == (lang == "en") for h in links), links


# ---------------------------------------------------------------------------------------------
# Print


def test_printed_pages_have_no_navigation_and_say_title_dates_and_address(browsed, tools):
    printed = {path: page["print"] for path, page in browsed.report["pages"].items() if "print" in page}
    kinds = {(lang_of_path(p), kind_of(p)) for p in printed}
    expected_kinds = PRINT_KINDS if browsed.name == "sample_site" else ("policy", "version")
    assert kinds >= {(lang, kind) for lang in ("ja", "en") for kind in expected_kinds}
    problems = []
    for path, item in printed.items():
        lang = lang_of_path(path)
        shown = [selector for selector in NAVIGATION_SELECTORS if item["shown"][selector]]
        if shown:
            problems.append(f"{path}: printed with {shown}")
        soup = browsed.soup(path)
        canonical = soup.select_one('link[rel="canonical"]')
        # A site built for its address prints it; a local build (no SITE_URL) names no address.
        if item["shown"][".policy-page-address"] != (canonical is not None):
            problems.append(f"{path}: the page's address line is {'not ' if canonical else ''}printed")
        text = pdf_text(tools, Path(item["pdf"]))
        flat = squeeze(text)
        title = heading(soup.select_one("article h1"))
        address = canonical["href"] if canonical else title
        if browsed.name == "draft_site":
            if not all(squeeze(DRAFT_TEXT[each]) in flat for each in ("ja", "en")):
                problems.append(f"{path}: the PDF lacks the draft banner in both languages")
        elif "127.0.0.1" in text:
            problems.append(f"{path}: the PDF names a local address")
        intro = soup.select_one("article h1").find_next("p")
        dates = (JA_DATE if lang == "ja" else EN_DATE).findall(title + " " + text_of(intro))
        if not dates:
            problems.append(f"{path}: no date under the title to check")
        for wanted, what in [(title, "title"), (address, "address"), *[(d, "date") for d in dates]]:
            if squeeze(wanted) not in flat:
                problems.append(f"{path}: the PDF lacks the {what} {wanted!r}")
        for navigation in NAVIGATION_TEXT[lang]:
            if squeeze(navigation) in flat:
                problems.append(f"{path}: the PDF has navigation text {navigation!r}")
        translation = soup.select_one("article .policy-translation p:not(.admonition-title)")
        if translation is not None and squeeze(text_of(translation)) not in flat:
            problems.append(f"{path}: the PDF lacks the reference-translation notice")
        if kind_of(path) == "comparison":
            marker = "［追加］" if lang == "ja" else "[inserted]"
            if marker not in text and squeeze(marker) not in flat:
                problems.append(f"{path}: changes are not marked in words on paper")
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------------------------------------
# Reproducible


@pytest.mark.parametrize("site_fixture, versions, today", [
    ("real_site", FIRST_VERSIONS, "2026-11-25"),
    ("sample_site", SAMPLES, "2026-12-01"),
])
def test_two_builds_of_the_same_commit_are_byte_identical(request, site_fixture, versions, today, tmp_path):
    """Built again elsewhere, later, in another time zone and with another hash seed."""
    first = request.getfixturevalue(site_fixture)
    second = build_ok(copy_project(tmp_path / "again", versions), today=today,
                      TZ="America/Los_Angeles", PYTHONHASHSEED="12345")
    for name in ("sitemap.xml", "sitemap.xml.gz", "feeds/ja.xml", "feeds/en.xml", "search/search_index.json",
                 "en/search/search_index.json", "versions.json"):
        assert (second.site / name).is_file(), name
    differences = tree_differences(first.site, second.site)
    assert not differences, "\n".join(differences)


# ---------------------------------------------------------------------------------------------
# Readable Japanese


def test_typography_is_made_for_each_language(browsed):
    problems = []
    for path, page in browsed.report["pages"].items():
        style = page["typography"]
        if style is None:
            continue
        ratio = style["lineHeight"] / style["fontSize"]
        first_family = style["fontFamily"].split(",")[0].strip().strip('"')
        used = max(style["platformFonts"], key=lambda f: f["glyphs"])["family"] if style["platformFonts"] else ""
        if page["htmlLang"] == "ja":
            if ratio < 1.7:
                problems.append(f"{path}: Japanese line height {ratio:.2f} (at least 1.7)")
            if first_family not in JAPANESE_FONTS:
                problems.append(f"{path}: Japanese text set first in {first_family}")
            if not re.search(r"CJK|JP|Gothic|Hiragino|Meiryo", used):
                problems.append(f"{path}: Japanese text drawn in {used or 'no font'} ({style['platformFonts']})")
        else:
            if ratio < 1.5:
                problems.append(f"{path}: English line height {ratio:.2f} (at least 1.5)")
            if first_family in JAPANESE_FONTS:
                problems.append(f"{path}: English text set first in a Japanese font, {first_family}")
    assert not problems, "\n".join(problems)


def test_dates_and_headings_read_naturally(real_site, sample_site):
    problems = []
    for built in (real_site, sample_site):
        for path in page_paths(built.site):
            lang = lang_of_path(path)
            soup = BeautifulSoup(_target_file(built.site, path).read_text(encoding="utf-8"), "html.parser")
            for hidden in soup.select(".policy-page-address, script, style"):
                hidden.extract()
            where = f"{built.site.parent.name}{path}"
            for time in soup.find_all("time"):
                year, month, day = (int(part) for part in time["datetime"].split("-"))
                months = EN_MONTHS.split("|")
                wanted = f"{year}年{month}月{day}日" if lang == "ja" else f"{months[month - 1]} {day}, {year}"
                if time.get_text() != wanted:
                    problems.append(f"{where}: <time> reads {time.get_text()!r}, not {wanted!r}")
            text = text_of(soup.body)
            if ISO_DATE.search(text):
                problems.append(f"{where}: a date written {ISO_DATE.search(text).group()} in the text")
            if lang == "en" and JA_DATE.search(text):
                problems.append(f"{where}: a Japanese date in English")
            if lang == "ja" and EN_DATE.search(text):
                problems.append(f"{where}: an English date in Japanese")
            # No Markdown left in a heading; the contents list headings by their words alone
            # (an inserted heading is announced as such in the text, not in the contents).
            for title in [heading(h) for h in soup.select("article :is(h1, h2, h3, h4, h5, h6)")]:
                if re.search(r"\{[#.:]", title):
                    problems.append(f"{where}: heading reads {title!r}")
            for entry in [link.get_text(" ", strip=True) for link in soup.select(".md-nav--secondary a")]:
                if re.search(r"\{[#.:]|\[inserted\]|\[deleted\]|［追加］|［削除］", entry):
                    problems.append(f"{where}: contents entry reads {entry!r}")
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------------------------------------
# The checks can fail: each finds the fault planted in the broken page


def test_the_checks_find_the_faults_of_a_broken_page(tools, broken_site, vnu_messages, tmp_path):
    with Served(broken_site) as served:
        report = run_browser(tools, {"baseUrl": served.url, "pages": [{"path": "/", "axe": True}]}, tmp_path)
    page = report["pages"]["/"]
    assert {urlsplit(url).netloc for url in page["requests"]["foreign"]} == {"fonts.googleapis.com", "cdn.jsdelivr.net"}
    assert {"color-contrast", "image-alt"} <= {v["id"] for v in page["axe"]}
    vnu = [m["message"] for m in vnu_messages[broken_site / "index.html"]]
    assert any("autocomplete" in message for message in vnu), vnu
    assert any("div" in message and "span" in message for message in vnu), vnu
    assert sorted(link_problems(broken_site)) == [
        "/: #nowhere: no #nowhere in index.html",
        "/: missing/ leads to no page (/missing/)",
    ]
    soup = BeautifulSoup((broken_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert language_problems(soup, allowed_latin_words()) == [
        'English in Japanese (<p class=>): "This sentence is English without a lang attribute" in '
        '"This sentence is English without a lang attribute."']


def test_a_difference_between_builds_is_found(tmp_path):
    for name, text in (("a", "2026-12-01"), ("b", "2026-12-02")):
        (tmp_path / name / "en").mkdir(parents=True)
        (tmp_path / name / "sitemap.xml").write_text(text)
        (tmp_path / name / "en" / "only-here.html").write_text("") if name == "b" else None
    assert tree_differences(tmp_path / "a", tmp_path / "b") == [
        "only in the second build: en/only-here.html", "differs: sitemap.xml"]


# The pages of a second versioned document (the sample terms of use, test_documents.py).
@pytest.fixture(scope="module")
def terms_site(tmp_path_factory) -> Built:
    from test_documents import TODAY, with_terms
    return build_ok(with_terms(tmp_path_factory.mktemp("terms-browser") / "repo"), today=TODAY)


def test_the_pages_of_a_second_document_pass_axe_and_the_nu_html_checker(tools, terms_site, tmp_path):
    from test_documents import TERMS_PAGES
    paths = [f"/{lang}{page}" for lang in ("", "en/") for page in TERMS_PAGES]
    with Served(terms_site.site) as served:
        report = run_browser(tools, {"baseUrl": served.url, "pages": [{"path": p, "axe": True} for p in paths],
                                     "search": []}, tmp_path)
    assert len(report["pages"]) == len(paths)
    problems = [line for path, page in report["pages"].items() for line in format_axe(path, page["axe"])]
    assert not problems, f"axe-core ({WCAG_TAGS}):\n" + "\n".join(problems)
    files = [terms_site.site / p.lstrip("/") / "index.html" for p in paths]
    result = subprocess.run([tools.java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout",
                             *map(str, files)], capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stdout)["messages"]
    assert not messages, messages
