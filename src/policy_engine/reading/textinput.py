"""Text files as the engine reads them: UTF-8 only, one kind of line ending, nothing invisible.

Every reader of a version, contact, glossary or settings file goes through `read_text`, so the
check and the build see the same text. What is refused is named with its file and line: a byte
order mark, another encoding (Shift_JIS, EUC-JP, UTF-16), NUL and other control characters,
Unicode line separators (Python would split lines there, Markdown would not) and bidirectional
controls (they make a reviewer read something other than what is published).
Line endings are normalised to LF before anything compares or hashes the text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

from ..core.errors import PolicyError, Problem
from ..core.messages import Text

MAX_BYTES = 1_000_000  # a policy text is tens of kilobytes; this bounds every later step

_BOMS = ((b"\xef\xbb\xbf", "UTF-8"), (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"))
_ALLOWED_CONTROLS = {"\t", "\n", "\r"}
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)}
_LINE_SEPARATORS = {"\u2028", "\u2029"}
# The same characters as `_refused` names, as one class: a clean text is passed in one scan.
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufeff"
                      + "".join(sorted(_BIDI | _LINE_SEPARATORS)) + "]")


LINKED_FILE = Text("is a symbolic link: the repository publishes only its own files; copy the file here",
                   "シンボリックリンクです。リポジトリ内のファイルだけを公開します。ファイルそのものを置いてください")


def read_text(path: Path) -> str:
    """The text of `path`, validated and with LF line endings; or PolicyError naming the problem."""
    if path.is_symlink():
        raise PolicyError([Problem(path, LINKED_FILE)])
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise PolicyError([Problem(path, Text(
                f"is {size:,} bytes: the limit is {MAX_BYTES:,} bytes",
                f"{size:,} バイトあります。上限は {MAX_BYTES:,} バイトです"))])
        data = path.read_bytes()
    except FileNotFoundError:
        raise PolicyError([Problem(path, Text("the file does not exist", "ファイルがありません"))]) from None
    except IsADirectoryError:
        raise PolicyError([Problem(path, Text("is a folder, not a file",
                                              "ファイルではなくフォルダです"))]) from None
    except OSError as exc:
        raise PolicyError([Problem(path, Text(f"cannot be read ({exc.strerror})",
                                              f"読み込めません（{exc.strerror}）"))]) from None
    return decode_text(data, path)


def decode_text(data: bytes, path: Path) -> str:
    """Bytes to validated text with LF line endings (see the module's docstring)."""
    if len(data) > MAX_BYTES:
        raise PolicyError([Problem(path, Text(f"is {len(data):,} bytes: the limit is {MAX_BYTES:,} bytes",
                                              f"{len(data):,} バイトあります。上限は {MAX_BYTES:,} バイトです"))])
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            raise PolicyError([Problem(path, Text(
                f"starts with a {encoding} byte order mark (BOM): save it as UTF-8 without BOM",
                f"{encoding} のバイト順マーク（BOM）で始まっています。BOM なしの UTF-8 で保存してください"), 1)])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        found = _guess_encoding(data)
        raise PolicyError([Problem(path, Text(
            f"is not UTF-8 text (byte 0x{data[exc.start]:02x}{found.en}): save it as UTF-8",
            f"UTF-8 のテキストではありません（バイト 0x{data[exc.start]:02x}{found.ja}）。"
            "UTF-8 で保存してください"), line)]) from None
    text = normalise_newlines(text)
    if not _REFUSED.search(text):
        return text
    problems = []
    for number, line in enumerate(text.split("\n"), 1):
        bad = refused_character(line)
        if bad is not None:
            name = _describe(bad)
            problems.append(Problem(path, Text(
                f"contains {name.en}: remove it (only printable text, tabs and line breaks are accepted)",
                f"{name.ja}が含まれています。削除してください（使える文字は表示される文字、タブ、改行だけです）"),
                number))
        if len(problems) >= 10:
            break
    if problems:
        raise PolicyError(problems)
    return text


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF: an editor's line endings are not a change to the policy."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def refused_character(text: str) -> str | None:
    """The first character of `text` that no input may hold, or None."""
    return next((c for c in text if _refused(c)), None)


def _refused(char: str) -> bool:
    if char in _ALLOWED_CONTROLS:
        return False
    return (unicodedata.category(char) in ("Cc", "Cs") or char in _BIDI or char in _LINE_SEPARATORS
            or char == "\ufeff")


def _describe(char: str) -> Text:
    code = f"U+{ord(char):04X}"
    if char == "\0":
        return Text(f"a NUL character ({code})", f"NUL 文字（{code}）")
    if char == "\ufeff":
        return Text(f"a byte order mark ({code})", f"バイト順マーク（{code}）")
    if char in _BIDI:
        return Text(f"an invisible bidirectional control ({code})", f"目に見えない双方向制御文字（{code}）")
    if char in _LINE_SEPARATORS:
        return Text(f"a Unicode line separator ({code})", f"Unicode の行区切り文字（{code}）")
    return Text(f"a control character ({code})", f"制御文字（{code}）")


def _guess_encoding(data: bytes) -> Text:
    """Say what the bytes look like, so the editor knows which setting of their editor to change."""
    if data.count(b"\0") > len(data) // 4:
        return Text(", it looks like UTF-16", "。UTF-16 のようです")
    for encoding, name in (("shift_jis", "Shift_JIS"), ("euc_jp", "EUC-JP"), ("cp932", "Shift_JIS")):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return Text(f", it looks like {name}", f"。{name} のようです")
    return Text("", "")


def first_line(path: Path, matches: Callable[[str], bool]) -> int | None:
    """The number of the first line of `path` that `matches`, for a message to point at (None when
    there is none or the file cannot be read: the message then names the file alone)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    return next((n for n, text in enumerate(lines, 1) if matches(text)), None)
