"""The records of alerting: watches, their channels, alerts and deliveries (frozen, JSON-ready)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

ChannelType = Literal["webhook", "email", "atom", "ntfy", "webpush", "slack", "discord", "telegram"]
CHANNEL_TYPES: tuple[ChannelType, ...] = ("webhook", "email", "atom", "ntfy", "webpush", "slack", "discord", "telegram")
AlertState = Literal["queued", "held", "digested"]
DeliveryState = Literal["pending", "sent", "failed"]


@dataclass(frozen=True)
class Channel:
    """Where a watch's alerts go: ``target`` is the URL, address or topic (empty for atom, webpush)."""

    type: ChannelType
    target: str = ""


def channels_of(webhook: str | None, email: str | None, atom: bool, ntfy: str | None, webpush: bool,
                slack: str | None = None, discord: str | None = None, telegram: str | None = None) -> list[Channel]:
    """The channels ``watch add`` options (and the API's watch body) name, in one order."""
    out = [Channel("webhook", webhook)] if webhook else []
    out += [Channel("email", email)] if email else []
    out += [Channel("atom")] if atom else []
    out += [Channel("ntfy", ntfy)] if ntfy else []
    out += [Channel("webpush")] if webpush else []
    out += [Channel("slack", slack)] if slack else []
    out += [Channel("discord", discord)] if discord else []
    out += [Channel("telegram", telegram)] if telegram else []
    return out


@dataclass(frozen=True)
class Options:
    """Flood control: at most ``max_per_hour`` alerts an hour (the rest wait for one digest),
    ``digest`` (``hourly``/``daily``: one message per period), ``quiet`` hours (``22:00-07:00``
    in ``timezone``: alerts wait until they end). ``after`` is the newest development when the
    watch was made: it fires only on later ones. A ``paused`` watch fires on nothing until
    resumed (what arrived meanwhile is not alerted later)."""

    max_per_hour: int | None = None
    digest: str | None = None
    quiet: str | None = None
    timezone: str = "UTC"
    after: int = 0
    paused: bool = False


@dataclass(frozen=True)
class Watch:
    id: str
    query: str
    channels: tuple[Channel, ...]
    secret: str
    options: Options = field(default_factory=Options)
    created_at: str = ""


@dataclass(frozen=True)
class Reason:
    """Why an alert fired: the watch's rule, the sentence that matched it, and what the article added
    to its story there (``new``): ``story`` (it started one), ``quote`` or ``event`` (a development)."""

    rule: str
    sentence: str
    new: str | None = None


@dataclass(frozen=True)
class AlertStory:
    id: str | None
    title: str | None


@dataclass(frozen=True)
class AlertArticle:
    id: str
    title: str | None
    url: str | None
    source: str | None = None
    published: str | None = None


@dataclass(frozen=True)
class Alert:
    """One alert: a watch fired on an article (at most once per watch and article)."""

    id: str
    watch: str
    story: AlertStory
    article: AlertArticle
    reason: Reason
    development: int | None
    state: AlertState
    created_at: str
    due_at: str | None = None


@dataclass(frozen=True)
class Delivery:
    """One message in the outbox: one alert (or a digest of several) to one channel target."""

    id: str
    watch: str
    channel: ChannelType
    target: str
    alerts: tuple[str, ...]
    body: dict[str, Any]
    state: DeliveryState
    attempts: int
    next_at: str
    created_at: str
    last_error: str | None = None
    sent_at: str | None = None


@dataclass(frozen=True)
class PushSubscription:
    """A browser's Web Push subscription (from ``PushManager.subscribe``) for one watch."""

    watch: str
    endpoint: str
    p256dh: str
    auth: str


@dataclass(frozen=True)
class DeliveryTally:
    """How a watch's deliveries stand: how many went, wait (a first try, or the next after a failure)
    and failed for good; ``last_error``: the newest failure not yet sent past (``CHANNEL TARGET: reason``)."""

    sent: int = 0
    pending: int = 0
    failed: int = 0
    last_error: str | None = None
