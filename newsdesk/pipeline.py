"""Wiring of the stages for many inputs: read → extract (→ understand), in input order.

One input's failure never stops the others: each comes out as an :class:`Outcome` holding its
article or its error, in the order the inputs were given.
"""

from __future__ import annotations

import json
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any, BinaryIO, get_args

from .errors import InputError, NewsdeskError
from .extract import extract, normalise_date
from .extract.language import article_language
from .ingest import load
from .settings import Settings
from .types import Article, Media, MediaKind, paragraph_spans


@dataclass(frozen=True)
class Outcome:
    input: str
    article: Article | None = None
    error: NewsdeskError | None = None
    line: int | None = None  # for JSON-lines input: the line it came from


def extract_inputs(inputs: Iterable[str], *, format: str = "auto", published: str | None = None,
                   settings: Settings) -> Iterator[Outcome]:
    for item in inputs:
        try:
            page = load(item, settings)
            yield Outcome(item, article=extract(page, format=format, published=published, settings=settings))
        except NewsdeskError as exc:
            yield Outcome(item, error=exc)
        except Exception as exc:  # a bug on one page must not cost the other inputs
            yield Outcome(item, error=NewsdeskError(f"internal error ({type(exc).__name__}: {exc})", input=item))


def analyze_outcomes(outcomes: Iterable[Outcome],
                     pipe: Callable[[Iterable[Article]], Iterator[Article | NewsdeskError]]) -> Iterator[Outcome]:
    """Run ``pipe`` (a batched analyzer such as ``Analyzer.results``) over the articles among
    ``outcomes``; an article it fails on comes out with its error; errors keep their place."""
    pending: deque[Outcome] = deque()

    def articles() -> Iterator[Article]:
        for outcome in outcomes:
            pending.append(outcome)
            if outcome.article is not None:
                yield outcome.article

    for analyzed in pipe(articles()):
        while pending and pending[0].article is None:
            yield pending.popleft()
        if isinstance(analyzed, NewsdeskError):
            outcome = pending.popleft()
            yield replace(outcome, article=None, error=type(analyzed)(analyzed.reason, input=outcome.input))
        else:
            yield replace(pending.popleft(), article=analyzed)
    yield from pending


def jsonl_lines(file: BinaryIO, limit: int) -> Iterator[bytes | InputError]:
    """The lines of a JSON-lines file; a line of over ``limit`` bytes (``max_input_bytes``) is its
    error instead, read to its end in pieces and never held whole: a 200 MB line took 800 MB, and
    /dev/zero as a file (no line end, ever) all the memory there was."""
    while line := file.readline(limit + 1):
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        while line and not line.endswith(b"\n"):
            line = file.readline(1 << 20)
        yield InputError(f"a line larger than {limit} bytes (max_input_bytes)")


def read_jsonl_articles(lines: Iterable[str | bytes | InputError],
                        published: str | None = None) -> Iterator[Outcome]:
    """Articles from JSON lines ``{"id", "text", "published"?, "title"?}`` whose text is already clean;
    a record of ``newsdesk extract --jsonl`` keeps its url, source, authors, media and removed too.

    The text is kept exactly as given (offsets refer to it). A bad line becomes an Outcome with
    its error, its input being the line's id or ``line N``. Lines read as bytes are decoded here,
    one by one, so a line that is not UTF-8 is reported and the lines after it are still read.
    """
    for number, raw in enumerate(lines, 1):
        name = f"line {number}"
        try:
            if isinstance(raw, InputError):  # too long to read (see jsonl_lines)
                raise InputError(raw.reason, input=name)
            line = _line_text(raw, number, name)
            if not line.strip():
                continue
            data = _json_line(line, name)
            if not isinstance(data, dict):
                raise InputError("not a JSON object", input=name)
            if isinstance(data.get("id"), bool) or not isinstance(data.get("id"), str | int | float | None):
                # {"x": 1} became the id "{'x': 1}", true the id "True"
                raise InputError('"id" is not a string or a number', input=name)
            name = str(data["id"]) if data.get("id") not in (None, "") else name
            text, title = data.get("text"), data.get("title")
            for field, value in (("text", text), ("title", title)):
                if value is not None and not isinstance(value, str):  # a list title was dropped, a list text
                    raise InputError(f'"{field}" is not a string', input=name)  # said "no text"
            if not isinstance(text, str) or not text.strip():
                # a line `extract --jsonl` gave for an input that failed: its reason, not just "no text"
                said = f"{data['input']}: {data.get('error')}" if "input" in data else str(data.get("error"))
                said = said.encode("utf-8", "backslashreplace").decode()  # a lone surrogate in it
                upstream = f" (the line of an input that failed: {said})" if "error" in data else ""
                raise InputError(f'no "text"{upstream}', input=name)
            if data.get("id") in (None, ""):  # null or "" came out as the id "line N", or ""
                raise InputError('no "id"', input=name)
            kept = _metadata(data, name)
            _check_unicode(name, text, title, *_strings(kept))
            # a published 0 (or any value) is read, not dropped as falsy; null or "" is none
            date = data.get("published") if data.get("published") not in (None, "") else published
            language = data.get("language") if isinstance(data.get("language"), str) else None
            yield Outcome(name, line=number, article=Article(
                id=name, title=title, text=text,
                published=normalise_date(str(date), name) if date is not None else None,
                language=article_language(text, language), paragraphs=paragraph_spans(text), **kept))
        except InputError as exc:
            yield Outcome(exc.input or name, line=number, error=exc)


