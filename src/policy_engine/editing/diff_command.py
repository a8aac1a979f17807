"""`policy diff OLD NEW`: one comparison in the format asked for. Every format shows the same
changes, moves included (redline.py): text for a terminal, Markdown, a standalone HTML page, JSON."""

from __future__ import annotations

import html
import json
from pathlib import Path

from typing import TYPE_CHECKING

from ..core.errors import PolicyError, Problem
from ..core.labels import label
from ..core.messages import Text
from ..core.dates import format_date

if TYPE_CHECKING:
    from ..reading.versions import Version

FORMATS = ("text", "markdown", "html", "json")
_STYLE = """body{font-family:system-ui,"Hiragino Sans","Noto Sans CJK JP",sans-serif;line-height:1.7;max-width:60rem;margin:2rem auto;padding:0 1rem}
ins{background:#e6f4ea;text-decoration:underline}del{background:#fce8e6}table del{text-decoration:underline}
.policy-legend{text-align:right}table{border-collapse:collapse;width:100%}
td,th{border:1px solid #999;padding:.4rem;vertical-align:top}.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}"""


def find_version(versions: list[Version], version_id: str, folder: Path) -> Version:
    for version in versions:
        if version.id == version_id:
            return version
    raise unknown_version(version_id, [v.id for v in versions], folder)


def unknown_version(version_id: str, known: list[str], folder: Path) -> PolicyError:
    listed = ", ".join(known)
    return PolicyError([Problem(folder, Text(f"no version '{version_id}' (versions: {listed})",
                                             f"版 '{version_id}' はありません（版：{listed}）"))])


def render(old: Version, new: Version, lang: str, fmt: str, colour: bool = False) -> str:
    # Imported here: `policy` reads FORMATS for its help without loading the comparison engine.
    from ..changes.comparison import compare
    from ..changes.redline import comparison_json, comparison_markdown, comparison_text
    from ..reading.rendering import FRAGMENT_EXTENSIONS
    comparison = compare(old.docs[lang], new.docs[lang])
    if fmt == "json":
        return json.dumps(comparison_json(comparison, old.id, new.id), ensure_ascii=False, indent=2) + "\n"
    if fmt == "text":
        return comparison_text(comparison, colour=colour)
    title = label(lang, "compare_title", old=format_date(old.effective, lang), new=format_date(new.effective, lang))
    if fmt == "markdown":
        return f"# {title}\n\n" + comparison_markdown(comparison, site=False)
    import markdown  # only this format renders HTML
    body = markdown.markdown(f"# {title}\n\n" + comparison_markdown(comparison), extensions=FRAGMENT_EXTENSIONS)
    return (f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{html.escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")
