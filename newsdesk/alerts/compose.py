"""What an alert says on each channel: the webhook JSON, email text and HTML, push and ntfy text.

Article text is hostile input: HTML and XML escape it wherever it is rendered; JSON and plain
text carry it as data.
"""

from __future__ import annotations

import html
import re
import secrets
from collections.abc import Sequence
from typing import Any

from ..errors import NewsdeskError
from ..store.query import Field, Phrase, Term, parse, walk
from .records import Alert, Delivery, Watch

TEXT_CHARS = 280  # a push or ntfy message: the sentence, cut


def alert_json(alert: Alert) -> dict[str, Any]:
    """An alert as the webhook body and the API give it."""
    return {"watch": alert.watch, "alert": alert.id,
            "story": {"id": alert.story.id, "title": alert.story.title},
            "article": {"id": alert.article.id, "title": alert.article.title, "url": alert.article.url,
                        "source": alert.article.source, "published": alert.article.published},
            "reason": {"rule": alert.reason.rule, "sentence": alert.reason.sentence, "new": alert.reason.new},
            "created_at": alert.created_at}


def message(watch_id: str, alerts: Sequence[Alert]) -> dict[str, Any]:
    """One alert's body, or a digest: ``{"watch", "digest": true, "alerts": [...]}``."""
    if len(alerts) == 1:
        return alert_json(alerts[0])
    return {"watch": watch_id, "digest": True, "alerts": [alert_json(a) for a in alerts]}


def items(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The alerts in a message body (one, or a digest's)."""
    return list(body["alerts"]) if body.get("digest") else [body]


def deliveries(watch: Watch, alerts: Sequence[Alert], pushes: Sequence[str], at: str) -> list[Delivery]:
    """The outbox rows for ``alerts`` (one alert, or a digest) on each of the watch's channels;
    one row per Web Push subscription (``pushes``: their endpoints). Atom is read, not sent."""
    body = message(watch.id, alerts)
    ids = tuple(a.id for a in alerts)
    targets = [(c.type, c.target) for c in watch.channels if c.type not in ("atom", "webpush")]
    if any(c.type == "webpush" for c in watch.channels):
        targets += [("webpush", endpoint) for endpoint in pushes]
    return [Delivery("d" + secrets.token_hex(8), watch.id, kind, target, ids, body, "pending", 0, at, at)
            for kind, target in targets]


def with_links(body: dict[str, Any], public_url: str) -> dict[str, Any]:
    """The body with each alert's story page (``story.url``) under ``public_url`` (the
    ``public_url`` setting); the body as stored when none is set."""
    if not public_url:
        return body

    def linked(item: dict[str, Any]) -> dict[str, Any]:
        story = dict(item["story"], url=f"{public_url.rstrip('/')}/stories/{item['story']['id']}")
        return dict(item, story=story)

    if body.get("digest"):
        return dict(body, alerts=[linked(i) for i in body["alerts"]])
    return linked(body)


def title(body: dict[str, Any]) -> str:
    found = items(body)
    if len(found) > 1:
        return f"newsdesk: {len(found)} alerts for {found[0]['reason']['rule']}"
    return f"newsdesk: {found[0]['story']['title'] or found[0]['article']['title'] or 'new development'}"


NEW = {"story": "New story", "quote": "New quote in the story", "event": "New event in the story"}


def news(item: dict[str, Any]) -> str:
    """What an alert's article added (``New quote in the story: …``), or nothing (an alert made before it was kept)."""
    added = NEW.get(str(item["reason"].get("new")))
    if added is None:
        return ""
    story = item["story"].get("title")
    return f"{added}: {story}" if story and item["reason"].get("new") != "story" else added


def plain(body: dict[str, Any]) -> str:
    """The message as plain text: per alert what is new, its title, link, the rule and the sentence."""
    parts = []
    for item in items(body):
        article = item["article"]
        story = item["story"].get("url")
        parts.append("\n".join(x for x in (
            news(item), article["title"] or "(no title)", article["url"] or "", f"Story: {story}" if story else "",
            f"Rule: {item['reason']['rule']}", f"Why: {item['reason']['sentence']}") if x))
    return "\n\n".join(parts) + "\n"


def short(body: dict[str, Any]) -> str:
    found = items(body)
    if len(found) > 1:
        return f"{len(found)} new: " + "; ".join(i["article"]["title"] or "?" for i in found)[:TEXT_CHARS]
    sentence = str(found[0]["reason"]["sentence"])
    if len(sentence) <= TEXT_CHARS:
        return sentence
    start = max(0, _first_hit(sentence, str(found[0]["reason"]["rule"])) - TEXT_CHARS // 4)
    start = sentence.rfind(" ", 0, start) + 1 if start else 0
    cut = sentence[start:start + TEXT_CHARS - 2]
    return ("…" if start else "") + cut + ("…" if start + len(cut) < len(sentence) else "")


def _first_hit(sentence: str, rule: str) -> int:
    """Where the first word, phrase or name the rule asks for is in ``sentence`` (0 if nowhere)."""
    try:
        tree = parse(rule, known_events=False)
    except NewsdeskError:
        return 0
    found = [len(sentence)]
    for node, negated in walk(tree):
        text = node.text if isinstance(node, (Term, Phrase)) else node.value if isinstance(node, Field) else ""
        pattern = r"\W+".join(re.escape(w) for w in re.findall(r"\w+", text))
        m = re.search(pattern, sentence, re.IGNORECASE) if pattern and not negated else None
        if m:
            found.append(m.start())
    return min(found) if found[0] != min(found) else 0


def html_body(body: dict[str, Any]) -> str:
    """The message as an HTML email part, every value escaped."""
    e = html.escape
    rows = []
    for item in items(body):
        article = item["article"]
        link = article["url"] or ""
        head = (f'<a href="{e(link)}">{e(article["title"] or "(no title)")}</a>' if link.startswith(("http://",
                "https://")) else e(article["title"] or "(no title)"))
        story = item["story"].get("url")
        more = f' <a href="{e(story)}">The story in newsdesk</a>' if story else ""
        added = f"<p><i>{e(news(item))}</i></p>" if news(item) else ""
        rows.append(f"{added}<h3>{head}</h3><p><b>Rule:</b> <code>{e(item['reason']['rule'])}</code>{more}</p>"
                    f"<blockquote>{e(item['reason']['sentence'])}</blockquote>")
    return f"<!doctype html><html><body>{''.join(rows)}</body></html>"
