"""Team chat: an alert posted to a Slack or Discord incoming webhook.

Slack's format (``{"text": …}`` in its mrkdwn) is also what Mattermost and Rocket.Chat incoming
webhooks take; Discord's is ``{"content": …}`` in its Markdown. Article text is the news, not the
operator's: it never pings anyone (Slack's ``<!channel>`` and ``<@U…>`` need ``<`` ``>``, which are
escaped; Discord's ``@everyone`` is switched off by ``allowed_mentions``) and its own markup is
escaped, so a headline cannot turn into a link elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import httpx

from ..compose import items, title
from . import post

USER_AGENT = "newsdesk-chat/1"
MAX_ALERTS = 10  # a digest lists at most this many, then says how many more
DISCORD_CHARS = 2000  # Discord refuses a longer message


def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _slack_link(url: str | None, text: str) -> str:
    # a URL with "|" or ">" would end the link early: those are left as text
    if url and url.startswith(("http://", "https://")) and not re.search(r"[|<>\s]", url):
        return f"<{url}|{_slack_escape(text)}>"
    return _slack_escape(text)


def _discord_escape(text: str) -> str:
    return re.sub(r"([\\*_~`|>\[\]()#@<-])", r"\\\1", text)  # Discord shows an escaped mark as itself


def _discord_link(url: str | None, text: str) -> str:
    if url and url.startswith(("http://", "https://")) and not re.search(r"[\s()<>]", url):
        return f"[{_discord_escape(text)}](<{url}>)"  # <…>: no preview card for every link
    return _discord_escape(text)


def _lines(body: dict[str, Any], escape: Callable[[str], str], link: Callable[[str | None, str], str],
           bold: str) -> list[str]:
    """The message's lines in a chat's markup: the title in bold, then per alert its linked headline,
    outlet, the story's page (with ``public_url``), what it added to the story when it did not start
    it (``new quote``, ``new event``) and the matching sentence as a quote."""
    lines = [f"{bold}{escape(title(body))}{bold}"]
    found = items(body)
    for item in found[:MAX_ALERTS]:
        article = item["article"]
        head = link(article.get("url"), article.get("title") or "(no title)")
        source = f" ({escape(article['source'])})" if article.get("source") else ""
        story = item["story"].get("url")
        added = f" · new {item['reason']['new']}" if item["reason"].get("new") in ("quote", "event") else ""
        lines.append(f"• {head}{source}" + (f" · {link(story, 'story')}" if story else "") + added)
        lines.append(f"> {escape(str(item['reason']['sentence']))}")
    if len(found) > MAX_ALERTS:
        lines.append(f"… and {len(found) - MAX_ALERTS} more")
    return lines


def _rule(body: dict[str, Any]) -> str:
    return str(items(body)[0]["reason"]["rule"])


def slack_payload(body: dict[str, Any]) -> dict[str, Any]:
    """Slack's message (mrkdwn), the rule last."""
    lines = _lines(body, _slack_escape, _slack_link, "*")
    rule = _slack_escape(_rule(body)).replace("`", "'")
    lines.append(f"Rule: `{rule}`")
    return {"text": "\n".join(lines), "unfurl_links": False, "unfurl_media": False}


def discord_payload(body: dict[str, Any]) -> dict[str, Any]:
    """Discord's message: as Slack's, in Discord's Markdown, cut to its 2,000 characters."""
    rule = "Rule: " + _discord_escape(_rule(body))
    text = "\n".join(_lines(body, _discord_escape, _discord_link, "**"))
    if len(text) + len(rule) + 1 > DISCORD_CHARS:
        text = text[:DISCORD_CHARS - len(rule) - 3] + "…"
    return {"content": f"{text}\n{rule}", "allowed_mentions": {"parse": []}}


def send(client: httpx.Client, kind: str, url: str, body: dict[str, Any]) -> None:
    """Post ``body`` to a ``slack`` or ``discord`` webhook URL."""
    payload = slack_payload(body) if kind == "slack" else discord_payload(body)
    post(client, url, url, json=payload, headers={"User-Agent": USER_AGENT})
