"""What the engine derives from inputs that never change, computed once and kept by content.

A published text never changes, so its checks, its comparisons with other texts and the purposes
its notice names hold for ever once computed. Each is stored under the hash of its inputs and of
the engine itself (its code and the versions of the libraries that read and render text): an
upgrade or an edit of the engine is a new key, never a stale answer. Entries live in memory for
the life of the process (every rebuild of `mkdocs serve`) and in a folder a CI can keep between
runs (POLICY_CACHE_DIR, default .cache/policy in the repository): as JSON records in pack files
(packs/, one per build, each with its index; see _Packs), which the build writes at its end
(`flush`, else at exit). The versions' PDFs are files of their own (`remember_bytes`). Without
the folder, or with a damaged entry, the value is simply computed again.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import re
import secrets
import shutil
import struct
import sys
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache as once
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

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

PACKS = "packs"  # the entries' pack files, under the cache folder
# More complete packs than this in the folder, and the process that flushes merges them into one:
# each build adds a pack, and a reader loads every index and keeps a file open per pack, so the
# packs of a CI cache kept for months would otherwise cost a little more every build.
MAX_PACKS = 16
# A pack without an index this old was left by a killed process (a live one indexes its pack at
# the end of each build): a merge deletes it.
ABANDONED_SECONDS = 3600
_BUFFER = 1 << 20  # bytes of records kept before they are written out
_MAGIC = b"policy-cache-index 1\n"
_RECORD = struct.Struct("<32sQII")  # key (sha256), offset in the pack, length, zlib.crc32 of the bytes


def _index_bytes(records: dict[bytes, tuple[int, int, int]]) -> bytes:
    body = b"".join(_RECORD.pack(key, *where) for key, where in records.items())
    return _MAGIC + body + struct.pack("<I", zlib.crc32(body))


def _read_index(file: Path) -> dict[bytes, tuple[int, int, int]] | None:
    """A pack's index, or None if it is unreadable or damaged (its pack is then ignored)."""
    try:
        data = file.read_bytes()
    except OSError:
        return None
    body = data[len(_MAGIC):-4]
    if (not data.startswith(_MAGIC) or len(body) % _RECORD.size
            or struct.unpack("<I", data[-4:])[0] != zlib.crc32(body)):
        return None
    return {key: (offset, length, crc) for key, offset, length, crc in _RECORD.iter_unpack(body)}


