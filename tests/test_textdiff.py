"""Granularity of the comparison, and the reconstruction rule of the diff contract."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, reject, settings
from hypothesis import strategies as st

from policy_engine.changes.comparison import compare
from policy_engine.reading.document import parse_document
from policy_engine.core.errors import PolicyError
from policy_engine.changes.textdiff import ATOMIC, diff_text, diff_with_moves, line_key, sentences, tokenize


def changes(ops):
    return [(tag, text) for tag, text in ops if tag != "equal"]


def old_of(ops):
    return "".join(text for tag, text in ops if tag != "insert")


def new_of(ops):
    return "".join(text for tag, text in ops if tag != "delete")


def test_a_changed_japanese_word_is_one_change():
    ops = diff_text("従業者に対し、必要かつ適切な監督を行います。", "従業者に対し、必要かつ適切な監視を行います。", "ja")
    assert changes(ops) == [("delete", "監督"), ("insert", "監視")]


def test_a_continued_verb_marks_only_the_new_words():
    ops = diff_text("料金を請求するため", "料金を請求し、支払を確認するため", "ja")
    assert changes(ops) == [("insert", "し、支払を確認")]


def test_one_word_inside_a_compound_is_the_change():
    ops = diff_text("当社は、法令上必要な範囲で取り扱います。", "当社は、法令上不可欠な範囲で取り扱います。", "ja")
    assert changes(ops) == [("delete", "必要"), ("insert", "不可欠")]


def test_an_inserted_japanese_phrase_is_one_insertion():
    ops = diff_text("従業者に対し、監督を行います。", "従業者に対し、必要かつ適切な監督を行います。", "ja")
    assert changes(ops) == [("insert", "必要かつ適切な")]


def test_a_rewritten_sentence_is_one_deletion_and_one_insertion():
    old = "当社は、個人情報を適正に取得し、偽りその他不正の手段により取得しません。次の文は同じです。"
    new = "当社は、法令に従い個人データを取り扱うものとし、必要な措置を講じます。次の文は同じです。"
    ops = diff_text(old, new, "ja")
    assert changes(ops) == [
        ("delete", "個人情報を適正に取得し、偽りその他不正の手段により取得しません"),
        ("insert", "法令に従い個人データを取り扱うものとし、必要な措置を講じます"),
    ]
    assert ops[0] == ("equal", "当社は、") and ops[-1] == ("equal", "。次の文は同じです。")


def test_english_compares_whole_words():
    ops = diff_text("- to bill for service usage fees;\n", "- to bill for service fees and confirm payment;\n", "en")
    assert changes(ops) == [("delete", "usage fees"), ("insert", "fees and confirm payment")]
    ops = diff_text("The Company shall use data.", "The Company shall process data.", "en")
    assert changes(ops) == [("delete", "use"), ("insert", "process")]


def test_list_items_are_compared_as_blocks():
    old = "- a first purpose;\n- a second purpose;\n- a third purpose.\n"
    new = "- a first purpose;\n- a third purpose.\n"
    assert changes(diff_text(old, new, "en")) == [("delete", "- a second purpose;\n")]


def _doc(body: str, lang: str = "en"):
    return parse_document(f"---\ntitle: T\n---\n{body}", Path(f"{lang}.md"), lang)


def test_sections_matched_by_id():
    old = _doc("## 1. A {#a}\n\nalpha\n\n## 2. B {#b}\n\nbeta\n\n## 3. C {#c}\n\ngamma\n\n## 4. D {#d}\n\ndelta\n")
    new = _doc("## 1. A renamed {#a}\n\nalpha\n\n## 3. C {#c}\n\ngamma\n\n## 4. D {#d}\n\ndelta\n\n"
               "## 2. B {#b}\n\nbeta\n\n## 5. E {#e}\n\nepsilon\n")
    statuses = {s.id: s.status for s in compare(old, new).sections}
    assert statuses == {"a": "changed", "c": "unchanged", "d": "unchanged", "b": "moved", "e": "added"}
    removed = compare(new, old)
    assert {s.id: s.status for s in removed.sections}["e"] == "removed"


def test_identical_versions_have_no_changes():
    doc = _doc("## 1. A {#a}\n\nalpha\n")
    assert not compare(doc, doc).has_changes


_texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=120)
_japanese = st.text(st.sampled_from("個人情報の利用目的を変更した場合は、本人に通知し、又は公表します。ア漢字かなカナ\n- *`|<>"), max_size=120)


@settings(max_examples=300, deadline=None)
@given(old=_texts | _japanese, new=_texts | _japanese, lang=st.sampled_from(["ja", "en"]))
def test_ops_give_back_both_texts(old, new, lang):
    ops = diff_text(old, new, lang)
    assert old_of(ops) == old and new_of(ops) == new
    assert all(text for _, text in ops)
    assert all(a[0] != b[0] for a, b in zip(ops, ops[1:]) if "equal" in (a[0], b[0]))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abcdef"), _japanese), min_size=1, max_size=6, unique_by=lambda t: t[0]),
       st.lists(st.tuples(st.sampled_from("abcdef"), _japanese), min_size=1, max_size=6, unique_by=lambda t: t[0]))
def test_sections_give_back_both_texts(old_sections, new_sections):
    def body(sections):
        return "".join(f"## {key} {{#{key}}}\n{text.replace('#', '')}\n" for key, text in sections)
    try:
        old, new = _doc(body(old_sections), "ja"), _doc(body(new_sections), "ja")
    except PolicyError:
        reject()  # a text the engine refuses (an underlined heading, say) is never compared
    result = compare(old, new)
    by_id_old = {s.id: s.source for s in old.sections}
    by_id_new = {s.id: s.source for s in new.sections}
    for change in result.sections:
        if change.id in by_id_old:
            assert old_of(change.ops) == by_id_old[change.id]
        if change.id in by_id_new:
            assert new_of(change.ops) == by_id_new[change.id]
    assert {c.id for c in result.sections} == set(by_id_old) | set(by_id_new)


def test_a_link_whose_url_holds_parentheses_is_one_unit():
    url = "https://example.com/files/Privacy%20Policy%20(07.22.20)(fr).pdf"
    old = f"See the [French version]({url}) of this policy."
    new = f"See the [French version]({url.replace('07.22.20', '08.01.21')}) of this policy."
    assert changes(diff_text(old, new, "en")) == [
        ("delete", f"[French version]({url})"), ("insert", f"[French version]({url.replace('07.22.20', '08.01.21')})")]
    assert f"[French version]({url})" in tokenize(old, "ja")


def test_a_sentence_end_inside_a_link_does_not_cut_it():
    text = "詳しくは[こちら。ご覧ください](https://example.jp/a.b (x))をご覧ください。次の文。"
    assert sentences(text) == ["詳しくは[こちら。ご覧ください](https://example.jp/a.b (x))をご覧ください。", "次の文。"]


def test_a_reordered_list_item_is_a_move():
    old = "- first purpose;\n- second purpose;\n- third purpose; and\n- fourth purpose.\n"
    new = "- first purpose;\n- third purpose;\n- fourth purpose; and\n- second purpose.\n"
    ops, moves = diff_with_moves(old, new, "en")
    assert old_of(ops) == old and new_of(ops) == new
    assert len(moves) == 1
    move = moves[0]
    assert ops[move.old] == ("delete", "- second purpose;\n") and ops[move.new] == ("insert", "- second purpose.\n")
    assert (move.old_line, move.new_line) == (1, 3)
    # the other lines moved no words: only their joining punctuation changes
    assert [op for i, op in enumerate(ops) if op[0] != "equal" and i not in (move.old, move.new)] == [
        ("delete", " and"), ("delete", "."), ("insert", "; and")]


_url_chars = st.sampled_from(list("abc()[]/.%_-:") + list("個人情報（）「」"))
_links = st.builds(lambda text, url, image: f"{'!' if image else ''}[{text}]({url})",
                   st.text(st.sampled_from(list("ab 個人[]")), min_size=1, max_size=6).filter(
                       lambda t: t.count("[") == t.count("]") and "[]" not in t and t.find("]") >= t.find("[")),
                   st.text(_url_chars, max_size=20).filter(lambda u: _balanced(u)), st.booleans())
_units = _links | st.sampled_from(["`code (1)`", "<br>", '<a href="x(1)">', "{{ contact }}", "``a`b``"])
_pieces = st.lists(_units | st.text(st.sampled_from("個人情報の利用目的を、変更します。 and or ()[]"), max_size=8), max_size=8)


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0 or depth > 2:
            return False
    return depth == 0 and "[" not in text and "]" not in text


def _unit_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in ATOMIC.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(old=_pieces, new=_pieces, lang=st.sampled_from(["ja", "en"]))
def test_links_images_code_and_tags_are_never_split(old, new, lang):
    old, new = "".join(old), "".join(new)
    ops = diff_text(old, new, lang)
    assert old_of(ops) == old and new_of(ops) == new
    for text, keep in ((old, "delete"), (new, "insert")):
        cuts, position = set(), 0
        for tag, piece in ops:
            if tag in ("equal", keep):
                position += len(piece)
                cuts.add(position)
        for start, end in _unit_spans(text):
            assert not any(start < cut < end for cut in cuts), (text[start:end], ops)


_PURPOSES = ["当社のサービスを提供するため", "サービスの利用料金を請求するため", "お問い合わせに対応するため",
             "to provide the Company's services", "to bill for service usage fees", "新たなサービスの開発等に役立てるため"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PURPOSES), unique=True, min_size=1), st.data(), st.sampled_from(["ja", "en"]),
       st.sampled_from([";", "", "。", "; and"]))
def test_moves_pair_a_deletion_with_an_insertion_of_the_same_line(old_items, data, lang, end):
    new_items = data.draw(st.permutations(old_items))
    new_items = new_items[:data.draw(st.integers(0, len(new_items)))] + data.draw(st.lists(st.sampled_from(["新しい目的", "a new purpose"]), max_size=2))
    old = "前文\n\n" + "".join(f"- {item}{end}\n" for item in old_items)
    new = "前文\n\n" + "".join(f"- {item}\n" for item in new_items)
    ops, moves = diff_with_moves(old, new, lang)
    assert old_of(ops) == old and new_of(ops) == new
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    for move in moves:
        assert ops[move.old] == ("delete", old_lines[move.old_line])
        assert ops[move.new] == ("insert", new_lines[move.new_line])
        assert line_key(old_lines[move.old_line]) == line_key(new_lines[move.new_line])
    kept = [item for item in old_items if item in new_items]
    # every kept purpose is either in its place among the others or moved: never deleted
    deleted = "".join(t for i, (tag, t) in enumerate(ops) if tag == "delete" and i not in {m.old for m in moves})
    assert not any(f"- {item}" in deleted for item in kept)


# The fast paths of textdiff (one regular-expression scan for sentences, a bit-parallel longest
# common subsequence) against the plain definitions they replaced: the same ops, so the same site.

def _sentences_by_pieces(text: str) -> list[str]:
    import re
    result, current = [], ""
    pieces = [m.group(0) for m in re.finditer(rf"{ATOMIC.pattern}|.", text, re.S)]
    for index, piece in enumerate(pieces):
        current += piece
        following = pieces[index + 1] if index + 1 < len(pieces) else ""
        if len(piece) == 1 and (piece in "。！？" or (piece in ".!?;:" and following.isspace())):
            while index + 1 < len(pieces) and pieces[index + 1].isspace():
                index += 1
                current += pieces[index]
                pieces[index] = ""
            result.append(current)
            current = ""
    if current:
        result.append(current)
    return [s for s in result if s]


def _lcs_by_table(a, b):
    from policy_engine.changes.textdiff import merge
    n, m = len(a), len(b)
    lengths = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            lengths[i][j] = lengths[i + 1][j + 1] + 1 if a[i] == b[j] else max(lengths[i + 1][j], lengths[i][j + 1])
    ops, i, j = [], 0, 0
    while i < n and j < m:
        if a[i] == b[j] and lengths[i][j] == lengths[i + 1][j + 1] + 1:
            ops.append(("equal", a[i]))
            i, j = i + 1, j + 1
        elif lengths[i + 1][j] >= lengths[i][j + 1]:
            ops.append(("delete", a[i]))
            i += 1
        else:
            ops.append(("insert", b[j]))
            j += 1
    return merge(ops + [("delete", t) for t in a[i:]] + [("insert", t) for t in b[j:]])


_sentence_text = st.lists(st.sampled_from(list("ab 。！？.!?;:\n\t　") + ["[x](y.z)", "![i](p. q)", "`c. d`", "<i>", "{#a.b}",
                                                                      "{{ x. y }}", "[a. b]"]), max_size=30).map("".join)


@settings(max_examples=500, deadline=None)
@given(text=_sentence_text | _texts | _japanese)
def test_sentences_cut_where_the_character_by_character_rule_cuts(text):
    assert sentences(text) == _sentences_by_pieces(text)


@settings(max_examples=500, deadline=None)
@given(a=st.lists(st.sampled_from("abcde"), max_size=40), b=st.lists(st.sampled_from("abcde"), max_size=40))
def test_the_bit_parallel_subsequence_gives_the_table_s_ops(a, b):
    from policy_engine.changes.textdiff import _lcs_ops
    assert _lcs_ops(a, b) == _lcs_by_table(a, b)
