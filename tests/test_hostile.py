"""Hostile and careless input (issue 12): every input below is refused with its exact message
(file and line), or published escaped, or accepted as what it means; never a traceback, never a
hang; and a failing build leaves the previous site byte for byte as it was.

Each case edits a copy of the fixture repository and returns its expectation:
- Refused(message): `mkdocs build --strict` and `policy check` both stop with that line
  (build=False: only `policy check` reads the file, the build succeeds);
- Warned(message): `policy check` says it and passes, the build succeeds;
- a callable: the build succeeds and the callable asserts on what it published.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
import yaml

from conftest import Built, build, copy_project, policy

V = "policy_versions/2026-11-24"
TODAY = "2026-11-25"


@dataclass(frozen=True)
class Refused:
    message: str
    build: bool = True  # False: only `policy check` reads the file; the build succeeds
    check: str | None = ""  # what `policy check` says, if not `message`; None: not its concern


@dataclass(frozen=True)
class Warned:
    message: str


Check = Callable[[Built], None]
Expectation = Refused | Warned | Check


# -- editing helpers ---------------------------------------------------------------------------

def read(root: Path, rel: str) -> str:
    return (root / rel).read_text(encoding="utf-8")


def write(root: Path, rel: str, text: str) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")


def edit(root: Path, rel: str, old: str, new: str) -> int:
    """Replace the first `old` with `new`; return the line where `new` starts."""
    text = read(root, rel)
    assert old in text, f"{old!r} not in {rel}"
    write(root, rel, text.replace(old, new, 1))
    return text[: text.index(old)].count("\n") + 1


def line_of(root: Path, rel: str, needle: str) -> int:
    return next(i for i, line in enumerate(read(root, rel).split("\n"), 1) if needle in line)


def version_yml(root: Path, text: str) -> None:
    write(root, f"{V}/version.yml", text)


PURPOSE_EN = "- to bill for service usage fees;\n"
PURPOSE_JA = "- サービスの利用料金を請求するため\n"


def in_en(root: Path, text: str, after: str = PURPOSE_EN) -> int:
    """Insert a paragraph into en.md after a purpose; return its line."""
    return edit(root, f"{V}/en.md", after, after + "\n" + text + "\n\n") + after.count("\n") + 1


# -- text: encodings, characters, sizes --------------------------------------------------------

def bom(root):
    (root / V / "ja.md").write_bytes(codecs.BOM_UTF8 + (root / V / "ja.md").read_bytes())
    return Refused(f"{V}/ja.md:1: error: starts with a UTF-8 byte order mark (BOM): save it as UTF-8 without BOM")


def utf16(root):
    (root / V / "en.md").write_bytes(read(root, f"{V}/en.md").encode("utf-16"))
    return Refused(f"{V}/en.md:1: error: starts with a UTF-16 byte order mark (BOM)")


def shift_jis(root):
    (root / V / "ja.md").write_bytes(read(root, f"{V}/ja.md").encode("cp932"))
    return Refused(f"{V}/ja.md:2: error: is not UTF-8 text (byte 0x83, it looks like Shift_JIS): save it as UTF-8")


def latin1(root):
    line = in_en(root, "Caf\u00e9 policy.")
    data = read(root, f"{V}/en.md").replace("\u201c", '"').replace("\u201d", '"').encode("latin-1", "replace")
    (root / V / "en.md").write_bytes(data)
    return Refused(f"{V}/en.md:{line}: error: is not UTF-8 text (byte 0xe9")


def control(char: str, name: str):
    def case(root):
        line = in_en(root, f"A paragraph with {char} inside.")
        return Refused(f"{V}/en.md:{line}: error: contains {name}: remove it")
    return case


def nul_in_contact(root):
    edit(root, "contact.yml", "email: info@medmain.com", "email: info@medmain.com\0")
    return Refused(f"contact.yml:{line_of(root, 'contact.yml', 'email:')}: error: contains a NUL character (U+0000)")


def bom_in_settings(root):
    (root / "policy.yml").write_bytes(codecs.BOM_UTF8 + (root / "policy.yml").read_bytes())
    return Refused("policy.yml:1: error: starts with a UTF-8 byte order mark (BOM)")


def shift_jis_version_yml(root):
    (root / V / "version.yml").write_bytes("# 初版\nsummary: {ja: 初版, en: First}\n".encode("shift_jis"))
    return Refused(f"{V}/version.yml:1: error: is not UTF-8 text (byte 0x8f, it looks like Shift_JIS)")


def huge_text(root):
    write(root, f"{V}/en.md", read(root, f"{V}/en.md") + ("padding " * 130_000))
    return Refused(f"{V}/en.md: error: is 1,0")


def huge_yaml(root):
    version_yml(root, "# " + "x" * 120_000 + "\nsummary: {ja: 初版, en: First}\n")
    return Refused(f"{V}/version.yml:1: error: version.yml is larger than 100,000 bytes")


# -- YAML --------------------------------------------------------------------------------------

def duplicate_email(root):
    first = line_of(root, "contact.yml", "email:")
    edit(root, "contact.yml", "email: info@medmain.com\n", "email: info@medmain.com\nemail: attacker@example.com\n")
    return Refused(f"contact.yml:{first + 1}: error: invalid contact details: the key 'email' is given twice "
                   f"(first on line {first}): keep one")


def duplicate_summary_language(root):
    version_yml(root, "summary:\n  ja: 初版\n  en: First\n  ja: 改ざん\n")
    return Refused(f"{V}/version.yml:4: error: invalid version.yml: the key 'ja' is given twice (first on line 2)")


def duplicate_title(root):
    edit(root, f"{V}/en.md", "title: Privacy Policy\n", "title: Privacy Policy\ntitle: Something else\n")
    return Refused(f"{V}/en.md:3: error: invalid front matter: the key 'title' is given twice (first on line 2)")


def billion_laughs(root):
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for n in range(1, 9):
        prev = chr(ord("a") + n - 1)
        lines.append(f"{chr(ord('a') + n)}: &{chr(ord('a') + n)} [{', '.join(['*' + prev] * 9)}]")
    version_yml(root, "\n".join(lines) + "\n")
    return Refused(f"{V}/version.yml:2: error: invalid version.yml: aliases (*a) are not accepted: write the value out")


def alias_in_contact(root):
    edit(root, "contact.yml", "email: info@medmain.com", "email: &mail info@medmain.com\nweb_form: *mail")
    return Refused(f"contact.yml:{line_of(root, 'contact.yml', 'web_form')}: error: invalid contact details: aliases (*mail)")


def merge_key(root):
    edit(root, "contact.yml", "postal_code: 810-0042", "postal_code: 810-0042\n<<: {email: x@example.com}")
    return Refused(f"contact.yml:{line_of(root, 'contact.yml', '<<:')}: error: invalid contact details: merge keys (<<) are not accepted")


def deep_yaml(root):
    version_yml(root, "summary: " + "[" * 5000 + "]" * 5000 + "\n")
    return Refused(f"{V}/version.yml:1: error: invalid version.yml: nested more than 20 levels deep")


def impossible_date(root):
    version_yml(root, "announced: 2026-02-30\n")
    return Refused(f"{V}/version.yml:1: error: announced: 2026-02-30 is not a real date")


def date_with_time(root):
    version_yml(root, "# when\nannounced: 2026-11-01 10:00:00\n")
    return Refused(f"{V}/version.yml:2: error: announced: 2026-11-01 10:00:00 has a time of day")


def date_with_zone(root):
    version_yml(root, "announced: 2026-11-01T10:00:00+09:00\n")
    return Refused(f"{V}/version.yml:1: error: announced: 2026-11-01T10:00:00+09:00 has a time of day")


def quoted_date(root):
    version_yml(root, "announced: '2026-11-01'\n")
    return Refused(f"{V}/version.yml:1: error: announced: '2026-11-01' is quoted text, not a date")


def one_digit_day(root):
    version_yml(root, "announced: 2026-11-1\n")
    return Refused(f"{V}/version.yml:1: error: announced: write the date as 2026-11-01 (YYYY-MM-DD)")


def number_as_date(root):
    version_yml(root, "announced: 20261101\n")
    return Refused(f"{V}/version.yml:1: error: announced: '20261101' is not a date of the form YYYY-MM-DD")


def huge_notice_period(root):
    edit(root, "policy.yml", "notice_period_days: 30", "notice_period_days: 99999999999999999999")
    return Refused(f"policy.yml:{line_of(root, 'policy.yml', 'notice_period_days')}: error: notice_period_days "
                   "must be a whole number of days from 0 to 3650")


def infinite_notice_period(root):
    edit(root, "policy.yml", "notice_period_days: 30", "notice_period_days: .inf")
    return Refused(f"policy.yml:{line_of(root, 'policy.yml', 'notice_period_days')}: error: notice_period_days must be")


def python_tag(root):
    version_yml(root, "announced: !!python/object/apply:os.system ['touch pwned']\n")
    return Refused(f"{V}/version.yml:1: error: invalid version.yml: could not determine a constructor for the tag")


def number_key(root):
    version_yml(root, "summary: {ja: 初版, en: First}\n1: one\n")
    return Refused(f"{V}/version.yml:2: error: invalid version.yml: the key 1 must be text")


def escaped_nul(root):
    version_yml(root, 'summary:\n  ja: "初版\\0"\n  en: First\n')
    return Refused(f"{V}/version.yml:2: error: invalid version.yml: the value contains the character U+0000")


def escaped_bidi(root):
    version_yml(root, 'summary:\n  ja: 初版\n  en: "First \\u202Egnirts"\n')
    return Refused(f"{V}/version.yml:3: error: invalid version.yml: the value contains the character U+202E")


def list_not_mapping(root):
    version_yml(root, "- announced\n- summary\n")
    return Refused(f"{V}/version.yml:1: error: version.yml must be a mapping of keys to values")


def two_documents(root):
    write(root, "contact.yml", read(root, "contact.yml") + "---\nemail: other@example.com\n")
    return Refused("contact.yml:")


def glossary_alias(root):
    write(root, "glossary.yml", "- en: &t [personal information]\n  ja: *t\n")
    return Refused("glossary.yml:2: error: invalid glossary: aliases (*t) are not accepted", build=False)


# -- names and paths ---------------------------------------------------------------------------

def full_width_folder(root):
    shutil.copytree(root / V, root / "policy_versions" / "２０２６-１２-０１")
    return Refused("policy_versions/２０２６-１２-０１: error: version folder name '２０２６-１２-０１' has characters "
                   "other than ASCII (full-width digits?): write it as 2026-12-01 in ASCII digits")


def loose_folder(root):
    shutil.copytree(root / V, root / "policy_versions" / "2026-12-1")
    return Refused("policy_versions/2026-12-1: error: write the version folder name as 2026-12-01")


def stray_file(root):
    write(root, "policy_versions/notes.txt", "draft\n")
    return Warned("policy_versions/notes.txt: warning: is not part of any version and is not published")


def stray_in_version(root):
    write(root, f"{V}/ja.md.orig", "old\n")
    return Warned(f"{V}/ja.md.orig: warning: is not part of any version and is not published: only ja.md, en.md, "
                  "version.yml belong in a version folder")


def folder_in_version(root):
    write(root, f"{V}/images/logo.txt", "x\n")
    return Warned(f"{V}/images: warning: is not part of any version and is not published")


def symlinked_version(root):
    outside = root.parent / "outside-version"
    shutil.copytree(root / V, outside)
    (root / "policy_versions" / "2026-12-01").symlink_to(outside, target_is_directory=True)
    return Refused("policy_versions/2026-12-01: error: is a symbolic link")


def symlinked_file(root):
    outside = root.parent / "outside.md"
    shutil.copyfile(root / V / "en.md", outside)
    (root / V / "en.md").unlink()
    (root / V / "en.md").symlink_to(outside)
    return Refused(f"{V}/en.md: error: is a symbolic link: the repository publishes only its own files")


def symlinked_contact(root):
    outside = root.parent / "contact.yml"
    shutil.copyfile(root / "contact.yml", outside)
    (root / "contact.yml").unlink()
    (root / "contact.yml").symlink_to(outside)
    return Refused(f"policy.yml:{line_of(root, 'policy.yml', 'contact:')}: error: contact: 'contact.yml' leads "
                   "outside the repository")


def versions_dir_outside(root):
    shutil.copytree(root / "policy_versions", root.parent / "elsewhere")
    edit(root, "policy.yml", "versions_dir: policy_versions", "versions_dir: ../elsewhere")
    return Refused(f"policy.yml:{line_of(root, 'policy.yml', 'versions_dir')}: error: versions_dir: '../elsewhere' "
                   "leads outside the repository")


def contact_outside(root):
    edit(root, "policy.yml", "contact: contact.yml", "contact: /etc/passwd")
    return Refused(f"policy.yml:{line_of(root, 'policy.yml', 'contact:')}: error: contact: '/etc/passwd' leads outside")


def no_settings(root):
    (root / "policy.yml").unlink()
    return Refused("policy.yml: error: the file does not exist",
                   check="error: not inside a policy repository: no policy.yml here or in any parent folder")


def settings_is_folder(root):
    (root / "policy.yml").unlink()
    (root / "policy.yml").mkdir()
    return Refused("policy.yml: error: is a folder, not a file",
                   check="error: not inside a policy repository: no policy.yml here or in any parent folder")


def symlink_in_docs(root):
    (root / "docs" / "secret.txt").symlink_to("/etc/hostname")
    # docs/ holds the site's hand-written assets, which only the build reads.
    return Refused("docs/secret.txt: error: is a symbolic link: docs/ publishes only its own files", check=None)


# -- structure: what Markdown renders and what the engine reads ---------------------------------

def setext(root):
    line = in_en(root, "An underlined heading\n---------------------")
    return Refused(f"{V}/en.md:{line + 1}: error: the line '---------------------' under 'An underlined heading' "
                   "makes it an underlined (Setext) heading, which is not a section")


def glued_id(root):
    line = edit(root, f"{V}/ja.md", "## 1. 個人情報の定義 {#definitions}", "## 1. 個人情報の定義{#definitions}")
    return Refused(f"{V}/ja.md:{line}: error: put a space before the id: `## 1. 個人情報の定義 {{#definitions}}`")


def no_space_after_hashes(root):
    line = edit(root, f"{V}/ja.md", "## 1. 個人情報の定義 {#definitions}", "##1. 個人情報の定義 {#definitions}")
    return Refused(f"{V}/ja.md:{line}: error: a heading needs a space after its '##'")


def section_in_comment(root):
    edit(root, f"{V}/ja.md", "## 1. 個人情報の定義 {#definitions}", "<!--\n## 1. 個人情報の定義 {#definitions}\n-->")
    return Refused(f"{V}/en.md:7: error: section ids differ from ja.md")


def purposes_in_comment(root):
    text = read(root, f"{V}/ja.md")
    start = text.index("- 当社のサービスを提供するため")
    end = text.index("\n\n", start)
    write(root, f"{V}/ja.md", text[:start] + "<!--\n" + text[start:end] + "\n-->" + text[end:])
    return Refused(f"{V}/ja.md:{line_of(root, f'{V}/ja.md', '{#purposes-of-use}')}: error: the purposes of use must be "
                   "shown as a list")


def purposes_with_parenthesis(root):
    for lang, marker in (("ja", "- "), ("en", "- ")):
        text = read(root, f"{V}/{lang}.md")
        section = text.index("{#purposes-of-use}")
        end = text.index("\n###", section)
        items = text[section:end].split(f"\n{marker}")
        write(root, f"{V}/{lang}.md", text[:section] + "\n".join(
            [items[0]] + [f"{n}) {item}" for n, item in enumerate(items[1:], 1)]) + text[end:])
    count = len(items) - 1

    # GitHub (CommonMark) numbers `1)` items: so does the site (issue 20), in both languages.
    def check(built: Built):
        for page in ("", "en/"):
            section = built.html(page).find(id="purposes-of-use").find_next("ol")
            assert section is not None and len(section.find_all("li", recursive=False)) == count
    return check


def heading_in_html(root):
    line = in_en(root, "<div>\n## Hidden {#hidden}\n</div>")
    return Refused(f"{V}/en.md:{line + 1}: error: the heading 'Hidden' is not shown as a heading on the page")


def heading_in_quote(root):
    line = in_en(root, "> ## Quoted heading {#quoted}")
    return Refused(f"{V}/en.md:{line}: error: 'Quoted heading' is shown on the page as a heading, but is not a section")


def deep_quote(root):
    line = in_en(root, ">" * 1000 + " deep")
    return Refused(f"{V}/en.md:{line}: error: nested too deeply (1000 quote levels")


def deep_list(root):
    line = in_en(root, "".join("    " * n + "- level\n" for n in range(300)).rstrip("\n"))
    return Refused(f"{V}/en.md:{line + 11}: error: nested too deeply (0 quote levels, 44 columns")


def front_matter_open(root):
    edit(root, f"{V}/en.md", "title: Privacy Policy\n---\n", "title: Privacy Policy\n")
    return Refused(f"{V}/en.md:1: error: front matter opened with '---' is never closed")


# -- markup in the policy text -----------------------------------------------------------------

def raw(html: str, message: str, needle_line: int = 0):
    def case(root):
        line = in_en(root, html)
        return Refused(f"{V}/en.md:{line + needle_line}: error: {message}")
    return case


def bold_is_fine(root):
    in_en(root, "Some <b>bold</b> and <abbr title=\"Act on the Protection of Personal Information\">APPI</abbr>.")

    def check(built: Built):
        html = str(built.html("en/"))
        assert "<b>bold</b>" in html and '<abbr title="Act on the Protection of Personal Information">APPI</abbr>' in html
    return check


# -- plain text fields: escaped wherever they appear --------------------------------------------

SCRIPT = "<script>alert(1)</script>"


def _no_raw_script(built: Built) -> None:
    for path in built.site.rglob("*"):
        if path.suffix in (".html", ".xml", ".json"):
            assert "<script>alert(1)" not in path.read_text(encoding="utf-8"), path


def title_markup(root):
    edit(root, f"{V}/en.md", "title: Privacy Policy", f"title: \"Privacy {SCRIPT} & *Policy*\"")

    def check(built: Built):
        _no_raw_script(built)
        page = built.html("en/")
        assert page.title.get_text().startswith(f"Privacy {SCRIPT} & *Policy* - ")
        assert page.find("h1").get_text().replace("¶", "").strip() == f"Privacy {SCRIPT} & *Policy*"
        version = built.html("en/versions/2026-11-24/")
        assert SCRIPT in version.title.get_text()
        nav = " ".join(a.get_text() for a in page.select("nav a"))
        assert SCRIPT in nav
    return check


def heading_title_markup(root):
    edit(root, f"{V}/ja.md", "---\ntitle: プライバシーポリシー\n---\n", "# プライバシー <img src=x onerror=alert(1)>\n")
    return Refused(f"{V}/ja.md:1: error: the HTML element <img> is not accepted in the policy text")


def heading_title_marks(root):
    edit(root, f"{V}/ja.md", "---\ntitle: プライバシーポリシー\n---\n", "# プライバシー & *ポリシー* [x] a\\b\n")

    def check(built: Built):
        page = built.html("")
        assert page.find("h1").get_text().replace("¶", "").strip() == "プライバシー & *ポリシー* [x] a\\b"
        assert page.title.get_text().startswith("プライバシー & *ポリシー* [x] a\\b - ")
    return check


def summary_markup(root):
    version_yml(root, f"summary:\n  ja: \"初版 {SCRIPT}\"\n  en: \"First | <img src=x onerror=alert(1)> *x*\"\n")

    def check(built: Built):
        _no_raw_script(built)
        history = built.html("en/history/")
        assert history.find("img") is None
        assert "First | <img src=x onerror=alert(1)> *x*" in history.get_text()
        assert f"初版 {SCRIPT}" in built.html("history/").get_text()
    return check


def summary_in_notice_and_feed(root):
    shutil.copytree(root / V, root / "policy_versions" / "2026-12-01")
    write(root, "policy_versions/2026-12-01/version.yml", "announced: 2026-11-25\nsummary:\n"
          "  ja: \"改定 <img src=x onerror=alert(1)>\"\n  en: \"Revised <img src=x onerror=alert(1)>\"\n")

    def check(built: Built):
        _no_raw_script(built)
        notice = built.html("en/announcements/2026-12-01/")
        assert notice.find("img") is None and "<img src=x onerror=alert(1)>" in notice.get_text()
        feed = (built.site / "feeds" / "en.xml").read_text(encoding="utf-8")
        assert "<img" not in feed and "&lt;img" not in feed.replace("&amp;lt;img", "")
    return check


def contact_markup(root):
    edit(root, "contact.yml", "en: Medmain Inc.", f"en: \"Medmain {SCRIPT} & Co.\"")
    edit(root, "contact.yml", "en: 2-4-5 Akasaka", "en: \"2-4-5 Akasaka</script><!--\"")

    def check(built: Built):
        _no_raw_script(built)
        page = built.html("en/contact/")
        assert f"Medmain {SCRIPT} & Co." in page.find("address").get_text()
        (ld,) = [s for s in page.find_all("script") if s.get("type") == "application/ld+json"]
        raw = ld.string
        assert "<" not in raw and ">" not in raw and "&" not in raw
        data = json.loads(raw)
        assert data["name"] == f"Medmain {SCRIPT} & Co."
        assert data["address"]["streetAddress"].endswith("2-4-5 Akasaka</script><!--")
        feed = (built.site / "feeds" / "en.xml").read_text(encoding="utf-8")
        assert f"Medmain &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co." in feed
    return check


# -- line endings ------------------------------------------------------------------------------

def crlf(root):
    lf = {lang: hashlib.sha256(read(root, f"{V}/{lang}.md").encode()).hexdigest() for lang in ("ja", "en")}
    for lang in ("ja", "en"):
        path = root / V / f"{lang}.md"
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))

    def check(built: Built):
        (entry,) = built.manifest()["versions"]
        assert entry["sha256"] == lf  # the hash of the text, not of its line endings
    return check


def lone_cr(root):
    path = root / V / "en.md"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r"))

    def check(built: Built):
        assert [h["id"] for h in built.html("en/").select("h2[id], h3[id]")][:2] == ["definitions", "handling"]
    return check


def broken_link_in_docs(root):
    write(root, "docs/en/extra.md", "# Extra\n\n[a page](missing.md)\n")
    return Refused("WARNING -  Doc file 'en/extra.md' contains a link 'missing.md', but the target 'en/missing.md' "
                   "is not found",
                   check=None)


CASES: dict[str, Callable[[Path], Expectation]] = {
    # text
    "UTF-8 BOM": bom,
    "UTF-16": utf16,
    "Shift_JIS": shift_jis,
    "Latin-1": latin1,
    "NUL": control("\0", "a NUL character (U+0000)"),
    "escape character": control("\x1b", "a control character (U+001B)"),
    "form feed": control("\x0c", "a control character (U+000C)"),
    "vertical tab": control("\x0b", "a control character (U+000B)"),
    "next line (NEL)": control("\x85", "a control character (U+0085)"),
    "right-to-left override": control("\u202e", "an invisible bidirectional control (U+202E)"),
    "left-to-right isolate": control("\u2066", "an invisible bidirectional control (U+2066)"),
    "line separator": control("\u2028", "a Unicode line separator (U+2028)"),
    "BOM inside the text": control("\ufeff", "a byte order mark (U+FEFF)"),
    "NUL in contact.yml": nul_in_contact,
    "BOM in policy.yml": bom_in_settings,
    "Shift_JIS version.yml": shift_jis_version_yml,
    "text over 1 MB": huge_text,
    "version.yml over 100 KB": huge_yaml,
    # YAML
    "duplicate e-mail": duplicate_email,
    "duplicate summary language": duplicate_summary_language,
    "duplicate title": duplicate_title,
    "billion laughs": billion_laughs,
    "alias in contact.yml": alias_in_contact,
    "merge key": merge_key,
    "deep YAML": deep_yaml,
    "impossible date": impossible_date,
    "date with time": date_with_time,
    "date with time zone": date_with_zone,
    "quoted date": quoted_date,
    "one-digit day": one_digit_day,
    "number as date": number_as_date,
    "huge notice period": huge_notice_period,
    "infinite notice period": infinite_notice_period,
    "python tag": python_tag,
    "number as key": number_key,
    "escaped NUL": escaped_nul,
    "escaped bidi override": escaped_bidi,
    "list instead of mapping": list_not_mapping,
    "two YAML documents": two_documents,
    "alias in glossary": glossary_alias,
    # names and paths
    "full-width folder name": full_width_folder,
    "one-digit folder name": loose_folder,
    "stray file": stray_file,
    "stray file in a version": stray_in_version,
    "folder in a version": folder_in_version,
    "symlinked version": symlinked_version,
    "symlinked en.md": symlinked_file,
    "symlinked contact.yml": symlinked_contact,
    "versions_dir outside": versions_dir_outside,
    "contact outside": contact_outside,
    "no policy.yml": no_settings,
    "policy.yml is a folder": settings_is_folder,
    "symlink in docs": symlink_in_docs,
    # structure
    "Setext heading": setext,
    "id without a space": glued_id,
    "heading without a space": no_space_after_hashes,
    "section in a comment": section_in_comment,
    "purposes in a comment": purposes_in_comment,
    "purposes numbered 1) (a list, as on GitHub)": purposes_with_parenthesis,
    "heading in an HTML block": heading_in_html,
    "heading in a quote": heading_in_quote,
    "1000 quote levels": deep_quote,
    "300 list levels": deep_list,
    "front matter never closed": front_matter_open,
    # markup
    "script": raw("<script>alert(1)</script>", "the HTML element <script> is not accepted in the policy text"),
    "iframe": raw('<iframe src="https://example.com"></iframe>', "the HTML element <iframe> is not accepted"),
    "style element": raw("<style>body{display:none}</style>", "the HTML element <style> is not accepted"),
    "img onerror": raw("<img src=x onerror=alert(1)>", "the HTML element <img> is not accepted"),
    "svg onload": raw("<svg onload=alert(1)></svg>", "the HTML element <svg> is not accepted"),
    "form": raw('<form action="https://example.com"><input name="q"></form>', "the HTML element <form> is not accepted"),
    "event handler": raw('<span onclick="alert(1)">click</span>', "the event handler onclick= on <span> is not accepted"),
    "event handler by attr_list": raw("Click here.\n{: onmouseover=\"alert(1)\" }",
                                      "the event handler onmouseover= on <p> is not accepted", 1),
    "style attribute": raw('<span style="position:fixed;top:0">x</span>', "the attribute style= on <span> is not accepted"),
    "javascript link": raw("[click](javascript:alert(1))", "the link 'javascript:alert(1)' is not accepted"),
    "entity-encoded javascript link": raw("[click](&#106;avascript:alert(1))",
                                          "the link 'javascript:alert(1)' is not accepted"),
    "javascript with a tab": raw('<a href="java\tscript:alert(1)">x</a>', "the link 'java "),
    "data URL": raw("[x](data:text/html,hi)", "the link 'data:text/html,hi' is not accepted"),
    "link to a missing page": raw("[see](../missing.md)", "the link '../missing.md' points into the site"),
    "harmless HTML": bold_is_fine,
    # plain text fields
    "title with markup": title_markup,
    "heading title with markup": heading_title_markup,
    "heading title with Markdown marks": heading_title_marks,
    "summary with markup": summary_markup,
    "summary in a notice and the feed": summary_in_notice_and_feed,
    "contact with markup": contact_markup,
    # line endings
    "CRLF": crlf,
    "lone CR": lone_cr,
    # what only the build sees
    "broken link in docs": broken_link_in_docs,
}


@pytest.fixture(scope="module")
def previous_site(tmp_path_factory) -> dict[str, bytes]:
    """The site as published before the hostile change: every file's bytes."""
    root = copy_project(tmp_path_factory.mktemp("previous"))
    built = build(root, TODAY, POLICY_LANG="en")
    assert built.result.returncode == 0, built.output
    return {p.relative_to(built.site).as_posix(): p.read_bytes() for p in built.site.rglob("*") if p.is_file()}


