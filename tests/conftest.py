"""Real builds of real repositories in tmp_path: what the reader, the editor and the CI see."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import git

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "schemas"
SAMPLES = ROOT / "samples" / "policy_versions"
sys.path.insert(0, str(ROOT / "benchmarks"))
# Tests own their content: FIXTURE is a frozen copy of the first published version with its contact
# details and glossary. The live policy_versions/, contact.yml and glossary.yml are judged by
# `policy check`, never by a test, so that an editor's correct pull request cannot turn a test red.
from histories import FIXTURE, copy_project_files  # noqa: E402  (shared with the benchmarks)
FIRST_VERSIONS = FIXTURE / "policy_versions"


TERMS = ROOT / "samples" / "terms_versions"
TERMS_DECLARATION = ("documents:\n  - id: terms\n    versions_dir: terms_versions\n    prefix: terms/\n"
                     "    title: {ja: 利用規約, en: Terms of Use}\n    en_plural: true\n")


def add_terms(root: Path) -> Path:
    """The sample terms of use (two versions) declared as a second document of `root`."""
    shutil.copytree(TERMS, root / "terms_versions")
    settings = root / "policy.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + TERMS_DECLARATION, encoding="utf-8")
    return root


def copy_project(dest: Path, versions: Path = FIRST_VERSIONS) -> Path:
    shutil.copytree(versions, copy_project_files(dest) / "policy_versions")
    return dest


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICY_")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["DISABLE_MKDOCS_2_WARNING"] = "true"
    env["POLICY_LANG"] = "en"  # messages in one language whatever the machine's locale; tests ask for ja
    env.update(extra)
    return env


@dataclass
class Built:
    root: Path
    site: Path
    result: subprocess.CompletedProcess

    @property
    def output(self) -> str:
        return self.result.stdout + self.result.stderr

    def html(self, path: str) -> BeautifulSoup:
        file = self.site / path.strip("/") / "index.html" if not path.endswith(".html") else self.site / path
        assert file.is_file(), f"{path} was not built"
        return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")

    def manifest(self) -> dict:
        return json.loads((self.site / "versions.json").read_text(encoding="utf-8"))


def build(root: Path, today: str = "2026-11-25", site: Path | None = None, **env: str) -> Built:
    site = site or root / "site"
    result = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml", "--site-dir", str(site)],
        cwd=root, env=clean_env(POLICY_TODAY=today, **env), capture_output=True, text=True, timeout=300,
    )
    return Built(root, site, result)


def build_ok(root: Path, today: str = "2026-11-25", **env: str) -> Built:
    built = build(root, today, **env)
    assert built.result.returncode == 0, built.output
    return built


def policy(root: Path, *args: str, cwd: Path | None = None, **env: str) -> subprocess.CompletedProcess:
    """The `policy` console script as an editor runs it."""
    script = Path(sys.executable).parent / "policy"
    return subprocess.run([str(script), *args], cwd=cwd or root, env=clean_env(**env),
                          capture_output=True, text=True, timeout=120)


def assert_check_refuses(root: Path, *args: str, en: str, ja: str, **env: str) -> None:
    """`policy check` fails with the message `en` in English, and `ja` with POLICY_LANG=ja."""
    for lang, message in (("en", en), ("ja", ja)):
        result = policy(root, "check", *args, POLICY_LANG=lang, **env)
        assert result.returncode == 1, result.stdout
        assert message in result.stdout, result.stdout


def text_of(soup: BeautifulSoup) -> str:
    return " ".join(soup.get_text().split())


def heading(element) -> str:
    """A heading's text as read, without its permalink sign."""
    return "".join(t for t in element.find_all(string=True) if not t.find_parent(class_="headerlink")).strip()


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Built:
    """The fixture's one-version history, as the real site first looked."""
    return build_ok(copy_project(tmp_path_factory.mktemp("real")), today="2026-11-25")


# SAMPLE DATA: dated 公表 records concerning anonymously processed information (issue 21): a
# creation, a provision and a correction of the provision.
PUBLICATION_RECORDS = ROOT / "tests" / "fixtures" / "publications"


@pytest.fixture(scope="session")
def registered_site(tmp_path_factory) -> Built:
    """The fixture's site on 2026-12-01 with the three SAMPLE records of the register."""
    root = copy_project(tmp_path_factory.mktemp("registered") / "repo")
    shutil.copytree(PUBLICATION_RECORDS, root / "publications")
    return build_ok(root, today="2026-12-01")


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Built:
    """The sample history on 2026-12-01: 2026-04-01 current, 2027-01-10 announced, 2027-07-01 not yet."""
    return build_ok(copy_project(tmp_path_factory.mktemp("sample"), SAMPLES), today="2026-12-01")


def _fields(text: str) -> str:
    """contact.yml's fields without its comments."""
    return "".join(line + "\n" for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#"))


FIRST_DETAILS = _fields((FIXTURE / "contact.yml").read_text(encoding="utf-8"))
# SAMPLE DATA: a made-up move of the office and a new inquiry address.
MOVED_DETAILS = (FIRST_DETAILS
                 .replace("postal_code: 810-0042", "postal_code: 810-0001")
                 .replace("street: {ja: 赤坂2丁目4-5, en: 2-4-5 Akasaka}",
                          "street: {ja: 天神1丁目1-1（サンプル）, en: 1-1-1 Tenjin (sample)}")
                 .replace("  building: {ja: Châtelet Succés 104, en: 104 Châtelet Succés}\n", "")
                 .replace("email: info@medmain.com", "email: privacy@medmain.com"))


def as_previous(details: str, since: str | None = None) -> str:
    """`details` as one item of `previous:`."""
    lines = ([f"since: {since}"] if since else []) + details.splitlines()
    return "".join(("  - " if i == 0 else "    ") + line + "\n" for i, line in enumerate(lines))


def dated_contact(since: str, details: str = MOVED_DETAILS, previous: str = FIRST_DETAILS) -> str:
    """The new details from `since`, the earlier ones kept under previous:, as an editor writes it."""
    return f"since: {since}\n{details}previous:\n{as_previous(previous)}"


@pytest.fixture(scope="session")
def moved_site(tmp_path_factory) -> Built:
    """The sample history on 2026-12-01, the office moved on 2026-06-01: the versions of 2025
    (and their notices) were published before the move, 2026-04-01 (current) and later after it."""
    root = copy_project(tmp_path_factory.mktemp("moved") / "repo", SAMPLES)
    (root / "contact.yml").write_text(dated_contact("2026-06-01"), encoding="utf-8")
    return build_ok(root, today="2026-12-01")


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "repo")


