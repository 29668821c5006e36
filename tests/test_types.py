from __future__ import annotations

import json

import jsonschema

from newsdesk.types import (
    Article,
    Entity,
    Event,
    Media,
    Mention,
    Place,
    Quote,
    Span,
    Speaker,
    article_id,
    from_dict,
    join_paragraphs,
    json_schema,
    to_dict,
    to_json,
)

CONTRACT_FIELDS = {"id", "url", "source", "title", "published", "language", "authors", "text", "paragraphs",
                   "media", "removed", "entities", "quotes", "events"}


def full_article() -> Article:
    text, spans = join_paragraphs(["Vladimir Medinsky said it.", "Second paragraph."])
    return Article(
        id=article_id(None, text), title="T", text=text, published="2022-03-29", language="en",
        paragraphs=spans, media=(Media(kind="video", caption="c", duration_seconds=123),),
        removed=("Watch CBS News",),
        entities=(Entity(id="e1", name="Vladimir Medinsky", type="PERSON", titles=("lead negotiator",),
                         mentions=(Mention(0, 17, "Vladimir Medinsky"),),
                         place=Place(50.45, 30.52, "UA", 703448)),),
        quotes=(Quote(text="it", start=23, end=25, kind="indirect", speaker=Speaker("Vladimir Medinsky", "e1", 0, 17),
                      cue="say"),),
        events=(Event(type="CONSULT", sentence=Span(0, 26), trigger="said"),),
    )


def test_join_paragraphs_offsets_point_into_text() -> None:
    text, spans = join_paragraphs(["One.", "Two two.", "Three"])
    assert text == "One.\n\nTwo two.\n\nThree"
    assert [text[s.start:s.end] for s in spans] == ["One.", "Two two.", "Three"]


def test_record_serialises_with_contract_field_names() -> None:
    data = json.loads(to_json(full_article()))
    assert set(data) == CONTRACT_FIELDS
    assert data["media"][0] == {"kind": "video", "caption": "c", "duration_seconds": 123, "url": None,
                                 "credit": None}
    assert data["quotes"][0]["speaker"]["entity"] == "e1"
    assert data["paragraphs"][1] == {"start": 28, "end": 45}


def test_round_trip_through_json() -> None:
    article = full_article()
    assert from_dict(Article, json.loads(to_json(article))) == article


def test_from_dict_ignores_unknown_fields() -> None:
    data = to_dict(full_article()) | {"input": "page.html", "future_field": 1}
    assert from_dict(Article, data).title == "T"


def test_records_are_frozen() -> None:
    article = full_article()
    try:
        article.title = "changed"  # type: ignore[misc]
    except AttributeError:
        return
    raise AssertionError("Article must be immutable")


def test_generated_schema_validates_records_and_rejects_bad_ones() -> None:
    schema = json_schema(Article)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(to_dict(full_article()), schema)
    bad = to_dict(full_article())
    bad["quotes"][0]["kind"] = "shouted"
    try:
        jsonschema.validate(bad, schema)
    except jsonschema.ValidationError:
        return
    raise AssertionError("a quote kind outside the contract must not validate")


def test_article_id_prefers_url() -> None:
    assert article_id("https://x.test/a", "text") != article_id(None, "text")
    assert article_id(None, "text") == article_id(None, "text")
    assert len(article_id(None, "text")) == 64
