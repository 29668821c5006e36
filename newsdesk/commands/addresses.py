"""A note, when a URL is given to ``source add`` or ``watch add``, that ``newsdesk run`` will refuse its
address: it was stored without a word, and every check or delivery then failed "refused: … private
address" in the log or the outbox."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

import click

from ..ingest.fetch import is_url
from ..ingest.safety import allowing, refused
from ..settings import Settings


def note_refused_address(url: str, settings: Settings, prefix: str = "newsdesk: note: ") -> None:
    """Say so on stderr when ``url``'s host is a private address that ``allowed_networks`` leaves out.
    Only an address written as one, or localhost: a name is not resolved here (adding works offline)."""
    try:
        host = (urlsplit(url).hostname or "") if is_url(url) else ""
    except ValueError:  # "http://[::1": the fetch says what is wrong with it
        return
    if host == "localhost" or host.endswith(".localhost"):
        host = "127.0.0.1"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return
    if refused(str(address), settings):
        click.echo(f"{prefix}{url}: {address} is a private address, which newsdesk run refuses unless allowed "
                   f"(NEWSDESK_ALLOWED_NETWORKS={allowing(str(address))} newsdesk run)", err=True)
