"""Settings that end up in a header or an address are checked at start, not at the first alert."""

from __future__ import annotations

import pytest

from newsdesk.errors import ConfigError
from newsdesk.settings import Settings


@pytest.mark.parametrize("value", ["desk@example.org\nBcc: everyone@example.org", "newsdesk", ""])
def test_an_smtp_from_that_is_no_one_address_is_refused(value: str) -> None:
    with pytest.raises(ConfigError, match="setting smtp_from wants one email address"):
        Settings.load({"NEWSDESK_SMTP_FROM": value} if value else {"NEWSDESK_SMTP_FROM": " "})


@pytest.mark.parametrize("value", ["desk@example.org", "Desk Team <desk@example.org>", "Rédaction <r@example.fr>"])
def test_an_address_with_or_without_a_name_is_kept(value: str) -> None:
    assert Settings.load({"NEWSDESK_SMTP_FROM": value}).smtp_from == value


@pytest.mark.parametrize("value", ["ntfy.sh", "ftp://ntfy.example.org", "https://ntfy.example.org/a b"])
def test_an_ntfy_server_that_is_no_web_address_is_refused(value: str) -> None:
    with pytest.raises(ConfigError, match="setting ntfy_server wants an http"):
        Settings.load({"NEWSDESK_NTFY_SERVER": value})


def test_an_ntfy_server_under_a_path_is_kept() -> None:
    assert Settings.load({"NEWSDESK_NTFY_SERVER": "https://example.org/ntfy"}).ntfy_server == "https://example.org/ntfy"
