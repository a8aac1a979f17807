"""What a version page offers to keep (issue 22, items 1 and 2): its PDF in each language and its
text as published, beside the page, listed in versions.json with hashes a reader can check, made
by the engine so that both generators publish the same files."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import zlib
from pathlib import Path
from urllib.parse import urljoin

import pytest

from conftest import SAMPLES, Built, build_ok, copy_project, policy

# The sample site is built without SITE_URL (a local preview): a PDF names its page by its path,
# never by an address the site is not published at.


def site_file(built: Built, url: str) -> Path:
    file = built.site / url.lstrip("/")
    assert file.is_file(), f"{url} was not published"
    return file


def sha256(file: Path) -> str:
    return hashlib.sha256(file.read_bytes()).hexdigest()


def pdftotext(file: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(file), "-"], capture_output=True, text=True,
                          check=True).stdout


def headings(version: str, lang: str) -> list[str]:
    """The section headings of a sample version's text, as written (without their ids)."""
    text = (SAMPLES / version / f"{lang}.md").read_text(encoding="utf-8")
    return [re.sub(r"\s*\{#[^}]*\}\s*$", "", line.lstrip("#").strip())
            for line in text.splitlines() if re.match(r"#{2,6} ", line)]


def pdf_objects(file: Path) -> bytes:
    """The PDF's objects, its compressed streams (object streams included) inflated."""
    data = file.read_bytes()
    parts = [data]
    for stream in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:
            parts.append(zlib.decompress(stream.group(1)))
        except zlib.error:
            pass  # font programs and the like: not deflated, or not ours to read
    return b"\n".join(parts)


def test_every_version_has_its_texts_and_pdfs_listed_with_hashes_that_match(sample_site):
    manifest = sample_site.manifest()
    assert [v["id"] for v in manifest["versions"]] == ["2025-04-01", "2025-10-01", "2026-04-01", "2027-01-10"]
    for version in manifest["versions"]:
        for lang in ("ja", "en"):
            # item 2: the text as published, whose hash versions.json has given all along
            text = site_file(sample_site, version["text"][lang])
            assert version["text"][lang] == f"/versions/{version['id']}/{lang}.txt"
            assert sha256(text) == version["sha256"][lang]
            assert text.read_bytes().replace(b"\r\n", b"\n") == text.read_bytes()
            # item 1: the PDF, with its own hash
            pdf = site_file(sample_site, version["pdf"][lang]["url"])
            assert version["pdf"][lang]["url"] == f"/versions/{version['id']}/{lang}.pdf"
            assert pdf.read_bytes().startswith(b"%PDF-")
            assert sha256(pdf) == version["pdf"][lang]["sha256"]
    # the texts published as the files are, placeholders and front matter included
    assert site_file(sample_site, "/versions/2026-04-01/ja.txt").read_text(encoding="utf-8") == \
        (SAMPLES / "2026-04-01" / "ja.md").read_text(encoding="utf-8").replace("\r\n", "\n")


