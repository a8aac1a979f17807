"""The policy's link to the register of publications concerning anonymously processed information
(publication_pages.py): a site note under the heading of section 3, added by the page, since the
policy's text is a record and is never edited for it."""

from __future__ import annotations

import re

from . import urls
from ..core.labels import label

SECTION_ID = "anonymously-processed-information"
_SECTION_HEADING = re.compile(rf"^(#{{2,6}} [^\n]*\{{#{SECTION_ID}\}}[^\n]*)$", re.MULTILINE)


def with_register_link(text: str, lang: str, src: str) -> str:
    """`text` (the policy's Markdown, whole or a piece of it) with the note after that heading."""
    note = label(lang, "publications_link", link=urls.link(src, urls.PUBLICATIONS))
    return _SECTION_HEADING.sub(lambda m: f"{m.group(1)}\n\n{note}\n{{ .policy-site-note }}", text, count=1)