def _metadata(data: dict[str, Any], name: str) -> dict[str, Any]:
    """What an extracted record (``newsdesk extract --jsonl``) says of the page besides its text, kept
    as given: ``extract --jsonl | analyze --input-jsonl -`` lost url, source, authors, media and removed."""
    kept: dict[str, Any] = {}
    for field in ("url", "source"):
        if data.get(field) is not None:
            if not isinstance(data[field], str):
                raise InputError(f'"{field}" is not a string', input=name)
            kept[field] = data[field] or None
    for field in ("authors", "removed"):
        if data.get(field) is not None:
            if not isinstance(data[field], list) or not all(isinstance(x, str) for x in data[field]):
                raise InputError(f'"{field}" is not a list of strings', input=name)
            kept[field] = tuple(data[field])
    if data.get("media") is not None:
        media = data["media"]
        if not isinstance(media, list) or not all(_is_media(item) for item in media):
            raise InputError('"media" is not a list of {"kind": "video"|"image"|"audio", "caption", '
                             '"duration_seconds"?, "url"?}', input=name)
        kept["media"] = tuple(Media(kind=item["kind"], caption=item["caption"], url=item.get("url"),
                                    duration_seconds=item.get("duration_seconds"), credit=item.get("credit"))
                              for item in media)
    return kept


def _is_media(item: object) -> bool:
    if not isinstance(item, dict):
        return False
    duration = item.get("duration_seconds")
    return (item.get("kind") in get_args(MediaKind) and isinstance(item.get("caption"), str)
            and (duration is None or (isinstance(duration, int) and not isinstance(duration, bool)))
            and isinstance(item.get("url"), str | None) and isinstance(item.get("credit"), str | None))


def _strings(kept: dict[str, Any]) -> Iterator[str]:
    for value in kept.values():
        for item in value if isinstance(value, tuple) else (value,):
            if isinstance(item, Media):
                yield item.caption
                if item.url is not None:
                    yield item.url
            elif isinstance(item, str):
                yield item


def _json_line(line: str, name: str) -> object:
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON ({exc.msg})", input=name) from None
    except RecursionError:  # arrays or objects nested thousands deep
        raise InputError("JSON nested too deep", input=name) from None
    except ValueError:  # its only other error: an integer past Python's limit on digits (was a traceback)
        raise InputError(f"not valid JSON (a number of over {sys.get_int_max_str_digits()} digits)",
                         input=name) from None


def _check_unicode(name: str, *fields: object) -> None:
    """Refuse a lone surrogate (JSON lets ``"\\ud800"`` through): no tokenizer, database or output takes it."""
    for value in (name, *fields):
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise InputError(f"not valid Unicode (a lone surrogate at character {exc.start})",
                                 input=name.encode("utf-8", "backslashreplace").decode()) from None


def _line_text(raw: str | bytes, number: int, name: str) -> str:
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"not valid UTF-8 ({exc.reason} at byte {exc.start})", input=name) from None
    return raw.removeprefix("\ufeff") if number == 1 else raw  # a byte-order mark opening the file
