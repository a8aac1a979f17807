"""The engine cache's entries on disk (core/cache.py): records in pack files, one pack per process
and build, each with an index written when the build ends."""

from __future__ import annotations

import atexit
import os
import secrets
import shutil
import struct
import threading
import time
import zlib
from pathlib import Path
from typing import BinaryIO

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


class Packs:
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


_stores: dict[Path, Packs] = {}


def packs_of(folder: Path) -> Packs:
    store = _stores.get(folder)
    if store is None or store.pid != os.getpid():  # a forked child: a pack and a name of its own
        store = _stores[folder] = Packs(folder)
    return store


def flush() -> None:
    """Every cache folder's entries written and indexed (the end of a build, of a command)."""
    for folder, store in list(_stores.items()):
        if store.pid == os.getpid():
            store.flush()


atexit.register(flush)  # a build that ends without saying so (an error, a caller that forgot)
