"""Work done once: what is derived from texts that never change (checks, comparisons, rendered
pages) is kept by content in the cache folder and reused by the next build, which publishes
exactly the same site. Timings are in benchmarks/, not here: these tests check what is reused
and that reusing never changes a byte of what is published."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import SAMPLES, build_ok, copy_project, policy, replace_once

TODAY = "2026-12-01"


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def rendered(output: str) -> tuple[int, int]:
    """(pages rendered, pages reused) as the build log says, both languages."""
    found = re.findall(r"policy: (\d+) pages rendered, (\d+) reused from the cache", output)
    assert found, output
    return sum(int(a) for a, _ in found), sum(int(b) for _, b in found)


def test_a_second_build_reuses_every_page_and_publishes_the_same_site(sample_project, tmp_path):
    first = build_ok(sample_project, TODAY)
    assert (sample_project / ".cache" / "policy").is_dir()  # the default place, ignored by git
    assert ".cache/" in (Path(__file__).parents[1] / ".gitignore").read_text(encoding="utf-8").split()
    cold_rendered, cold_reused = rendered(first.output)
    assert cold_rendered > 0 and cold_reused == 0
    again = build_ok(sample_project, TODAY, site=tmp_path / "again")
    assert rendered(again.output) == (0, cold_rendered)
    assert files(again.site) == files(first.site)
    # and without any cache, the very same site
    uncached = build_ok(sample_project, TODAY, site=tmp_path / "uncached", POLICY_CACHE_DIR="off")
    assert rendered(uncached.output) == (cold_rendered, 0)
    assert files(uncached.site) == files(first.site)


def test_an_edit_of_the_newest_version_renders_only_the_pages_that_show_it(sample_project, tmp_path):
    build_ok(sample_project, TODAY)
    newest = sample_project / "policy_versions" / "2027-01-10" / "en.md"  # announced, not yet in effect
    newest.write_text(replace_once(newest.read_text(encoding="utf-8"), "Personal Information", "personal information"),
                      encoding="utf-8")
    edited = build_ok(sample_project, TODAY, site=tmp_path / "edited")
    # its English page and its comparison with the version before it: the wording is not a purpose,
    # so the notice is as it was; nothing in Japanese, nothing of the other versions
    assert rendered(edited.output) == (2, 34)  # 34: every other page of both languages (the Art. 32 page, the register of publications and the page comparing any two among them), reused
    assert "personal information" in (edited.site / "en" / "versions" / "2027-01-10" / "index.html").read_text()
    fresh = build_ok(copy_project(tmp_path / "fresh", sample_project / "policy_versions"), TODAY,
                     POLICY_CACHE_DIR="off")
    assert files(edited.site) == files(fresh.site)


def test_the_cache_folder_is_a_setting_and_a_damaged_entry_is_computed_again(sample_project, tmp_path):
    cache = tmp_path / "kept-by-ci"
    first = build_ok(sample_project, TODAY, POLICY_CACHE_DIR=str(cache))
    packs = sorted((cache / "packs").glob("*.pack"))
    assert len(packs) == 1 and len(list((cache / "packs").glob("*.idx"))) == 1  # the build's own, indexed
    assert not (sample_project / ".cache").exists()
    (pack,) = packs
    data = bytearray(pack.read_bytes())
    for at in range(0, len(data) // 2, len(data) // 40):  # bytes of records changed: a disk's damage
        data[at] ^= 0x20
    pack.write_bytes(bytes(data[: len(data) * 3 // 4]))  # and its end lost (a disk full, a copy cut short)
    again = build_ok(sample_project, TODAY, site=tmp_path / "again", POLICY_CACHE_DIR=str(cache))
    assert rendered(again.output)[0] > 0  # what was damaged is rendered again, not read
    assert files(again.site) == files(first.site)


def test_a_cache_from_another_history_is_never_mistaken_for_this_one(tmp_path):
    """Entries are keyed by the texts' content: a copy with other texts under the same version
    ids, built with the same cache folder, gets its own comparisons."""
    cache = tmp_path / "shared"
    one = copy_project(tmp_path / "one", SAMPLES)
    build_ok(one, TODAY, POLICY_CACHE_DIR=str(cache))
    two = copy_project(tmp_path / "two", SAMPLES)
    text = two / "policy_versions" / "2026-04-01" / "ja.md"
    text.write_text(replace_once(text.read_text(encoding="utf-8"), "統計データを作成するため", "統計データを作成し、公表するため"),
                    encoding="utf-8")
    built = build_ok(two, TODAY, POLICY_CACHE_DIR=str(cache))
    page = (built.site / "compare" / "2025-10-01" / "2026-04-01" / "index.html").read_text(encoding="utf-8")
    assert "公表する" in page
    shutil.rmtree(cache)
    assert files(build_ok(two, TODAY, site=tmp_path / "clean", POLICY_CACHE_DIR=str(cache)).site) == files(built.site)


def test_short_commands_read_only_what_they_print(sample_project):
    """`policy versions` reads no text, `policy announce` and `policy diff` only their versions':
    a broken text elsewhere is `policy check`'s to report, and does not stop them."""
    broken = sample_project / "policy_versions" / "2025-04-01" / "ja.md"
    broken.write_text("no front matter, no sections\n", encoding="utf-8")
    listed = policy(sample_project, "versions", POLICY_TODAY=TODAY)
    assert listed.returncode == 0, listed.stderr
    assert [line.split()[0] for line in listed.stdout.splitlines()] == [
        "2025-04-01", "2025-10-01", "2026-04-01", "2027-01-10"]
    announced = policy(sample_project, "announce", "2027-01-10", "--format", "json", POLICY_TODAY=TODAY)
    assert announced.returncode == 0, announced.stderr
    compared = policy(sample_project, "diff", "2026-04-01", "2027-01-10", POLICY_TODAY=TODAY)
    assert compared.returncode == 0 and compared.stdout
    assert policy(sample_project, "diff", "2025-04-01", "2027-01-10").returncode == 1  # it reads that one
    unknown = policy(sample_project, "announce", "2030-01-01")
    assert unknown.returncode == 1
    assert ("no version '2030-01-01' (versions: 2025-04-01, 2025-10-01, 2026-04-01, 2027-01-10, 2027-07-01)"
            in unknown.stderr)
    assert policy(sample_project, "check", POLICY_TODAY=TODAY).returncode == 1


