"""What the versions' PDFs cost a build: each public version of the sample history in both
languages, rendered cold (an empty engine cache, a new process) and warm (read from the cache).

Run: .venv/bin/python benchmarks/pdf_benchmark.py   (prints figures; asserts nothing)
CPU seconds are given beside wall seconds: on a shared machine the wall time is mostly waiting.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "policy_versions"
sys.path.insert(0, str(ROOT / "benchmarks"))
from histories import copy_project_files  # noqa: E402

# One process: how long WeasyPrint takes to load, then each PDF.
_PROBE = r"""
import json, os, sys, time
from pathlib import Path
from policy_engine.publishing.site import build_site
site = build_site(Path(sys.argv[1]), dict(os.environ, POLICY_TODAY="2026-12-01"))
wall, cpu = time.perf_counter(), time.process_time()
pdfs = site.pdfs("https://example.org/")
print(json.dumps({"count": len(pdfs), "bytes": sum(len(pdf.read_bytes()) for pdf in pdfs.values()),
                  "wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}))
"""


def run(root: Path, cache: str) -> dict:
    env = {"POLICY_CACHE_DIR": cache, "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", _PROBE, str(root)], cwd=root, env=env, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def main() -> None:
    import shutil
    with tempfile.TemporaryDirectory() as folder:
        root = copy_project_files(Path(folder) / "repo")
        shutil.copytree(SAMPLES, root / "policy_versions")
        cold = run(root, "cache")
        warm = run(root, "cache")
    n = cold["count"]
    print(f"PDFs of the sample history (2026-12-01): {n} ({cold['bytes'] // n // 1024} KiB each on average)")
    print(f"cold (empty cache, WeasyPrint loaded once): {cold['wall']:.1f} s wall, {cold['cpu']:.1f} s CPU; "
          f"{cold['cpu'] / n:.2f} s CPU per PDF")
    print(f"warm (every PDF from the cache): {warm['wall'] * 1000:.0f} ms wall, {warm['cpu'] * 1000:.0f} ms CPU; "
          f"{warm['cpu'] / n * 1000:.1f} ms CPU per PDF")


if __name__ == "__main__":
    main()
