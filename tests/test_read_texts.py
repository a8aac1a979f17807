"""A text that passed every check is read back from the engine cache in a later build (no parsing
again): the Document it gives is the one parsing gives, front matter values included."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "policy_versions"
# Each run is a process of its own, as each build is: the second finds only what the first wrote.
LOAD = """
import dataclasses, json, sys
from pathlib import Path
from policy_engine.core.cache import Cache
from policy_engine.reading import versions as reading
from policy_engine.reading.versions import load_versions
if sys.argv[3:] == ["--no-parsing"]:  # the later build: a text parsed again fails the test
    def parse_document(*args, **kwargs):
        raise AssertionError(f"parsed again: {args[1]}")
    reading.parse_document = parse_document
versions = load_versions(Path(sys.argv[1]), cache=Cache(Path(sys.argv[2])))
print(json.dumps([[v.id, lang, repr(dataclasses.asdict(doc))] for v in versions for lang, doc in v.docs.items()]))
"""


def _load(versions: Path, cache: Path, *options: str) -> list:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICY_")}
    done = subprocess.run([sys.executable, "-c", LOAD, str(versions), str(cache), *options], env=env,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_a_checked_text_reads_back_as_parsed(tmp_path: Path) -> None:
    versions = tmp_path / "policy_versions"
    shutil.copytree(SAMPLES, versions)
    first = sorted(p for p in versions.iterdir() if p.is_dir())[0] / "en.md"
    # a front matter value JSON does not keep as it is (a date), and one it does
    first.write_text(first.read_text(encoding="utf-8").replace("---\n", "---\nreviewed: 2026-01-05\n", 1),
                     encoding="utf-8")
    parsed = _load(versions, tmp_path / "cache")
    assert list((tmp_path / "cache").glob("packs/*.idx"))  # written at the end of the process
    assert _load(versions, tmp_path / "cache", "--no-parsing") == parsed
    assert "datetime.date(2026, 1, 5)" in next(doc for _, _, doc in parsed if "reviewed" in doc)