def _snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.mark.parametrize("case", CASES)
def test_hostile_input(case, tmp_path, previous_site):
    root = copy_project(tmp_path / "repo")
    expectation = CASES[case](root)
    site = root / "site"
    for rel, data in previous_site.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_bytes(data)

    # No timing is asserted (the machines are shared): build() and policy() stop a run that hangs.
    built = build(root, TODAY, POLICY_LANG="en")
    checked = policy(root, "check", POLICY_LANG="en", POLICY_TODAY=TODAY)
    for output in (built.output, checked.stdout + checked.stderr):
        assert "Traceback" not in output, output
    assert not [p.name for p in root.iterdir() if p.name.startswith(".site.")]  # no building folder left

    if isinstance(expectation, Refused):
        if expectation.build:
            assert built.result.returncode != 0
            assert expectation.message in built.output, built.output
            assert _snapshot(site) == previous_site  # the previous site, byte for byte
        else:
            assert built.result.returncode == 0, built.output
        if expectation.check is not None:
            assert checked.returncode == 1, checked.stdout
            shown = checked.stdout + checked.stderr
            assert (expectation.check or expectation.message) in shown, shown
    elif isinstance(expectation, Warned):
        assert built.result.returncode == 0, built.output
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert expectation.message in checked.stdout
    else:
        assert built.result.returncode == 0, built.output
        expectation(built)


