"""The article record (``shared/design/article-json.md``) as frozen dataclasses.

Field names are the JSON contract: :func:`to_json` writes them as they are, lists as JSON
arrays. Offsets are code-point offsets into ``Article.text``, end exclusive.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar, cast

from .identity import article_id as article_id  # the one id function (re-exported here)

EntityType = Literal["PERSON", "ORG", "PLACE", "GROUP", "OTHER"]
QuoteKind = Literal["direct", "indirect", "mixed"]
Modality = Literal["asserted", "intended", "hypothetical", "negated", "requested"]
MediaKind = Literal["video", "image", "audio"]


@dataclass(frozen=True)
class Span:
    """A paragraph or sentence: offsets into the article text."""

    start: int
    end: int


@dataclass(frozen=True)
class Media:
    kind: MediaKind
    caption: str
    duration_seconds: int | None = None
    url: str | None = None
    credit: str | None = None  # who took or holds the picture or video: "Reuters/John Smith", "Getty Images"


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Place:
    lat: float
    lon: float
    country: str | None = None
    geonames_id: int | None = None


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    type: EntityType
    titles: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()
    place: Place | None = None


@dataclass(frozen=True)
class Speaker:
    name: str
    entity: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Quote:
    text: str
    start: int
    end: int
    kind: QuoteKind
    speaker: Speaker | None = None
    cue: str | None = None


@dataclass(frozen=True)
class Party:
    """An event's actor or target."""

    name: str
    entity: str | None = None


@dataclass(frozen=True)
class Location:
    name: str
    lat: float | None = None
    lon: float | None = None
    country: str | None = None


@dataclass(frozen=True)
class Event:
    type: str
    sentence: Span
    trigger: str
    modality: Modality = "asserted"
    mode: str | None = None
    actor: Party | None = None
    target: Party | None = None
    location: Location | None = None
    date: str | None = None


@dataclass(frozen=True)
class Article:
    id: str
    title: str | None
    text: str
    url: str | None = None
    source: str | None = None
    published: str | None = None
    language: str | None = None
    authors: tuple[str, ...] = ()
    paragraphs: tuple[Span, ...] = ()
    media: tuple[Media, ...] = ()
    removed: tuple[str, ...] = ()
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()


def join_paragraphs(paragraphs: typing.Iterable[str]) -> tuple[str, tuple[Span, ...]]:
    """Join paragraphs with a blank line and return the text with each paragraph's span."""
    parts: list[str] = []
    spans: list[Span] = []
    pos = 0
    for para in paragraphs:
        if parts:
            pos += 2
        parts.append(para)
        spans.append(Span(pos, pos + len(para)))
        pos += len(para)
    return "\n\n".join(parts), tuple(spans)


def paragraph_spans(text: str) -> tuple[Span, ...]:
    """Spans of the blank-line-separated blocks of ``text``, which is left as it is."""
    spans = []
    for match in re.finditer(r"\S(?:.*?\S)?(?=\s*\n\s*\n|\s*$)", text, flags=re.DOTALL):
        spans.append(Span(match.start(), match.end()))
    return tuple(spans)


def to_dict(record: Any) -> Any:
    """A dataclass record as plain JSON-ready data (tuples become lists)."""
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return {f.name: to_dict(getattr(record, f.name)) for f in dataclasses.fields(record)}
    if isinstance(record, (tuple, list)):
        return [to_dict(x) for x in record]
    return record


def to_json(record: Any, *, indent: int | None = None) -> str:
    return json.dumps(to_dict(record), ensure_ascii=False, indent=indent)


T = TypeVar("T")


def from_dict(cls: type[T], data: Any) -> T:
    """Build a record of ``cls`` from JSON data; unknown keys are ignored (the contract may grow)."""
    kwargs = {}
    for name, convert in _fields(cast(type, cls)):
        if name in data:
            value = data[name]
            kwargs[name] = value if convert is None or value is None else convert(value)
    return cls(**kwargs)


@functools.cache
def _fields(cls: type) -> tuple[tuple[str, Callable[[Any], Any] | None], ...]:
    """A record type's fields and how to convert each (None: as it is), once per type: ``get_type_hints``
    evaluates every annotation string and cost eight times the rest of reading a stored article, and
    working out each value's type from its hint, twice the rest (a rebuild reads every article)."""
    hints = typing.get_type_hints(cls)
    return tuple((f.name, _converter(hints[f.name])) for f in dataclasses.fields(cls))


@functools.cache
def _converter(hint: Any) -> Callable[[Any], Any] | None:
    """How to make a value of type ``hint`` from JSON data that is not None (None: as it is)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return _converter(inner[0]) if len(inner) == 1 else None
    if origin is tuple:
        item = _converter(typing.get_args(hint)[0])
        if item is None:
            return tuple
        return lambda value: tuple(None if v is None else item(v) for v in value)
    if dataclasses.is_dataclass(hint):
        return functools.partial(from_dict, hint)  # type: ignore[arg-type]
    return None


def json_schema(cls: type = Article) -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) for a record type, generated from its dataclass."""
    defs: dict[str, Any] = {}
    root = _schema_for(cls, defs)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": cls.__name__,
            **root, "$defs": defs}


def _schema_for(hint: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return {"anyOf": [_schema_for(a, defs) for a in typing.get_args(hint)]}
    if origin is Literal:
        return {"enum": list(typing.get_args(hint))}
    if origin is tuple:
        return {"type": "array", "items": _schema_for(typing.get_args(hint)[0], defs)}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        name = hint.__name__
        if name not in defs:
            defs[name] = {}  # placeholder: guards against recursion while the fields are built
            hints = typing.get_type_hints(hint)
            fields = dataclasses.fields(hint)
            schema: dict[str, Any] = {
                "type": "object",
                "properties": {f.name: _schema_for(hints[f.name], defs) for f in fields},
                "required": [f.name for f in fields],
            }
            doc = (hint.__doc__ or "").strip()
            if doc and not doc.startswith(name + "("):
                schema["description"] = doc.splitlines()[0]
            defs[name] = schema
        return {"$ref": f"#/$defs/{name}"}
    simple = {str: "string", int: "integer", float: "number", bool: "boolean", type(None): "null"}
    if hint in simple:
        return {"type": simple[hint]}
    raise TypeError(f"no JSON Schema for {hint!r}")


@dataclass(frozen=True)
class Fetched:
    """A page as read or fetched, decoded to text: what the extract stage takes in."""

    input: str
    content: str
    url: str | None = None
    media_type: str | None = None
    encoding: str | None = None
