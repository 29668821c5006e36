"""Channels: how a delivery leaves (webhook, email, ntfy, Web Push). Each ``send`` returns when the
receiver took the message, or raises :class:`SendError` saying whether trying again may help."""

from __future__ import annotations

from ...errors import NewsdeskError


class SendError(NewsdeskError):
    """A delivery that did not go through; ``retry`` False when trying again cannot help (4xx)."""

    def __init__(self, reason: str, *, retry: bool = True, gone: bool = False, input: str | None = None) -> None:
        super().__init__(reason, input=input)
        self.retry = retry
        self.gone = gone  # a Web Push subscription that no longer exists


def status_error(status: int, target: str) -> SendError:
    """A receiver's error status: 408, 429 and 5xx are worth another try, other 4xx are not."""
    retry = status in (408, 425, 429) or status >= 500
    return SendError(f"HTTP {status}", retry=retry, gone=status in (404, 410), input=target)
