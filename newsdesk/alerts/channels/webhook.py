"""Webhooks: a signed JSON POST.

The body is the alert (``watch``, ``story``, ``article``, ``reason``; a digest holds ``alerts``);
``X-Newsdesk-Signature: sha256=<hex HMAC-SHA256 of the raw body with the watch's secret>``;
``X-Newsdesk-Delivery`` is the same on every retry of one delivery, so receivers can drop repeats.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

import httpx

from . import post

USER_AGENT = "newsdesk-webhook/1"


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header: str) -> bool:
    """Whether ``header`` is the signature of ``body`` (for receivers, and the tests)."""
    return hmac.compare_digest(sign(secret, body), header)


def send(client: httpx.Client, url: str, secret: str, delivery_id: str, body: dict[str, Any]) -> None:
    raw = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT, "X-Newsdesk-Signature": sign(secret, raw),
               "X-Newsdesk-Delivery": delivery_id, "X-Newsdesk-Event": "digest" if body.get("digest") else "alert"}
    post(client, url, url, content=raw, headers=headers)
