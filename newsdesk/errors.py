"""One exception tree for newsdesk.

Third-party errors (httpx, lxml, gzip, OS) are translated into these at the boundary where
they happen, so callers (CLI, web) need to know only this module. Every error carries the
input it concerns, so a message can always name it.
"""

from __future__ import annotations

from typing import Any


class NewsdeskError(Exception):
    """Base of every error newsdesk raises on purpose."""

    def __init__(self, reason: str, *, input: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.input = input

    def __str__(self) -> str:
        return f"{self.input}: {self.reason}" if self.input else self.reason

    def __reduce__(self) -> tuple[Any, ...]:
        # Keep ``input`` across processes (worker pools pickle errors; Exception keeps only args).
        return (_rebuild, (type(self), self.reason, self.input))


def _rebuild(cls: type[NewsdeskError], reason: str, input: str | None) -> NewsdeskError:
    return cls(reason, input=input)


class ConfigError(NewsdeskError):
    """A setting has a bad value or a bad combination."""


class InputError(NewsdeskError):
    """An input cannot be read: missing, empty, binary, too large, malformed."""


class FetchError(InputError):
    """A URL could not be fetched, or was refused (private address, bad scheme)."""


class HTTPStatusError(FetchError):
    """A server answered with an error status; ``retry_after`` (seconds) when it said when to come back."""

    def __init__(self, status: int, *, input: str | None = None, retry_after: float | None = None) -> None:
        super().__init__(f"HTTP {status}", input=input)
        self.status = status
        self.retry_after = retry_after


class PausedError(FetchError):
    """Nothing was asked of a site: it asked for a pause (429 with a Retry-After) that is not over. No
    failure of the feed or page: it is asked again at the pause's end."""


class ExtractError(NewsdeskError):
    """A page was read but holds no article we can extract."""


class StoreError(NewsdeskError):
    """The database refused or failed an operation."""


class StoreUnavailableError(StoreError):
    """The database cannot be reached (a server down, restarting or unreachable): the next input
    would fail the same way, so a command ends rather than failing each."""


class AnalysisError(NewsdeskError):
    """The understand stage failed on one article (the others go on)."""


def one_line(message: str) -> str:
    """A message as one printable line: a control character (a newline in a file's name) or an undecodable
    byte of one (``\\udcff``) is written as its escape, so an error stays one line on the terminal."""
    if message.isprintable():
        return message
    return "".join(c if c.isprintable() else c.encode("unicode_escape", "backslashreplace").decode("ascii")
                   for c in message)
