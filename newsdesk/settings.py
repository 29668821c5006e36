"""All of newsdesk's settings in one declarative table.

Precedence: explicit overrides (CLI flags) > environment (``NEWSDESK_<NAME>``) > default.
``docs/settings.md`` is generated from this table and a test keeps the two in step.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import ConfigError


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
    Setting("fetch_timeout", float, 20.0, "Seconds to wait for a URL before giving up."),
    Setting("max_redirects", int, 5, "Redirects followed when fetching a URL."),
    Setting("allowed_networks", str, "",
            "Comma-separated networks (CIDR) that may be fetched although private, loopback or link-local, "
            "e.g. `127.0.0.0/8` for a site on this machine; all other such addresses are refused."),
    Setting("user_agent", str, "newsdesk/0.1 (+https://github.com/newsdesk/newsdesk)",
            "User-Agent header sent when fetching."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


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
        raise ConfigError(f"setting {setting.name} wants a {setting.type.__name__}, got {text!r}") from None


@dataclass(frozen=True)
class Settings:
    """Resolved settings; build with :meth:`load`, never mutate."""

    max_input_bytes: int = _BY_NAME["max_input_bytes"].default
    max_nesting_depth: int = _BY_NAME["max_nesting_depth"].default
    fetch_timeout: float = _BY_NAME["fetch_timeout"].default
    max_redirects: int = _BY_NAME["max_redirects"].default
    allowed_networks: str = _BY_NAME["allowed_networks"].default
    user_agent: str = _BY_NAME["user_agent"].default

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
        if settings.max_input_bytes <= 0 or settings.max_nesting_depth <= 0:
            raise ConfigError("max_input_bytes and max_nesting_depth must be positive")
        settings.networks()  # refuse a bad network now, not at the first fetch
        return settings

    def networks(self) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
        """``allowed_networks`` parsed."""
        try:
            return tuple(ipaddress.ip_network(n.strip(), strict=False)
                         for n in self.allowed_networks.split(",") if n.strip())
        except ValueError as exc:
            raise ConfigError(f"setting allowed_networks: {exc}") from None

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)


def settings_markdown() -> str:
    """The settings table as Markdown (the body of docs/settings.md)."""
    rows = ["| setting | environment | default | help |", "|---|---|---|---|"]
    for s in SETTINGS:
        default = "(secret)" if s.secret else (f"`{s.default}`" if s.default != "" else "(none)")
        rows.append(f"| `{s.name}` | `NEWSDESK_{s.name.upper()}` | {default} | {s.help} |")
    return "\n".join(rows) + "\n"
