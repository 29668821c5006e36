"""ntfy-style topics: the alert published as JSON (``topic``, ``title``, ``message``, ``click``) to
an ntfy server (``ntfy_server``), or to the server named by a topic given as a full URL."""

from __future__ import annotations

from typing import Any

import httpx

from ..compose import items, short, title
from . import post


def split(target: str, server: str) -> tuple[str, str]:
    """``(server, topic)`` for a topic name or a ``https://host/topic`` URL."""
    if target.startswith(("http://", "https://")):
        base, _, topic = target.rstrip("/").rpartition("/")
        return base, topic
    return server.rstrip("/"), target


def send(client: httpx.Client, target: str, server: str, body: dict[str, Any]) -> None:
    base, topic = split(target, server)
    first = items(body)[0]
    payload = {"topic": topic, "title": title(body), "message": short(body), "tags": ["newspaper"]}
    click = first["story"].get("url") or (first["article"]["url"] if len(items(body)) == 1 else None)
    if click:  # the story's page when public_url is set (a digest's first story), else the article
        payload["click"] = click
    post(client, base + "/", target, json=payload)
