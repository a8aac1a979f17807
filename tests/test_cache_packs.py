"""The engine cache's pack files (policy_engine/core/packs.py) with real processes: each writes a
pack of its own and indexes it at the end; whatever another process does to the folder (writes at
the same time, is killed, damages it, merges packs, makes it read-only), a value read is the value
stored, or it is computed again."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from policy_engine.core import cache as engine_cache, packs as engine_packs
from policy_engine.core.cache import Cache
from policy_engine.core.packs import MAX_PACKS, PACKS

# A process of its own that puts N entries (values big enough that the pack is written out in
# several parts before the end), then ends: normally (the atexit flush), after an explicit flush,
# or killed before any index is written.
WRITE = """
import os, signal, sys
from pathlib import Path
from policy_engine.core.cache import Cache, flush
folder, first, count, how = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
cache = Cache(folder)
for i in range(first, first + count):
    cache.put("test", str(i), value={"i": i, "text": "個人情報" * 2000 + str(i)})
if how == "flush":
    flush()
elif how == "killed":
    os.kill(os.getpid(), signal.SIGKILL)
"""


def value(i: int) -> dict:
    return {"i": i, "text": "個人情報" * 2000 + str(i)}


def write(folder: Path, first: int, count: int, how: str = "exit") -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", WRITE, str(folder), str(first), str(count), how])


def ended(process: subprocess.Popen) -> int:
    return process.wait(timeout=120)


def fresh(folder: Path) -> Cache:
    """A Cache as a new process has it: nothing in memory, no index loaded yet."""
    engine_cache._memories.pop(folder, None)
    engine_packs._stores.pop(folder, None)
    return Cache(folder)


def packs(folder: Path, suffix: str) -> list[Path]:
    return sorted((folder / PACKS).glob(f"*{suffix}"))


def test_two_processes_writing_the_same_folder_at_once_each_keep_what_they_put(tmp_path):
    folder = tmp_path / "cache"
    # 0-299 and 200-499: both compute 200-299, as two builds of one history do
    one, two = write(folder, 0, 300), write(folder, 200, 300, "flush")
    assert (ended(one), ended(two)) == (0, 0)
    assert len(packs(folder, ".idx")) == 2 and len(packs(folder, ".pack")) == 2
    cache = fresh(folder)
    assert all(cache.get("test", str(i)) == value(i) for i in range(500))
    assert cache.get("test", "500") is None


def test_a_killed_writer_leaves_a_pack_without_index_which_readers_ignore(tmp_path):
    folder = tmp_path / "cache"
    assert ended(write(folder, 0, 10)) == 0
    killed = write(folder, 10, 300, "killed")  # 300 values: part of its pack is written out
    assert ended(killed) != 0
    assert len(packs(folder, ".pack")) == 2 and len(packs(folder, ".idx")) == 1
    cache = fresh(folder)
    assert [cache.get("test", str(i)) for i in range(0, 10)] == [value(i) for i in range(10)]
    assert all(cache.get("test", str(i)) is None for i in range(10, 310))
    computed = cache.remember("test", ("10",), lambda: value(10))
    assert computed == value(10) and cache.computed["test"] == 1


def test_a_damaged_or_cut_record_is_computed_again_and_the_others_are_read(tmp_path):
    folder = tmp_path / "cache"
    assert ended(write(folder, 0, 100)) == 0
    (pack,) = packs(folder, ".pack")
    data = bytearray(pack.read_bytes())
    step = len(data) // 100  # about one record each
    for at in range(step // 2, len(data) // 2, step * 10):  # one byte of every tenth record, first half
        data[at] ^= 0x55
    pack.write_bytes(bytes(data[: len(data) * 3 // 4]))  # and the last quarter lost
    cache = fresh(folder)
    got = {i: cache.remember("test", (str(i),), lambda i=i: value(i)) for i in range(100)}
    assert got == {i: value(i) for i in range(100)}  # never a damaged value
    assert 30 <= cache.computed["test"] < 50 and cache.found["test"] + cache.computed["test"] == 100


def test_many_packs_are_merged_into_one_and_a_reader_of_the_old_ones_still_gets_every_value(tmp_path):
    folder = tmp_path / "cache"
    for build in range(MAX_PACKS):
        assert ended(write(folder, build * 10, 10, "flush")) == 0
    assert len(packs(folder, ".idx")) == MAX_PACKS
    reader = fresh(folder)  # has loaded the indexes of the sixteen packs, and opened the first
    assert reader.get("test", "0") == value(0)
    assert ended(write(folder, MAX_PACKS * 10, 10)) == 0  # the seventeenth: its process merges
    assert len(packs(folder, ".idx")) == 1 and len(packs(folder, ".pack")) == 1
    # the packs it had not opened are gone: it finds their records in the merged one
    assert all(reader.get("test", str(i)) == value(i) for i in range(MAX_PACKS * 10))
    later = fresh(folder)
    assert all(later.get("test", str(i)) == value(i) for i in range((MAX_PACKS + 1) * 10))


@pytest.fixture
def read_only(tmp_path):
    """A folder no process can write in (root too: immutable, where chmod does not stop root)."""
    folder = tmp_path / "cache"
    assert ended(write(folder, 0, 10)) == 0
    held = [folder, folder / PACKS]
    if os.geteuid() == 0:
        if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", *map(str, held)]).returncode:
            pytest.skip("root, and no chattr +i to make a folder read-only for root")
    else:
        for path in held:
            path.chmod(0o555)
    yield folder
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", *map(str, held)], check=True)
    else:
        for path in held:
            path.chmod(0o755)


def test_a_read_only_folder_is_read_and_writing_into_it_changes_nothing(read_only):
    before = {p.name: p.read_bytes() for p in packs(read_only, "")}
    assert ended(write(read_only, 5, 20, "flush")) == 0  # no error: the cache is only slower
    assert {p.name: p.read_bytes() for p in packs(read_only, "")} == before
    cache = fresh(read_only)
    assert [cache.get("test", str(i)) for i in range(12)] == [value(i) for i in range(10)] + [None, None]
