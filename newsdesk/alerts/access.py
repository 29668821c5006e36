"""Who may use the service: accounts (passwords hashed with Argon2id) and API tokens (kept as
SHA-256 digests: a token is random, so a fast hash is enough and lookups stay one query).

Listening on loopback needs neither; any other address needs at least one of them.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ..errors import InputError
from .store import AlertStore

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
_HASHER = PasswordHasher()  # Argon2id with the library's current recommended parameters


def hash_password(password: str) -> str:
    if len(password) < 8:
        raise InputError("a password needs at least 8 characters")
    return _HASHER.hash(password)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Access:
    """Checks credentials against the store's accounts and tokens."""

    def __init__(self, alerts: AlertStore, local: bool) -> None:
        self.alerts = alerts
        self.local = local

    def add_account(self, name: str, password: str) -> None:
        self.alerts.add_account(name, hash_password(password))

    def new_token(self, name: str) -> str:
        """A new API token for ``name`` (shown once; only its digest is kept)."""
        token = "nd_" + secrets.token_urlsafe(32)
        self.alerts.add_token(name, token_digest(token))
        return token

    def check_password(self, name: str, password: str) -> bool:
        stored = self.alerts.password_hash(name)
        if stored is None:
            _HASHER.hash(password)  # as slow as a real check: no telling names by timing
            return False
        try:
            return _HASHER.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False

    def user(self, authorization: str | None) -> str | None:
        """Who an ``Authorization`` header (Bearer token or Basic account) is; ``local`` on loopback."""
        if self.local:
            return "local"
        scheme, _, value = (authorization or "").partition(" ")
        if scheme.lower() == "bearer" and value:
            return self.alerts.token_owner(token_digest(value.strip()))
        if scheme.lower() == "basic" and value:
            try:
                name, _, password = base64.b64decode(value.strip()).decode().partition(":")
            except (binascii.Error, UnicodeDecodeError):
                return None
            return name if self.check_password(name, password) else None
        return None
