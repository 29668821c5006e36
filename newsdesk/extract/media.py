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


# "Duration: 1:32", "Length 2:05", "Durée : 3:10": a video page's length on a line of its own
_DURATION_LABEL = re.compile(r"(?i)^\W*(?:duration|length|running\s+time|durée|duración|duração|durata|dauer|länge"
                             r"|тривалість|длительность)\s*:?\s*(?P<duration>(?:\d{1,2}:)?\d{1,2}:[0-5]\d)\W*$")
# A picture's caption ends in its credit: "… Photograph: Andrew Matthews/PA", "… (AP Photo/Noah Berger)",
# "….Credit...David Gray/Getty Images", "… [File: Zohra Bensemra/Reuters]", "… Foto: dpa".
_CREDIT_END = re.compile(
    r"(?i)(?:\b(?:photo(?:graph)?|picture|image|credit|foto|bild|imagen|crédit)s?\s*(?::|\.{3}|…|by)\s*[^.:]{2,80}"
    r"|[(\[](?:(?:AP|AFP|Reuters|EPA|PA)\s+Photo(?:/[^)\]]{2,60})?|File:\s*[^)\]]{2,60}|[^)\]]{2,40}/"
    r"(?:AP|AFP|Reuters|Getty\s+Images|EPA|PA|Shutterstock))[)\]])\s*$")
_CAPTION_WORDS = 4  # words before the credit: a caption says what the picture shows


def labelled_duration(line: str) -> int | None:
    """The seconds a "Duration: 1:32" line gives, else None."""
    match = _DURATION_LABEL.match(line.strip())
    return parse_duration(match.group("duration")) if match else None


def credited_picture(line: str) -> Media | None:
    """A line that is a picture's caption ending in its credit is an image (without its address, which a
    text dump does not keep); else None."""
    match = _CREDIT_END.search(line.strip())
    if not match or len(line[:match.start()].split()) < _CAPTION_WORDS:
        return None
    return Media(kind="image", caption=line.strip())
