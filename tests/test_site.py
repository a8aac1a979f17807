"""The real policy as the public sees it: both languages, dates, history, permanent version pages."""

from __future__ import annotations

import hashlib

import jsonschema

from conftest import FIRST_VERSIONS, heading, load_schema, text_of

FIRST = "2026-11-24"


def test_japanese_at_root_english_under_en(real_site):
    ja = real_site.html("/")
    en = real_site.html("/en/")
    assert ja.html["lang"] == "ja" and en.html["lang"] == "en"
    assert heading(ja.h1) == "プライバシーポリシー"
    assert heading(en.h1) == "Privacy Policy"
    # The effective date at the top, written as each language writes dates.
    assert "2026年11月24日施行" in text_of(ja.select_one(".policy-meta"))
    assert "Effective November 24, 2026" in text_of(en.select_one(".policy-meta"))


def test_policy_text_and_section_anchors_in_both_languages(real_site):
    ja, en = real_site.html("/"), real_site.html("/en/")
    for soup in (ja, en):
        ids = [h["id"] for h in soup.select("article h2[id], article h3[id]")]
        assert ids[:3] == ["definitions", "handling", "purposes-of-use"]
        assert "inquiries" in ids
    assert "当社のサービスを提供するため" in text_of(ja.select_one("#purposes-of-use").find_next("ul"))
    assert "to provide the Company's services;" in text_of(en.select_one("#purposes-of-use").find_next("ul"))


def test_language_switcher_keeps_the_reader_on_the_same_page(real_site):
    page = real_site.html(f"/versions/{FIRST}/")
    english = page.select_one('a[hreflang="en"]')
    assert english["href"].rstrip("/").endswith(f"en/versions/{FIRST}")
    back = real_site.html(f"/en/versions/{FIRST}/").select_one('a[hreflang="ja"]')
    assert back["href"].rstrip("/").endswith(f"versions/{FIRST}") and "/en/" not in back["href"]


def test_history_lists_every_version_with_status_and_link(real_site):
    rows = real_site.html("/history/").select("article table tbody tr")
    assert len(rows) == 1
    cells = [text_of(td) for td in rows[0].find_all("td")]
    assert cells[:2] == ["2026年11月24日", "現行"]
    assert rows[0].a["href"].rstrip("/").endswith(f"versions/{FIRST}")
    en_cells = [text_of(td) for td in real_site.html("/en/history/").select("article tbody tr td")]
    assert en_cells[:2] == ["November 24, 2026", "Current"]


def test_version_page_is_permanent_and_says_its_status(real_site):
    page = real_site.html(f"/versions/{FIRST}/")
    assert heading(page.h1) == "プライバシーポリシー（2026年11月24日施行）"
    assert "現在適用されているプライバシーポリシーです" in text_of(page.select_one(".admonition"))
    en = real_site.html(f"/en/versions/{FIRST}/")
    assert en.title.get_text().startswith("Privacy Policy (effective November 24, 2026)")


def test_manifest_follows_the_contract_and_the_sources(real_site):
    manifest = real_site.manifest()
    jsonschema.validate(manifest, load_schema("versions.schema.json"),
                        format_checker=jsonschema.FormatChecker())
    assert manifest["current"] == FIRST
    (entry,) = manifest["versions"]
    assert entry["url"] == {"ja": f"/versions/{FIRST}/", "en": f"/en/versions/{FIRST}/"}
    for lang in ("ja", "en"):
        stored = (FIRST_VERSIONS / FIRST / f"{lang}.md").read_bytes()
        assert entry["sha256"][lang] == hashlib.sha256(stored).hexdigest()
        assert (real_site.site / entry["url"][lang].strip("/") / "index.html").is_file()


def test_404_page_in_each_language(real_site):
    assert real_site.html("404.html").html["lang"] == "ja"
    assert real_site.html("en/404.html").html["lang"] == "en"


def test_strict_build_has_no_warning(real_site):
    assert "WARNING" not in real_site.output