def test_there_are_at_least_sixty_cases():
    assert len(CASES) >= 60


def test_the_renderer_the_engine_uses_is_the_sites():
    from policy_engine.reading.rendering import SITE_EXTENSIONS

    config = yaml.load((Path(__file__).parents[1] / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTags)
    names = [next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]]
    assert tuple(names) == SITE_EXTENSIONS


class _IgnoreTags(yaml.SafeLoader):
    pass


_IgnoreTags.add_multi_constructor("!", lambda loader, suffix, node: None)


def test_a_closed_pipe_ends_quietly(project):
    script = Path(sys.executable).parent / "policy"
    for command in ("versions", "manifest"):
        result = subprocess.run(f"'{script}' {command} | head -c 1 >/dev/null; echo \"${{PIPESTATUS[0]}}\"",
                                shell=True, executable="/bin/bash", cwd=project, capture_output=True, text=True,
                                env={**os.environ, "POLICY_TODAY": TODAY}, timeout=60)
        assert result.stderr == "" and result.stdout.strip() == "0", result


# -- fuzzing the engine in-process: random bytes, random YAML, mutated Markdown -----------------

from datetime import date, timedelta  # noqa: E402

from hypothesis import HealthCheck, given, settings as hypothesis_settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from policy_engine.editing.checks import check_repository  # noqa: E402
from policy_engine.core.errors import PolicyError  # noqa: E402
from policy_engine.reading.settings import load_settings  # noqa: E402
from policy_engine.publishing.site import build_site  # noqa: E402

