"""Drifting histories (SAMPLE DATA, never published): text that changes a little with every
revision, as real policies do, at the size of a real policy.

The first version is the given policy (the fixture's, from histories.py) with supplementary
sections added until the English text is about 45,000 characters (the Japanese about 16,000, the
same content). Each later version takes the one before it and rewrites 3 to 5% of its sentences
(a different word, a qualifier, a clarification), so that an old version drifts further and
further from the current one; every eighth version adds a section and another eighth removes
one, and every tenth changes a purpose of use (announced 40 days ahead by
histories.write_history, as the law requires). Both languages change in step.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field


TARGET_EN_CHARS = 45_000
_SENTENCE = {"ja": re.compile(r"(?<=。)"), "en": re.compile(r"(?<=[.;])\s+(?=[A-Z(])")}

# Supplementary provisions, built from aligned phrases: each sentence exists in both languages.
_TOPICS = [("医療画像データ", "medical image data"), ("診療情報", "clinical information"),
           ("お問い合わせの記録", "records of inquiries"), ("アクセスログ", "access logs"),
           ("契約に関する情報", "contract information"), ("研究協力者の情報", "information on research partners"),
           ("採用応募者の情報", "information on job applicants"), ("端末の識別子", "device identifiers")]
_MEASURES = [("アクセス権限を必要最小限に制限します", "limits access rights to the minimum necessary"),
             ("記録を一定期間保存します", "keeps records for a fixed period"),
             ("定期的に取扱状況を点検します", "reviews the handling regularly"),
             ("暗号化した上で保管します", "stores it encrypted"),
             ("取扱いの手順を文書で定めます", "sets out the handling procedures in writing"),
             ("委託先の管理状況を確認します", "checks how contractors manage it")]
_QUALIFIERS = [("必要に応じて", "where necessary, "), ("速やかに", "promptly, "), ("合理的な範囲で", "within a reasonable scope, "),
               ("法令に従い", "in accordance with laws and regulations, ")]
_SWAPS = {"ja": [("取り扱います", "適正に取り扱います"), ("保管します", "安全に保管します"), ("当社は", "当社は、原則として"),
                 ("お客様", "ご本人"), ("提供します", "適切に提供します")],
          "en": [("handles", "properly handles"), ("stores", "securely stores"), ("The Company", "The Company, as a rule,"),
                 ("customers", "individuals"), ("provides", "duly provides")]}


@dataclass
class Paragraph:
    sentences: dict[str, list[str]]  # per language
    fixed: bool = False  # headings, list items, placeholders: never rewritten


@dataclass
class Section:
    id: str
    heading: dict[str, str]  # "## 5. 補則 {#...}" per language, without the id
    paragraphs: list[Paragraph] = field(default_factory=list)
    generated: bool = False  # may be removed by a later version


def _parse(texts: dict[str, str]) -> tuple[dict[str, str], list[Section]]:
    """The texts' front matter and sections, paragraph by paragraph, aligned by section id."""
    heads, bodies = {}, {}
    for lang, text in texts.items():
        _, front, rest = text.split("---\n", 2)
        heads[lang] = "---\n" + front + "---\n"
        bodies[lang] = re.split(r"\n(?=#{2,6} )", rest.strip("\n"))
    sections = []
    for blocks in zip(bodies["ja"], bodies["en"]):
        chunks = {lang: block.split("\n\n") for lang, block in zip(("ja", "en"), blocks)}
        first = chunks["ja"][0]
        match = re.search(r"\{#([\w-]+)\}", first) if first.startswith("#") else None
        section = Section(match.group(1) if match else "preamble",
                          {lang: chunks[lang][0] if match else "" for lang in chunks})
        start = 1 if match else 0
        for ja, en in zip(chunks["ja"][start:], chunks["en"][start:]):
            fixed = ja.startswith(("-", "#", "{{", "|")) or "\n" in ja.strip()
            section.paragraphs.append(Paragraph({"ja": [ja] if fixed else _split(ja, "ja"),
                                                 "en": [en] if fixed else _split(en, "en")}, fixed))
        sections.append(section)
    return heads, sections


def _split(text: str, lang: str) -> list[str]:
    return [s for s in _SENTENCE[lang].split(text.strip()) if s]


