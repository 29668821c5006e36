"""Media captions: a video caption ends in its duration ("… make head 02:03")."""

from __future__ import annotations

import re

from ..types import Media

# A trailing clock duration: m:ss, mm:ss or h:mm:ss, after the caption text.
_TRAILING_DURATION = re.compile(r"^(?P<caption>.*\S)\s+(?P<duration>(?:\d{1,2}:)?\d{1,2}:[0-5]\d)\s*$")


def parse_duration(value: str) -> int | None:
    """'02:03' -> 123, '1:02:03' -> 3723; None when it is not a clock duration."""
    parts = value.strip().split(":")
    if not 2 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
        return None
    numbers = [int(p) for p in parts]
    if any(n >= 60 for n in numbers[1:]):
        return None
    seconds = 0
    for n in numbers:
        seconds = seconds * 60 + n
    return seconds


def video_caption(line: str) -> Media | None:
    """A line that reads as a caption followed by a duration is a video; else None."""
    match = _TRAILING_DURATION.match(line.strip())
    if not match:
        return None
    caption = match.group("caption").strip()
    # A caption has words; "Updated 10:45" or a bare score "2:1" is not a video.
    if len(caption.split()) < 3 or sum(c.isalpha() for c in caption) < 12:
        return None
    duration = parse_duration(match.group("duration"))
    if duration is None or duration == 0:
        return None
    return Media(kind="video", caption=caption, duration_seconds=duration)
