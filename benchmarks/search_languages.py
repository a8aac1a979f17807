"""Search in the reader's language: what a reader downloads to search, and what each query finds.

Runs the theme's own search in headless Chromium (tests/browser/check.mjs, as the browser tests
do) on built sites, one query at a time on a Japanese and on an English page, and prints for each
the results' languages and count, and the bytes search made the browser download (raw and
gzipped: the files are read from the built site).

Run:  .venv/bin/python benchmarks/search_languages.py SITE_DIR [SITE_DIR ...]
      (build first: `make build`, or `make build GENERATOR=zensical`; needs `npm ci` and Chromium)
Prints figures; asserts nothing.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from test_browser import ANY_SEARCH_FILE, CHECK_SCRIPT, Served, lang_of_path  # noqa: E402

QUERIES = [
    ("/", "匿名加工情報"), ("/", "利用目的"), ("/", "開示"), ("/", "プライバシー"), ("/", "medmain"),
    ("/en/", "anonymously processed"), ("/en/", "purposes of use"), ("/en/", "disclosure"),
    ("/en/", "processing"), ("/en/", "medmain"), ("/en/", "匿名加工情報"),
]


def _bytes(site: Path, urls: list[str]) -> tuple[int, int]:
    raw = packed = 0
    for url in urls:
        file = site / unquote(urlsplit(url).path).lstrip("/")
        if file.is_file():
            data = file.read_bytes()
            raw += len(data)
            packed += len(gzip.compress(data, 9))
    return raw, packed


def measure(site: Path) -> None:
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    with tempfile.TemporaryDirectory() as work, Served(site) as served:
        job = {"chromium": chromium, "baseUrl": served.url, "pages": [],
               "search": [{"path": path, "query": query, "how": "click"} for path, query in QUERIES]}
        (Path(work) / "job.json").write_text(json.dumps(job, ensure_ascii=False), encoding="utf-8")
        subprocess.run(["node", str(CHECK_SCRIPT), f"{work}/job.json", f"{work}/result.json"], cwd=ROOT, check=True)
        report = json.loads((Path(work) / "result.json").read_text(encoding="utf-8"))
    print(f"\n{site}")
    print("| page | query | results (ja/en) | search files | bytes | gzipped |")
    print("|---|---|---|---|---|---|")
    for run in report["search"]:
        langs = [lang_of_path(urlsplit(r["href"]).path) for r in run["results"]]
        loaded = sorted({url for url in run["requests"]["all"] if ANY_SEARCH_FILE.search(urlsplit(url).path)})
        raw, packed = _bytes(site, loaded)
        print(f"| {run['path']} | {run['query']} | {langs.count('ja')}/{langs.count('en')} | {len(loaded)} "
              f"| {raw:,} | {packed:,} |")
    for error in report["errors"]:
        print("error:", error)


if __name__ == "__main__":
    for arg in sys.argv[1:] or [str(ROOT / "site")]:
        measure(Path(arg))
