"""Every mistake an editor can make: a clear message naming the file (and line), a non-zero exit,
and no half-written site (the previous site stays exactly as it was)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable

import pytest

from conftest import build, policy

V = "policy_versions/2026-11-24"


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(root: Path, rel: str, needle: str) -> int:
    lines = (root / rel).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def same_date_twice(root: Path) -> str:
    for name in ("2026-01-05", "2026-1-5"):
        shutil.copytree(root / V, root / "policy_versions" / name)
    return "policy_versions/2026-1-5: error: two versions with the same date 2026-01-05"


def not_a_date(root: Path) -> str:
    shutil.copytree(root / V, root / "policy_versions" / "2026-02-30")
    return "policy_versions/2026-02-30: error: version folder name '2026-02-30' is not a real date"


def bad_front_matter(root: Path) -> str:
    edit(root, f"{V}/en.md", "title: Privacy Policy", "title: Privacy Policy\nsummary: [unclosed")
    return f"{V}/en.md:3: error: invalid front matter"


def no_title(root: Path) -> str:
    edit(root, f"{V}/ja.md", "title: プライバシーポリシー\n", "")
    return f"{V}/ja.md:1: error: no title"


def ids_differ(root: Path) -> str:
    edit(root, f"{V}/en.md", "{#disclosure}", "{#disclose}")
    line = line_of(root, f"{V}/en.md", "{#disclose}")
    return f"{V}/en.md:{line}: error: section ids differ from ja.md: section 9 is 'disclose' here but 'disclosure' (ja.md line 53) (missing here: disclosure; not in ja.md: disclose)"


def no_purposes(root: Path) -> str:
    for lang in ("ja", "en"):
        edit(root, f"{V}/{lang}.md", "{#purposes-of-use}", "{#purposes}")
    return f"{V}/ja.md: error: no section with id 'purposes-of-use'"


def heading_without_id(root: Path) -> str:
    edit(root, f"{V}/en.md", " {#disclosure}", "")
    line = line_of(root, f"{V}/en.md", "### (7) Disclosure of Personal Information")
    return f"{V}/en.md:{line}: error: heading '(7) Disclosure of Personal Information' has no explicit id"


def bad_version_yaml(root: Path) -> str:
    (root / V / "version.yml").write_text("announced: 2026-11-01\nsummary: {ja: 'x', en: \n", encoding="utf-8")
    return f"{V}/version.yml:3: error: invalid version.yml"


def announced_after_effective(root: Path) -> str:
    (root / V / "version.yml").write_text("# a comment\nannounced: 2026-12-01\n", encoding="utf-8")
    return f"{V}/version.yml:2: error: announced (2026-12-01) is after the effective date (2026-11-24)"


def summary_untranslated(root: Path) -> str:
    (root / V / "version.yml").write_text("summary:\n  ja: 初版\n", encoding="utf-8")
    return f"{V}/version.yml:1: error: summary has no 'en' text"


def unknown_placeholder(root: Path) -> str:
    edit(root, f"{V}/ja.md", "{{ contact }}", "{{ contact.phone }}")
    line = line_of(root, f"{V}/ja.md", "{{ contact.phone }}")
    return f"{V}/ja.md:{line}: error: unknown placeholder '{{{{ contact.phone }}}}'"


def invalid_email(root: Path) -> str:
    edit(root, "contact.yml", "email: info@medmain.com", "email: info@medmain")
    return f"contact.yml:{line_of(root, 'contact.yml', 'email:')}: error: email 'info@medmain' is not a valid e-mail address"


def bad_postal_code(root: Path) -> str:
    edit(root, "contact.yml", "postal_code: 810-0042", "postal_code: 8100042")
    return f"contact.yml:{line_of(root, 'contact.yml', 'postal_code')}: error: postal_code '8100042' is not of the form NNN-NNNN"


def contact_field_untranslated(root: Path) -> str:
    edit(root, "contact.yml", "  en: Dept. of Corporate Administration\n", "")
    return f"contact.yml:{line_of(root, 'contact.yml', 'department:')}: error: department has no 'en' text"


def contact_field_missing(root: Path) -> str:
    edit(root, "contact.yml", "email: info@medmain.com\n", "")
    return "contact.yml: error: required field 'email' is missing"


CASES: dict[str, Callable[[Path], str]] = {
    "missing ja.md": lambda root: ((root / V / "ja.md").unlink(), f"{V}/ja.md: error: missing ja.md")[1],
    "missing en.md": lambda root: ((root / V / "en.md").unlink(), f"{V}/en.md: error: missing en.md")[1],
    "folder not a real date": not_a_date,
    "same date twice": same_date_twice,
    "invalid front matter": bad_front_matter,
    "missing title": no_title,
    "section ids differ": ids_differ,
    "missing purposes-of-use": no_purposes,
    "heading without id": heading_without_id,
    "invalid version.yml": bad_version_yaml,
    "announced after effective": announced_after_effective,
    "summary missing a translation": summary_untranslated,
    "unknown placeholder": unknown_placeholder,
    "invalid e-mail": invalid_email,
    "postal code": bad_postal_code,
    "contact field missing in English": contact_field_untranslated,
    "contact field missing": contact_field_missing,
}


@pytest.mark.parametrize("case", CASES)
def test_build_refuses_with_a_message_naming_the_file(project, case):
    expected = CASES[case](project)
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("the site published before", encoding="utf-8")

    built = build(project, site=site)

    assert built.result.returncode != 0
    assert expected in built.output
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "the site published before"


@pytest.mark.parametrize("case", ["missing en.md", "section ids differ", "invalid e-mail"])
def test_policy_check_reports_the_same_problems(project, case):
    expected = CASES[case](project)
    result = policy(project, "check", cwd=project / "policy_versions")
    assert result.returncode == 1
    assert expected in result.stdout + result.stderr


def test_every_problem_is_reported_at_once(project):
    expected = [no_title(project), invalid_email(project), unknown_placeholder(project)]
    result = policy(project, "check")
    assert result.returncode == 1
    for message in expected:
        assert message in result.stdout + result.stderr


def test_policy_today_must_be_a_date(project):
    built = build(project, today="2026-13-01")
    assert built.result.returncode != 0
    assert "POLICY_TODAY='2026-13-01' is not a date of the form YYYY-MM-DD" in built.output