def _generated_section(number: int, rng: random.Random) -> Section:
    section = Section(f"supplement-{number}", {"ja": f"### 補則{number} {{#supplement-{number}}}",
                                               "en": f"### Supplementary provision {number} {{#supplement-{number}}}"},
                      generated=True)
    for _ in range(6):
        ja, en = [], []
        for _ in range(4):
            topic, measure, qualifier = rng.choice(_TOPICS), rng.choice(_MEASURES), rng.choice(_QUALIFIERS)
            ja.append(f"当社は、{topic[0]}について、{qualifier[0]}{measure[0]}。")
            en.append(f"For {topic[1]}, the Company {qualifier[1]}{measure[1]}.")
        section.paragraphs.append(Paragraph({"ja": ja, "en": en}))
    return section


def _render(heads: dict[str, str], sections: list[Section], lang: str) -> str:
    out = [heads[lang]]
    for section in sections:
        blocks = ([section.heading[lang]] if section.heading[lang] else [])
        blocks += ["".join(p.sentences[lang]) if lang == "ja" else " ".join(p.sentences[lang])
                   for p in section.paragraphs]
        out.append("\n\n".join(blocks))
    return "\n\n".join(out).rstrip("\n") + "\n"


_MARK = {"ja": re.compile(r"（第\d+版で明確化）"), "en": re.compile(r" \(clarified in revision \d+\)")}


def _rewrite(sentence: str, lang: str, n: int, rng: random.Random) -> str:
    """Another wording of one sentence, about as long as before (so the text drifts without
    growing): a word swapped one way or back, or a clarification added or renumbered."""
    swaps = [(a, b) for a, b in _SWAPS[lang] if a in sentence or b in sentence]
    if swaps and rng.random() < 0.5:
        old, new = rng.choice(swaps)
        return sentence.replace(new, old, 1) if new in sentence else sentence.replace(old, new, 1)
    mark = "（第{n}版で明確化）" if lang == "ja" else " (clarified in revision {n})"
    if _MARK[lang].search(sentence):
        return _MARK[lang].sub(mark.format(n=n), sentence, count=1)
    end = len(sentence.rstrip("。.;"))
    return sentence[:end] + mark.format(n=n) + sentence[end:]


class DriftingHistory:
    """Versions one after another, each from the one before it."""

    def __init__(self, first: dict[str, str], seed: int = 20261201) -> None:
        """`first`: the texts the history starts from, by language (the policy's sections)."""
        self.rng = random.Random(seed)
        self.heads, self.sections = _parse(first)
        inquiries = next(i for i, s in enumerate(self.sections) if s.id == "inquiries")
        self.next_number = 1
        while len(_render(self.heads, self.sections, "en")) < TARGET_EN_CHARS:
            self.sections.insert(inquiries, _generated_section(self.next_number, self.rng))
            self.next_number += 1
            inquiries += 1
        self.purpose_count = 0
        self.version = 0

    def _advance(self, n: int) -> None:
        """Version n from version n - 1."""
        free = [(s, p) for s in self.sections for p in s.paragraphs if not p.fixed]
        sentences = [(p, i) for _, p in free for i in range(len(p.sentences["ja"]))]
        for paragraph, index in self.rng.sample(sentences, max(1, round(len(sentences) * self.rng.uniform(0.03, 0.05)))):
            for lang in ("ja", "en"):
                texts = paragraph.sentences[lang]
                at = min(index, len(texts) - 1)
                texts[at] = _rewrite(texts[at], lang, n, self.rng)
        if n % 8 == 0:
            inquiries = next(i for i, s in enumerate(self.sections) if s.id == "inquiries")
            self.sections.insert(inquiries, _generated_section(self.next_number, self.rng))
            self.next_number += 1
        if n % 8 == 4:
            generated = [s for s in self.sections if s.generated]
            if len(generated) > 1:
                self.sections.remove(self.rng.choice(generated))
        if n % 10 == 0:
            self._change_purposes(n)

    def _change_purposes(self, n: int) -> None:
        section = next(s for s in self.sections if s.id == "purposes-of-use")
        items = next(p for p in section.paragraphs if p.fixed and p.sentences["ja"][0].startswith("-"))
        self.purpose_count += 1
        items.sentences["ja"][0] += f"\n- 第{n}版で定める研究開発のため"
        items.sentences["en"][0] += f"\n- for the research and development set out in revision {n};"

    def text(self, lang: str, n: int) -> str:
        """Version n's text; versions are made one after another, so n never goes back."""
        while self.version < n:
            self.version += 1
            self._advance(self.version)
        return _render(self.heads, self.sections, lang)