def _replace(data: bytes, file: Path) -> None:
    """Written under a temporary name, then renamed: a reader finds the whole file or none."""
    temporary = file.with_name(f".{file.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, file)


class _Packs:
    """The entries of one cache folder on disk, as pack files: one file per entry cost a file
    creation each (thousands per cold build, most of its system time) and an open each to read.

    Each process appends what it puts to a pack of its own (a name no other process has), and at
    the end of a build (`flush`) writes the pack's index (key -> offset, length, checksum), under
    a temporary name renamed once the data is written: a reader never finds an index pointing at
    data not written, and ignores a pack without an index (its process was killed). A reader loads
    every index on first use and reads a record with one read at its offset; a record that is
    missing, cut short or fails its checksum is simply computed again."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder / PACKS
        self.pid = os.getpid()
        self.lock = threading.Lock()
        self.where: dict[bytes, tuple[str, int, int, int]] | None = None  # key -> pack, offset, length, crc
        self.loaded: set[str] = set()  # the packs whose index is in `where`
        self.open: dict[str, int] = {}  # pack -> its file descriptor, kept open
        self.missing: set[str] = set()  # packs indexed but gone (merged by another process)
        self.stale = False  # a build was flushed: another process may have written packs since
        self.writable = True  # False once a write failed (a read-only or full disk)
        self._new_pack()

    def _new_pack(self) -> None:
        self.name = f"{os.getpid()}-{time.time_ns()}-{secrets.token_hex(4)}"
        self.pending: list[bytes] = []  # records not yet written out
        self.pending_size = 0
        self.records: dict[bytes, tuple[int, int, int]] = {}  # of this pack: key -> offset, length, crc
        self.size = 0  # bytes of this pack, written out or pending
        self.file: BinaryIO | None = None

    # Reading

    def _load(self) -> None:
        """Every index of the folder not loaded yet (a listing of the folder, then the new ones)."""
        if self.where is None:
            self.where = {}
        try:
            names = os.listdir(self.folder)
        except OSError:
            return  # no folder yet: a cold build asks the disk for nothing more
        for name in names:
            if name.endswith(".idx") and not name.startswith(".") and name[:-4] not in self.loaded:
                pack = name[:-4]
                self.loaded.add(pack)
                for key, where in (_read_index(self.folder / name) or {}).items():
                    self.where.setdefault(key, (pack, *where))

    def read(self, key: str) -> bytes | None:
        if self.where is None or self.stale:
            self.stale = False
            self._load()
        assert self.where is not None
        where = self.where.get(bytes.fromhex(key))
        if where is None:
            return None
        data = self._read(*where[:3])
        if data is None and where[0] not in self.missing:
            # Its pack was merged into another meanwhile: the indexes as they are now (once for
            # each pack found missing), where the merged pack has it.
            self.missing.add(where[0])
            self.where, self.loaded = None, set()
            self._load()
            where = self.where.get(bytes.fromhex(key))
            if where is None:
                return None
            data = self._read(*where[:3])
        if data is None or len(data) != where[2] or zlib.crc32(data) != where[3]:
            return None  # damaged, cut short or gone: computed again
        return data

    def _read(self, pack: str, offset: int, length: int) -> bytes | None:
        try:
            descriptor = self.open.get(pack)
            if descriptor is None:
                descriptor = self.open[pack] = os.open(self.folder / f"{pack}.pack", os.O_RDONLY)
            return os.pread(descriptor, length, offset)
        except OSError:
            return None

    # Writing

    def append(self, key: str, data: bytes) -> None:
        if not self.writable:
            return
        with self.lock:
            self.records[bytes.fromhex(key)] = (self.size, len(data), zlib.crc32(data))
            self.pending.append(data)
            self.size += len(data)
            self.pending_size += len(data)
            if self.pending_size >= _BUFFER:
                self._write_out()

    def _write_out(self) -> None:
        try:
            if self.file is None:
                self.folder.mkdir(parents=True, exist_ok=True)
                self.file = open(self.folder / f"{self.name}.pack", "xb")
            self.file.write(b"".join(self.pending))
        except OSError:
            self._give_up()
        self.pending, self.pending_size = [], 0

    def _give_up(self) -> None:
        """A read-only or full disk makes the cache slower, never the build wrong."""
        self.writable = False
        try:
            if self.file is not None:
                self.file.close()
            os.unlink(self.folder / f"{self.name}.pack")
        except OSError:
            pass
        self._new_pack()

    def flush(self) -> None:
        """This process's pack written and indexed, readable by any other process; the next
        entries go to a new pack (`mkdocs serve` flushes after each build)."""
        with self.lock:
            if not self.records or not self.writable:
                return
            self._write_out()
            if self.file is None:
                return  # it failed
            try:
                self.file.close()
                _replace(_index_bytes(self.records), self.folder / f"{self.name}.idx")
            except OSError:
                self._give_up()
                return
            self._new_pack()
            self.stale = True
            self._merge_if_many()

    def _merge_if_many(self) -> None:
        """The folder's complete packs merged into one when there are more than MAX_PACKS: the
        merged pack and its index are written first, then the old ones deleted. Another process
        reading an old pack it has open still reads it; one that had not opened it yet loads the
        new index (`read`), and otherwise computes the entry again. Two processes merging at once
        each write a merged pack: the same records twice, and fewer packs all the same."""
        try:
            names = os.listdir(self.folder)
        except OSError:
            return
        indexed = sorted(name[:-4] for name in names if name.endswith(".idx") and not name.startswith("."))
        if len(indexed) <= MAX_PACKS:
            return
        merged: dict[bytes, tuple[int, int, int]] = {}
        done: list[str] = []
        name = self.name  # a name of this process's own, as any pack
        try:
            with open(self.folder / f"{name}.pack", "xb") as target:
                for pack in indexed:
                    records = _read_index(self.folder / f"{pack}.idx")
                    try:
                        with open(self.folder / f"{pack}.pack", "rb") as source:
                            base = target.tell()
                            shutil.copyfileobj(source, target, _BUFFER)
                    except FileNotFoundError:  # merged by another process meanwhile, or
                        done.append(pack)  # deleted as abandoned: its index goes too
                        continue
                    size = target.tell() - base
                    for key, (offset, length, crc) in (records or {}).items():
                        if offset + length <= size:
                            merged.setdefault(key, (base + offset, length, crc))
                    done.append(pack)
            _replace(_index_bytes(merged), self.folder / f"{name}.idx")
        except OSError:
            try:
                os.unlink(self.folder / f"{name}.pack")
            except OSError:
                pass
            return
        finally:
            self._new_pack()
        old = time.time() - ABANDONED_SECONDS
        for pack in done:
            for suffix in (".idx", ".pack"):  # the index first: never an index without its pack
                try:
                    os.unlink(self.folder / f"{pack}{suffix}")
                except OSError:
                    pass
        for file in names:  # the packs of killed processes
            try:
                if file.endswith(".pack") and file[:-5] + ".idx" not in names and os.stat(self.folder / file).st_mtime < old:
                    os.unlink(self.folder / file)
            except OSError:
                pass


_stores: dict[Path, _Packs] = {}


def _packs(folder: Path) -> _Packs:
    store = _stores.get(folder)
    if store is None or store.pid != os.getpid():  # a forked child: a pack and a name of its own
        store = _stores[folder] = _Packs(folder)
    return store


def flush() -> None:
    """Every cache folder's entries written and indexed (the end of a build, of a command)."""
    for folder, store in list(_stores.items()):
        if store.pid == os.getpid():
            store.flush()


atexit.register(flush)  # a build that ends without saying so (an error, a caller that forgot)


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
        data = _packs(self.folder).read(key)
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
            _packs(self.folder).append(key, json.dumps(value, ensure_ascii=False).encode("utf-8"))

    def flush(self) -> None:
        """What this process put in the folder written and indexed: the end of a build."""
        if self.folder is not None and self.keeps:
            _packs(self.folder).flush()

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
        and the merges of packs (_Packs) do not copy every PDF again."""
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
