"""ProperDocs, the generator of record, builds what MkDocs 1.6 builds: every file the same but
for the generator named in each page's meta tag (MkDocs stays installed only for Material)."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import SAMPLES, build_ok, clean_env, copy_project

_GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def test_properdocs_builds_what_mkdocs_builds(tmp_path):
    root = copy_project(tmp_path / "repo", SAMPLES)
    ours = build_ok(root, today="2026-12-01")
    mkdocs_site = tmp_path / "mkdocs-site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(mkdocs_site)],
                            cwd=root, env=clean_env(POLICY_TODAY="2026-12-01"), capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    files = sorted(p.relative_to(ours.site) for p in ours.site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(mkdocs_site) for p in mkdocs_site.rglob("*") if p.is_file())
    generators = set()
    for name in files:
        a, b = (ours.site / name).read_bytes(), (mkdocs_site / name).read_bytes()
        if name.suffix == ".html":
            generators |= {m for m in _GENERATOR.findall(a) + _GENERATOR.findall(b)}
            a, b = _GENERATOR.sub(b"", a), _GENERATOR.sub(b"", b)
        assert a == b, name
    names = sorted(g.split(b'content="')[1].split(b",")[0].decode() for g in generators)
    assert len(names) == 2 and names[0].startswith("mkdocs-1.6.") and names[1].startswith("properdocs-1.6."), names
