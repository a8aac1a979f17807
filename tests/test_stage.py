"""`policy stage DIR`: the whole site as files any generator renders (pages of both languages,
navigation, derived files), and the MkDocs build made of exactly those."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import SAMPLES, build_ok, copy_project, policy


def test_stage_writes_every_page_the_navigation_and_the_derived_files(tmp_path):
    root = copy_project(tmp_path / "repo", SAMPLES)
    staged = tmp_path / "staged"
    result = policy(root, "stage", str(staged), "--today", "2026-12-01", "--site-url", "https://example.org/policy/")
    assert result.returncode == 0, result.stderr
    assert "staged" in result.stdout
    for lang in ("ja", "en"):
        for page in ("index.md", "history.md", "contact.md", "announcements/index.md",
                     "versions/2026-04-01.md", "compare/2025-10-01/2026-04-01.md"):
            text = (staged / "docs" / lang / page).read_text(encoding="utf-8")
            assert text.startswith("---\ntitle: "), page
    assert (staged / "docs" / "assets" / "stylesheets" / "policy.css").is_file()
    described = json.loads((staged / "site.json").read_text(encoding="utf-8"))
    assert [item["url"] for item in described["languages"]["en"]["nav"]] == [
        "/policy/en/", "/policy/en/history/", "/policy/en/announcements/", "/policy/en/contact/",
        "/policy/en/retained-data/", "/policy/en/publications/"]
    assert described["languages"]["ja"]["nav"][1]["title_html"] == "改定履歴"
    assert described["languages"]["en"]["furniture"]["feed_url"] == "/policy/feeds/en.xml"
    manifest = json.loads((staged / "files" / "versions.json").read_text(encoding="utf-8"))
    # The PDFs name the site's address in their footers: their hashes depend on it.
    printed = policy(root, "manifest", "--site-url", "https://example.org/policy/", POLICY_TODAY="2026-12-01")
    assert manifest == json.loads(printed.stdout)
    assert "https://example.org/policy/en/" in (staged / "files" / "feeds" / "en.xml").read_text(encoding="utf-8")
    assert (staged / "files" / "schemas" / "versions.schema.json").is_file()
    assert (staged / "files" / "schemas" / "publications.schema.json").is_file()
    assert json.loads((staged / "files" / "publications.json").read_text(encoding="utf-8"))["publications"] == []

    again = policy(root, "stage", str(staged), "--today", "2026-12-01", "--site-url", "https://example.org/policy/")
    assert "(0 written, the rest unchanged)" in again.stdout
    # A version taken out (a test's history, never a published one): its pages go from DIR.
    page = staged / "docs" / "en" / "versions" / "2027-07-01.md"
    assert not page.exists()  # not yet public on 2026-12-01
    later = policy(root, "stage", str(staged), "--today", "2027-07-01", "--site-url", "https://example.org/policy/")
    assert later.returncode == 0, later.stderr
    assert page.is_file()
    policy(root, "stage", str(staged), "--today", "2026-12-01", "--site-url", "https://example.org/policy/")
    assert not page.exists()


def test_stage_refuses_a_folder_it_did_not_write(project, tmp_path):
    other = tmp_path / "notes"
    other.mkdir()
    (other / "keep.txt").write_text("mine", encoding="utf-8")
    result = policy(project, "stage", str(other))
    assert result.returncode == 1
    assert "notes: error: is not an empty folder nor one that `policy stage` wrote" in result.stderr
    assert (other / "keep.txt").read_text(encoding="utf-8") == "mine"
    assert policy(project, "stage", str(project)).returncode == 1
    assert (project / "policy.yml").is_file()
    ja = policy(project, "stage", str(other), POLICY_LANG="ja")
    assert "`policy stage` が書き出したフォルダでもありません" in ja.stderr


def test_the_built_site_publishes_the_staged_files(sample_site, tmp_path):
    staged = tmp_path / "staged"
    assert policy(sample_site.root, "stage", str(staged), "--today", "2026-12-01").returncode == 0
    for name in ("versions.json", "feeds/ja.xml", "feeds/en.xml", "schemas/diff.schema.json"):
        assert (sample_site.site / name).read_bytes() == (staged / "files" / name).read_bytes(), name
    nav = [a.get_text(strip=True) for a in sample_site.html("/en/").select(".md-tabs__link")]
    described = json.loads((staged / "site.json").read_text(encoding="utf-8"))
    assert nav == [item["title_html"] for item in described["languages"]["en"]["nav"]]


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_build_stages_into_the_cache_folder_and_publishes_only_what_this_build_staged(tmp_path):
    """The build's staging folder is kept in the cache folder from build to build (pages are
    rewritten only where they changed); a page an earlier build staged and this one does not
    (a version not yet public on the day built for) is not published."""
    root = copy_project(tmp_path / "repo", SAMPLES)
    build_ok(root, "2027-07-02", POLICY_CACHE_DIR="cache")
    kept = root / "cache" / "stage" / "docs" / "en" / "versions" / "2027-07-01.md"
    assert kept.is_file()
    earlier = build_ok(root, "2026-12-01", site=tmp_path / "earlier", POLICY_CACHE_DIR="cache")
    assert not kept.exists()
    assert not (earlier.site / "en" / "versions" / "2027-07-01").exists()
    fresh = build_ok(root, "2026-12-01", site=tmp_path / "fresh", POLICY_CACHE_DIR="off")
    assert site_files(earlier.site) == site_files(fresh.site)


def test_a_build_beside_another_stages_into_a_folder_of_its_own(tmp_path):
    """While another process stages into the cache's folder (a `serve` left running), a build
    stages into a temporary folder: the same site, and the other's folder untouched."""
    root = copy_project(tmp_path / "repo", SAMPLES)
    build_ok(root, "2026-12-01", POLICY_CACHE_DIR="cache")
    staged = root / "cache" / "stage" / "docs" / "en" / "index.md"
    before = staged.read_bytes()
    holder = subprocess.Popen([sys.executable, "-c", _HOLD, str(root / "cache" / "stage.lock")],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        beside = build_ok(root, "2027-07-02", site=tmp_path / "beside", POLICY_CACHE_DIR="cache")
    finally:
        holder.kill()
        holder.wait()
    assert staged.read_bytes() == before
    assert "2027-07-01" in (beside.site / "en" / "history" / "index.html").read_text(encoding="utf-8")
    fresh = build_ok(root, "2027-07-02", site=tmp_path / "fresh", POLICY_CACHE_DIR="off")
    assert site_files(beside.site) == site_files(fresh.site)


_HOLD = """
import fcntl, sys, time
lock = open(sys.argv[1], "a")
fcntl.flock(lock, fcntl.LOCK_EX)
print("holding", flush=True)
time.sleep(600)
"""


def test_an_adapter_that_publishes_from_memory_keeps_no_copies_of_the_derived_files(tmp_path):
    """A staging folder that an adapter kept from an earlier version (every PDF and text under
    files/) is not read back build after build: the copies go, the pages stay."""
    from policy_engine.publishing.site import build_site
    from policy_engine.publishing.stage import StagedSite
    root = copy_project(tmp_path / "repo", SAMPLES)
    folder = tmp_path / "kept"
    environ = {"POLICY_TODAY": "2026-12-01", "POLICY_CACHE_DIR": str(tmp_path / "cache")}
    site = build_site(root, environ)
    StagedSite(folder).stage(site, "")
    assert (folder / "files" / "versions.json").is_file()
    memory = StagedSite(folder, files_on_disk=False)
    memory.stage(site, "")
    assert not (folder / "files").exists()
    assert (folder / "docs" / "en" / "index.md").is_file()
    published = tmp_path / "published"
    memory.publish_files(published)
    assert json.loads((published / "versions.json").read_text(encoding="utf-8"))["versions"]
    assert (published / "versions" / "2026-04-01" / "en.pdf").read_bytes().startswith(b"%PDF")
