"""What the engine derives from inputs that never change, computed once and kept by content.

A published text never changes, so its checks, its comparisons with other texts and the purposes
its notice names hold for ever once computed. Each is stored under the hash of its inputs and of
the engine itself (its code and the versions of the libraries that read and render text): an
upgrade or an edit of the engine is a new key, never a stale answer. Entries live in memory for
the life of the process (every rebuild of `mkdocs serve`) and in a folder a CI can keep between
runs (POLICY_CACHE_DIR, default .cache/policy in the repository): as JSON records in pack files
(packs/, one per build, each with its index; see core/packs.py), which the build writes at its end
(`flush`, else at exit). The versions' PDFs are files of their own (`remember_file`). Without
the folder, or with a damaged entry, the value is simply computed again.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
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
_folders: set[Path] = set()  # the folders of `remember_file` files this process made or found



_SHA256_KIND = "kept-file-sha256"  # a kept file's hash, by the file's key


@dataclass(frozen=True, eq=False)
class KeptFile:
    """Bytes a build publishes as they are (a version's PDF): the file the cache keeps them in,
    else (no cache folder) the bytes themselves, and their sha256 (versions.json gives it)."""

    sha256: str
    path: Path | None = None
    data: bytes | None = None

    @classmethod
    def of(cls, data: bytes) -> KeptFile:
        return cls(hashlib.sha256(data).hexdigest(), None, data)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, KeptFile) and other.sha256 == self.sha256

    def __hash__(self) -> int:
        return hash(self.sha256)

    def read_bytes(self) -> bytes:
        return self.data if self.data is not None else self.path.read_bytes()

    def place(self, target: Path) -> None:
        """Put the bytes at `target`: a hard link to the kept file where the disk allows (no bytes
        read or written), else a copy. Neither is ever written in place, so the two stay equal."""
        target.unlink(missing_ok=True)
        if self.path is not None:
            try:
                os.link(self.path, target)
                return
            except OSError:  # another disk, or links not allowed: a copy
                shutil.copyfile(self.path, target)
                return
        target.write_bytes(self.data)


def _kept(file: Path, stored: Any) -> KeptFile | None:
    """The kept file, if its stored hash is still its own: the same size and time as when hashed."""
    if not (isinstance(stored, list) and len(stored) == 3):
        return None
    try:
        status = file.stat()
    except OSError:
        return None
    if status.st_size and [status.st_size, status.st_mtime_ns] == stored[1:]:
        return KeptFile(stored[0], file)
    return None


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

    def remember_file(self, kind: str, parts: tuple[str, ...], compute: Callable[[], bytes]) -> KeptFile:
        """A file's bytes (a PDF), kept as a file of its own rather than JSON: two per version, each
        large (hundreds of KB). What a build publishes is the kept file itself (KeptFile.place:
        a link where the disk allows), with its sha256 kept beside it, so that a build neither
        reads nor hashes nor copies every PDF again. The merges of packs (core/packs.py) leave
        these files alone."""
        if not self.keeps:
            return KeptFile.of(compute())
        key = self.key(kind, *parts)
        if ("file:" + key) in self.memory:
            return self.memory["file:" + key]
        file = self.folder / kind / key[:2] / f"{key}.bin" if self.folder else None
        kept = _kept(file, self.get(_SHA256_KIND, key)) if file is not None else None
        if kept is None and file is not None and file.is_file():
            try:
                data = file.read_bytes()
            except OSError:
                data = b""
            if data:  # kept by an earlier engine without its hash, or changed since: hashed once
                kept = self._hashed(file, data)
        if kept is not None:
            self.found[kind] += 1
        else:
            self.computed[kind] += 1
            data = compute()
            kept = KeptFile.of(data)
            if file is not None and write_whole(file, data):
                kept = self._hashed(file, data)
        self.memory["file:" + key] = kept
        return kept

    def _hashed(self, file: Path, data: bytes) -> KeptFile:
        """The file, and its hash kept with what identifies this very file (its size and time)."""
        kept = KeptFile(hashlib.sha256(data).hexdigest(), file, data=None)
        status = file.stat()
        self.put(_SHA256_KIND, file.stem, value=[kept.sha256, status.st_size, status.st_mtime_ns])
        return kept

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


def write_whole(file: Path, data: bytes) -> bool:
    """Written whole (one write), then renamed: a reader never sees half an entry. The name is this
    process's own, so no other writer can be writing it. False: not written."""
    try:
        if file.parent not in _folders:
            file.parent.mkdir(parents=True, exist_ok=True)
            _folders.add(file.parent)
        temporary = file.with_name(f"{file.name}.{os.getpid()}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, file)
        return True
    except OSError:
        _folders.discard(file.parent)  # a read-only or full disk makes the cache slower, never the build wrong
        return False
