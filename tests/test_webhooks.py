"""Signed webhooks (issue 22, item 5): `policy notify` signs each post as the Standard Webhooks
specification says; a real receiver on 127.0.0.1 (conftest's `webhook`) checks it with README.md's
snippet, an implementation of its own, and refuses a tampered body, a stale timestamp and a
wrong secret. Without a secret nothing is posted."""

from __future__ import annotations

import base64
import json
import time
import urllib.error
import urllib.request

import jsonschema
import pytest

from conftest import ROOT, RECEIVER_CHECK, WEBHOOK_SECRET, new_terms_version, new_version, policy
from policy_engine.editing.webhook import signed_headers

SUMMARY = "summary:\n  ja: 改定しました。\n  en: Revised.\n"
TODAY = "2026-12-01"
KEY = base64.b64decode(WEBHOOK_SECRET.removeprefix("whsec_"))
OTHER_SECRET = "whsec_" + base64.b64encode(b"another receiver's secret!!!").decode()


def notify(repo, tmp_path, webhook, secret: str | None = None, **env: str):
    return policy(repo, "notify", "--sent", str(tmp_path / "sent.txt"), POLICY_TODAY=TODAY,
                  POLICY_WEBHOOK_URL=webhook.url, POLICY_WEBHOOK_SECRET=webhook.secret if secret is None else secret,
                  **env)