@pytest.fixture
def sample_project(tmp_path) -> Path:
    return copy_project(tmp_path / "repo", SAMPLES)


def load_schema(name: str) -> dict:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


def write_version(versions: Path, version_id: str, ja: str, en: str, version_yml: str | None = None) -> Path:
    folder = versions / version_id
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ja.md").write_text(ja, encoding="utf-8")
    (folder / "en.md").write_text(en, encoding="utf-8")
    if version_yml is not None:
        (folder / "version.yml").write_text(version_yml, encoding="utf-8")
    return folder


def new_version(root: Path, version_id: str = "2027-01-15", ja_edit=None, en_edit=None,
                version_yml: str = "summary: {ja: 改定, en: Revised}\n") -> Path:
    """A version of `root` made from the first version's texts, each through its edit if given."""
    ja, en = real_text("ja"), real_text("en")
    return write_version(root / "policy_versions", version_id, ja_edit(ja) if ja_edit else ja,
                         en_edit(en) if en_edit else en, version_yml)


def real_text(lang: str) -> str:
    return (FIRST_VERSIONS / "2026-11-24" / f"{lang}.md").read_text(encoding="utf-8")


def replace_once(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


@pytest.fixture
def repo(tmp_path) -> Path:
    """A policy repository whose main branch holds the published version, on a feature branch."""
    root = copy_project(tmp_path / "repo")
    repository = git.Repo.init(root, initial_branch="main")
    repository.git.add(A=True)
    repository.index.commit("Publish the first version")
    repository.git.checkout("-b", "revision")
    return root


@pytest.fixture
def terms_repo(tmp_path) -> Path:
    """`repo` with the sample terms of use (two versions) declared and published on main."""
    root = copy_project(tmp_path / "repo")
    add_terms(root)
    repository = git.Repo.init(root, initial_branch="main")
    repository.git.add(A=True)
    repository.index.commit("Publish the policy and the terms")
    repository.git.checkout("-b", "revision")
    return root


TERMS_ACT_JA = "- 本サービスのアカウントを第三者に貸与する行為\n"
TERMS_ACT_EN = "- lend their account for the Services to a third party.\n"


def new_terms_version(root: Path, version_id: str = "2027-01-15", announced: str = "2026-12-01") -> Path:
    """The next version of the sample terms, one prohibited act added, announced on `announced`."""
    last = TERMS / "2026-06-01"
    ja = replace_once(last.joinpath("ja.md").read_text(encoding="utf-8"), TERMS_ACT_JA,
                      TERMS_ACT_JA + "- 本サービスの運営を妨げる行為\n")
    en = last.joinpath("en.md").read_text(encoding="utf-8")
    en = replace_once(en, TERMS_ACT_EN, TERMS_ACT_EN.replace(".\n", ";\n") + "- interfere with the operation of the Services.\n")
    return write_version(root / "terms_versions", version_id, ja, en,
                         "sample: true\noriginal_language: ja\n"
                         f"announced: {announced}\nsummary: {{ja: 禁止事項を追加しました, en: Added a prohibited act}}\n")


def commit(root: Path, message: str) -> None:
    repository = git.Repo(root)
    repository.git.add(A=True)
    repository.index.commit(message)


# The receiver's check as README.md documents it (run as written: a test of the documentation, and
# an implementation of the signature independent of policy_engine.editing.webhook's).
_SNIPPET = re.search(r"<!-- webhook-verification -->\n```python\n(.*?)```",
                     (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
assert _SNIPPET, "README.md: the webhook verification snippet is missing"
RECEIVER_CHECK: dict = {}
exec(compile(_SNIPPET.group(1), "README.md (webhook verification)", "exec"), RECEIVER_CHECK)  # noqa: S102
WEBHOOK_SECRET = "whsec_" + base64.b64encode(bytes(range(32))).decode()  # a test secret, 32 bytes


@dataclass
class Webhook:
    url: str
    received: list  # the JSON bodies accepted (signature verified)
    secret: str = WEBHOOK_SECRET
    rejected: list = field(default_factory=list)  # the headers of posts refused
    seen: list = field(default_factory=list)  # every post's headers, accepted or not


@pytest.fixture
def webhook() -> Iterator[Webhook]:
    """A real HTTP server on 127.0.0.1 that verifies each post's Standard Webhooks signature with
    README.md's check and the test secret: 204 and the JSON body recorded, or 401."""
    hook = Webhook("", [])

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            headers = {name.lower(): value for name, value in self.headers.items()}
            hook.seen.append(headers)
            if RECEIVER_CHECK["verify"](hook.secret, self.headers, body):
                hook.received.append(json.loads(body))
                self.send_response(204)
            else:
                hook.rejected.append(headers)
                self.send_response(401)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        hook.url = f"http://127.0.0.1:{server.server_port}/hook"
        yield hook
    finally:
        server.shutdown()
