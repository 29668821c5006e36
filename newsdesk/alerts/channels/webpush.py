"""Web Push (RFC 8030) with VAPID (RFC 8292) and aes128gcm payload encryption (RFC 8291).

The service's VAPID key pair is made on first use and kept in the database; the page that
subscribes gets the public key (``application_server_key``). Each message is encrypted to the
browser's ``p256dh`` key and ``auth`` secret with a fresh ECDH key and salt (http_ece), and
signed with a short-lived VAPID JWT for the push service's origin (py_vapid).
"""

from __future__ import annotations

import base64
import json
import os
import time
from typing import Any
from urllib.parse import quote, urlsplit

import http_ece  # type: ignore[import-untyped,unused-ignore]
import httpx
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid02, VapidException  # type: ignore[import-untyped,unused-ignore]

from ...errors import InputError
from ..compose import items, short, title
from ..records import PushSubscription
from . import SendError, post

TTL_S = 24 * 3600
# Push services take 4,096 bytes of encrypted payload (RFC 8030 8.3), 3,993 of JSON once aes128gcm's header,
# tag and padding byte are counted; a longer one was refused (413) for good and the alert lost to the
# browser: a page's title or address is as long as it likes (a 7,800-character title came through whole)
PAYLOAD_BYTES = 3_993
TITLE_CHARS = 160
JWT_S = 12 * 3600


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def check_keys(sub: PushSubscription) -> None:
    """Refuse a subscription whose keys cannot be encrypted to (a P-256 point, a 16-byte secret):
    taken as they came, they failed only at the first alert, and that alert was lost to them."""
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(sub.p256dh))
        auth = unb64url(sub.auth)
    except (ValueError, TypeError):
        raise InputError("keys.p256dh: wants the browser's P-256 public key (base64url)", input=sub.endpoint) from None
    if len(auth) != 16:
        raise InputError("keys.auth: wants the browser's 16-byte secret (base64url)", input=sub.endpoint)


def new_private_pem() -> str:
    """A fresh VAPID private key (P-256) as PEM."""
    key = ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def public_key(private_pem: str) -> str:
    """The application server key a page passes to ``PushManager.subscribe`` (base64url, uncompressed point)."""
    key = serialization.load_pem_private_key(private_pem.encode(), None)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    return b64url(key.public_key().public_bytes(serialization.Encoding.X962,
                                                serialization.PublicFormat.UncompressedPoint))


def encrypt(payload: bytes, sub: PushSubscription) -> bytes:
    """``payload`` encrypted for one subscription (RFC 8291, aes128gcm)."""
    server = ec.generate_private_key(ec.SECP256R1())
    try:
        return bytes(http_ece.encrypt(payload, salt=os.urandom(16), private_key=server, dh=unb64url(sub.p256dh),
                                      auth_secret=unb64url(sub.auth), version="aes128gcm"))
    except (ValueError, TypeError) as exc:
        raise SendError(f"bad subscription keys ({exc})", retry=False, gone=True, input=sub.endpoint) from None


def authorization(private_pem: str, endpoint: str, subject: str) -> str:
    parts = urlsplit(endpoint)
    vapid = Vapid02.from_pem(private_pem.encode())
    claims = {"aud": f"{parts.scheme}://{parts.netloc}", "exp": int(time.time()) + JWT_S, "sub": subject}
    try:
        return str(vapid.sign(claims)["Authorization"])
    except VapidException as exc:
        raise SendError(f"VAPID: {exc} (setting vapid_subject)", retry=False, input=endpoint) from None


def page(body: dict[str, Any]) -> str:
    """Where a click on the notification goes: the story's page on this service (a path: the service
    worker opens only its own origin's pages), or the alerts page for a digest or a story-less alert."""
    found = items(body)
    story = found[0]["story"]["id"] if len(found) == 1 else None
    return f"/stories/{quote(story, safe='')}" if story else "/alerts"


def notification(body: dict[str, Any]) -> bytes:
    """What the service worker gets: a small JSON with the title, text, and where a click goes
    (``url``, a page of this service; ``link``: the article's own address)."""
    first = items(body)[0]
    data = {"title": _cut(title(body), TITLE_CHARS), "body": short(body), "url": page(body),
            "link": first["article"]["url"], "watch": body["watch"], "story": first["story"]["id"],
            "article": first["article"]["id"]}
    if len(items(body)) == 1 and first.get("alert"):
        data["id"] = first["alert"]  # the notification's tag: a repeated delivery replaces, not doubles, it
    payload = json.dumps(data, ensure_ascii=False).encode()
    if len(payload) > PAYLOAD_BYTES:  # a long article address: the click opens the story page all the same
        data["link"] = None
        payload = json.dumps(data, ensure_ascii=False).encode()
    return payload


def _cut(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[:chars - 1].rstrip() + "…"


def send(client: httpx.Client, sub: PushSubscription, private_pem: str, subject: str, body: dict[str, Any]) -> None:
    data = encrypt(notification(body), sub)
    headers = {"Authorization": authorization(private_pem, sub.endpoint, subject), "TTL": str(TTL_S),
               "Content-Encoding": "aes128gcm", "Content-Type": "application/octet-stream", "Urgency": "high"}
    post(client, sub.endpoint, sub.endpoint, content=data, headers=headers)