def send(url: str, body: bytes, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json", **headers})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_each_post_is_signed_and_the_receiver_verifies_it(repo, tmp_path, webhook):
    new_version(repo, "2027-01-15", version_yml=f"announced: {TODAY}\n" + SUMMARY)
    before = time.time()
    result = notify(repo, tmp_path, webhook)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "posted 1 announcement(s): 2027-01-15"
    assert webhook.rejected == []
    (payload,) = webhook.received
    assert payload["version"] == "2027-01-15"
    (headers,) = webhook.seen
    assert headers["webhook-id"] == "announcement-2027-01-15"
    assert before - 1 <= int(headers["webhook-timestamp"]) <= time.time() + 1
    assert headers["webhook-signature"].startswith("v1,")


def test_a_receiver_with_another_secret_refuses_and_the_retry_has_the_same_id(repo, tmp_path, webhook):
    new_version(repo, "2027-01-15", version_yml=f"announced: {TODAY}\n" + SUMMARY)
    refused = notify(repo, tmp_path, webhook, secret=OTHER_SECRET, POLICY_LANG="ja")
    assert refused.returncode == 1
    assert "Webhook がお知らせを受け付けませんでした" in refused.stderr and "401" in refused.stderr
    assert webhook.received == [] and not (tmp_path / "sent.txt").exists()
    retried = notify(repo, tmp_path, webhook)
    assert retried.returncode == 0, retried.stderr
    assert [p["version"] for p in webhook.received] == ["2027-01-15"]
    # one announcement, one id, whichever run posts it: the receiver can drop a repeat
    assert [h["webhook-id"] for h in webhook.seen] == ["announcement-2027-01-15"] * 2
    assert webhook.seen[0]["webhook-signature"] != webhook.seen[1]["webhook-signature"]


def test_the_receiver_refuses_a_tampered_body_and_a_stale_timestamp(webhook):
    body = json.dumps({"version": "2027-01-15", "announced": TODAY}, ensure_ascii=False).encode("utf-8")
    assert send(webhook.url, body, signed_headers(KEY, "announcement-2027-01-15", body)) == 204
    tampered = body.replace(b"2027-01-15", b"2027-01-16")
    assert send(webhook.url, tampered, signed_headers(KEY, "announcement-2027-01-15", body)) == 401
    stale = signed_headers(KEY, "announcement-2027-01-15", body, timestamp=int(time.time()) - 10 * 60)
    assert send(webhook.url, body, stale) == 401
    # the id is signed too
    moved = {**signed_headers(KEY, "announcement-2027-01-15", body), "webhook-id": "announcement-2027-01-16"}
    assert send(webhook.url, body, moved) == 401
    assert [p["version"] for p in webhook.received] == ["2027-01-15"] and len(webhook.rejected) == 3


def test_the_readmes_check_agrees_with_the_specifications_example():
    """The example of the Standard Webhooks specification (its reference libraries' test vector)."""
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    headers = {"webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek", "webhook-timestamp": "1614265330",
               "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="}
    body = b'{"test": 2432232314}'
    assert RECEIVER_CHECK["verify"](secret, headers, body, now=1614265330)
    assert not RECEIVER_CHECK["verify"](secret, headers, body + b" ", now=1614265330)
    assert not RECEIVER_CHECK["verify"](secret, headers, body, now=1614265330 + 301)
    ours = signed_headers(base64.b64decode(secret.removeprefix("whsec_")), headers["webhook-id"], body,
                          timestamp=1614265330)
    assert ours == headers


@pytest.mark.parametrize("secret, english, japanese", [
    ("", "POLICY_WEBHOOK_URL is set but POLICY_WEBHOOK_SECRET is empty",
     "POLICY_WEBHOOK_URL は設定されていますが、POLICY_WEBHOOK_SECRET が空です。"),
    ("not-a-secret", "POLICY_WEBHOOK_SECRET is not a webhook secret",
     "POLICY_WEBHOOK_SECRET が Webhook のシークレットの形式ではありません。"),
    ("whsec_c2hvcnQ=", "POLICY_WEBHOOK_SECRET is not a webhook secret",
     "POLICY_WEBHOOK_SECRET が Webhook のシークレットの形式ではありません。"),
])
def test_without_a_valid_secret_nothing_is_posted(repo, tmp_path, webhook, secret, english, japanese):
    new_version(repo, "2027-01-15", version_yml=f"announced: {TODAY}\n" + SUMMARY)
    for lang, message in (("en", english), ("ja", japanese)):
        result = notify(repo, tmp_path, webhook, secret=secret, POLICY_LANG=lang)
        assert result.returncode == 1
        assert message in result.stderr and "whsec_" in result.stderr, result.stderr
        assert "policy.yml" in result.stderr and "Traceback" not in result.stderr
    assert webhook.seen == [] and not (tmp_path / "sent.txt").exists()
    assert secret == "" or secret not in result.stderr  # the secret is not echoed


def test_each_documents_notice_is_posted_once_under_an_id_of_its_own(terms_repo, tmp_path, webhook):
    """A notice of the privacy policy and one of the terms of use, of versions with the same id:
    two posts, two webhook ids, two lines of the sent file; a rerun posts neither again."""
    new_version(terms_repo, "2027-01-15", version_yml=f"announced: {TODAY}\n" + SUMMARY)
    new_terms_version(terms_repo, "2027-01-15", announced=TODAY)
    result = notify(terms_repo, tmp_path, webhook)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "posted 2 announcement(s): 2027-01-15, terms/2027-01-15"
    assert [h["webhook-id"] for h in webhook.seen] == ["announcement-2027-01-15", "announcement-terms/2027-01-15"]
    policy_post, terms_post = webhook.received
    assert "document" not in policy_post and policy_post["purposes"]["ja"] is not None
    assert terms_post["document"] == "terms" and terms_post["version"] == "2027-01-15"
    assert terms_post["purposes"] is None and terms_post["purposes_changed"] is False
    schema = json.loads((ROOT / "schemas/announce.schema.json").read_text(encoding="utf-8"))
    for payload in webhook.received:
        jsonschema.validate(payload, schema, format_checker=jsonschema.FormatChecker())
    assert (tmp_path / "sent.txt").read_text(encoding="utf-8").splitlines() == ["2027-01-15", "terms/2027-01-15"]
    again = notify(terms_repo, tmp_path, webhook, POLICY_LANG="ja")
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == "お知らせを 0 件送信しました" and len(webhook.received) == 2
