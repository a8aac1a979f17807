"""Lists written for GitHub, on the site: correctness and cost of the ways to get there (issue 20).

Prints, for the SAMPLE history tests/fixtures/github-history (26 versions x 2 languages) and for
generated nested lists, how many texts show GitHub's (CommonMark's) lists under: Python-Markdown as
configured before, mdx_truly_sane_lists (if installed; nested_indent 2), and the engine's staging
(githublists.for_python_markdown + sane_lists); and the staging's cost per version. Figures only.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

import markdown

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from policy_engine.reading.frontmatter import split_front_matter  # noqa: E402
from policy_engine.reading.github_lists import for_python_markdown, github_html, list_shapes  # noqa: E402

BEFORE = ["attr_list", "admonition", "tables", "md_in_html", "toc"]


def corpus() -> list[str]:
    texts = []
    for path in sorted((ROOT / "tests/fixtures/github-history/policy_versions").glob("*/*.md")):
        texts.append(split_front_matter(path.read_text(encoding="utf-8"), path)[1])
    return texts


def generated(count: int = 500) -> list[str]:
    rng = random.Random(20)
    words = ["氏名", "住所", "the name", "e-mail"]
    out = []
    for _ in range(count):
        step, depth, lines = rng.choice([2, 4]), 0, []
        for _ in range(rng.randint(1, 8)):
            depth = rng.randint(0, min(depth + 1, 3))
            lines.append(" " * (depth * step) + rng.choice(["-", "*"]) + " " + rng.choice(words))
            if rng.random() < 0.2:
                lines.append(rng.choice(words))
        out.append(rng.choice(["", "Intro:\n"]) + "\n".join(lines) + "\n")
    return out


def score(name: str, texts: list[str], convert) -> None:
    good = sum(list_shapes(convert(t)) == list_shapes(github_html(t)) for t in texts)
    print(f"  {name:42} {good:4}/{len(texts)} texts show GitHub's lists")


def main() -> None:
    for label, texts in (("fixture history (26 versions x 2 languages)", corpus()), ("generated nested lists", generated())):
        print(label)
        score("Python-Markdown as before", texts, lambda t: markdown.markdown(t, extensions=BEFORE))
        try:
            import mdx_truly_sane_lists  # noqa: F401
            score("mdx_truly_sane_lists (nested_indent 2)", texts, lambda t: markdown.markdown(
                t, extensions=BEFORE + ["mdx_truly_sane_lists"],
                extension_configs={"mdx_truly_sane_lists": {"nested_indent": 2}}))
        except ImportError:
            print("  mdx_truly_sane_lists: not installed (pip install mdx-truly-sane-lists to compare)")
        score("engine staging + sane_lists", texts, lambda t: markdown.markdown(
            for_python_markdown(t), extensions=BEFORE + ["sane_lists"]))
    texts = corpus()
    for_python_markdown.cache_clear()
    start = time.perf_counter()
    for text in texts:
        for_python_markdown(text)
    staging = (time.perf_counter() - start) / (len(texts) / 2)
    start = time.perf_counter()
    for text in texts:
        markdown.markdown(text, extensions=BEFORE)
    rendering = (time.perf_counter() - start) / (len(texts) / 2)
    print(f"cost per version (ja + en): staging {staging * 1000:.2f} ms; Python-Markdown rendering "
          f"{rendering * 1000:.2f} ms for comparison")


if __name__ == "__main__":
    main()
