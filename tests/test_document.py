"""Markdown structure: titles, sections with explicit ids, labels; nothing of the text is lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_engine.reading.document import parse_document
from policy_engine.core.errors import PolicyError

P = Path("ja.md")


def test_title_from_front_matter_or_first_heading():
    assert parse_document("---\ntitle: 題名\n---\n本文\n", P, "ja").title == "題名"
    doc = parse_document("# プライバシーポリシー\n\n前文\n\n## 1. 定義 {#definitions}\n\n本文\n", P, "ja")
    assert doc.title == "プライバシーポリシー"
    assert doc.preamble == "\n前文\n\n"  # the title heading is the page's, not the body's


def test_sections_with_numbers_labels_and_lines():
    text = "---\ntitle: T\n---\n## 2. 個人情報の取扱い {#handling}\n\n### (1) 利用目的 {#purposes-of-use}\n\n- a\n"
    doc = parse_document(text, P, "ja")
    handling, purposes = doc.sections
    assert (handling.id, handling.number, handling.title, handling.line) == ("handling", "2.", "個人情報の取扱い", 4)
    assert (purposes.label, purposes.title, purposes.line) == ("2.(1)", "利用目的", 6)
    assert purposes.body == "\n- a\n"


def test_headings_inside_code_or_comments_are_text():
    doc = parse_document("# T\n\n    ## code {#c}\n\n<!--\n## hidden {#h}\n-->\n\n## A {#a}\n", P, "en")
    assert [s.id for s in doc.sections] == ["a"]


@pytest.mark.parametrize(("heading", "message"), [
    ("## Untagged", "heading 'Untagged' has no explicit id"),
    ("## Bad {#Bad_Id}", "section id 'Bad_Id' must be lower-case"),
    ("## Twice {#a}", "section id 'a' is used twice (first at line 3)"),
])
def test_heading_problems_name_the_line(heading, message):
    with pytest.raises(PolicyError) as caught:
        parse_document(f"# T\n\n## First {{#a}}\n\n{heading}\n", P, "en")
    (problem,) = caught.value.problems
    assert problem.line == 5 and message in problem.text("en")


# Arbitrary Unicode lines, Japanese among them, with none of Markdown's structure marks (headings,
# underlines, lists, HTML, quotes): the structure is the sections' alone.
_line = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
                              blacklist_characters="#=-<>*+_[]`{}!|&\\~:.\u00a0"), max_size=40).filter(
    lambda s: not s[:1].isspace())
_japanese_line = st.text(st.characters(min_codepoint=0x3040, max_codepoint=0x30FF) | st.sampled_from("個人情報の利用目的、。"), max_size=30)
_body = st.lists(_line | _japanese_line, max_size=5).map(lambda lines: "".join(l + "\n" for l in lines))
_section = st.tuples(st.sampled_from(["##", "###"]), _japanese_line | _line, _body)


@settings(max_examples=200, deadline=None)
@given(preamble=_body, sections=st.lists(_section, max_size=6))
def test_preamble_and_sections_give_back_the_body(preamble, sections):
    text = "---\ntitle: 題\n---\n" + preamble
    for index, (marks, heading, body) in enumerate(sections):
        text += f"{marks} {heading.strip()} {{#s{index}}}\n{body}"
    doc = parse_document(text, P, "ja")
    assert [s.id for s in doc.sections] == [f"s{i}" for i in range(len(sections))]
    assert doc.preamble + "".join(s.source + s.gap for s in doc.sections) == text.split("---\n", 2)[2]
    assert all(not s.source.endswith("\n\n") and not s.gap.strip() for s in doc.sections)
