"""All of newsdesk's settings in one declarative table.

Precedence: explicit overrides (CLI flags) > environment (``NEWSDESK_<NAME>``) > default.
``docs/settings.md`` is generated from this table and a test keeps the two in step.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import parseaddr
from pathlib import Path
from typing import Any

from .errors import ConfigError

_WEB_ADDRESS = re.compile(r"https?://[^\s/?#]+(/[^\s?#]*)?")  # public_url, ntfy_server: a site, maybe a path


@dataclass(frozen=True)
class Setting:
    name: str
    type: type
    default: Any
    help: str
    secret: bool = False


SETTINGS: tuple[Setting, ...] = (
    Setting("max_input_bytes", int, 20_000_000,
            "Largest input accepted, in bytes, after gzip is inflated; larger input is refused."),
    Setting("max_nesting_depth", int, 200,
            "Deepest HTML element nesting accepted; deeper pages are refused as hostile."),
    Setting("max_html_elements", int, 50_000,
            "Most elements an HTML page may have (a news page has a few thousand); a larger page is refused: "
            "extraction time grows faster than the element count (200,000 short paragraphs took over a minute, "
            "50,000 hostile ones take up to 6 s)."),
    Setting("max_dump_lines", int, 50_000,
            "Most non-blank lines a plain-text page may have (a news page has hundreds); a longer dump is "
            "refused: its line classifier would take minutes and gigabytes."),
    Setting("max_analysis_chars", int, 500_000,
            "Longest article text, in characters, the understand stage analyses (a long read has 100,000); a "
            "longer one is refused with its error, the others go on: the language model's time and memory grow "
            "with the text (1.7 million characters took a minute and 1.3 GB)."),
    Setting("fetch_timeout", float, 20.0, "Seconds to wait for a URL before giving up."),
    Setting("max_redirects", int, 5, "Redirects followed when fetching a URL."),
    Setting("allowed_networks", str, "",
            "Comma-separated networks (CIDR) that may be fetched, and alerts posted to (webhooks, push endpoints, "
            "ntfy URLs), although private, loopback or link-local, e.g. `127.0.0.0/8` for a site or a receiver on "
            "this machine; all other such addresses are refused."),
    Setting("user_agent", str, "newsdesk/0.1 (+https://github.com/newsdesk/newsdesk)",
            "User-Agent header sent when fetching."),
    Setting("check_interval", float, 900.0,
            "Seconds between two checks of a source that works (`newsdesk run`)."),
    Setting("max_backoff", float, 86_400.0,
            "Longest wait, in seconds, before checking a failing source again; the wait doubles with each "
            "failure in a row, from `check_interval`."),
    Setting("host_delay", float, 1.0,
            "Seconds between two requests to the same host (a longer `Crawl-delay` in its robots.txt wins)."),
    Setting("host_concurrency", int, 2, "Requests in flight at once to the same host."),
    Setting("fetch_workers", int, 8, "Requests in flight at once in all (`newsdesk run`)."),
    Setting("respect_robots", bool, True, "Obey robots.txt when monitoring sources."),
    Setting("max_new_per_check", int, 500,
            "Most new links fetched from one feed or sitemap in one check; the rest wait for the next."),
    Setting("warc_stall_seconds", float, 600.0,
            "Seconds a monitored WARC file whose last record is cut off may stay unchanged (its modification "
            "time) before its source fails as truncated; until then the record is taken for one still being "
            "written. Its whole records are stored either way, and a file that grows again is read on."),
    # alerts and the service (#7)
    Setting("smtp_host", str, "", "SMTP server for email alerts (none: email alerts fail, recorded in the outbox)."),
    Setting("smtp_port", int, 25, "SMTP port."),
    Setting("smtp_starttls", bool, False, "Upgrade the SMTP connection with STARTTLS."),
    Setting("smtp_user", str, "", "SMTP login (none: no login)."),
    Setting("smtp_password", str, "", "SMTP password.", secret=True),
    Setting("smtp_from", str, "newsdesk@localhost", "From address of email alerts."),
    Setting("ntfy_server", str, "https://ntfy.sh", "Server that ntfy topics given by name are published to."),
    Setting("telegram_bot_token", str, "",
            "Token of the Telegram bot that posts alerts to the chats watches name (from @BotFather; none: Telegram "
            "alerts fail, recorded in the outbox).", secret=True),
    Setting("telegram_api", str, "https://api.telegram.org",
            "Telegram Bot API server (a self-hosted telegram-bot-api server, if you run one)."),
    Setting("vapid_subject", str, "mailto:newsdesk@example.org",
            "Contact (mailto: or https:) sent to Web Push services with each notification."),
    Setting("public_url", str, "",
            "The address people open this newsdesk at (e.g. `https://news.example.org`): email, ntfy and webhook "
            "alerts link to the story's page there. None: they link to the article's own address only."),
    Setting("delivery_timeout", float, 10.0, "Seconds to wait for a webhook, ntfy, push or SMTP server."),
    Setting("delivery_attempts", int, 20,
            "Tries of one alert delivery before it is recorded as failed; the waits double from 1 s up to an hour, "
            "so 20 tries span about 8 hours (a receiver down for a restart or a night loses nothing; 8 tries "
            "spanned 2 minutes)."),
    Setting("alert_poll_interval", float, 0.1,
            "Seconds between two looks for new developments (`newsdesk run`, SQLite; PostgreSQL is notified)."),
    Setting("max_request_bytes", int, 1_000_000,
            "Largest request body the web service takes (forms, API JSON), in bytes; a larger one is answered "
            "413 before it is read whole."),
    Setting("cache_dir", str, "",
            "Folder for data newsdesk derives once and reuses (the gazetteer index); none: "
            "`$XDG_CACHE_HOME/newsdesk`, else `~/.cache/newsdesk`."),
)

_BY_NAME = {s.name: s for s in SETTINGS}
# Numbers must lie in range: each is a count, a size or seconds. Above 0 unless listed as may-be-0.
_MAY_BE_ZERO = frozenset({"max_redirects", "host_delay"})
_LARGEST = {int: 2**53, float: 1e9}  # 1e9 seconds: 31 years (timers and time_t break well before inf)


_KINDS = {int: "a whole number", float: "a number", bool: "true or false", str: "text"}


def _parse(setting: Setting, raw: Any) -> Any:
    if isinstance(raw, setting.type) and not (setting.type is int and isinstance(raw, bool)):
        return raw
    text = str(raw).strip()
    try:
        if setting.type is bool:
            if text.lower() in {"1", "true", "yes", "on"}:
                return True
            if text.lower() in {"0", "false", "no", "off", ""}:
                return False
            raise ValueError(text)
        return setting.type(text)
    except ValueError:
        raise ConfigError(f"setting {setting.name} wants {_KINDS[setting.type]}, got {text!r}") from None


@dataclass(frozen=True)
class Settings:
    """Resolved settings; build with :meth:`load`, never mutate."""

    max_input_bytes: int = _BY_NAME["max_input_bytes"].default
    max_nesting_depth: int = _BY_NAME["max_nesting_depth"].default
    max_html_elements: int = _BY_NAME["max_html_elements"].default
    max_dump_lines: int = _BY_NAME["max_dump_lines"].default
    max_analysis_chars: int = _BY_NAME["max_analysis_chars"].default
    fetch_timeout: float = _BY_NAME["fetch_timeout"].default
    max_redirects: int = _BY_NAME["max_redirects"].default
    allowed_networks: str = _BY_NAME["allowed_networks"].default
    user_agent: str = _BY_NAME["user_agent"].default
    check_interval: float = _BY_NAME["check_interval"].default
    max_backoff: float = _BY_NAME["max_backoff"].default
    host_delay: float = _BY_NAME["host_delay"].default
    host_concurrency: int = _BY_NAME["host_concurrency"].default
    fetch_workers: int = _BY_NAME["fetch_workers"].default
    respect_robots: bool = _BY_NAME["respect_robots"].default
    max_new_per_check: int = _BY_NAME["max_new_per_check"].default
    warc_stall_seconds: float = _BY_NAME["warc_stall_seconds"].default
    smtp_host: str = _BY_NAME["smtp_host"].default
    smtp_port: int = _BY_NAME["smtp_port"].default
    smtp_starttls: bool = _BY_NAME["smtp_starttls"].default
    smtp_user: str = _BY_NAME["smtp_user"].default
    smtp_password: str = _BY_NAME["smtp_password"].default
    smtp_from: str = _BY_NAME["smtp_from"].default
    ntfy_server: str = _BY_NAME["ntfy_server"].default
    telegram_bot_token: str = _BY_NAME["telegram_bot_token"].default
    telegram_api: str = _BY_NAME["telegram_api"].default
    vapid_subject: str = _BY_NAME["vapid_subject"].default
    public_url: str = _BY_NAME["public_url"].default
    delivery_timeout: float = _BY_NAME["delivery_timeout"].default
    delivery_attempts: int = _BY_NAME["delivery_attempts"].default
    alert_poll_interval: float = _BY_NAME["alert_poll_interval"].default
    max_request_bytes: int = _BY_NAME["max_request_bytes"].default
    cache_dir: str = _BY_NAME["cache_dir"].default

    @classmethod
    def load(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for s in SETTINGS:
            key = "NEWSDESK_" + s.name.upper()
            if overrides.get(s.name) is not None:
                values[s.name] = _parse(s, overrides[s.name])
            elif key in env:
                values[s.name] = _parse(s, env[key])
        unknown = set(overrides) - set(_BY_NAME)
        if unknown:
            raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        settings = cls(**values)
        for s in SETTINGS:
            if s.type in _LARGEST:
                _check_range(s, getattr(settings, s.name))
        if settings.smtp_port > 65535:
            raise ConfigError(f"setting smtp_port wants a port number up to 65535, got {settings.smtp_port}")
        settings.networks()  # refuse a bad network now, not at the first fetch
        if not (settings.user_agent.isascii() and settings.user_agent.isprintable()):
            # an HTTP header holds printable ASCII: every fetch failed, one by one, as an "internal error"
            raise ConfigError(f"setting user_agent wants printable ASCII (no line break, no accented letter), "
                              f"got {settings.user_agent!r}")
        if not settings.smtp_from.isprintable() or "@" not in parseaddr(settings.smtp_from)[1]:
            # a From header: a line break there ended every alert email as a "bad header" at send time
            raise ConfigError(f"setting smtp_from wants one email address, like newsdesk@example.org or "
                              f"'Newsdesk <news@example.org>', got {settings.smtp_from!r}")
        if not _WEB_ADDRESS.fullmatch(settings.ntfy_server):
            raise ConfigError(f"setting ntfy_server wants an http(s) address like https://ntfy.sh, "
                              f"got {settings.ntfy_server!r}")
        if settings.public_url and not _WEB_ADDRESS.fullmatch(settings.public_url):
            raise ConfigError(f"setting public_url wants an http(s) address like https://news.example.org, "
                              f"got {settings.public_url!r}")
        return settings

    def networks(self) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
        """``allowed_networks`` parsed."""
        try:
            return tuple(ipaddress.ip_network(n.strip(), strict=False)
                         for n in self.allowed_networks.split(",") if n.strip())
        except ValueError as exc:
            raise ConfigError(f"setting allowed_networks: {exc}") from None

    def cache_path(self) -> Path:
        """``cache_dir`` resolved: the setting, else the XDG cache folder."""
        if self.cache_dir:
            return Path(self.cache_dir).expanduser()
        xdg = os.environ.get("XDG_CACHE_HOME")
        return (Path(xdg) if xdg else Path.home() / ".cache") / "newsdesk"

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)


def _check_range(setting: Setting, value: float) -> None:
    """Refuse a number out of range (NaN, infinite, negative, 0 where it must be above)."""
    lowest = "0 or more" if setting.name in _MAY_BE_ZERO else "above 0"
    low_ok = value >= 0 if setting.name in _MAY_BE_ZERO else value > 0
    if not (math.isfinite(value) and low_ok and value <= _LARGEST[setting.type]):
        raise ConfigError(f"setting {setting.name} wants a number {lowest} and at most "
                          f"{int(_LARGEST[setting.type])}, got {value!r}")


def settings_markdown() -> str:
    """The settings table as Markdown (the body of docs/settings.md)."""
    rows = ["| setting | environment | default | help |", "|---|---|---|---|"]
    for s in SETTINGS:
        default = "(secret)" if s.secret else (f"`{s.default}`" if s.default != "" else "(none)")
        rows.append(f"| `{s.name}` | `NEWSDESK_{s.name.upper()}` | {default} | {s.help} |")
    return "\n".join(rows) + "\n"
