"""What a browser needs to compare any two versions without a server, computed once per version
and language: each section's lines cut into sentences and tokens exactly as textdiff.py cuts
them (SudachiPy for Japanese), and the purposes of use as purposediff.py reads them (its units,
each item's plain text and words). docs/assets/compare/compare.js runs the engine's diff
(textdiff, purposes.match_items, purposediff, comparison) on these and never segments Japanese,
strips Markdown or splits sentences itself; tests/test_compare_any.py holds it to the Python's
ops on many generated pairs.

A version's data depends on its text alone: it is kept by content (cache.py) like a comparison.
"""

from __future__ import annotations

import json

from ..core.cache import NO_CACHE, Cache
from ..changes.comparison import PREAMBLE_ID, _preamble
from ..reading.document import Document, Section
from ..changes.purpose_diff import _item_text, _units
from ..changes.purposes import PURPOSES_ID, _words
from ..changes.textdiff import _split_ending, sentences, tokenize

FORMAT = 1  # the shape compare.js reads: a change of shape is a new number


def _line(line: str, lang: str) -> list:
    """[ending, tokens of each sentence...]: the tokens of a sentence join to the sentence, the
    sentences to the line without its ending."""
    body, ending = _split_ending(line)
    return [ending] + [tokenize(sentence, lang) for sentence in sentences(body)]


def _section(section: Section, lang: str) -> dict:
    entry = {"id": section.id, "level": section.level, "label": section.label, "title": section.title,
             "line": section.line,
             "lines": [_line(line, lang) for line in section.source.splitlines(keepends=True)]}
    if section.id == PURPOSES_ID:
        # [lines in the unit, the item's plain text, its words]; a line around the list: [1].
        entry["units"] = [[text.count("\n") + (not text.endswith("\n")), _item_text(text), _words(_item_text(text), lang)]
                          if is_item else [1] for is_item, text in _units(section.source)]
    return entry


def document_data(doc: Document) -> dict:
    lang = doc.lang
    preamble = _preamble(doc)
    return {"format": FORMAT, "lang": lang,
            "preamble": _section(preamble, lang) | {"id": PREAMBLE_ID},
            "sections": [_section(section, lang) for section in doc.sections]}


def version_data_json(version, lang: str, cache: Cache = NO_CACHE) -> str:
    """The JSON file of one version in one language (compact: it travels to the browser)."""
    return cache.remember("compare-data", (lang, version.id, version.sha256(lang)), lambda: json.dumps(
        {"version": version.id} | document_data(version.docs[lang]), ensure_ascii=False, separators=(",", ":")))
