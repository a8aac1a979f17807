"""The page that compares any two versions (compare/): two labelled selects, and the redline
written by docs/assets/compare/compare.js from each chosen version's data (compare_data.py),
fetched only once chosen. Without JavaScript the form stays hidden and the page lists the
comparisons that have pages of their own (each version with the one before it, each
superseded one with the current one), which need no script."""

from __future__ import annotations

import html
import json

from . import urls
from ..core.labels import LABELS, label
from .pages import SitePage, _front_matter
from ..reading.markup import plain_markdown
from ..reading.timeline import Timeline
from .version_facts import version_name
from ..reading.versions import Version

SCRIPT = "assets/compare/compare.js"  # docs/assets/compare/compare.js, at the site root
# Words compare.js writes into the page, by its names for them.
_SCRIPT_LABELS = {
    "ins_start": "ins_start", "ins_end": "ins_end", "del_start": "del_start", "del_end": "del_end",
    "preamble": "preamble", "no_changes": "no_changes", "unchanged": "unchanged",
    "added_section": "added_section", "removed_section": "removed_section", "moved": "moved",
    "moved_from": "moved_from", "meta_separator": "meta_separator", "legend": "compare_legend",
    "result_title": "compare_any_result", "loading": "compare_any_loading", "same_version": "compare_any_same",
    "failed": "compare_any_failed", "changed_count": "compare_any_changed", "page_of_pair": "compare_any_page_of_pair",
}


def data_path(version_id: str, lang: str, prefix: str = "") -> str:
    """Where a version's data in one language is published, from the site root (under its
    document's prefix)."""
    return f"{prefix}{urls.COMPARE_DATA_DIR}/{version_id}.{lang}.json"


def _to_root(src: str, lang: str) -> str:
    """The relative path from the page `src` to the site root ("../" or "../../")."""
    return "../" * urls.site_path(src, lang).strip("/").count("/") + "../"


def _name(version: Version, lang: str) -> str:
    name = version_name(version, lang)
    return name[:1].upper() + name[1:]


def _select(field: str, key: str, timeline: Timeline, chosen: Version, lang: str) -> str:
    options = "".join(
        f'<option value="{v.id}" data-name="{html.escape(version_name(v, lang))}"'
        f'{" selected" if v is chosen else ""}>'
        f'{html.escape(label(lang, "compare_any_option", name=_name(v, lang), status=label(lang, timeline.status(v))))}'
        f"</option>" for v in reversed(timeline.versions))
    return (f'<p><label for="policy-compare-{field}">{label(lang, key)}</label>\n'
            f'<select id="policy-compare-{field}" name="{field}">{options}</select></p>\n')


def compare_any_page(timeline: Timeline, lang: str) -> SitePage | None:
    """None with fewer than two public versions: there is nothing to choose."""
    versions = timeline.versions
    if len(versions) < 2:
        return None
    prefix = timeline.prefix
    src = prefix + urls.COMPARE_ANY
    title = label(lang, "compare_any")
    root = _to_root(src, lang)
    current = timeline.current
    before = timeline.previous(current) or next(v for v in versions if v is not current)
    words = {name: LABELS[lang][key] for name, key in _SCRIPT_LABELS.items()}  # {where}, {count}: the script's
    # No "<" or "&" in the script element: nothing in a label can end it.
    words_json = json.dumps(words, ensure_ascii=False).replace("<", "\\u003c").replace("&", "\\u0026")
    links = []
    for version in reversed(versions):
        pairs = [(kind, old, new) for kind, (old, new) in timeline.comparisons(version).items()]
        if not pairs:
            continue
        page_links = label(lang, "meta_separator").join(
            f"[{label(lang, 'compare_' + kind)}]({urls.link(src, urls.compare_page(old.id, new.id, prefix))})"
            f'{{ data-from="{old.id}" data-to="{new.id}" }}' for kind, old, new in pairs)
        name = plain_markdown(_name(version, lang))
        links.append("- " + label(lang, "compare_any_item", links=page_links,
                                  version=f"[{name}]({urls.link(src, urls.version_page(version.id, prefix))})"))
    markdown = (
        _front_matter(title) + f"# {title} {{#title}}\n\n{label(lang, 'compare_any_intro')}\n\n"
        f'<form id="policy-compare-form" class="policy-compare-form" method="get" hidden '
        # the script fills {id} and {lang}: the same path as the files site.py writes
        f'data-lang="{lang}" data-data="{root}{data_path("{id}", "{lang}", prefix)}">\n'
        + _select("from", "compare_any_from", timeline, before, lang)
        + _select("to", "compare_any_to", timeline, current, lang)
        + f'<p><button type="submit">{label(lang, "compare_any_submit")}</button></p>\n'
        f"</form>\n"
        f'<noscript><p>{label(lang, "compare_any_noscript")}</p></noscript>\n'
        f'<p id="policy-compare-status" role="status" aria-live="polite"></p>\n'
        f'<div id="policy-compare-result"></div>\n\n'
        f"## {label(lang, 'compare_any_pages')} {{#compare-pages}}\n\n{label(lang, 'compare_any_pages_intro')}\n\n"
        + "\n".join(links) + "\n\n"
        f'<script type="application/json" id="policy-compare-labels">{words_json}</script>\n'
        f'<script src="{root}{SCRIPT}"></script>\n')
    return SitePage(lang, src, markdown)
