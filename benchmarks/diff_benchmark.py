"""How long one comparison takes: two 50,000-character Japanese texts, about 1% changed.

Run: .venv/bin/python benchmarks/diff_benchmark.py   (prints figures; asserts nothing)
"""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path

from policy_engine.changes.comparison import compare
from policy_engine.reading.document import parse_document
from policy_engine.changes.textdiff import diff_text, forget

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "project"  # frozen text: figures do not move with the live policy
TARGET = 50_000


def japanese_text(size: int) -> str:
    """Sections of the real policy's Japanese, renumbered until the text is `size` characters."""
    source = (FIXTURE / "policy_versions" / "2026-11-24" / "ja.md").read_text(encoding="utf-8")
    body = source.split("---\n", 2)[2]
    parts, index = ["---\ntitle: ベンチマーク\n---\n"], 0
    while sum(map(len, parts)) < size:
        index += 1
        parts.append(body.replace("{#", f"{{#r{index}-"))
    return "".join(parts)[:size]


def changed(text: str, fraction: float, seed: int = 7) -> str:
    """Replace about `fraction` of the characters, in phrases of 5 to 15, away from headings."""
    rng = random.Random(seed)
    chars = list(text)
    budget = int(len(text) * fraction)
    while budget > 0:
        start = rng.randrange(len(chars) - 20)
        if "#" in chars[start - 40:start + 20] or "\n" in chars[start:start + 15]:
            continue
        length = rng.randint(5, 15)
        chars[start:start + length] = list("改定後の文言" * 3)[:length]
        budget -= length
    return "".join(chars)


def timed(function, repeat: int = 7) -> float:
    runs = []
    for _ in range(repeat):
        forget()  # each run computes its diffs, as a first comparison of two texts does
        start = time.perf_counter()
        function()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    old = japanese_text(TARGET)
    new = changed(old, 0.01)
    ratio = sum(a != b for a, b in zip(old, new)) / len(old)
    old_doc = parse_document(old, Path("old/ja.md"), "ja")
    new_doc = parse_document(new, Path("new/ja.md"), "ja")
    text_seconds = timed(lambda: diff_text(old, new, "ja"))
    doc_seconds = timed(lambda: compare(old_doc, new_doc))
    print(f"texts: {len(old):,} and {len(new):,} characters, {ratio:.2%} of characters changed, "
          f"{len(old_doc.sections)} sections")
    print(f"diff_text (whole text, line/sentence/character levels): {text_seconds * 1000:.1f} ms (median of 7)")
    print(f"compare (section by section, as the site and `policy diff`): {doc_seconds * 1000:.1f} ms (median of 7)")
    print(f"goal: well under 200 ms -> {'met' if max(text_seconds, doc_seconds) < 0.2 else 'MISSED'}")


if __name__ == "__main__":
    main()
