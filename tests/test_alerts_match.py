"""Watch rules against articles: fields on the whole article, words on what is new, the reason
sentence, and the index that keeps many rules cheap (it never drops a rule that matches)."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest

from newsdesk.alerts.match import ArticleView, Matcher, NewDevelopment, Rule, anchors
from newsdesk.alerts.text import sentences, words
from newsdesk.store.query import QuerySyntaxError, format_query, parse
from newsdesk.types import Article, Entity, Event, Place, Span

TEXT = ("Ukrainian and Russian negotiators met in Istanbul on Tuesday. Russia said it would reduce military "
        "activity near Kyiv and Chernihiv. Vladimir Medinsky said talks went well.\n\n"
        "Shelling continued in Kharkiv overnight, officials said.")


def _article(text: str = TEXT, **fields: object) -> Article:
    entities = (Entity("e1", "Kyiv", "PLACE", place=Place(50.45, 30.52)), Entity("e2", "Istanbul", "PLACE"),
                Entity("e3", "Vladimir Medinsky", "PERSON"), Entity("e4", "Kharkiv", "PLACE",
                                                                   place=Place(49.99, 36.23)))
    events = (Event("CONSULT", Span(0, 60), "met"), Event("ASSAULT", Span(153, 210), "Shelling"))
    base: dict[str, object] = {"id": "a1", "title": "Russia to reduce military activity near Kyiv", "text": text,
            "source": "CBS News", "published": "2022-03-29", "entities": entities, "events": events}
    base.update(fields)
    return Article(**base)  # type: ignore[arg-type]


STORY = [NewDevelopment(1, "story", "Ukrainian and Russian negotiators met in Istanbul on Tuesday.", 0, 61)]


def _hits(query: str, devs: list[NewDevelopment] = STORY, article: Article | None = None) -> list[str]:
    found = Matcher([Rule("w", parse(query))], geocode=lambda name: {"kyiv": (50.45, 30.52)}.get(name.lower())).match(
        article or _article(), devs)
    return [h.sentence for h in found]


def test_fields_and_phrases_give_the_sentence_that_holds_them() -> None:
    assert _hits('place:Kyiv "military activity"') == [
        "Russia said it would reduce military activity near Kyiv and Chernihiv."]
    assert _hits("place:Paris") == []
    assert _hits('place:Kyiv "activity military"') == []
    assert _hits("person:Medinsky") == ["Vladimir Medinsky said talks went well."]
    assert _hits("event:assault kharkiv") == ["Shelling continued in Kharkiv overnight, officials said."]
    assert _hits("source:cbs negotiator*") and not _hits("source:reuters negotiator*")


def test_boolean_operators_dates_and_word_forms() -> None:
    assert _hits("talk AND (Paris OR Istanbul)")
    assert not _hits("talks -Medinsky")
    assert _hits("NOT event:SANCTION Kyiv")
    assert _hits("since:2022-03 until:2022-03-29 Kyiv") and not _hits("since:2022-04 Kyiv")
    assert _hits("negotiator activities")  # plural/singular meet


def test_a_later_development_matches_on_its_own_sentence_only() -> None:
    quote = NewDevelopment(7, "quote", "Vladimir Medinsky said talks went well.", 125, 164)
    assert _hits("talks", [quote]) == ["Vladimir Medinsky said talks went well."]
    assert _hits('"military activity"', [quote]) == []  # in the article, but not new
    assert _hits("place:Kyiv talks", [quote])  # filters look at the whole article
    assert _hits("Kyiv", []) == []  # no developments (a copy): nothing ever fires


def test_place_within_km_uses_coordinates() -> None:
    assert _hits("place:Kyiv~100km")
    far = _article(entities=(Entity("e4", "Kharkiv", "PLACE", place=Place(49.99, 36.23)),))
    assert _hits("place:Kyiv~100km", article=far) == []
    assert _hits("place:Kyiv~500km", article=far)
    with pytest.raises(QuerySyntaxError, match="wants a distance"):
        parse("person:Kyiv~5km")
    for query in ('place:"New York"~20km', "place:Kyiv~2.5km -event:SANCTION"):
        assert parse(format_query(parse(query))) == parse(query)


def test_sentences_keep_offsets() -> None:
    found = list(sentences(TEXT))
    assert len(found) == 4
    assert all(TEXT[s.start:s.end] == s.text for s in found)
    assert words("Talks TALKING activities Kyïv") == ("talk", "talk", "activity", "kyiv")


def test_the_index_never_loses_a_matching_rule() -> None:
    vocab = ["Kyiv", "talks", '"military activity"', "place:Kyiv", "person:Medinsky", "event:CONSULT", "Paris",
             "source:cbs", "ukrain*", "place:Paris", "since:2022", "-Kharkiv", "event:SANCTION", "negotiators"]
    rng = random.Random(7)
    rules = []
    for i in range(400):
        parts = rng.sample(vocab, rng.randint(1, 3))
        query = (" OR " if rng.random() < 0.3 else " ").join(p for p in parts)
        try:
            rules.append(Rule(f"w{i}", parse(query)))
        except QuerySyntaxError:
            continue
    article = _article()
    indexed = {h.watch_id for h in Matcher(rules).match(article, STORY)}
    one_by_one = {r.watch_id for r in rules if Matcher([r]).match(article, STORY)}
    assert indexed == one_by_one and indexed
    assert anchors(parse("NOT Kyiv")) is None  # nothing to index by: checked every time
    matcher = Matcher([*rules, Rule("far", parse("Zanzibar"))])
    assert "far" not in matcher.candidates(ArticleView(article))


SHELLING = "Artillery shelled Kharkiv overnight, officials said."
CODED = f"Talks opened in Istanbul on Tuesday. {SHELLING} Vladimir Medinsky said talks went well."


def _coded() -> Article:
    """An article whose ASSAULT event was coded from its second sentence (exact offsets)."""
    start = CODED.index(SHELLING)
    return _article(CODED, id="a2", title="Talks open in Istanbul",
                    events=(Event("ASSAULT", Span(start, start + len(SHELLING)), "shelled"),))


def test_an_event_rule_gives_the_sentence_of_its_event() -> None:
    """event:ASSAULT gave the lead sentence of a new story, and a quote's sentence of a later article."""
    assert _hits("event:ASSAULT", [NewDevelopment(1, "story", "Talks opened in Istanbul on Tuesday.", 0, 36)],
                 _coded()) == [SHELLING]
    quote_at, event_at = CODED.index("Vladimir"), CODED.index(SHELLING)
    later = [NewDevelopment(5, "quote", "Vladimir Medinsky said talks went well.", quote_at, len(CODED)),
             NewDevelopment(6, "event", SHELLING, event_at, event_at + len(SHELLING))]
    assert _hits("event:ASSAULT", later, _coded()) == [SHELLING]
    assert _hits("event:ASSAULT Medinsky", later, _coded()) == ["Vladimir Medinsky said talks went well."]
    assert _hits("talks -event:CONSULT", [NewDevelopment(1, "story", "", 0, 0)], _coded()) == [
        "Talks opened in Istanbul on Tuesday."]  # NOT event: asks for no sentence


