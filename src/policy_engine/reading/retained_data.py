"""The matters APPI Art. 32 asks to be where the principal can know them (保有個人データに関する事項),
as dated records in one source, retained-data.yml, kept like contact.yml (dated_records.py): the
matters in effect at the top with `since:`, the earlier ones under `previous:`.

The company's name and address are contact.yml's, the purposes of use the policy's; this file holds
the rest: the representative, the procedures for each kind of request, the fees, the security
control measures (or that they are answered on request, and where), where to file complaints and
the accredited organisation. A matter the company has not given stays empty (null): it is never
filled with a guess, `policy check` names it, and `policy check --release` blocks on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .contact import text_field
from .dated_records import DatedChange, DatedHistory, RecordKind, dated_record_problems, history_from_text
from ..core.errors import Problem
from ..core.law import retained_data_matters
from ..core.messages import Text
from .textinput import read_text
from .yamldata import Mapping, unknown_key_problems

REQUEST_KEYS = ("receipt", "identity", "agents", "electronic_disclosure", "third_party_records",
                "purposes_notification")
ON_REQUEST = "security_measures_on_request"  # instead of the measures: answered on request, and where
NOT_A_MEMBER = "none"  # accredited_organisation: none — the company confirmed it is a member of none
FIELDS = ("representative", *(f"requests.{key}" for key in REQUEST_KEYS), "fees", "security_measures",
          ON_REQUEST, "complaints", "accredited_organisation")
_TOP = {"representative", "requests", "fees", "security_measures", ON_REQUEST, "complaints",
        "accredited_organisation", "sample"}
_NOT_A_MEMBER_TEXT = {"ja": "当社は、認定個人情報保護団体の対象事業者ではありません。",
                      "en": "The company is not a member of any accredited personal information protection organisation."}


@dataclass(frozen=True)
class RetainedData:
    texts: dict[str, dict[str, str] | None]  # each of FIELDS: its text per language, None where unknown
    sample: bool = False  # SAMPLE DATA (tests, the demo): the page's title says so
    source: Path | None = None

    def get(self, key: str) -> dict[str, str] | None:
        return self.texts.get(key)

    def values(self) -> dict[str, dict[str, str] | None]:
        return dict(self.texts)

    def missing(self) -> list[dict]:
        """The matters of law.yml this record does not give, in the law's order."""
        result = []
        for matter in retained_data_matters():
            key = matter["key"]
            given = self.get(key) or (key == "security_measures" and self.get(ON_REQUEST))
            if not given:
                result.append(matter)
        return result


def read_retained_data(mapping: Mapping, path: Path, problems: list[Problem],
                       other_keys: frozenset[str] = frozenset(), record_line: int | None = None) -> RetainedData | None:
    data = mapping.data
    known = _TOP | other_keys
    start = len(problems)
    problems += unknown_key_problems(mapping, path, data, sorted(known))
    requests = data.get("requests")
    if requests is not None and not isinstance(requests, dict):
        problems.append(Problem(path, Text(
            f"requests must give its parts: {', '.join(REQUEST_KEYS)}",
            f"requests には {'、'.join(REQUEST_KEYS)} の各項目を記載してください"), mapping.line_of("requests")))
    elif isinstance(requests, dict):
        problems += unknown_key_problems(mapping, path, requests, REQUEST_KEYS, within="requests")
    texts: dict[str, dict[str, str] | None] = {}
    for key in FIELDS:
        if key == "accredited_organisation" and data.get(key) == NOT_A_MEMBER:
            texts[key] = dict(_NOT_A_MEMBER_TEXT)
        elif key.startswith("requests.") and not isinstance(requests, dict):
            texts[key] = None
        else:
            texts[key] = text_field(mapping, key, problems, path)
    if texts["security_measures"] and texts[ON_REQUEST]:
        problems.append(Problem(path, Text(
            f"give either security_measures (the measures taken) or {ON_REQUEST} (that they are answered "
            "on request without delay, and where), not both",
            f"security_measures（講じた措置）と {ON_REQUEST}（本人の求めに応じて遅滞なく回答する旨とその窓口）の"
            "どちらか一方を記載してください"), mapping.line_of(ON_REQUEST)))
    sample = data.get("sample")
    if sample is not None and not isinstance(sample, bool):
        problems.append(Problem(path, Text(f"sample: '{sample}' must be true or false",
                                           f"sample: 「{sample}」には true か false を記載してください。"),
                                mapping.line_of("sample")))
    if len(problems) > start:
        return None
    return RetainedData(texts, sample is True, path)


RETAINED_KIND: RecordKind[RetainedData] = RecordKind(
    read=read_retained_data, values=RetainedData.values,
    noun=Text("matters concerning retained personal data", "保有個人データに関する事項"),
    short=Text("matters", "事項"), what="retained-data.yml")
RetainedHistory = DatedHistory[RetainedData]
RetainedChange = DatedChange[RetainedData]


def load_retained_data(path: Path | None) -> RetainedHistory:
    """The dated matters; without the file, one record in which every matter is missing (the
    release check names the file)."""
    if path is None or not path.is_file():
        source = path or Path("retained-data.yml")
        return history_from_text("{}\n", source, RETAINED_KIND)
    return history_from_text(read_text(path), path, RETAINED_KIND)


def retained_record_problems(before: str, after: RetainedHistory, base: str, today, frozen: bool = True) -> list[Problem]:
    return dated_record_problems(before, after, base, today, frozen)


def field_label(key: str, lang: str) -> str:
    """A field's name for readers (the history's table of a change)."""
    if key == ON_REQUEST:
        return {"ja": "安全管理措置（求めに応じて回答）", "en": "Security control measures (answered on request)"}[lang]
    for matter in retained_data_matters():
        if matter["key"] == key:
            text = matter["label"][lang]
            return text[:1].upper() + text[1:] if lang == "en" else text
    return key


def missing_problems(history: RetainedHistory, severity: str = "warning") -> list[Problem]:
    """Each matter the record in effect does not give, at its line (or the file), naming the
    article and the question of LEGAL-REVIEW.md only the company can answer."""
    record = history.records[-1]
    problems = []
    for matter in record.value.missing():
        label, article, question = matter["label"], matter["article"], matter["question"]
        problems.append(Problem(history.source, Text(
            en=f"{label['en']} ({article['en']}) is not given: it must be where the principal can know it. "
               f"Record the company's answer to LEGAL-REVIEW.md {question} as `{matter['key']}` (never a guess)",
            ja=f"{label['ja']}（{article['ja']}）が記載されていません。本人の知り得る状態に置く必要がある事項です。"
               f"LEGAL-REVIEW.md の{question}への会社の回答を `{matter['key']}` に記載してください"
               "（推測で記載しないでください）。"),
            record.mapping.line_of(matter["key"]) if record.mapping.lines else None, severity=severity))
    return problems


__all__ = ["FIELDS", "RETAINED_KIND", "RetainedData", "RetainedHistory", "RetainedChange",
           "field_label", "load_retained_data", "missing_problems", "read_retained_data",
           "retained_record_problems"]
