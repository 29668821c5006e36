"""What the story page shows, built from a stored :class:`Story` and its articles: frozen view records."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..statements import is_statement
from ..store.query import UNHAPPENED
from ..store.records import Hit
from ..stories.records import Development, Story, TimelineEntry, timeline
from ..types import Article

MAX_ARTICLES = 50  # articles read for speaker titles on one page (the newest quoting ones)
TIMELINE_PAGE = 100  # a story page's timeline entries: the newest, earlier ones a page back
SIDE_QUOTES = 5  # a speaker's newest statements beside the timeline
SIDE_EVENTS = 50  # the newest events beside the timeline



@dataclass(frozen=True)
class SpeakerQuotes:
    name: str
    titles: tuple[str, ...]
    quotes: tuple[Development, ...]


@dataclass(frozen=True)
class Pin:
    """A point on the map: an event's place, or a place the story names."""

    lat: float
    lon: float
    label: str
    story: str
    title: str
    type: str  # the event type, or "PLACE"
    date: str | None


@dataclass(frozen=True)
class StoryView:
    story: Story
    timeline: tuple[TimelineEntry, ...]
    speakers: tuple[SpeakerQuotes, ...]
    events: tuple[Development, ...]
    pins: tuple[Pin, ...]


@dataclass(frozen=True)
class TimelinePage:
    """One page of a story's timeline: page 1 the newest :data:`TIMELINE_PAGE` entries, in time order."""

    entries: tuple[TimelineEntry, ...]
    first: int  # the number of the first entry shown (1: the story's first article)
    total: int
    page: int

    @property
    def earlier(self) -> bool:
        return self.first > 1

    @property
    def later(self) -> bool:
        return self.page > 1


def timeline_page(entries: tuple[TimelineEntry, ...], page: int) -> TimelinePage:
    end = max(0, len(entries) - (page - 1) * TIMELINE_PAGE)
    start = max(0, end - TIMELINE_PAGE)
    return TimelinePage(entries[start:end], start + 1, len(entries), page)


@dataclass(frozen=True)
class SearchResult:
    """A hit on the search page, with the copies of it (other outlets' syndicated near-duplicates) found too."""

    hit: Hit
    copies: tuple[Hit, ...] = ()


def fold_copies(hits: list[Hit]) -> tuple[SearchResult, ...]:
    """The hits in their order, each copy folded under its original when the original is a hit too."""
    shown = {h.id for h in hits}
    copies: dict[str, list[Hit]] = {}
    for hit in hits:
        if hit.copy_of and hit.copy_of in shown:
            copies.setdefault(hit.copy_of, []).append(hit)
    return tuple(SearchResult(h, tuple(copies.get(h.id, ()))) for h in hits
                 if not (h.copy_of and h.copy_of in shown))


def story_view(story: Story, get_article: Callable[[str], Article | None]) -> StoryView:
    quotes = [d for d in story.developments if d.kind == "quote"]
    # the summary lists who did what to whom, where: an event with none of them ("CONSULT") stays in
    # the timeline beside its sentence, where it can be read, but says nothing on its own
    events = tuple(d for d in story.developments if d.kind == "event"
                   and any(d.payload.get(k) for k in ("actor", "target", "location")))
    # the newest quoting articles: a story of 1,500 articles read 200 whole ones for its speakers' titles
    articles = {a: get_article(a) for a in list(dict.fromkeys(d.article_id for d in reversed(quotes)))[:MAX_ARTICLES]}
    return StoryView(story, timeline(story), _speakers(quotes, articles), events, tuple(pins_of(story)))


def _speakers(quotes: list[Development], articles: dict[str, Article | None]) -> tuple[SpeakerQuotes, ...]:
    """Statements grouped by speaker (the most quoted first), each speaker with the titles articles give."""
    groups: dict[str, list[Development]] = {}
    titles: dict[str, list[str]] = {}
    for dev in quotes:  # statements: a stance stays on the timeline beside its sentence (statements.py)
        if not is_statement(dev.payload):
            continue
        speaker = dev.payload.get("speaker") or {}
        name = str(speaker.get("name") or "Unattributed")
        groups.setdefault(name, []).append(dev)
        article = articles.get(dev.article_id)
        entity = next((e for e in article.entities if e.id == speaker.get("entity")), None) if article else None
        for title in entity.titles if entity else ():
            if title.lower() not in {t.lower() for t in titles.setdefault(name, [])}:
                titles[name].append(title)
    ranked = sorted(groups.items(), key=lambda kv: (kv[0] == "Unattributed", -len(kv[1]), kv[0]))
    return tuple(SpeakerQuotes(name, tuple(titles.get(name, ())), tuple(devs)) for name, devs in ranked)


def _point(location: Any) -> tuple[float, float] | None:
    if not isinstance(location, dict):
        return None
    lat, lon = location.get("lat"), location.get("lon")
    if isinstance(lat, (int, float)) and isinstance(lon, (int, float)) and -90 <= lat <= 90 and -180 <= lon <= 180:
        return float(lat), float(lon)
    return None


def pins_of(story: Story) -> list[Pin]:
    """Event places first (with type and date), then the story's other places."""
    title = story.title or story.id
    pins: list[Pin] = []
    named: set[str] = set()
    seen: set[tuple[str, Any]] = set()  # one pin per place and event type
    for dev in story.developments:
        location = dev.payload.get("location") if dev.kind == "event" else None
        point = _point(location)
        key = str(location.get("name")) if isinstance(location, dict) else ""
        # a place where an act did not happen (a foiled plot) is pinned as a place, not as that act
        kind = str(dev.payload.get("type")) if dev.payload.get("modality") not in UNHAPPENED else "PLACE"
        if point and (key, kind) not in seen:
            seen.add((key, kind))
            named.add(key)
            pins.append(Pin(*point, key, story.id, title, kind,
                            dev.payload.get("date") or (dev.published or "")[:10] or None))
    # a place pinned by an event already, under another spelling ("Mykolayiv", "Mykolaiv"), is one place
    at = {(round(p.lat, 3), round(p.lon, 3)) for p in pins}
    for place in story.places:
        if (place.name not in named and place.lat is not None and place.lon is not None
                and (round(place.lat, 3), round(place.lon, 3)) not in at):
            at.add((round(place.lat, 3), round(place.lon, 3)))
            pins.append(Pin(place.lat, place.lon, place.name, story.id, title, "PLACE", story.last_updated[:10]))
    return pins


def pin_feature(pin: Pin) -> dict[str, Any]:
    """A pin as a GeoJSON feature (what the map script reads)."""
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [pin.lon, pin.lat]},
            "properties": {"label": pin.label, "story": pin.story, "title": pin.title, "type": pin.type,
                           "date": pin.date, "url": f"/stories/{pin.story}"}}
