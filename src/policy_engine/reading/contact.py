"""The company's contact details: one source, validated, rendered for every place they appear."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.errors import Problem
from ..core.labels import label
from ..core.messages import Text
from .settings import LANGUAGES
from .yamldata import Mapping, unknown_key_problems

EMAIL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                   r"@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")
POSTAL_CODE = re.compile(r"^\d{3}-\d{4}$")
TELEPHONE = re.compile(r"^\+?[0-9][0-9 ()-]{5,}[0-9]$")

# Translatable fields: a plain text (the same in every language) or {ja: ..., en: ...}.
_TEXT_FIELDS = ("company", "department", "representative")
_ADDRESS_PARTS = ("prefecture", "city", "street", "building")
_REQUIRED = ("company", "department", "postal_code", "address", "email")
_REQUIRED_ADDRESS = ("prefecture", "city", "street")
_KNOWN = set(_TEXT_FIELDS) | {"postal_code", "address", "email", "telephone", "web_form"}

_LABELS = {
    "ja": {"email": "メールアドレス", "telephone": "電話番号", "web_form": "お問い合わせフォーム",
           "representative": "代表者", "country": "", "company": "名称", "department": "担当部署",
           "address": "住所"},
    "en": {"email": "E-mail address", "telephone": "Telephone", "web_form": "Contact form",
           "representative": "Representative", "country": "Japan", "company": "Name",
           "department": "Department", "address": "Address"},
}


def field_label(key: str, lang: str) -> str:
    """The name of a field of `Contact.values()` for readers."""
    return _LABELS[lang][key]


@dataclass(frozen=True)
class Contact:
    company: dict[str, str]
    department: dict[str, str]
    postal_code: str
    address: dict[str, dict[str, str]]  # part -> language -> text
    email: str
    representative: dict[str, str] | None = None
    telephone: str | None = None
    web_form: str | None = None
    source: Path | None = None

    def postal_address(self, lang: str) -> str:
        """One line, in the order of the language: large to small in Japanese, small to large in English."""
        parts = [self.address[p][lang] for p in _ADDRESS_PARTS if p in self.address]
        if lang == "ja":
            return f"〒{self.postal_code} " + "".join(parts[:3]) + (" " + parts[3] if len(parts) > 3 else "")
        return ", ".join(reversed(parts)) + f" {self.postal_code}, {_LABELS['en']['country']}"

    def _street(self, lang: str) -> str:
        parts = [self.address[p][lang] for p in ("street", "building") if p in self.address]
        return " ".join(parts) if lang == "ja" else ", ".join(reversed(parts))

    def lines(self, lang: str) -> list[tuple[str, str]]:
        """(label, text) lines of the contact block; an empty label means an unlabelled line."""
        result = [("", self.company[lang]), ("", self.department[lang]), ("", self.postal_address(lang))]
        if self.representative:
            result.append((_LABELS[lang]["representative"], self.representative[lang]))
        result.append((_LABELS[lang]["email"], self.email))
        if self.telephone:
            result.append((_LABELS[lang]["telephone"], self.telephone))
        if self.web_form:
            result.append((_LABELS[lang]["web_form"], self.web_form))
        return result

    def html(self, lang: str) -> str:
        """An <address> element; the e-mail a mailto link. Safe to put in Markdown or a template."""
        rendered = []
        for key_label, text in self.lines(lang):
            value = html.escape(text)
            if text == self.email:
                value = f'<a href="mailto:{html.escape(self.email, quote=True)}">{value}</a>'
            elif text == self.web_form:
                value = f'<a href="{html.escape(text, quote=True)}">{value}</a>'
            elif text == self.telephone:
                digits = re.sub(r"[^0-9+]", "", text)
                value = f'<a href="tel:{digits}">{value}</a>'
            separator = "：" if lang == "ja" else ": "
            rendered.append(f"{html.escape(key_label)}{separator}{value}" if key_label else value)
        return '<address class="policy-contact">' + "<br>\n".join(rendered) + "</address>"

    def values(self) -> dict[str, dict[str, str] | None]:
        """Each field as readers see it, per language: what a change of the details is made of."""
        def same(text: str | None) -> dict[str, str] | None:
            return {lang: text for lang in LANGUAGES} if text else None

        return {
            "company": self.company, "department": self.department,
            "address": {lang: self.postal_address(lang) for lang in LANGUAGES},
            "representative": self.representative, "email": same(self.email),
            "telephone": same(self.telephone), "web_form": same(self.web_form),
        }

    def json_ld(self, lang: str) -> dict[str, Any]:
        """schema.org Organization with PostalAddress and ContactPoint, fields as in the source."""
        other = [l for l in LANGUAGES if l != lang]
        address = {
            "@type": "PostalAddress",
            "postalCode": self.postal_code,
            "addressRegion": self.address["prefecture"][lang],
            "addressLocality": self.address["city"][lang],
            "streetAddress": self._street(lang),
            "addressCountry": "JP",
        }
        # contactType says what the contact is for; the department is the point's name.
        point: dict[str, Any] = {
            "@type": "ContactPoint",
            "contactType": label(lang, "contact_type"),
            "name": self.department[lang],
            "email": self.email,
        }  # no availableLanguage: the company has not said in which languages it answers
        if self.telephone:
            point["telephone"] = self.telephone
        if self.web_form:
            point["url"] = self.web_form
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "Organization",
            "name": self.company[lang],
            "alternateName": [self.company[l] for l in other if self.company[l] != self.company[lang]],
            "email": self.email,
            "address": address,
            "contactPoint": point,
        }
        if not data["alternateName"]:
            del data["alternateName"]
        if self.representative:
            data["employee"] = {"@type": "Person", "name": self.representative[lang],
                                "jobTitle": _LABELS[lang]["representative"]}
        return data


def text_field(mapping: Mapping, key: str, problems: list[Problem], path: Path) -> dict[str, str] | None:
    """A translatable field (`key`, dotted for nested ones): one text, or {ja: ..., en: ...}."""
    return _text(mapping, key, problems, path)


def _text(mapping: Mapping, key: str, problems: list[Problem], path: Path) -> dict[str, str] | None:
    value = mapping.data
    for part in key.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if value is None:
        return None
    if isinstance(value, (str, int)) and str(value).strip():
        return {lang: str(value).strip() for lang in LANGUAGES}
    if isinstance(value, dict):
        return bilingual(value, key, mapping, path, problems)
    problems.append(Problem(path, Text(f"{key} must be a text or {{ja: ..., en: ...}}",
                                       f"{key} は文字列か {{ja: ..., en: ...}} の形で記載してください"),
                            mapping.line_of(key)))
    return None


def bilingual(value: dict, key: str, mapping: Mapping, path: Path, problems: list[Problem]) -> dict[str, str] | None:
    """{ja: ..., en: ...} under `key`: each language's text, stripped; None, and a problem at its
    line, where a language is missing or unknown (the 公表 records read theirs so too)."""
    result = {}
    for lang in LANGUAGES:
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            problems.append(Problem(path, Text(
                f"{key} has no '{lang}' text: give it in {' and '.join(LANGUAGES)}",
                f"{key} に '{lang}' の記載がありません。{'と'.join(LANGUAGES)}の両方で記載してください"),
                mapping.line_of(key)))
        else:
            result[lang] = text.strip()
    for lang in value:
        if lang not in LANGUAGES:
            problems.append(Problem(path, Text(f"{key} has an unknown language '{lang}'",
                                               f"{key} に不明な言語 '{lang}' があります"),
                                    mapping.line_of(f"{key}.{lang}")))
    return result if len(result) == len(LANGUAGES) else None


def read_contact(mapping: Mapping, path: Path, problems: list[Problem],
                 other_keys: frozenset[str] = frozenset(), record_line: int | None = None) -> Contact | None:
    """One set of contact details from `mapping`; what is wrong goes to `problems` (with lines).
    `other_keys` are keys the caller reads itself (the dated records' `since`, `previous`);
    `record_line` is where the record starts, named when a field is missing (none for the top)."""
    data = mapping.data
    known = _KNOWN | other_keys
    start = len(problems)
    problems += unknown_key_problems(mapping, path, data, sorted(known))
    for key in _REQUIRED:
        if key not in data or data[key] in (None, ""):
            problems.append(Problem(path, Text(f"required field '{key}' is missing",
                                               f"必須の項目 '{key}' がありません"), record_line))
    texts = {key: _text(mapping, key, problems, path) for key in _TEXT_FIELDS}

    address: dict[str, dict[str, str]] = {}
    raw_address = data.get("address")
    if raw_address is not None and not isinstance(raw_address, dict):
        problems.append(Problem(path, Text(
            "address must give its parts: prefecture, city, street, building (optional)",
            "address には prefecture、city、street、building（任意）の各項目を記載してください"),
            mapping.line_of("address")))
    elif isinstance(raw_address, dict):
        problems += unknown_key_problems(mapping, path, raw_address, _ADDRESS_PARTS, within="address")
        for part in _ADDRESS_PARTS:
            value = _text(mapping, f"address.{part}", problems, path)
            if value:
                address[part] = value
            elif part in _REQUIRED_ADDRESS and raw_address.get(part) is None:
                problems.append(Problem(path, Text(f"required field 'address.{part}' is missing",
                                                   f"必須の項目 'address.{part}' がありません"),
                                        mapping.line_of("address")))

    postal = data.get("postal_code")
    if postal is not None and not POSTAL_CODE.match(str(postal)):
        problems.append(Problem(path, Text(
            f"postal_code '{postal}' is not of the form NNN-NNNN (for example 810-0042)",
            f"postal_code '{postal}' は NNN-NNNN の形（例：810-0042）ではありません"),
            mapping.line_of("postal_code")))
    email = data.get("email")
    if email is not None and not (isinstance(email, str) and EMAIL.match(email)):
        problems.append(Problem(path, Text(f"email '{email}' is not a valid e-mail address",
                                           f"email '{email}' は有効なメールアドレスではありません"),
                                mapping.line_of("email")))
    telephone = data.get("telephone")
    if telephone is not None and not TELEPHONE.match(str(telephone)):
        problems.append(Problem(path, Text(f"telephone '{telephone}' is not a telephone number",
                                           f"telephone '{telephone}' は電話番号ではありません"),
                                mapping.line_of("telephone")))
    web_form = data.get("web_form")
    if web_form is not None and not str(web_form).startswith("https://"):
        problems.append(Problem(path, Text(f"web_form '{web_form}' must be an https:// address",
                                           f"web_form '{web_form}' は https:// で始まるアドレスにしてください"),
                                mapping.line_of("web_form")))
    if len(problems) > start:
        return None
    return Contact(
        company=texts["company"], department=texts["department"], postal_code=str(postal),
        address=address, email=email, representative=texts["representative"],
        telephone=str(telephone) if telephone else None, web_form=web_form, source=path,
    )

