"""The PDF of a version in one language: A4, the text as its page shows it, for filing.

The engine writes it (not a generator's plugin), with WeasyPrint: tagged PDF/UA-1 with the
document's language, the Japanese text in Noto Sans CJK JP (Debian's fonts-noto-cjk) embedded as
a subset, the version's date line as the site states it (versionfacts), its permanent address and
the page numbers in every footer. Nothing in it depends on the day or the machine's clock (no
creation date; the identifier is a hash of the content), so a build gives the same bytes every
time; each PDF is kept by the cache under the hash of what its HTML is made of, the renderer and
the fonts, so a build renders only the new ones.
"""

from __future__ import annotations

import ctypes
import hashlib
import html
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin

from . import urls
from ..core.cache import Cache, KeptFile
from ..reading.contact import Contact
from ..core.errors import PolicyError, Problem
from ..core.labels import label
from ..core.messages import Text
from ..reading.placeholders import fill_placeholders
from ..reading.rendering import render
from .version_facts import date_line, translation_notice, version_title
from ..reading.versions import Version

# Debian's fonts-noto-cjk (scripts/install-test-tools installs it): the one Japanese font, by its
# files, so that a missing package is an error naming it rather than a silent substitute.
FONT_PACKAGE = "fonts-noto-cjk"
FONT_FAMILY = "Noto Sans CJK JP"
FONT_FILES = (Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
              Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"))
# WeasyPrint lays text out with Pango and HarfBuzz (Debian: libpango-1.0-0, libpangoft2-1.0-0).
_PANGO = "libpango-1.0.so.0"
_HARFBUZZ = "libharfbuzz.so.0"
SYSTEM_PACKAGES = f"libpango-1.0-0 libpangoft2-1.0-0 {FONT_PACKAGE}"
PDF_VARIANT = "pdf/ua-1"

def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3c ") + '"'


def page_css(address: str) -> str:
    """A4, the permanent address and the page numbers in the footer."""
    return f"""
@page {{
  size: A4; margin: 22mm 20mm 24mm;
  @bottom-left {{ content: {_css_string(address)}; font-size: 7.5pt; color: #444; }}
  @bottom-right {{ content: counter(page) " / " counter(pages); font-size: 8pt; color: #444; }}
}}
html {{ font-family: "{FONT_FAMILY}"; font-size: 10pt; line-height: 1.75; color: #000; }}
html:lang(en) {{ line-height: 1.55; }}
:lang(ja) {{ line-break: strict; overflow-wrap: anywhere; }}
h1 {{ font-size: 15pt; line-height: 1.4; margin: 0 0 .6em; }}
h2 {{ font-size: 12pt; margin: 1.4em 0 .4em; break-after: avoid; }}
h3, h4, h5, h6 {{ font-size: 10.5pt; margin: 1.1em 0 .3em; break-after: avoid; }}
p, li {{ orphans: 2; widows: 2; }}
a {{ color: inherit; }}
.meta {{ color: #333; margin: 0 0 1.2em; }}
.note {{ border-left: 3pt solid #888; padding: .3em .8em; margin: 0 0 1.2em; background: #f3f3f3; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: .5pt solid #888; padding: .25em .4em; vertical-align: top; text-align: left; }}
address {{ font-style: normal; }}
"""


def _missing(what: Path | str, en: str, ja: str) -> PolicyError:
    return PolicyError([Problem(Path(what), Text(
        f"{en}: the PDFs of the versions cannot be made; install {SYSTEM_PACKAGES} "
        f"(`sudo apt-get install {SYSTEM_PACKAGES}`, or `make test-tools`)",
        f"{ja}。各版の PDF を作成できません。{SYSTEM_PACKAGES} をインストールしてください"
        f"（`sudo apt-get install {SYSTEM_PACKAGES}` または `make test-tools`）"))])


def _library_version(name: str, function: str) -> str:
    try:
        library = ctypes.CDLL(name)
    except OSError:
        raise _missing(name, f"the system library {name} is missing",
                       f"システムライブラリ {name} がありません") from None
    getter = getattr(library, function)
    getter.restype = ctypes.c_char_p
    return getter().decode()


_renderer_key: str | None = None


def renderer_key() -> str:
    """What besides the HTML decides a PDF's bytes: the fonts' files and the layout libraries
    (WeasyPrint's own version is in the engine's fingerprint). Cheap: nothing is imported."""
    global _renderer_key
    if _renderer_key is None:
        parts = []
        for font in FONT_FILES:
            if not font.is_file():
                raise _missing(font, f"the Japanese font is missing (Debian's {FONT_PACKAGE})",
                               f"日本語フォントがありません（Debian の {FONT_PACKAGE}）")
            status = font.stat()
            parts.append(f"{font}:{status.st_size}:{status.st_mtime_ns}")
        parts.append("pango " + _library_version(_PANGO, "pango_version_string"))
        parts.append("harfbuzz " + _library_version(_HARFBUZZ, "hb_version_string"))
        _renderer_key = "\n".join(parts)
    return _renderer_key


def permanent_url(version: Version, lang: str, site_url: str) -> str:
    """The version page's address, absolute where the site's address is known."""
    path = urls.site_path(urls.version_page(version.id, version.document.prefix), lang, urls.base_path(site_url))
    return urljoin(site_url, path) if "://" in site_url else path


def _source_parts(version: Version, lang: str, contact: Contact, site_url: str) -> tuple[str, ...]:
    """What a PDF's source is made of, its text not yet rendered: the PDF's key in the cache, so
    that a build renders the text of a version only for a PDF it makes (the engine's code, which
    decides the rest, and the renderer's version are in every key)."""
    doc = version.docs[lang]
    return (lang, version_title(version, lang), permanent_url(version, lang, site_url),
            translation_notice(version, lang) or "", date_line(version, lang),
            fill_placeholders(doc.body.strip(), contact, lang) + "\n")


def _html(lang: str, title: str, address: str, note: str, dates: str, text: str) -> str:
    """The PDF's source from its parts: the title, the date line and the translation notice as
    the version's page states them, then the text with the contact details that page shows."""
    note_html = f'<p class="note"><strong>{html.escape(label(lang, "translation_title"))}</strong>　' \
                f'{html.escape(note)}</p>\n' if note else ""
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{html.escape(title)}</title>\n"
            f"<style>{page_css(address)}</style>\n</head>\n<body>\n"
            f"<h1>{html.escape(title)}</h1>\n"
            f'<p class="meta">{html.escape(dates)}<br>'
            f'{html.escape(label(lang, "pdf_address"))}<a href="{html.escape(address)}">{html.escape(address)}</a></p>\n'
            f"{note_html}{render(text)}\n</body>\n</html>\n")