def test_an_event_rule_gives_the_sentence_of_its_event_from_a_stored_record(tmp_path: Path) -> None:
    from newsdesk.alerts.engine import Alerter
    from newsdesk.alerts.store import AlertStore
    from newsdesk.store import open_store
    from newsdesk.stories import StoryDesk

    with open_store(str(tmp_path / "n.db")) as store:
        alerts = AlertStore(store)
        alerts.cursor()
        watch = alerts.add_watch("event:ASSAULT", [])
        stored = store.get(store.put(replace(_coded(), url="https://a.example/talks")).id)
        assert stored is not None
        StoryDesk(store).add(stored)
        assert Alerter(store, alerts).step().alerts == 1
        [alert] = alerts.alerts(watch.id)
        assert alert.reason.sentence == SHELLING


def test_an_event_rule_skips_an_act_the_article_says_did_not_happen() -> None:
    """A foiled plot, a denied strike: the article codes a negated ASSAULT, which no event:ASSAULT
    watch should fire on; the same act asserted does."""
    start = CODED.index(SHELLING)
    foiled = _article(CODED, id="a3", events=(Event("ASSAULT", Span(start, start + len(SHELLING)), "shelled",
                                                    modality="negated"),))
    assert _hits("event:ASSAULT", STORY, foiled) == []
    assert _hits("-event:ASSAULT talks", STORY, foiled)
    assert _hits("event:ASSAULT", STORY, _coded()) == [SHELLING]
    from newsdesk.alerts.match import Subject
    from newsdesk.types import to_dict
    assert Subject.from_record(to_dict(foiled)).events == ()
    assert Subject.from_record(to_dict(_coded())).events == ("ASSAULT",)
