"""``said:NAME``: in a search, articles quoting that speaker (both backends); in a watch rule, a new
quote of theirs, its words looked for in that quote; through the alerter, end to end."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_store_support import BACKENDS, article, store_on

from newsdesk.alerts.engine import Alerter
from newsdesk.alerts.match import Matcher, NewDevelopment, Rule
from newsdesk.alerts.store import AlertStore
from newsdesk.store import Store, open_store
from newsdesk.store.query import Field, parse
from newsdesk.stories import StoryDesk
from newsdesk.types import Article, Quote, Speaker

PUTIN = "Putin said a ceasefire was possible if Kyiv accepted neutrality."
KIRBY = "John Kirby said any ceasefire talk was premature."
TEXT = f"Talks resumed in Istanbul on Tuesday. {PUTIN} {KIRBY} Shelling went on near Kharkiv."


def _quoted(text: str = TEXT, url: str = "https://a.example/talks", **fields: object) -> Article:
    quotes = tuple(Quote(s, text.index(s), text.index(s) + len(s), "indirect", Speaker(who))
                   for who, s in (("Vladimir Putin", PUTIN), ("John Kirby", KIRBY)) if s in text)
    return article(text, url, quotes=quotes, title="Talks resume", published="2022-03-29", **fields)


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with store_on(request.param, tmp_path) as opened:
        yield opened


def test_search_finds_articles_quoting_a_speaker(store: Store) -> None:
    quoting = store.put(_quoted()).id
    other = store.put(article("Putin was mentioned here, but nobody was quoted about a ceasefire.",
                              "https://b.example/x", title="Mention", published="2022-03-30")).id
    assert parse("said:putin") == Field("said", "putin")
    assert [h.id for h in store.search("said:putin")] == [quoting]
    assert [h.id for h in store.search("said:vladimir said:PUTIN ceasefire")] == [quoting]
    assert [h.id for h in store.search("said:Kirby OR said:Zelensky")] == [quoting]
    assert [h.id for h in store.search("ceasefire -said:putin")] == [other]
    assert store.search("said:Zelensky") == []
    assert [h.id for h in store.search('said:"john kirby" since:2022-03')] == [quoting]


def _dev(pk: int, kind: str, sentence: str, speaker: str | None = None) -> NewDevelopment:
    return NewDevelopment(pk, kind, sentence, TEXT.index(sentence), TEXT.index(sentence) + len(sentence), speaker)


def test_a_watch_fires_on_a_new_quote_of_the_speaker_holding_its_words() -> None:
    matcher = Matcher([Rule("putin", parse("said:Putin ceasefire")), Rule("kirby", parse("said:kirby neutrality"))])
    later = [_dev(1, "quote", KIRBY, "John Kirby"), _dev(2, "quote", PUTIN, "Vladimir Putin"),
             _dev(3, "event", "Shelling went on near Kharkiv.")]
    hits = matcher.match(_quoted(), later)
    # Kirby's quote holds "ceasefire" but is not Putin's; "neutrality" is in Putin's quote, not Kirby's
    assert [(h.watch_id, h.development_pk, h.sentence) for h in hits] == [("putin", 2, PUTIN)]
    assert matcher.match(_quoted(), [later[0], later[2]]) == []  # no new Putin quote: nothing new from him
    # an article starting a story: any quote of theirs in it, the words anywhere in it
    start = [NewDevelopment(4, "story", "Talks resumed in Istanbul on Tuesday.", 0, 37)]
    [hit] = matcher.match(_quoted(), start)
    assert (hit.watch_id, hit.sentence) == ("putin", PUTIN)
    assert matcher.match(_quoted(TEXT.replace(PUTIN, "")), start) == []


def test_the_alerter_fires_said_rules_from_stored_developments(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "n.db")) as store:
        alerts = AlertStore(store)
        alerts.cursor()
        watch = alerts.add_watch("said:Putin ceasefire", [])
        put = store.put(_quoted())
        stored = store.get(put.id)
        assert stored is not None
        StoryDesk(store).add(stored)
        assert Alerter(store, alerts).step().alerts == 1
        [alert] = alerts.alerts(watch.id)
        assert alert.reason.sentence == PUTIN
