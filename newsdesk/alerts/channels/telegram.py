"""Telegram: an alert posted by the operator's bot (``telegram_bot_token``) to a chat a watch names
(a numeric chat id, or ``@channelname`` for a public channel the bot may post in).

The message is Telegram's HTML subset with every value escaped; link previews are off. The token is
the operator's secret: it is in the request path only, never in an error, a log line or the outbox.
"""

from __future__ import annotations

import html
from typing import Any

import httpx

from ...settings import Settings
from ..compose import items, title
from . import SendError, post

CHAT = r"-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{3,31}"
MAX_ALERTS = 10
TELEGRAM_CHARS = 4096  # Telegram refuses a longer message


def payload(chat: str, body: dict[str, Any]) -> dict[str, Any]:
    """``sendMessage``'s body: the title in bold, then per alert the linked headline, the outlet, the
    story's page (with ``public_url``), the matching sentence, and the rule."""
    e = html.escape
    found = items(body)
    parts = [f"<b>{e(title(body))}</b>"]
    for item in found[:MAX_ALERTS]:
        article = item["article"]
        url, head = article.get("url") or "", e(article.get("title") or "(no title)")
        head = f'<a href="{e(url)}">{head}</a>' if url.startswith(("http://", "https://")) else head
        source = f" ({e(article['source'])})" if article.get("source") else ""
        story = item["story"].get("url")
        more = f' · <a href="{e(story)}">story</a>' if story else ""
        parts.append(f"• {head}{source}{more}\n<i>{e(str(item['reason']['sentence']))}</i>")
    if len(found) > MAX_ALERTS:
        parts.append(f"… and {len(found) - MAX_ALERTS} more")
    rule = f"Rule: <code>{e(str(found[0]['reason']['rule']))}</code>"
    text = "\n".join(parts)
    if len(text) + len(rule) + 1 > TELEGRAM_CHARS:  # cut in plain text: a cut tag would be refused
        text = e(_plain(found)[:TELEGRAM_CHARS - len(rule) - 200]) + "…"
    return {"chat_id": chat, "text": f"{text}\n{rule}", "parse_mode": "HTML",
            "link_preview_options": {"is_disabled": True}}


def _plain(found: list[dict[str, Any]]) -> str:
    return "\n".join(f"• {i['article'].get('title') or '(no title)'}: {i['reason']['sentence']}" for i in found)


def send(client: httpx.Client, settings: Settings, chat: str, body: dict[str, Any]) -> None:
    if not settings.telegram_bot_token:
        raise SendError("no Telegram bot: set telegram_bot_token", retry=False, input=f"telegram {chat}")
    url = f"{settings.telegram_api.rstrip('/')}/bot{settings.telegram_bot_token}/sendMessage"
    try:
        post(client, url, f"telegram {chat}", json=payload(chat, body))
    except SendError as exc:  # a transport error's text could hold the URL, and with it the token
        exc.reason = exc.reason.replace(settings.telegram_bot_token, "…")
        raise
