"""The `policy` command: the engine for editors and scripts, on the repository it is run in."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from urllib.parse import urljoin

from ..core.cache import flush as flush_cache
from ..core.dates import format_date, parse_iso_date
from .diff_command import FORMATS, find_version, unknown_version
from ..core.errors import PolicyError, Problem
from ..core.messages import Message, Text, counted, in_language, user_language
from .new_version import REVIEW_DAYS
from ..reading.settings import LANGUAGES, SETTINGS_FILE, DocumentSettings, Settings, build_day, find_root, load_settings
from ..reading.versions import Version, version_folders, versions_of
from .webhook import CATCH_UP_DAYS, URL_VARIABLE

# A command imports the rest of the engine in its function, as it needs it: the short ones
# (`policy versions`, `announce`, `diff`) start without the site generator's parts or git.


def _say(text: Message, file=None) -> None:
    print(in_language(text, user_language()), file=file or sys.stdout)


def _note(text: Message) -> None:
    _say(Text("note: ", "注意：") + text if isinstance(text, Text) else f"note: {text}", sys.stderr)


def _versions(settings: Settings, *wanted: str, with_previous: bool = False,
              document: DocumentSettings | None = None) -> list[Version]:
    """The versions a command prints, and only those, loaded, oldest first (an unknown id is named
    with the known ones): a history of hundreds of versions does not slow a question about two.
    `with_previous`: each with the version before it (what a notice is made of). `document`: the
    document's (default: the privacy policy's)."""
    document = document or settings.documents[0]
    folders, problems = version_folders(document.versions_dir)
    links = [problem for problem in problems if problem.path.is_symlink()]
    if links:  # its folder is not a version until the link is replaced by the file
        raise PolicyError(links)
    known = [folder.name for _, folder in folders]
    for version_id in wanted:
        if version_id not in known:
            raise unknown_version(version_id, known, document.versions_dir)
    ids = set(wanted)
    if with_previous:
        ids |= {known[known.index(version_id) - 1] for version_id in wanted if known.index(version_id)}
    return versions_of(settings, ids=ids, document=document)


def _cmd_check(root: Path, args: argparse.Namespace) -> int:
    from .checks import check_repository
    from .github import github_annotations
    settings = load_settings(root)
    day = build_day(settings)
    allow_draft = args.release and args.allow_draft
    report = check_repository(settings, day, args.base, release=args.release, environ=dict(os.environ),
                              allow_draft=allow_draft)
    if args.release:
        # Said once, in both outputs: whether the findings stop the deployment.
        report.notes.append(Text(
            "draft: true in policy.yml: the site is published as a draft, every page carrying the draft "
            "banner; what is listed above keeps it from being the company's publication",
            "policy.yml が draft: true のため、本サイトは下書きとして公開され、各ページに下書きの表示があります。"
            "上記の事項が解決するまで、本サイトは会社の公表にはなりません") if settings.draft and allow_draft else Text(
            "release check: anything listed above as an error keeps the site from being the company's "
            "publication, and the publish workflow deploys no production site while one remains",
            "公開の検査：上記のエラーが一つでも残る間は、本サイトは会社の公表にならず、公開のワークフローは"
            "本番のサイトを公開しません") if report.errors else Text(
            "release check: nothing keeps the site from being the company's publication",
            "公開の検査：本サイトを会社の公表とすることを妨げる事項はありません"))
    if args.format == "github":
        sys.stdout.write(github_annotations(report, root))
        return 1 if report.errors else 0
    for problem in report.problems:
        print(problem.format(root))
    for note in report.notes:
        _note(note)
    if report.errors:
        _say(Text(f"{counted(len(report.errors), 'error')}, {counted(len(report.warnings), 'warning')}",
                  f"エラー {len(report.errors)} 件、警告 {len(report.warnings)} 件"), sys.stderr)
        return 1
    timeline = report.timeline
    folder = settings.versions_dir
    shown = folder.relative_to(root) if folder.is_relative_to(root) else folder
    warnings = len(report.warnings)
    _say(Text(f"ok: {len(timeline.versions)} public versions in {shown}; in effect on {day.isoformat()}: "
              f"{timeline.current.id}" + (f"; {warnings} warnings" if warnings else ""),
              f"ok：{shown} の公開中の版 {len(timeline.versions)} 件、{day.isoformat()} 時点で施行中の版 "
              f"{timeline.current.id}" + (f"、警告 {warnings} 件" if warnings else "")))
    return 0


def _cmd_new(root: Path, args: argparse.Namespace) -> int:
    from .new_version import create_version
    settings = load_settings(root)
    document = settings.document(args.document)
    effective = _date_option(args.effective, "--effective", document.versions_dir)
    created = create_version(settings, build_day(settings), effective, document)
    folder = created.folder
    shown = folder.relative_to(root).as_posix()
    announced, period = created.announced.isoformat(), settings.notice_period_days
    holds = Text(f"`announced: {announced}` keeps the {period}-day notice period before {folder.name}: merge "
                 "the pull request on or before that day (if later, move both dates).",
                 f"announced: {announced}（公表日）は、施行日 {folder.name} の{period}日前までの周知期間を満たす日に"
                 "設定しました。この日までにプルリクエストをマージしてください（遅れる場合は公表日と施行日を"
                 "ともに後ろにずらしてください）。")
    short = Text(f"`announced: {announced}` is less than {period} days before {folder.name}: if the purposes "
                 "of use change, choose a later --effective date.",
                 f"announced: {announced}（公表日）から施行日 {folder.name} までが{period}日に満たないため、"
                 "利用目的を変更する場合は、より後の施行日を --effective で指定してください。")
    _say(Text(f"Created {shown}/ (ja.md, en.md, version.yml) from the latest version.\n",
              f"{shown}/（ja.md、en.md、version.yml）を最新の版から作成しました。\n")
         + (holds if created.notice_period_holds else short) + Text(
        f"\nNext:\n"
        f"  1. Edit {shown}/ja.md and {shown}/en.md: the same sections, ids and list items in both.\n"
        f"  2. Write the summary in both languages in {shown}/version.yml (a TODO cannot be published).\n"
        f"  3. Run `policy check`, then `policy diff --base main` to see what the change publishes.\n"
        f"  4. Open a pull request; the preview and the summary appear on it.",
        f"\n次の手順：\n"
        f"  1. {shown}/ja.md と {shown}/en.md を編集してください。両言語で見出し、id、箇条書きの項目をそろえます。\n"
        f"  2. {shown}/version.yml に改定の概要を日本語と英語で記載してください（TODO のままでは公開できません）。\n"
        f"  3. `policy check` を実行し、`policy diff --base main` で公開される内容を確認してください。\n"
        f"  4. プルリクエストを作成してください。プレビューと概要がプルリクエストに表示されます。"))
    return 0


def _date_option(value: str | None, option: str, where: Path):
    if value is None:
        return None
    day = parse_iso_date(value)
    if day is None:
        raise PolicyError([Problem(where, Text(
            f"{option} {value!r} is not a real date of the form YYYY-MM-DD",
            f"{option} {value!r} は YYYY-MM-DD 形式の実在する日付ではありません"))])
    return day


def _cmd_contact_change(root: Path, args: argparse.Namespace) -> int:
    from .contact_change import start_contact_change
    from ..reading.versions import linked_entries
    settings = load_settings(root)
    links = linked_entries(settings.versions_dir)
    if links:  # the change is judged with the versions it is published beside: not on a broken repository
        raise PolicyError(links)
    started = start_contact_change(settings.contact_file, build_day(settings),
                                   _date_option(args.since, "--since", settings.contact_file))
    _say_change_started(root, started, Text("the details in effect", "現在のお問い合わせ窓口"),
                        Text("the new ones", "新しい窓口"), answers_only=False)
    return 0


def _cmd_retained_data_change(root: Path, args: argparse.Namespace) -> int:
    from .contact_change import start_contact_change
    from ..reading.retained_data import load_retained_data
    settings = load_settings(root)
    path = settings.retained_data_file
    started = start_contact_change(path, build_day(settings), _date_option(args.since, "--since", path),
                                   load=load_retained_data, noun=Text("matters", "事項"))
    _say_change_started(root, started, Text("the matters in effect", "現在の保有個人データに関する事項"),
                        Text("the new ones", "新しい内容"), answers_only=True)
    return 0


def _say_change_started(root: Path, started, kept: Text, new: Text, answers_only: bool) -> None:
    """What a dated change of a record file (contact.yml, retained-data.yml) did, and what to do next."""
    shown = started.path.relative_to(root).as_posix() if started.path.is_relative_to(root) else started.path
    day = started.since.isoformat()
    only_en = ",\n     with the company's answers only" if answers_only else ""
    only_ja = "会社の回答に基づいて" if answers_only else ""
    _say(Text(
        f"{shown}: {kept.en} are kept, unchanged, at the top of previous:; {new.en} take "
        f"effect on {day} (since: {day}).\n"
        f"Next:\n"
        f"  1. Edit the fields from line {started.first_field_line} of {shown}, above previous:, in both languages"
        f"{only_en}.\n"
        f"     Never edit what is under previous: (it is the record of what was published).\n"
        f"  2. Run `policy check`, then `policy diff --base main` to see the change as the history will show it.\n"
        f"  3. Open a pull request and merge it on or before {day}.",
        f"{shown}：{kept.ja}をそのまま previous: の先頭に残しました。{new.ja}は {day} から適用されます"
        f"（since: {day}）。\n"
        f"次の手順：\n"
        f"  1. {shown} の {started.first_field_line} 行目以降、previous: より上の項目を{only_ja}日本語と英語で編集してください。\n"
        f"     previous: の下は公表済みの内容の記録ですので、編集しないでください。\n"
        f"  2. `policy check` を実行し、`policy diff --base main` で改定履歴に表示される変更内容を確認してください。\n"
        f"  3. プルリクエストを作成し、{day} までにマージしてください。"))


def _cmd_versions(root: Path, args: argparse.Namespace) -> int:
    from ..reading.timeline import make_timeline
    settings = load_settings(root)
    # Dates and summaries are in version.yml: the texts are not read (`policy check` judges them).
    document = settings.document(args.document)
    timeline = make_timeline(versions_of(settings, texts=False, document=document), build_day(settings),
                             settings.go_live)
    for version in timeline.versions:
        announced = version.announced.isoformat() if version.announced else "-"
        summary = version.summary.get(args.lang, "")
        print(f"{version.id}  {timeline.status(version):<10}  announced {announced:<10}  "
              f"{format_date(version.effective, args.lang)}  {summary}".rstrip())
    return 0


def _cmd_manifest(root: Path, args: argparse.Namespace) -> int:
    from ..publishing.site import build_site
    from ..publishing.urls import SITE_URL_VARIABLE, base_path
    # The PDFs' hashes depend on the address in their footers: the site's address is needed.
    site_url = args.site_url or os.environ.get(SITE_URL_VARIABLE) or ""
    site = build_site(root, {**os.environ, SITE_URL_VARIABLE: site_url})
    sys.stdout.write(site.manifest_json(args.base or base_path(site_url), site.pdfs(site_url)))
    return 0


def _cmd_stage(root: Path, args: argparse.Namespace) -> int:
    from ..publishing.stage import DOCS, stage_site
    from ..publishing.urls import SITE_URL_VARIABLE
    environ = dict(os.environ)
    if args.today is not None:
        _date_option(args.today, "--today", root / SETTINGS_FILE)
        environ["POLICY_TODAY"] = args.today
    site_url = environ[SITE_URL_VARIABLE] = args.site_url or environ.get(SITE_URL_VARIABLE) or ""
    folder = Path(args.dir)
    site, written = stage_site(root, folder, site_url, environ)
    pages = sum(1 for path in written if path.suffix == ".md" and path.is_relative_to(folder / DOCS))
    _say(Text(f"staged {len(site.pages)} pages ({pages} written, the rest unchanged) and the derived files "
              f"in {folder}, for {site.timeline.today.isoformat()} at {site_url or 'no address (a local preview: SITE_URL is not set)'}",
              f"{folder} にページ {len(site.pages)} 件（書き出し {pages} 件、ほかは変更なし）と派生ファイルを"
              f"用意しました（{site.timeline.today.isoformat()} 時点、{site_url or 'アドレスなし（SITE_URL 未設定のローカルプレビュー）'}）"))
    return 0


def _cmd_diff(root: Path, args: argparse.Namespace) -> int:
    from .diff_command import render
    settings = load_settings(root)
    if args.base is not None:
        from .checks import check_repository
        from ..reading.contact_history import load_contacts
        from .pr_summary import pull_request_summary
        from .records import NoHistory, compare_with_base
        if args.old or args.new:
            raise PolicyError([Problem(settings.versions_dir, Text(
                "give either OLD NEW or --base REF, not both",
                "OLD NEW と --base REF のどちらか一方を指定してください"))])
        try:
            diff = compare_with_base(root, settings.versions_dir, args.base or None)
        except NoHistory as exc:
            _note(Text(f"nothing to compare with: {exc.args[0]}", f"比較の対象がありません：{exc.args[0]}"))
            return 0
        report = check_repository(settings, build_day(settings), args.base or None)
        versions = report.versions
        if versions is None:  # nothing to summarise: the check says why
            raise PolicyError(report.errors)
        site_url = args.site_url or os.environ.get("SITE_URL", "")
        sys.stdout.write(pull_request_summary(settings, versions, load_contacts(settings.contact_file), diff,
                                              report, site_url, args.base or None))
        return 0
    if not (args.old and args.new):
        raise PolicyError([Problem(settings.versions_dir, Text(
            "give two versions (policy diff OLD NEW) or --base REF",
            "二つの版（policy diff OLD NEW）または --base REF を指定してください"))])
    document = settings.document(args.document)
    versions = _versions(settings, args.old, args.new, document=document)
    old = find_version(versions, args.old, document.versions_dir)
    new = find_version(versions, args.new, document.versions_dir)
    sys.stdout.write(render(old, new, args.lang, args.format, colour=sys.stdout.isatty()))
    return 0


def _cmd_preview_days(root: Path, args: argparse.Namespace) -> int:
    """The days worth previewing for a pull request: today, and every day a new version of it (of
    any document) becomes public or takes effect, or a new dated record applies."""
    from ..reading.contact_history import load_contacts, new_changes
    from .records import NoHistory, compare_with_base
    settings = load_settings(root)
    today = build_day(settings)
    days = {today}
    try:
        diff = compare_with_base(root, settings.versions_dir, args.base or None)
        for document in settings.documents:  # the privacy policy's versions, then each other document's
            versions_diff = diff if document.privacy_policy else compare_with_base(root, document.versions_dir,
                                                                                   args.base or None)
            for version in versions_of(settings, document=document):
                if version.folder.resolve() not in versions_diff.published:
                    days.update({version.published, version.effective})
        contacts = load_contacts(settings.contact_file)
        days.update(change.day for change in new_changes(diff.base_text(contacts.source), contacts))
        from ..reading.retained_data import load_retained_data
        retained = load_retained_data(settings.retained_data_file)
        days.update(change.day for change in new_changes(diff.base_text(retained.source), retained))
        from ..reading.publications import load_register
        from .publication_records import new_records
        days.update(record.published for record in new_records(diff, load_register(settings.publications_dir)))
    except NoHistory as exc:
        _note(Text(f"only today: {exc.args[0]}", f"今日の日付のみ：{exc.args[0]}"))
    print("\n".join(day.isoformat() for day in sorted(d for d in days if d >= today)))
    return 0


def _cmd_announce(root: Path, args: argparse.Namespace) -> int:
    from ..publishing import urls
    from ..publishing.announcements import announcement_json, announcement_markdown, announcement_text, make_announcements
    from ..reading.contact_history import load_contacts
    settings = load_settings(root)
    versions = _versions(settings, args.version, with_previous=True, document=settings.document(args.document))
    version = versions[-1]
    announcement = make_announcements(versions, settings.cache()).get(version.id)
    if announcement is None and len(versions) > 1:
        raise PolicyError([Problem(version.version_file, Text(
            "this version has no announcement: a document other than the privacy policy announces a "
            "revision only where its version.yml gives `announced:`",
            "この版にはお知らせがありません。プライバシーポリシー以外の文書では、version.yml に `announced:` を"
            "記載した改定に限りお知らせを掲載します"))])
    if announcement is None:
        raise PolicyError([Problem(version.folder, Text(
            "the first version has no announcement: there is no earlier version to change",
            "最初の版にはお知らせがありません（改定の対象となる前の版がありません）"))])
    if args.format == "json":
        print(json.dumps(announcement_json(announcement), ensure_ascii=False, indent=2))
        return 0
    contact = load_contacts(settings.contact_file).on(announcement.published)  # as its page shows it
    site_url = os.environ.get("SITE_URL", "")
    languages = [args.lang] if args.lang else list(LANGUAGES)
    render = announcement_markdown if args.format == "markdown" else announcement_text
    today = build_day(settings)  # the notice's tense: before or from the effective date
    texts = []
    for lang in languages:
        def link(src: str, lang: str = lang) -> str:
            return urljoin(site_url, urls.site_path(src, lang)) if site_url else urls.site_path(src, lang)
        texts.append(render(announcement, lang, contact, link, today=today))
    print(("\n---\n\n" if args.format == "markdown" else "\n\n").join(texts), end="")
    return 0


def _cmd_notify(root: Path, args: argparse.Namespace) -> int:
    from ..publishing.site import build_site
    from .webhook import SECRET_VARIABLE, check_url, notify, signing_key
    url = args.url or os.environ.get(URL_VARIABLE, "")
    if not url:
        _note(Text(f"no webhook configured ({URL_VARIABLE} is empty): nothing posted",
                   f"Webhook が設定されていません（{URL_VARIABLE} が空です）。何も送信していません"))
        return 0
    check_url(url, root / SETTINGS_FILE)
    key = signing_key(os.environ.get(SECRET_VARIABLE, ""), root / SETTINGS_FILE)
    site = build_site(root)
    every = [a for history in site.histories for a in history.announcements.values()]
    posted = notify(url, key, every, site.timeline.today, Path(args.sent) if args.sent else None, args.within)
    listed = ", ".join(posted)
    _say(Text(f"posted {len(posted)} announcement(s)" + (f": {listed}" if posted else ""),
              f"お知らせを {len(posted)} 件送信しました" + (f"：{listed}" if posted else "")))
    _notify_publications(url, key, site, args)
    return 0


def _notify_publications(url: str, key: bytes, site, args: argparse.Namespace) -> None:
    """The dated 公表 records, each once (publication_webhook.py); said only when there are some."""
    from ..publishing.urls import SITE_URL_VARIABLE, base_path
    from .publication_webhook import notify_publications
    if site.register is None or not site.register.records:
        return
    posted = notify_publications(url, key, site.register, site.timeline.today, Path(args.sent) if args.sent else None,
                                 args.within, base_path(os.environ.get(SITE_URL_VARIABLE, "")))
    listed = ", ".join(posted)
    _say(Text(f"posted {len(posted)} publication(s)" + (f": {listed}" if posted else ""),
              f"公表事項を {len(posted)} 件送信しました" + (f"：{listed}" if posted else "")))


def _cmd_publication_new(root: Path, args: argparse.Namespace) -> int:
    from .new_publication import create_publication
    settings = load_settings(root)
    folder = settings.publications_dir or root
    created = create_publication(settings, args.kind, build_day(settings),
                                 _date_option(args.date, "--date", folder), args.slug)
    shown = created.path.relative_to(root).as_posix() if created.path.is_relative_to(root) else created.path
    day = created.published.isoformat()
    _say(Text(
        f"Created {shown}: a record of {args.kind}, published on {day} (the file's date).\n"
        f"Next:\n"
        f"  1. Replace every TODO and fill in every empty field of {shown} in Japanese and English, from the\n"
        f"     company's own records (never a guess).\n"
        f"  2. Run `policy check`, then `policy diff --base main` to see the record as the register will show it.\n"
        f"  3. Open a pull request and merge it on or before {day} (if later, rename the file to the day of the merge).",
        f"{shown} を作成しました（{args.kind} の記録。公表日はファイル名の日付 {day}）。\n"
        f"次の手順：\n"
        f"  1. {shown} の TODO と空欄のすべてを、会社の記録に基づいて日本語と英語で記載してください（推測で記載しないでください）。\n"
        f"  2. `policy check` を実行し、`policy diff --base main` で一覧に表示される内容を確認してください。\n"
        f"  3. プルリクエストを作成し、{day} までにマージしてください（遅れる場合はファイル名の日付をマージする日以降に変更してください）。"))
    return 0


# Help in the editor's language: argparse prints it before anything else runs.
def _document_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--document", metavar="ID", help=_h(
        f"the document's id in {SETTINGS_FILE} `documents:` (default: the privacy policy)",
        f"{SETTINGS_FILE} の `documents:` にある文書の id（既定：プライバシーポリシー）"))


def _h(en: str, ja: str) -> str:
    return Text(en, ja).get(user_language())


def _localise(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """argparse's own words (section titles, -h) in the editor's language too."""
    parser._positionals.title = _h("commands and arguments", "コマンドと引数")
    parser._optionals.title = _h("options", "オプション")
    parser.add_argument("-h", "--help", action="help", help=_h("show this help and exit", "このヘルプを表示して終了します"))
    return parser


class _Commands(argparse._SubParsersAction):
    def add_parser(self, name, **kwargs):
        return _localise(super().add_parser(name, add_help=False, **kwargs))


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        add_help=False,
        prog="policy",
        description=_h("Work with the versioned privacy policy of the repository you are in. "
                       "POLICY_TODAY=YYYY-MM-DD replaces today's date; POLICY_LANG=ja|en chooses the language "
                       "of messages.",
                       "現在のフォルダがあるリポジトリの、版管理されたプライバシーポリシーを扱います。"
                       "POLICY_TODAY=YYYY-MM-DD で今日の日付を置き換え、POLICY_LANG=ja|en でメッセージの言語を選びます。"))
    _localise(main)
    main.register("action", "parsers", _Commands)
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help=_h("check every version, the settings and the contact details",
                                                 "すべての版、設定、お問い合わせ窓口の情報を検査します"))
    check.add_argument("--base", metavar="REF", help=_h(
        "compare published versions with the merge base with REF (default: the main branch)",
        "公開済みの版を REF との分岐点と照合します（既定：main ブランチ）"))
    check.add_argument("--format", choices=["text", "github"], default="text", help=_h(
        "github: GitHub Actions annotations on the lines of the pull request",
        "github：プルリクエストの該当行に表示する GitHub Actions の注釈"))
    check.add_argument("--release", action="store_true", help=_h(
        "also list everything that keeps the site from being the company's publication (legal review marks, "
        "missing APPI Art. 32 matters, placeholder code owners, SITE_URL, go-live): errors, unless policy.yml "
        "says draft: true and --allow-draft is given",
        "本サイトを会社の公表とすることを妨げる事項（法務確認の注記、個人情報保護法第32条の未記載の事項、仮の "
        "CODEOWNERS、SITE_URL、公開日）も示します。policy.yml が draft: true で --allow-draft を指定した場合を"
        "除き、エラーです"))
    check.add_argument("--allow-draft", action="store_true", help=_h(
        "with --release: a draft site (policy.yml draft: true) may be deployed with its draft banner; what "
        "remains is listed as warnings (the publish workflow runs it so)",
        "--release とともに：下書きのサイト（policy.yml の draft: true）は、下書きの表示を付けて公開できます。"
        "残る事項は警告として示します（公開のワークフローはこの指定で実行します）"))
    check.set_defaults(run=_cmd_check)

    new = commands.add_parser("new", help=_h("start the next version from the latest one",
                                             "最新の版から次の版を作成します"))
    new.add_argument("--effective", metavar="DATE", help=_h(
        f"its effective date, YYYY-MM-DD (default: {REVIEW_DAYS} days for review plus the notice period from today)",
        f"施行日 YYYY-MM-DD（既定：今日から審査期間 {REVIEW_DAYS} 日と周知期間を加えた日）"))
    _document_option(new)
    new.set_defaults(run=_cmd_new)

    contact = commands.add_parser("contact-change", help=_h(
        "start a dated change of the contact details: the details in effect are kept under previous:",
        "お問い合わせ窓口の変更を、日付付きの記録として開始します（現在の窓口は previous: に残します）"))
    contact.add_argument("--since", metavar="DATE", help=_h(
        f"the day the new details take effect, YYYY-MM-DD (default: {REVIEW_DAYS} days for review from today)",
        f"新しい窓口の適用開始日 YYYY-MM-DD（既定：今日から審査期間 {REVIEW_DAYS} 日後）"))
    contact.set_defaults(run=_cmd_contact_change)

    retained = commands.add_parser("retained-data-change", help=_h(
        "start a dated change of the APPI Art. 32 matters (retained-data.yml): those in effect are kept under "
        "previous:",
        "保有個人データに関する事項（retained-data.yml）の変更を、日付付きの記録として開始します（現在の内容は "
        "previous: に残します）"))
    retained.add_argument("--since", metavar="DATE", help=_h(
        f"the day the new matters take effect, YYYY-MM-DD (default: {REVIEW_DAYS} days for review from today)",
        f"新しい内容の適用開始日 YYYY-MM-DD（既定：今日から審査期間 {REVIEW_DAYS} 日後）"))
    retained.set_defaults(run=_cmd_retained_data_change)

    versions = commands.add_parser("versions", help=_h("list the public versions and their status",
                                                       "公開中の版とその区分を一覧表示します"))
    versions.add_argument("--lang", choices=["ja", "en"], default="en")
    _document_option(versions)
    versions.set_defaults(run=_cmd_versions)

    diff = commands.add_parser("diff", help=_h("what changed between two versions", "二つの版の間の変更点を示します"))
    diff.add_argument("old", metavar="OLD", nargs="?", help=_h("the earlier version's id (its folder name)",
                                                               "前の版の id（フォルダ名）"))
    diff.add_argument("new", metavar="NEW", nargs="?", help=_h("the later version's id", "後の版の id"))
    diff.add_argument("--base", metavar="REF", nargs="?", const="", help=_h(
        "instead: what this branch publishes since its merge base with REF (default: main), as Markdown "
        "for the pull request's comment",
        "代わりに、REF（既定：main）との分岐点以降にこのブランチが公開する内容を、プルリクエストのコメント用の "
        "Markdown で示します"))
    diff.add_argument("--site-url", metavar="URL", help=_h(
        "with --base: the address links point to (default: $SITE_URL)",
        "--base とともに：リンク先のアドレス（既定：$SITE_URL）"))
    diff.add_argument("--lang", choices=["ja", "en"], default="ja")
    diff.add_argument("--format", choices=FORMATS, default="text")
    _document_option(diff)
    diff.set_defaults(run=_cmd_diff)

    days = commands.add_parser("preview-days", help=_h(
        "the days a pull request's preview is built for: today and each day a new version goes public or "
        "takes effect, or new contact details take effect",
        "プルリクエストのプレビューを作成する日付（今日と、新しい版の公表日・施行日、新しいお問い合わせ窓口の"
        "適用開始日）を示します"))
    days.add_argument("--base", metavar="REF", default="", help=_h("the base branch (default: main)",
                                                                    "比較の基準となるブランチ（既定：main）"))
    days.set_defaults(run=_cmd_preview_days)

    announce = commands.add_parser("announce", help=_h(
        "the announcement of a version, for a pull request or an e-mail",
        "版のお知らせを、プルリクエストや電子メール向けに出力します"))
    announce.add_argument("version", metavar="VERSION", help=_h("the version's id (its folder name)",
                                                                "版の id（フォルダ名）"))
    announce.add_argument("--format", choices=["markdown", "text", "json"], default="markdown")
    announce.add_argument("--lang", choices=list(LANGUAGES), help=_h("one language only (default: both)",
                                                                     "一方の言語のみ（既定：両方）"))
    _document_option(announce)
    announce.set_defaults(run=_cmd_announce)

    notify_ = commands.add_parser("notify", help=_h(
        f"post the public announcements and 公表 records not yet posted to the webhook in {URL_VARIABLE}, once each, "
        f"signed with the secret in POLICY_WEBHOOK_SECRET (Standard Webhooks)",
        f"まだ送信していない公開済みのお知らせと公表事項を、{URL_VARIABLE} の Webhook に一度ずつ、"
        f"POLICY_WEBHOOK_SECRET のシークレットで署名して送信します（Standard Webhooks）"))
    notify_.add_argument("--url", help=_h(f"the webhook (default: ${URL_VARIABLE})",
                                          f"Webhook の URL（既定：${URL_VARIABLE}）"))
    notify_.add_argument("--sent", metavar="FILE", help=_h(
        "record of what was posted, so nothing is posted twice", "送信済みの記録（二重送信を防ぎます）"))
    notify_.add_argument("--within", metavar="DAYS", type=int, default=CATCH_UP_DAYS, help=_h(
        f"catch up on announcements published in the last DAYS days (default: {CATCH_UP_DAYS})",
        f"過去 DAYS 日以内に公表されたお知らせを送信対象とします（既定：{CATCH_UP_DAYS}）"))
    notify_.set_defaults(run=_cmd_notify)

    publication = commands.add_parser("publication", help=_h(
        "dated publications concerning anonymously processed information (publications/)",
        "匿名加工情報に関する公表事項（publications/）を扱います"))
    publication.register("action", "parsers", _Commands)
    publication_commands = publication.add_subparsers(dest="publication_command", required=True, metavar="COMMAND")
    publication_new = publication_commands.add_parser("new", help=_h(
        "write the skeleton of a new record of KIND, in Japanese and English, with every field the law requires",
        "KIND の新しい記録のひな形を、法令が求めるすべての項目とともに日本語と英語で作成します"))
    publication_new.add_argument("kind", metavar="KIND", help=_h(
        "anonymised-created (APPI Art. 43(3)) or anonymised-provided (Art. 43(4), 44)",
        "anonymised-created（個人情報保護法第43条第3項）又は anonymised-provided（第43条第4項、第44条）"))
    publication_new.add_argument("--date", metavar="DATE", help=_h(
        "the day of publication, YYYY-MM-DD, the file's date (default: today)",
        "公表日 YYYY-MM-DD。ファイル名の日付になります（既定：今日）"))
    publication_new.add_argument("--slug", metavar="SLUG", help=_h(
        "the rest of the file name and address: lowercase letters, digits, hyphens (default: the kind)",
        "ファイル名とアドレスの残りの部分。英小文字、数字、ハイフン（既定：種類の名前）"))
    publication_new.set_defaults(run=_cmd_publication_new)

    stage = commands.add_parser("stage", help=_h(
        "write the whole site for a generator: every page of both languages, the navigation, the feeds, "
        "versions.json and the schemas",
        "サイト生成ツール向けにサイト全体（両言語の全ページ、ナビゲーション、フィード、versions.json、スキーマ）を書き出します"))
    stage.add_argument("dir", metavar="DIR", help=_h("the folder to write (new, empty, or staged before)",
                                                     "書き出し先のフォルダ（新規、空、または以前に書き出したもの）"))
    stage.add_argument("--today", metavar="DATE", help=_h("the day to build for, YYYY-MM-DD (default: today in Japan)",
                                                          "サイトの基準日 YYYY-MM-DD（既定：日本時間の今日）"))
    stage.add_argument("--site-url", metavar="URL", help=_h(
        "the address the site is published at (default: $SITE_URL, else a development server's)",
        "サイトを公開するアドレス（既定：$SITE_URL、なければ開発用サーバーのアドレス）"))
    stage.set_defaults(run=_cmd_stage)

    manifest = commands.add_parser("manifest", help=_h("print versions.json as the site publishes it",
                                                       "サイトが公開する versions.json を出力します"))
    manifest.add_argument("--site-url", metavar="URL", help=_h(
        "the address the site is published at, which the PDFs' footers name (default: $SITE_URL, "
        "else a development server's)",
        "サイトを公開するアドレス。PDF のフッターに記載されます（既定：$SITE_URL、なければ開発用サーバーのアドレス）"))
    manifest.add_argument("--base", help=_h("the path the site is served under (default: the path of --site-url)",
                                            "サイトを公開するパス（既定：--site-url のパス）"))
    manifest.set_defaults(run=_cmd_manifest)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    root: Path | None = None
    try:
        root = find_root()
        code = args.run(root, args)
        flush_cache()  # what the command computed, kept for the next one
        sys.stdout.flush()  # here, where a closed pipe is caught, rather than at exit
        return code
    except PolicyError as exc:
        print(exc.format(root), file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (`policy versions | head -1`): nothing more to say, and no traceback
        # when Python flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return 130
    except OSError as exc:  # a file vanished or cannot be written mid-command
        reason = exc.strerror or str(exc)
        problem = Problem(Path(getattr(exc, "filename", None) or "policy"),
                          Text(f"cannot be read or written ({reason})", f"読み書きできません（{reason}）"))
        print(problem.format(root), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