@pytest.mark.parametrize("lang,other", [("ja", "en"), ("en", "ja")])
def test_a_pdf_shows_the_version_in_its_language_with_dates_address_and_page_numbers(sample_site, lang, other):
    pdf = site_file(sample_site, f"/versions/2026-04-01/{lang}.pdf")
    text = pdftotext(pdf)
    flat = " ".join(text.split())
    wanted = headings("2026-04-01", lang)
    assert len(wanted) > 5
    for heading in wanted:
        assert " ".join(heading.split()) in flat, heading
    assert "Definition of Personal Information" not in flat if lang == "ja" else "個人情報の定義" not in flat
    assert ("2026年4月1日施行" if lang == "ja" else "Effective April 1, 2026") in flat
    # the footer of every page: the permanent address and "page / pages"
    address = f"/{'' if lang == 'ja' else 'en/'}versions/2026-04-01/"
    pages = text.split("\f")[:-1]
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert address in page, number
        assert re.search(rf"\b{number}\s*/\s*{len(pages)}$", page.rstrip()), number
    # the sample's English text is the original: the Japanese PDF says it is the translation,
    # and nothing about which prevails (the company has not confirmed it)
    assert ("本日本語版は、その翻訳です。" in flat) == (lang == "ja") and "優先" not in flat


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_pdf_is_a4_tagged_with_its_language_and_embeds_its_fonts(sample_site, lang):
    pdf = site_file(sample_site, f"/versions/2025-10-01/{lang}.pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert re.search(r"^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)$", info, re.M)
    assert re.search(r"^CreationDate:", info, re.M) is None  # nothing of the day it was built
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
    assert rows and any("Noto-Sans-CJK-JP" in row[0] for row in rows)
    for row in rows:
        emb, sub, uni = row[-5:-2]
        assert (emb, uni) == ("yes", "yes"), row  # embedded, and text a screen reader can read
    objects = pdf_objects(pdf)
    assert f"/Lang ({lang})".encode() in objects
    assert b"/StructTreeRoot" in objects and b'pdfuaid:part="1"' in objects
    structure = subprocess.run(["pdfinfo", "-struct", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "H1" in structure and "H2" in structure and "L (block)" in structure


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_version_page_links_its_pdf_and_text(sample_site, lang):
    prefix = "" if lang == "ja" else "en/"
    page = f"/{prefix}versions/2025-10-01/"
    links = {a["type"]: a for a in sample_site.html(page).select(".policy-downloads a")}
    assert set(links) == {"application/pdf", "text/plain"}
    for kind, suffix in (("application/pdf", "pdf"), ("text/plain", "txt")):
        target = urljoin(page, links[kind]["href"])
        assert target == f"/versions/2025-10-01/{lang}.{suffix}"
        site_file(sample_site, target)
    assert links["application/pdf"].get_text() == ("PDF（A4）" if lang == "ja" else "PDF (A4)")


def test_pdfs_are_the_same_bytes_on_every_build_and_rendered_only_when_new(sample_site, tmp_path):
    root = copy_project(tmp_path / "repo", SAMPLES)
    first = build_ok(root, today="2026-12-01", POLICY_CACHE_DIR="cache")
    kept = sorted((root / "cache" / "pdf").rglob("*.bin"))
    assert len(kept) == 8  # four public versions, two languages
    ids = [v["id"] for v in first.manifest()["versions"]]
    # Another build in another process, nothing kept: rendered again, the same bytes (and the
    # same as the session's build of the same history).
    again = build_ok(root, today="2026-12-01", site=tmp_path / "again", POLICY_CACHE_DIR="off")
    for version in ids:
        for lang in ("ja", "en"):
            name = f"versions/{version}/{lang}.pdf"
            assert (again.site / name).read_bytes() == (first.site / name).read_bytes() == \
                (sample_site.site / name).read_bytes(), name
    # A build with the cache renders only the PDFs of what is new: 2027-07-01 goes public.
    stamps = {file: file.stat().st_mtime_ns for file in kept}
    later = build_ok(root, today="2027-07-01", site=tmp_path / "later", POLICY_CACHE_DIR="cache")
    now = sorted((root / "cache" / "pdf").rglob("*.bin"))
    assert len(now) == 10
    assert {file: file.stat().st_mtime_ns for file in kept} == stamps
    assert (later.site / "versions/2026-04-01/en.pdf").read_bytes() == (first.site / "versions/2026-04-01/en.pdf").read_bytes()
    # A damaged entry is rendered again.
    now[0].unlink()
    now[0].write_bytes(b"")
    redone = build_ok(root, today="2027-07-01", site=tmp_path / "redone", POLICY_CACHE_DIR="cache")
    assert redone.manifest() == later.manifest()


def published_pdfs(built: Built) -> dict[Path, str]:
    """Every PDF versions.json lists, with the sha256 it gives."""
    return {site_file(built, entry["pdf"][lang]["url"]): entry["pdf"][lang]["sha256"]
            for entry in built.manifest()["versions"] for lang in ("ja", "en")}


def test_a_build_publishes_the_kept_pdfs_by_link_and_their_hashes_stay_true(tmp_path):
    """The cache's PDFs are published as links (a build neither reads nor copies them); should a
    kept file ever change, versions.json gives the hash of what is published, never an old one."""
    root = copy_project(tmp_path / "repo", SAMPLES)
    first = build_ok(root, today="2026-12-01", POLICY_CACHE_DIR="cache")
    kept = {file.stat().st_ino: file for file in (root / "cache" / "pdf").rglob("*.bin")}
    pdfs = published_pdfs(first)
    assert len(pdfs) == len(kept) == 8
    for pdf, digest in pdfs.items():
        assert pdf.stat().st_ino in kept, f"{pdf} is a copy, not the kept file"
        assert sha256(pdf) == digest
    # `policy stage` too: its folder's PDFs are the kept files.
    staged = tmp_path / "staged"
    assert policy(root, "stage", str(staged), "--today", "2026-12-01", POLICY_CACHE_DIR="cache").returncode == 0
    assert {file.stat().st_ino for file in (staged / "files").rglob("*.pdf")} == set(kept)
    # A kept PDF replaced by other bytes (not by the engine): the next build's hash is theirs.
    victim = next(iter(kept.values()))
    replaced = victim.read_bytes().replace(b"%%EOF", b"%%EOF\n% changed", 1)
    victim.unlink()
    victim.write_bytes(replaced)
    again = build_ok(root, today="2026-12-01", site=tmp_path / "again", POLICY_CACHE_DIR="cache")
    for pdf, digest in published_pdfs(again).items():
        assert sha256(pdf) == digest, pdf
    assert hashlib.sha256(replaced).hexdigest() in published_pdfs(again).values()


def test_pdfs_are_copied_where_the_disk_refuses_links(tmp_path, monkeypatch):
    """A cache on another disk (a CI's restored cache, a mounted folder): the same files, copied."""
    import os

    from policy_engine.core import cache
    from policy_engine.publishing.stage import stage_site

    def refused(source, target):
        raise OSError(18, "Invalid cross-device link")
    monkeypatch.setattr(os, "link", refused)
    root = copy_project(tmp_path / "repo", SAMPLES)
    environ = {"POLICY_TODAY": "2026-12-01", cache.CACHE_VARIABLE: str(tmp_path / "cache")}
    stage_site(root, tmp_path / "staged", "", environ)
    cache.flush()
    kept = {file.stat().st_ino for file in (tmp_path / "cache" / "pdf").rglob("*.bin")}
    manifest = json.loads((tmp_path / "staged" / "files" / "versions.json").read_text(encoding="utf-8"))
    for entry in manifest["versions"]:
        for lang in ("ja", "en"):
            pdf = tmp_path / "staged" / "files" / entry["pdf"][lang]["url"].lstrip("/")
            assert pdf.stat().st_ino not in kept and pdf.stat().st_nlink == 1
            assert sha256(pdf) == entry["pdf"][lang]["sha256"]


def test_a_missing_japanese_font_is_a_clear_error(monkeypatch, tmp_path):
    from policy_engine.publishing import version_pdf as versionpdf
    from policy_engine.core.errors import PolicyError
    monkeypatch.setattr(versionpdf, "FONT_FILES", (tmp_path / "NotoSansCJK-Regular.ttc",))
    monkeypatch.setattr(versionpdf, "_renderer_key", None)
    with pytest.raises(PolicyError) as raised:
        versionpdf.renderer_key()
    message = raised.value.format(lang="en")
    assert "NotoSansCJK-Regular.ttc: error: the Japanese font is missing (Debian's fonts-noto-cjk)" in message
    assert "apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk" in message
    assert "日本語フォントがありません" in raised.value.format(lang="ja")
