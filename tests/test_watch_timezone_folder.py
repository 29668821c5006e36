"""A watch's time zone that names a folder of the tz database ("Europe") or is too long for a file name is
an unknown time zone, not an OSError (a 500 on the API, a traceback in the CLI)."""

from __future__ import annotations

import pytest

from newsdesk.alerts.flow import check, usable
from newsdesk.alerts.records import Options
from newsdesk.errors import InputError


@pytest.mark.parametrize("zone", ["Europe", "America", "x" * 300])
def test_a_folder_or_an_overlong_name_is_an_unknown_time_zone(zone: str) -> None:
    with pytest.raises(InputError, match="unknown time zone"):
        check(Options(timezone=zone))
    assert usable(Options(timezone=zone)).timezone == "UTC"  # a stored one falls back, alerts still go out


def test_a_real_zone_is_kept() -> None:
    assert check(Options(timezone="Europe/Kyiv")).timezone == "Europe/Kyiv"
