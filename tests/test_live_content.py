"""The suite judges the engine, not today's policy: a legal editor's correct change to the live
content (a new version with a new purpose, a new inquiry address) leaves every test green; the
live content itself is judged by `policy check` and the strict build (`make live`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, clean_env

INNER = "POLICY_SUITE_ON_A_CHANGED_COPY"
# The test files that once read the live content; the grep test in test_pull_requests.py keeps
# every other test from starting to.
SUITE = ["tests/test_site.py", "tests/test_contact.py", "tests/test_cli.py", "tests/test_editing.py",
         "tests/test_announcements.py", "tests/test_history.py"]


def _copy_repository(dest: Path) -> Path:
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout.split("\0")
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    return dest


def _change_the_live_content(root: Path) -> str:
    """A new version adding a purpose (announced in time) and a new e-mail address."""
    versions = sorted(p for p in (root / "policy_versions").iterdir() if p.is_dir())
    latest = versions[-1]
    new = root / "policy_versions" / "2099-03-01"
    new.mkdir()
    for lang, line in (("ja", "- 統計データを作成するため\n"), ("en", "- to compile statistics;\n")):
        text = (latest / f"{lang}.md").read_text(encoding="utf-8")
        head, marker, rest = text.partition("{#purposes-of-use}")
        first_item = rest.index("\n- ") + 1
        (new / f"{lang}.md").write_text(head + marker + rest[:first_item] + line + rest[first_item:], encoding="utf-8")
    (new / "version.yml").write_text("announced: 2099-01-01\npurposes_basis: related\nsummary:\n  ja: 利用目的を追加しました。\n"
                                     "  en: Added a purpose of use.\n", encoding="utf-8")
    # a dated change, as `policy contact-change` starts it: the details in effect stay under previous:
    started = subprocess.run([str(Path(sys.executable).parent / "policy"), "contact-change", "--since", "2099-01-01"],
                             cwd=root, env=clean_env(), capture_output=True, text=True, timeout=120)
    assert started.returncode == 0, started.stderr
    contact = root / "contact.yml"
    current, marker, previous = contact.read_text(encoding="utf-8").partition("\nprevious:\n")
    address = next(word for word in current.split() if "@" in word)
    contact.write_text(current.replace(address, "privacy-office@example.org") + marker + previous, encoding="utf-8")
    return address


@pytest.mark.skipif(os.environ.get(INNER) == "1", reason="already running on the changed copy")
def test_the_suite_passes_on_a_copy_whose_live_content_changed(tmp_path):
    root = _copy_repository(tmp_path / "changed")
    old_address = _change_the_live_content(root)
    env = clean_env(**{INNER: "1"})
    checked = subprocess.run([str(Path(sys.executable).parent / "policy"), "check"], cwd=root, env=env,
                             capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0, checked.stdout + checked.stderr  # the live content is correct
    manifest = subprocess.run([str(Path(sys.executable).parent / "policy"), "manifest"], cwd=root,
                              env={**env, "POLICY_TODAY": "2099-03-02"}, capture_output=True, text=True, timeout=120)
    assert '"current": "2099-03-01"' in manifest.stdout  # the change is really there
    assert old_address not in (root / "contact.yml").read_text(encoding="utf-8").partition("\nprevious:")[0]
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *SUITE],
                            cwd=root, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout.splitlines()[-1]
