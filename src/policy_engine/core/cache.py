"""What the engine derives from inputs that never change, computed once and kept by content.

A published text never changes, so its checks, its comparisons with other texts and the purposes
its notice names hold for ever once computed. Each is stored under the hash of its inputs and of
the engine itself (its code and the versions of the libraries that read and render text): an
upgrade or an edit of the engine is a new key, never a stale answer. Entries live in memory for
the life of the process (every rebuild of `mkdocs serve`) and in a folder a CI can keep between
runs (POLICY_CACHE_DIR, default .cache/policy in the repository): as JSON records in pack files
(packs/, one per build, each with its index; see core/packs.py), which the build writes at its end
(`flush`, else at exit). The versions' PDFs are files of their own (`remember_bytes`). Without
the folder, or with a damaged entry, the value is simply computed again.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache as once
from pathlib import Path
from typing import Any, TypeVar

from .packs import flush as flush, packs_of  # flush: every folder's, where a build ends

CACHE_VARIABLE = "POLICY_CACHE_DIR"
DEFAULT_CACHE_DIR = Path(".cache") / "policy"
# What reads and renders the text besides the engine's own code.
_LIBRARIES = ("markdown", "pyyaml", "sudachipy", "sudachidict-core", "properdocs", "mkdocs", "mkdocs-material",
              "mkdocs-static-i18n", "pymdown-extensions",
              # the versions' PDFs (version_pdf.py: the fonts and Pango are in its own key)
              "weasyprint", "pydyf", "fonttools", "tinycss2", "cssselect2", "tinyhtml5")

T = TypeVar("T")


@once
def engine_fingerprint() -> str:
    """The engine's code and data files and the versions of its libraries, as one hash."""
    digest = hashlib.sha256()
    package = Path(__file__).parents[1]
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".yml", ".json"):
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    installed = _installed()
    for name in _LIBRARIES:
        digest.update(f"{name}={installed.get(_normal(name), '-')}\0".encode())
    return digest.hexdigest()


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _installed() -> dict[str, str]:
    """Installed distributions and their versions, from the names of their metadata folders
    (`Markdown-3.7.dist-info`): a listing of site-packages, where importlib.metadata would read
    every distribution's metadata, which costs a short command most of its time."""
    found: dict[str, str] = {}
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info") and "-" in name:
                project, _, version = name[: -len(".dist-info")].rpartition("-")
                found.setdefault(_normal(project), version)
    return found


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# One memory per folder, kept across the builds of one process (`mkdocs serve` rebuilds).
_memories: dict[Path | None, dict[str, Any]] = {}
_folders: set[Path] = set()  # the folders of `remember_bytes` files this process made or found



@dataclass
class Cache:
    folder: Path | None  # None: memory only
    keeps: bool = True  # False: nothing is kept at all (NO_CACHE)
    # After this time.monotonic(), `remember_in_time` computes nothing more (see there).
    deadline: float | None = None
    memory: dict[str, Any] = field(init=False)
    # Per kind, how many values `remember` computed and how many it found stored: the build log's
    # "rendered / reused" of comparison sections.
    computed: Counter[str] = field(init=False, default_factory=Counter)
    found: Counter[str] = field(init=False, default_factory=Counter)

    def __post_init__(self) -> None:
        self.memory = _memories.setdefault(self.folder, {})

    def key(self, kind: str, *parts: str) -> str:
        return hashlib.sha256("\0".join((engine_fingerprint(), kind, *parts)).encode("utf-8")).hexdigest()

    def get(self, kind: str, *parts: str) -> Any | None:
        if not self.keeps:
            return None
        key = self.key(kind, *parts)
        if key in self.memory:
            return self.memory[key]
        if self.folder is None:
            return None
        data = packs_of(self.folder).read(key)
        if data is None:
            return None  # absent, damaged or half-written by a killed process: compute it again
        try:
            value = json.loads(data)
        except ValueError:
            return None
        self.memory[key] = value
        return value

    def put(self, kind: str, *parts: str, value: Any) -> None:
        if not self.keeps:
            return
        key = self.key(kind, *parts)
        self.memory[key] = value
        if self.folder is not None:
            packs_of(self.folder).append(key, json.dumps(value, ensure_ascii=False).encode("utf-8"))

    def recall(self, kind: str, *parts: str) -> Any | None:
        """An object kept by `keep` in this process (not JSON: never written to disk)."""
        return self.memory.get("object:" + self.key(kind, *parts)) if self.keeps else None

    def keep(self, kind: str, *parts: str, value: Any) -> None:
        """Keep an object for this process: what a `mkdocs serve` rebuild would otherwise redo."""
        if self.keeps:
            self.memory["object:" + self.key(kind, *parts)] = value

    def remember(self, kind: str, parts: tuple[str, ...], compute: Callable[[], T],
                 encode: Callable[[T], Any] = lambda value: value,
                 decode: Callable[[Any], T] = lambda value: value) -> T:
        """The stored value for `parts`, else `compute()`, stored (as `encode` makes it JSON)."""
        stored = self.get(kind, *parts)
        if stored is not None:
            self.found[kind] += 1
            return decode(stored)
        self.computed[kind] += 1
        value = compute()
        self.put(kind, *parts, value=encode(value))
        return value

    def remember_bytes(self, kind: str, parts: tuple[str, ...], compute: Callable[[], bytes]) -> bytes:
        """`remember` for a file's bytes (a PDF), kept as a file of its own rather than JSON: two
        per version, each large (hundreds of KB), so a file each costs little beside its bytes,
        and the merges of packs (core/packs.py) do not copy every PDF again."""
        if not self.keeps:
            return compute()
        key = self.key(kind, *parts)
        if ("bytes:" + key) in self.memory:
            return self.memory["bytes:" + key]
        file = self.folder / kind / key[:2] / f"{key}.bin" if self.folder else None
        if file is not None and file.is_file():
            try:
                value = file.read_bytes()
            except OSError:
                value = None
            if value:
                self.found[kind] += 1
                self.memory["bytes:" + key] = value
                return value
        self.computed[kind] += 1
        value = compute()
        self.memory["bytes:" + key] = value
        if file is not None:
            _write(file, value)
        return value

    def remember_in_time(self, kind: str, parts: tuple[str, ...], compute: Callable[[], T]) -> T | None:
        """`remember`, or None once the deadline has passed and the value is not stored yet: the
        caller shows it on a later build. `mkdocs serve` shows an edit at once this way, and the
        comparisons it changes over the rebuilds that follow."""
        if self.deadline is not None and time.monotonic() > self.deadline and self.get(kind, *parts) is None:
            return None
        return self.remember(kind, parts, compute)


NO_CACHE = Cache(None, keeps=False)  # for callers that keep nothing (a one-off comparison)


def cache_folder(root: Path, environ: dict[str, str]) -> Path | None:
    """POLICY_CACHE_DIR (relative to the repository), else .cache/policy; "off" keeps nothing on disk."""
    value = environ.get(CACHE_VARIABLE, "")
    if value.strip().lower() == "off":
        return None
    return (root / (value or DEFAULT_CACHE_DIR)).resolve()


def _write(file: Path, data: bytes) -> None:
    """Written whole (one write), then renamed: a reader never sees half an entry. The name is this
    process's own, so no other writer can be writing it."""
    try:
        if file.parent not in _folders:
            file.parent.mkdir(parents=True, exist_ok=True)
            _folders.add(file.parent)
        temporary = file.with_name(f"{file.name}.{os.getpid()}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, file)
    except OSError:
        _folders.discard(file.parent)  # a read-only or full disk makes the cache slower, never the build wrong