def comparison_sections(output: str) -> tuple[int, int]:
    """(changed sections of the comparisons rendered as Markdown, reused) as the build log says."""
    found = re.search(r"policy: .*comparison sections: (\d+) rendered, (\d+) reused", output)
    assert found, output
    return int(found.group(1)), int(found.group(2))


def fragments(output: str) -> dict[str, tuple[int, int]]:
    """Per language, (fragments of pages rendered, reused) as the build log says."""
    found = re.findall(r"policy: \d+ pages rendered, \d+ reused from the cache \((\w+)\); of the pages' "
                       r"fragments, (\d+) rendered, (\d+) reused", output)
    assert len(found) == 2, output
    return {lang: (int(a), int(b)) for lang, a, b in found}


def test_a_new_version_taking_effect_renders_only_the_sections_it_changed(tmp_path):
    """The sample's 2027-07-01 rewrites one subsection, 3.(3) on anonymously processed information.
    On the day it takes effect, every comparison with the current version is new, and every
    version page's header links to another comparison with the current version; but a passage
    already rendered, in any comparison or on any version page, whatever pages its links lead
    to, is not rendered again."""
    project = copy_project(tmp_path / "project", SAMPLES)
    before = build_ok(project, "2027-01-11")  # 2027-01-10 in effect; 2027-07-01 not yet announced
    assert "current 2027-01-10" in before.output
    after = build_ok(project, "2027-07-02", site=tmp_path / "after")
    assert "current 2027-07-01" in after.output
    # Per language, as Markdown: 3.(3) against its old text (the same in every older version: once),
    # its parent 3., which now has a change below it, and 2.(1) of 2026-04-01, which until now was
    # only compared with its successor in a 新旧対照表 and is now compared with the current version
    # in a redline; in the 新旧対照表 of 2027-01-10 and 2027-07-01, 3.(3). Everything else is reused.
    assert comparison_sections(after.output) == (8, 22)
    # As HTML, per language: the headers of the 4 new comparisons and of the 2 version pages whose
    # status changed (the others only link elsewhere: 3 reused); the new 新旧対照表; in the
    # redlines, the three sections above and the lists of unchanged sections that read as no list
    # before (one that reads as in a comparison with 2027-01-10, its links leading elsewhere, is
    # reused); of the new version's page, only 3.(3). Before links were kept apart: 21 rendered.
    assert fragments(after.output) == {"ja": (16, 109), "en": (16, 109)}
    cold = build_ok(copy_project(tmp_path / "cold", SAMPLES), "2027-07-02")
    assert all(rendered > 21 for rendered, _ in fragments(cold.output).values())
    # and the site is byte for byte the one MkDocs renders from whole pages, without any cache
    whole = build_ok(copy_project(tmp_path / "whole", SAMPLES), "2027-07-02", POLICY_CACHE_DIR="off",
                     POLICY_WHOLE_PAGES="1")
    assert fragments(whole.output) == {"ja": (0, 0), "en": (0, 0)}
    assert files(after.site) == files(whole.site) == files(cold.site)