# Pieces of Markdown and HTML that move structure around, and characters that are refused.
_FRAGMENTS = st.sampled_from([
    "## Added {#added}", "### (9) Sub {#sub}", "# Title", "##No space {#x}", "## Glued{#glued}", "Para\n---",
    "Para\n===", "<!--", "-->", "<!-- ## Hidden {#hidden} -->", "- item", "1. item", "1) item", "    - nested",
    "> quote", "> ## Quoted {#q}", "<div>", "</div>", '<div markdown="1">', "<script>alert(1)</script>",
    "<b>bold</b>", '<a href="javascript:x">x</a>', "[x](https://example.com)", "[x](other.md)", "{{ contact }}",
    "{{ contact.email }}", "{{ nope }}", "{: #id .cls }", "| a | b |\n| --- | --- |\n| 1 | 2 |", "```", "---", "",
    "!!! note \"x\"\n    text", "\t- tab item", "&#106;avascript:", "*" * 50, "[" * 200, ">" * 30 + " deep",
])
_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
_YAML_SCALAR = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), _TEXT,
                         st.dates().map(str), st.sampled_from(["2026-02-30", "2026-11-01 10:00:00", "*a", "&a x"]))
_YAML_VALUE = st.recursive(_YAML_SCALAR, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.sampled_from(["ja", "en", "x", "announced"]), inner, max_size=3),
                           max_leaves=10)
