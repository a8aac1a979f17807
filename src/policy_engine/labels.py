"""The words of the interface, per language: the only place they are written."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "ja": {
        "history": "改定履歴",
        "effective": "施行日",
        "announced": "公表日",
        "status": "状態",
        "summary": "概要",
        "version": "版",
        "current": "現行",
        "upcoming": "施行予定",
        "superseded": "旧版",
        "no_summary": "（記載なし）",
        "version_title": "{title}（{date}施行）",
        "effective_line": "{date}施行",
        "history_intro": "本プライバシーポリシーのこれまでの版と施行予定の版の一覧です。各版の本文は、それぞれの恒久的なアドレスで公開しています。",
        "notice_current": "この版は、現在適用されているプライバシーポリシーです。",
        "notice_upcoming": "この版は{date}に施行される予定です。現在は[現行のプライバシーポリシー]({current})が適用されています。",
        "notice_superseded": "この版は旧版であり、{date}に改定されました。現在は[現行のプライバシーポリシー]({current})が適用されています。",
        "see_history": "[改定履歴]({history})",
        "permalink": "この見出しへのリンク",
        "contact": "お問い合わせ窓口",
        "contact_intro": "個人情報の取扱いに関するお問い合わせ（開示、訂正、削除、苦情等を含みます。）は、下記までご連絡ください。",
    },
    "en": {
        "history": "Version history",
        "effective": "Effective date",
        "announced": "Announced",
        "status": "Status",
        "summary": "Summary",
        "version": "Version",
        "current": "Current",
        "upcoming": "Upcoming",
        "superseded": "Superseded",
        "no_summary": "(none given)",
        "version_title": "{title} (effective {date})",
        "effective_line": "Effective {date}",
        "history_intro": "Every version of this Privacy Policy, past and upcoming. Each version's text stays at its own permanent address.",
        "notice_current": "This version is the Privacy Policy in effect.",
        "notice_upcoming": "This version takes effect on {date}. Until then the [current Privacy Policy]({current}) applies.",
        "notice_superseded": "This version is superseded: it was revised on {date}. The [current Privacy Policy]({current}) applies.",
        "see_history": "[Version history]({history})",
        "permalink": "Link to this heading",
        "contact": "Contact",
        "contact_intro": "For inquiries about the handling of personal information, including disclosure, correction, deletion and complaints, please contact us at the address or e-mail address below.",
    },
}


def label(lang: str, key: str, **values: str) -> str:
    return LABELS[lang][key].format(**values)
