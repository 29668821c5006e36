"""The records stories hand out: frozen dataclasses, JSON-ready through ``types.to_dict``.

A :class:`Story` serialises to the story record of ``article-json.md``: ``id``, ``title``,
``first_seen``, ``last_updated``, ``articles`` (ids, in time order), ``developments`` and ``places``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

AssignmentStatus = Literal["new", "joined", "copy"]
DevelopmentKind = Literal["story", "quote", "event"]
Role = Literal["member", "copy"]
EditKind = Literal["move", "merge"]


@dataclass(frozen=True)
class Development:
    """Something an article added to its story: its start (``story``), a new quote or a new event.

    ``start``/``end`` are offsets of ``sentence`` (the sentence behind it) in the article text;
    ``payload`` is the quote or event record (or, for ``story``, the article's title and url).
    ``pk`` is the store's monotonic key (None before it is stored).
    """

    pk: int | None
    story_id: str
    article_id: str
    kind: DevelopmentKind
    sentence: str
    start: int
    end: int
    payload: dict[str, Any] = field(default_factory=dict)
    published: str | None = None


@dataclass(frozen=True)
class Assignment:
    """Where one article went: a ``new`` story, ``joined`` an existing one, or a ``copy`` of
    ``copy_of`` (a near-duplicate: no developments)."""

    article_id: str
    story_id: str
    status: AssignmentStatus
    copy_of: str | None = None
    developments: tuple[Development, ...] = ()
    score: float = 0.0  # similarity to the story joined (0 for a new story)
    merged: tuple[str, ...] = ()  # stories found to be this one on this article's evidence, folded into it
    moved: tuple[str, ...] = ()  # earlier articles taken out of their story into this one (a split)


@dataclass(frozen=True)
class StoryEdit:
    """An editor's correction of the clustering: an article (with its copies) ``move``d into another
    story or a new one, or two stories found to be one (``merge``: ``source`` folded into ``story_id``).

    ``article_id``: the article moved, or for a merge a member of the story folded in; ``story_id``:
    where it went (the story kept); ``source``: the story it left (the one folded in); ``moved``: the
    articles that changed story. ``pk``, ``editor`` and ``created_at`` come from the store."""

    kind: EditKind
    article_id: str
    story_id: str
    source: str
    moved: tuple[str, ...] = ()
    new: bool = False  # a move that started a story of its own
    anchor: str | None = None  # a member of ``story_id`` before the edit: a rebuild finds the story by it
    pk: int | None = None
    editor: str | None = None
    created_at: str | None = None


@dataclass(frozen=True)
class RetoldStory:
    """A story as an editor's correction left it: its title (its earliest article's) and every
    development it has now, told again over its articles in time order."""

    id: str
    title: str | None
    developments: tuple[Development, ...]


@dataclass(frozen=True)
class Correction:
    """What a :class:`StoryEdit` did to the stories: those it changed that still hold articles, told
    again, and the story it left without any (``emptied``: it now points to ``edit.story_id``)."""

    edit: StoryEdit
    stories: tuple[RetoldStory, ...]
    emptied: str | None = None


@dataclass(frozen=True)
class StoryPlace:
    """A place the story's articles name, with how many articles name it."""

    name: str
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    articles: int = 1


@dataclass(frozen=True)
class StoryArticle:
    """One article of a story as the store lists it."""

    id: str
    role: Role
    copy_of: str | None
    published: str | None
    title: str | None
    url: str | None
    source: str | None


@dataclass(frozen=True)
class Story:
    """A developing story: its articles in time order and its timeline of developments."""

    id: str
    title: str | None
    first_seen: str
    last_updated: str
    articles: tuple[str, ...] = ()
    developments: tuple[Development, ...] = ()
    places: tuple[StoryPlace, ...] = ()
    article_count: int = 0
    merged_into: str | None = None
    members: tuple[StoryArticle, ...] = ()


@dataclass(frozen=True)
class Moment:
    """The developments one sentence of an article holds: the page shows the sentence once, with each of them."""

    sentence: str
    developments: tuple[Development, ...]


@dataclass(frozen=True)
class TimelineEntry:
    """One article on a story's timeline: what it added (its developments) and its copies elsewhere."""

    article: StoryArticle
    developments: tuple[Development, ...]
    copies: tuple[StoryArticle, ...]

    @property
    def moments(self) -> tuple[Moment, ...]:
        """The developments grouped by sentence, in the order the sentences come first."""
        groups: dict[str, list[Development]] = {}
        for dev in self.developments:
            groups.setdefault(dev.sentence, []).append(dev)
        return tuple(Moment(sentence, tuple(devs)) for sentence, devs in groups.items())


def timeline(story: Story) -> tuple[TimelineEntry, ...]:
    """The story's articles (copies aside) in time order, each with what it added and its copies;
    an article that opened the story shows that first (a split opens a story with a report that
    had joined another, after the developments it had added there)."""
    added: dict[str, list[Development]] = {}
    for dev in sorted(story.developments, key=lambda d: d.kind != "story"):  # stable: else in the order made
        added.setdefault(dev.article_id, []).append(dev)
    copies: dict[str, list[StoryArticle]] = {}
    for member in story.members:
        if member.role == "copy" and member.copy_of:
            copies.setdefault(member.copy_of, []).append(member)
    return tuple(TimelineEntry(m, tuple(added.get(m.id, ())), tuple(copies.get(m.id, ())))
                 for m in story.members if m.role == "member")


@dataclass(frozen=True)
class StoryCheckpoint:
    """A tracker's state (``state``: :func:`.checkpoint.encode`) as of the story log row ``seq``
    (of ``article_id``), for trackers made with ``params`` (their JSON) by codec ``version``."""

    params: str
    version: int
    seq: int
    article_id: str
    state: bytes