def _no_fetching(url: str, *args, **kwargs):
    # The text may hold no images or style sheets (markup.py); nothing is fetched, ever.
    raise ValueError(f"the PDF of a version loads nothing: {url}")


def render_pdf(source: str) -> bytes:
    """The PDF of an HTML document, the same bytes for the same document."""
    renderer_key()  # the fonts and libraries are there, or a clear error
    try:
        from weasyprint import HTML
    except OSError as exc:  # WeasyPrint loads Pango when it is imported
        raise _missing("weasyprint", f"WeasyPrint cannot load its libraries ({exc})",
                       f"WeasyPrint がライブラリを読み込めません（{exc}）") from None
    identifier = hashlib.sha256(source.encode("utf-8")).hexdigest()[:32].encode("ascii")
    return HTML(string=source, url_fetcher=_no_fetching).write_pdf(
        pdf_variant=PDF_VARIANT, pdf_tags=True, pdf_identifier=identifier)


def version_pdf(version: Version, lang: str, contact: Contact, site_url: str, cache: Cache,
                render_with: Callable[[str], bytes] = render_pdf) -> KeptFile:
    """The PDF, from the cache when this source was rendered before with these fonts and libraries."""
    parts = _source_parts(version, lang, contact, site_url)
    key = hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()
    return cache.remember_file("pdf", (key, renderer_key()), lambda: render_with(_html(*parts)))
