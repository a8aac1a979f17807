"""The contact details come from contact.yml alone and appear wherever they belong."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from conftest import FIRST_VERSIONS, FIXTURE, _fields, build_ok, dated_contact, text_of

JA_ADDRESS = "〒810-0042 福岡県福岡市中央区赤坂2丁目4-5 Châtelet Succés 104"
EN_ADDRESS = "104 Châtelet Succés, 2-4-5 Akasaka, Chuo Ward, Fukuoka City, Fukuoka Prefecture 810-0042, Japan"


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html"))


def lang_of(site: Path, page: Path) -> str:
    return "en" if page.relative_to(site).parts[0] == "en" else "ja"


def test_version_texts_hold_no_copy_of_the_address():
    for path in FIRST_VERSIONS.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        assert "810-0042" not in text and "info@medmain.com" not in text, path
        assert "{{ contact }}" in text


def test_inquiries_section_of_every_version_in_both_languages(sample_site):
    for lang, prefix, address in (("ja", "", JA_ADDRESS), ("en", "en/", EN_ADDRESS)):
        for version in sample_site.manifest()["versions"]:
            page = sample_site.html(f"{prefix}versions/{version['id']}/")
            block = page.select_one("#inquiries").find_next("address")
            assert address in text_of(block)
            assert block.find("a", href="mailto:info@medmain.com").get_text() == "info@medmain.com"


def test_contact_page_per_language(real_site):
    ja = real_site.html("/contact/")
    en = real_site.html("/en/contact/")
    assert ja.title.get_text().startswith("お問い合わせ窓口")
    assert en.title.get_text().startswith("Contact")
    assert text_of(ja.select_one("article address")) == (
        f"メドメイン株式会社 経営管理部 {JA_ADDRESS} メールアドレス：info@medmain.com")
    assert text_of(en.select_one("article address")) == (
        f"Medmain Inc. Dept. of Corporate Administration {EN_ADDRESS} E-mail address: info@medmain.com")


def test_footer_and_json_ld_on_every_page_equal_the_source(real_site):
    source = yaml.safe_load((FIXTURE / "contact.yml").read_text(encoding="utf-8"))
    from bs4 import BeautifulSoup
    checked = 0
    for path in pages(real_site.site):
        lang = lang_of(real_site.site, path)
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        footer = text_of(soup.select_one(".policy-footer address"))
        assert (JA_ADDRESS if lang == "ja" else EN_ADDRESS) in footer, path
        data = json.loads(soup.find("script", type="application/ld+json").string)
        assert data["@type"] == "Organization"
        assert data["name"] == source["company"][lang]
        assert data["email"] == data["contactPoint"]["email"] == source["email"]
        assert data["address"]["postalCode"] == source["postal_code"]
        assert data["address"]["addressRegion"] == source["address"]["prefecture"][lang]
        assert data["address"]["addressLocality"] == source["address"]["city"][lang]
        assert source["address"]["street"][lang] in data["address"]["streetAddress"]
        assert data["address"]["addressCountry"] == "JP"
        assert data["contactPoint"]["@type"] == "ContactPoint"
        checked += 1
    assert checked >= 8


def test_one_edit_moves_the_office_everywhere(project):
    """The only version is in effect: a dated change of contact.yml reaches every page (the
    record of the change itself is tested in test_contact_changes)."""
    before = build_ok(project)
    for path in pages(before.site):
        assert ("赤坂2丁目4-5" if lang_of(before.site, path) == "ja" else "2-4-5 Akasaka") in path.read_text(encoding="utf-8")

    contact = project / "contact.yml"
    text = contact.read_text(encoding="utf-8")
    text = text.replace("street: {ja: 赤坂2丁目4-5, en: 2-4-5 Akasaka}", "street: {ja: 天神1丁目1-1, en: 1-1-1 Tenjin}")
    contact.write_text(dated_contact("2026-11-25", details=_fields(text.replace("info@medmain.com", "privacy@medmain.com"))),
                       encoding="utf-8")
    after = build_ok(project)

    for path in pages(after.site):
        html = path.read_text(encoding="utf-8")
        assert ("天神1丁目1-1" if lang_of(after.site, path) == "ja" else "1-1-1 Tenjin") in html, path
        assert "privacy@medmain.com" in html, path
        # the old address remains only where the change is recorded
        assert ("赤坂" in html or "Akasaka" in html) == (path.parent.name == "history"), path


def test_optional_fields_when_legal_confirms_them(tmp_path):
    from policy_engine.reading.contact_history import load_contacts
    source = (FIXTURE / "contact.yml").read_text(encoding="utf-8")
    path = tmp_path / "contact.yml"
    path.write_text(source + "representative: {ja: 山田太郎（サンプル）, en: Taro Yamada (sample)}\n"
                    "telephone: 092-000-0000\nweb_form: https://example.com/form\n", encoding="utf-8")
    contact = load_contacts(path).newest
    html = contact.html("en")
    assert "Representative: Taro Yamada (sample)" in html
    assert '<a href="tel:0920000000">092-000-0000</a>' in html
    assert '<a href="https://example.com/form">https://example.com/form</a>' in html
    data = contact.json_ld("ja")
    assert data["contactPoint"]["telephone"] == "092-000-0000" and data["contactPoint"]["url"] == "https://example.com/form"
    assert data["employee"]["name"] == "山田太郎（サンプル）"


def test_web_form_must_be_https_and_unknown_fields_are_named(tmp_path):
    from policy_engine.reading.contact_history import load_contacts
    from policy_engine.core.errors import PolicyError
    import pytest
    path = tmp_path / "contact.yml"
    path.write_text((FIXTURE / "contact.yml").read_text(encoding="utf-8") + "web_form: http://x\nfax: 1\n", encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_contacts(path)
    messages = [p.format() for p in caught.value.problems]
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert f"{path}:{lines - 1}: error: web_form 'http://x' must be an https:// address" in messages
    assert any(f"{path}:{lines}: error: unknown field 'fax'" in m for m in messages)
