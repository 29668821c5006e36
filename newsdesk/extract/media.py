"""Media captions: a video caption ends in its duration ("… make head 02:03")."""

from __future__ import annotations

import re
from dataclasses import dataclass

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
    text dump does not keep); else None. A credit with no label ("… on Monday. REUTERS/Ivan Alvarado",
    "(AP Photo/Noah Berger)") is the picture's credit; a labelled one ("Photo: …") stays in the caption."""
    split = split_credit(line.strip())
    if split.credit is not None:
        return Media(kind="image", caption=split.caption, credit=split.credit)
    match = _CREDIT_END.search(line.strip())
    if not match or len(line[:match.start()].split()) < _CAPTION_WORDS:
        return None
    return Media(kind="image", caption=line.strip())


# --- a picture's credit with no label: "Reuters/John Smith", "AP Photo/Noah Berger", "Getty Images" ------

_AGENCY = (r"(?i:AP|AFP|Reuters|Getty\s+Images|Getty|EPA(?:-EFE)?|EFE|PA(?:\s+(?:Media|Wire|Images))?|Shutterstock"
           r"|dpa|ANP|ANSA|Bloomberg|Alamy|Sipa|AAP|Xinhua|Kyodo|Yonhap|TASS|Anadolu|NurPhoto|SOPA\s+Images|Zuma"
           r"|Keystone|Belga|Ritzau|NTB|Imago|picture\s+alliance|iStock|Polaris|Redux|Bloomberg\s+via\s+Getty\s+Images)"
           r"(?:\s+via\s+Getty\s+Images)?")
# A photographer's or holder's name: capitalised words, initials, a particle between them ("Ringo H.W. Chiu")
_NAME = (r"[A-ZÀ-ÞĀ-Ž][\w'’.-]*(?:\s+(?:(?:de|da|del|dos|van|von|der|den|la|le|di|du|al|el|bin|y)\s+)*"
         r"[A-ZÀ-ÞĀ-Ž][\w'’.-]*){0,4}")
_UNLABELLED = (rf"(?:(?:AP|AFP|Reuters|EPA|PA)\s+Photo(?:/{_NAME})?|{_AGENCY}(?:/{_NAME}(?:/{_AGENCY})?)?"
               rf"|{_NAME}\s*/\s*{_AGENCY})")
_CREDIT_LINE = re.compile(rf"\s*[(\[]?\s*(?P<credit>{_UNLABELLED})\s*[)\]]?\s*")
# …at a caption's end: in brackets, or after the caption's last sentence ("… on Sunday. AP Photo/Jae C. Hong")
_CREDIT_TAIL = re.compile(rf"(?:\s*[(\[]\s*(?P<bracketed>{_UNLABELLED})\s*[)\]]|(?<=[.!?\"”’)\]])\s+(?P<plain>"
                          rf"{_UNLABELLED}))\s*$")


@dataclass(frozen=True)
class Credited:
    """A caption and the credit that stood at its end (None when it had none)."""

    caption: str
    credit: str | None = None


def credit_line(text: str) -> str | None:
    """The credit a line is made of ("Getty Images", "(AP Photo/Noah Berger)", "Knepp Estate/PA"), else None."""
    match = _CREDIT_LINE.fullmatch(text)
    return " ".join(match.group("credit").split()) if match else None


def split_credit(caption: str) -> Credited:
    """A caption with its unlabelled credit taken off its end ("… at Bewdley. Reuters/John Smith")."""
    match = _CREDIT_TAIL.search(caption)
    if match is None or len(caption[:match.start()].split()) < _CAPTION_WORDS:
        return Credited(caption)
    credit = match.group("bracketed") or match.group("plain")
    return Credited(caption[:match.start()].rstrip(), " ".join(credit.split()))
