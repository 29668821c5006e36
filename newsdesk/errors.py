"""One exception tree for newsdesk.

Third-party errors (httpx, lxml, gzip, OS) are translated into these at the boundary where
they happen, so callers (CLI, web) need to know only this module. Every error carries the
input it concerns, so a message can always name it.
"""

from __future__ import annotations


class NewsdeskError(Exception):
    """Base of every error newsdesk raises on purpose."""

    def __init__(self, reason: str, *, input: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.input = input

    def __str__(self) -> str:
        return f"{self.input}: {self.reason}" if self.input else self.reason


class ConfigError(NewsdeskError):
    """A setting has a bad value or a bad combination."""


class InputError(NewsdeskError):
    """An input cannot be read: missing, empty, binary, too large, malformed."""


class FetchError(InputError):
    """A URL could not be fetched, or was refused (private address, bad scheme)."""


class ExtractError(NewsdeskError):
    """A page was read but holds no article we can extract."""


class StoreError(NewsdeskError):
    """The database refused or failed an operation."""