def test_pages_put_together_from_fragments_are_the_pages_rendered_whole(tmp_path):
    """On a drifting history (sentences rewritten all over the text, sections added and removed,
    nested headings), a site whose pages are put together from fragments rendered once each is
    byte for byte the site rendered page by page."""
    from histories import day_after, make_project
    root = make_project(tmp_path / "drifting", 8, drifting=True)
    built = build_ok(root, day_after(8))
    assert all(reused > 0 for _, reused in fragments(built.output).values())  # passages shared by pages
    whole = build_ok(root, day_after(8), site=tmp_path / "whole", POLICY_CACHE_DIR="off", POLICY_WHOLE_PAGES="1")
    assert files(built.site) == files(whole.site)


def test_the_theme_is_compiled_once_for_later_builds_and_an_edited_template_again(sample_project, tmp_path):
    """Material's templates and the overrides are compiled by the first build and kept in the
    cache folder; an edited template, or a damaged entry, is compiled again."""
    build_ok(sample_project, TODAY, POLICY_CACHE_DIR="cache")
    compiled = sorted((sample_project / "cache" / "templates").glob("*.jinja"))
    assert len(compiled) > 10  # main.html, base.html, the partials...

    def stamps() -> dict[Path, int]:
        return {entry: entry.stat().st_mtime_ns for entry in (sample_project / "cache" / "templates").glob("*.jinja")}
    before = stamps()
    footer = sample_project / "overrides" / "partials" / "copyright.html"
    footer.write_text(footer.read_text(encoding="utf-8").replace("</div>", "<p>footer-edited</p></div>"),
                      encoding="utf-8")
    edited = build_ok(sample_project, TODAY, site=tmp_path / "edited", POLICY_CACHE_DIR="cache")
    for page in ("index.html", "en/history/index.html", "en/compare/2025-04-01/2025-10-01/index.html"):
        assert "<p>footer-edited</p>" in (edited.site / page).read_text(encoding="utf-8"), page
    # The second build read what the first compiled: only the edited template was compiled again.
    after = stamps()
    assert len([entry for entry in before if after[entry] != before[entry]]) == 1
    for entry in (sample_project / "cache" / "templates").glob("*.jinja"):
        entry.write_bytes(b"damaged")
    again = build_ok(sample_project, TODAY, site=tmp_path / "again", POLICY_CACHE_DIR="cache")
    assert files(again.site) == files(edited.site)
    assert all(entry.read_bytes() != b"damaged" for entry in compiled)  # compiled again, and kept