_VERSION_DATA = st.dictionaries(st.sampled_from(["announced", "summary", "effective_date_known", "sample",
                                                 "authoritative_language", "other"]), _YAML_VALUE, max_size=4)


def _yaml_text(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _mutated(text: str, where: list[int], pieces: list[str]) -> str:
    lines = text.split("\n")
    for position, piece in zip(where, pieces):
        lines.insert(position % (len(lines) + 1), piece)
    return "\n".join(lines)


@pytest.fixture(scope="module")
def fuzz_root(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("fuzz") / "repo")


def _engine_survives(root: Path) -> None:
    """A clear refusal or a site; never another exception."""
    environ = {"POLICY_TODAY": TODAY}
    try:
        build_site(root, environ)
    except PolicyError as exc:
        assert exc.problems and all(p.path for p in exc.problems)
    try:
        check_repository(load_settings(root, environ), date(2026, 11, 25), compare_records=False)
    except PolicyError as exc:
        assert exc.problems


def _with_files(root: Path, files: dict[str, bytes]) -> None:
    saved = {rel: (root / rel).read_bytes() if (root / rel).exists() else None for rel in files}
    try:
        for rel, data in files.items():
            (root / rel).write_bytes(data)
        _engine_survives(root)
    finally:
        for rel, data in saved.items():
            if data is None:
                (root / rel).unlink(missing_ok=True)
            else:
                (root / rel).write_bytes(data)


# The deadline only stops an example that hangs (a pattern gone quadratic on hostile input takes
# minutes); it is no speed goal: the engine needs well under a second an example.
_FUZZ = hypothesis_settings(max_examples=120, deadline=timedelta(seconds=60), suppress_health_check=[HealthCheck.too_slow])


@_FUZZ
@given(data=st.binary(max_size=3000), target=st.sampled_from(["ja.md", "en.md", "version.yml"]))
def test_fuzz_random_bytes(fuzz_root, data, target):
    _with_files(fuzz_root, {f"{V}/{target}": data})


@_FUZZ
@given(data=_VERSION_DATA, raw=st.one_of(st.none(), _TEXT))
def test_fuzz_random_yaml(fuzz_root, data, raw):
    text = _yaml_text(data) if raw is None else raw
    _with_files(fuzz_root, {f"{V}/version.yml": text.encode("utf-8")})


@_FUZZ
@given(lang=st.sampled_from(["ja", "en"]), where=st.lists(st.integers(0, 200), min_size=1, max_size=6),
       pieces=st.lists(_FRAGMENTS | _TEXT, min_size=1, max_size=6))
def test_fuzz_mutated_markdown(fuzz_root, lang, where, pieces):
    original = (fuzz_root / V / f"{lang}.md").read_text(encoding="utf-8")
    _with_files(fuzz_root, {f"{V}/{lang}.md": _mutated(original, where, pieces).encode("utf-8", "surrogatepass")})
