"""Japanese changes marked as a 新旧対照表 made by hand marks them: the changed word, not its compound.

Each case is (old, new, the exact changes, the words a lawyer would mark with their particles).
The redline must give exactly those changes, and never mark more characters than the lawyer would.
"""

from __future__ import annotations

import pytest

from policy_engine.changes.textdiff import diff_text

CASES = {
    # one word inside a compound or a noun phrase
    "word in 法令上必要": ("法令上必要な範囲で取り扱います。", "法令上不可欠な範囲で取り扱います。",
                       [("delete", "必要"), ("insert", "不可欠")], ("必要な", "不可欠な")),
    "word added in 関係法令": ("個人情報保護法その他の法令により認められる場合", "個人情報保護法その他の関係法令により認められる場合",
                          [("insert", "関係")], ("", "関係")),
    "安全管理措置 to 安全管理体制": ("個人情報の安全管理措置を講じます。", "個人情報の安全管理体制を講じます。",
                             [("delete", "措置"), ("insert", "体制")], ("措置を", "体制を")),
    "利用料金 to 利用手数料": ("サービスの利用料金を請求するため", "サービスの利用手数料を請求するため",
                        [("delete", "料金"), ("insert", "手数料")], ("料金を", "手数料を")),
    "匿名加工情報 to 仮名加工情報": ("匿名加工情報を作成するときは", "仮名加工情報を作成するときは",
                             [("delete", "匿名"), ("insert", "仮名")], ("匿名", "仮名")),
    "個人関連情報": ("個人情報取扱事業者として", "個人関連情報取扱事業者として",
                 [("insert", "関連")], ("", "関連")),
    "個人識別符号": ("個人識別符号が含まれるもの", "個人識別番号が含まれるもの",
                 [("delete", "符号"), ("insert", "番号")], ("符号が", "番号が")),
    "katakana word": ("当社のウェブサイトに掲載して公表します。", "当社のホームページに掲載して公表します。",
                      [("delete", "ウェブサイト"), ("insert", "ホームページ")], ("ウェブサイトに", "ホームページに")),
    "law name kept": ("個人情報保護法第2条第1項に定める個人情報", "個人情報保護法第2条第1項に規定する個人情報",
                      [("delete", "定める"), ("insert", "規定する")], ("に定める", "に規定する")),
    # okurigana and inflection
    "okurigana 取り扱い": ("個人情報を適切に取り扱い、保護します。", "個人情報を適切に取扱い、保護します。",
                         [("delete", "取り扱い"), ("insert", "取扱い")], ("取り扱い", "取扱い")),
    "okurigana 申し込み": ("サービスの申し込みを受け付けるため", "サービスの申込みを受け付けるため",
                         [("delete", "申し込み"), ("insert", "申込み")], ("申し込みを", "申込みを")),
    "verb continued": ("料金を請求するため", "料金を請求し、支払を確認するため",
                       [("insert", "し、支払を確認")], ("", "し、支払を確認")),
    "tense": ("必要かつ適切な監督を行います。", "必要かつ適切な監督を行いました。",
              [("delete", "ます"), ("insert", "ました")], ("行います", "行いました")),
    "監督 to 監視": ("従業者に対し、必要かつ適切な監督を行います。", "従業者に対し、必要かつ適切な監視を行います。",
                   [("delete", "監督"), ("insert", "監視")], ("監督を", "監視を")),
    # particles
    "に to へ": ("変更後の利用目的を本人に通知します。", "変更後の利用目的を本人へ通知します。",
                [("delete", "に"), ("insert", "へ")], ("に", "へ")),
    "を to の": ("個人情報を取得する場合", "個人情報の取得の場合",
                [("delete", "を"), ("insert", "の"), ("delete", "する"), ("insert", "の")], ("を取得する", "の取得の")),
    "対し to 対して": ("委託先に対し、必要かつ適切な監督を行います。", "委託先に対して、必要かつ適切な監督を行います。",
                     [("insert", "て")], ("対し", "対して")),
    "又は to 若しくは": ("滅失、毀損又は漏えい等のリスク", "滅失、毀損若しくは漏えい等のリスク",
                       [("delete", "又は"), ("insert", "若しくは")], ("又は", "若しくは")),
    "及び inserted": ("開示、訂正を求められたとき", "開示、訂正及び削除を求められたとき",
                     [("insert", "及び削除")], ("", "及び削除")),
    # numbers, dates and numbering
    "article number": ("個人情報保護法第2条第1項に定める", "個人情報保護法第2条第2項に定める",
                       [("delete", "1"), ("insert", "2")], ("1", "2")),
    "days": ("30日以内に回答します。", "14日以内に回答します。",
             [("delete", "30"), ("insert", "14")], ("30日", "14日")),
    "weeks to days": ("2週間以内に回答します。", "14日以内に回答します。",
                      [("delete", "2週間"), ("insert", "14日")], ("2週間", "14日")),
    "date": ("2026年4月1日から施行します。", "2026年7月1日から施行します。",
             [("delete", "4"), ("insert", "7")], ("4月", "7月")),
    "kanji numerals": ("三十日以内に", "十四日以内に",
                       [("delete", "三十"), ("insert", "十四")], ("三十日", "十四日")),
    "two numbers": ("第2条第1項", "第3条第2項",
                    [("delete", "2"), ("insert", "3"), ("delete", "1"), ("insert", "2")], ("21", "32")),
    # full-width and half-width
    "full-width digit": ("第２条に定める", "第2条に定める",
                         [("delete", "２"), ("insert", "2")], ("２", "2")),
    "full-width latin": ("ＡＰＩを利用して", "APIを利用して",
                         [("delete", "ＡＰＩ"), ("insert", "API")], ("ＡＰＩ", "API")),
    "parentheses width": ("個人情報保護法（以下「法」といいます。）", "個人情報保護法(以下「法」といいます。)",
                          [("delete", "（"), ("insert", "("), ("delete", "）"), ("insert", ")")], ("（）", "()")),
    "latin word in Japanese": ("Google Analyticsを利用します。", "Google Tag Managerを利用します。",
                               [("delete", "Analytics"), ("insert", "Tag Manager")], ("Analytics", "Tag Manager")),
    "katakana to latin": ("クッキーを利用します。", "Cookieを利用します。",
                          [("delete", "クッキー"), ("insert", "Cookie")], ("クッキー", "Cookie")),
    # phrases and sentences
    "phrase inserted": ("従業者に対し、監督を行います。", "従業者に対し、必要かつ適切な監督を行います。",
                        [("insert", "必要かつ適切な")], ("", "必要かつ適切な")),
    "phrase deleted": ("従業者に対し、定期的な教育を実施するとともに、必要な監督を行います。", "従業者に対し、必要な監督を行います。",
                       [("delete", "定期的な教育を実施するとともに、")], ("定期的な教育を実施するとともに、", "")),
    "sentence rewritten": (
        "当社は、個人情報を適正に取得し、偽りその他不正の手段により取得しません。次の文は同じです。",
        "当社は、法令に従い個人データを取り扱うものとし、必要な措置を講じます。次の文は同じです。",
        [("delete", "個人情報を適正に取得し、偽りその他不正の手段により取得しません"),
         ("insert", "法令に従い個人データを取り扱うものとし、必要な措置を講じます")],
        ("個人情報を適正に取得し、偽りその他不正の手段により取得しません", "法令に従い個人データを取り扱うものとし、必要な措置を講じます")),
    "sentence added": ("当社は、監督を行います。", "当社は、監督を行います。また、教育を実施します。",
                       [("insert", "また、教育を実施します。")], ("", "また、教育を実施します。")),
    "list item reworded": ("- サービスの利用料金を請求するため\n", "- サービスの利用料金を請求し、お支払いの状況を確認するため\n",
                           [("insert", "し、お支払いの状況を確認")], ("", "し、お支払いの状況を確認")),
    "link target changed": ("詳しくは[こちら](https://example.jp/a(1).pdf)をご覧ください。",
                            "詳しくは[こちら](https://example.jp/a(2).pdf)をご覧ください。",
                            [("delete", "[こちら](https://example.jp/a(1).pdf)"), ("insert", "[こちら](https://example.jp/a(2).pdf)")],
                            ("[こちら](https://example.jp/a(1).pdf)", "[こちら](https://example.jp/a(2).pdf)")),
}


def changes(ops):
    return [(tag, text) for tag, text in ops if tag != "equal"]


@pytest.mark.parametrize("name", CASES)
def test_japanese_pairs_mark_the_changed_word(name):
    old, new, expected, (lawyer_deleted, lawyer_inserted) = CASES[name]
    ops = diff_text(old, new, "ja")
    assert "".join(t for tag, t in ops if tag != "insert") == old
    assert "".join(t for tag, t in ops if tag != "delete") == new
    assert changes(ops) == expected
    assert sum(len(t) for tag, t in ops if tag == "delete") <= len(lawyer_deleted)
    assert sum(len(t) for tag, t in ops if tag == "insert") <= len(lawyer_inserted)


def test_at_least_thirty_pairs():
    assert len(CASES) >= 30
