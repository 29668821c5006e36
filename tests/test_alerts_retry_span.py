"""A delivery's retries outlast a receiver's restart: the default tries span hours, not minutes
(8 tries waited 1 + 2 + … + 64 = 127 s, so a webhook down for three minutes lost its alerts)."""

from __future__ import annotations

from newsdesk.alerts.deliver import MAX_WAIT_S, backoff
from newsdesk.settings import Settings


def test_the_default_tries_span_hours() -> None:
    tries = Settings.load(environ={}).delivery_attempts
    span = sum(backoff(t) for t in range(1, tries)) * 0.9  # the waits between the first and the last try, jitter low
    assert span >= 6 * 3600


def test_the_waits_double_up_to_an_hour() -> None:
    assert [backoff(t) for t in range(1, 6)] == [1.0, 2.0, 4.0, 8.0, 16.0]
    assert backoff(13) == MAX_WAIT_S == backoff(40)
