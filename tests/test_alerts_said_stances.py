"""A watch's ``said:NAME`` fires on what the speaker said, not on a stance they took ('blocked a vote'):
the same rule as search and the quotes list (statements.py), for an article starting a story, a stored
record, and a new quote development through the alerter."""

from __future__ import annotations

from pathlib import Path

from newsdesk.alerts.engine import Alerter
from newsdesk.alerts.match import Matcher, NewDevelopment, Rule, Subject
from newsdesk.alerts.store import AlertStore
from newsdesk.store import open_store
from newsdesk.store.query import parse
from newsdesk.stories import StoryDesk
from newsdesk.types import Article, Quote, Speaker

SAID = "Igor Grosu said the talks would go on."
STANCE = "Igor Grosu blocked a no-confidence vote."
STANCE2 = "Igor Grosu opposed a snap election."


def _article(*sentences: str, url: str = "https://md.example/1") -> Article:
    text = "Parliament met in Chisinau on Tuesday. " + " ".join(sentences)
    quotes = []
    for sentence, content, cue in ((SAID, "the talks would go on", "say"), (STANCE, "a no-confidence vote", "block"),
                                   (STANCE2, "a snap election", "oppose")):
        if sentence in text:
            start = text.index(content)
            quotes.append(Quote(content, start, start + len(content), "indirect", Speaker("Igor Grosu"), cue))
    return Article(id="a1", title="Chisinau", text=text, url=url, source="MD", published="2022-03-29",
                   quotes=tuple(quotes))


START = [NewDevelopment(1, "story", "Parliament met in Chisinau on Tuesday.", 0, 38)]


def test_a_story_start_fires_on_a_statement_not_a_stance() -> None:
    matcher = Matcher([Rule("w", parse("said:Grosu"))])
    assert [h.sentence for h in matcher.match(_article(SAID, STANCE), START)] == [SAID]
    assert matcher.match(_article(STANCE), START) == []


def test_a_stored_record_keeps_stances_out_of_its_speakers() -> None:
    record = {"id": "a1", "text": STANCE, "quotes": [
        {"text": "a no-confidence vote", "start": 11, "end": 31, "kind": "indirect", "cue": "block",
         "speaker": {"name": "Igor Grosu"}}]}
    assert Subject.from_record(record).speakers == ()
    record["quotes"][0]["cue"] = None  # an imported record without its cue: nothing says it is a stance
    assert Subject.from_record(record).speakers == ("Igor Grosu",)


LEADS = ("Parliament met in Chisinau on Tuesday to debate the Moldova government and energy prices.",
         "Moldova's parliament in Chisinau debated the government and energy prices again on Wednesday.",
         "Deputies in Chisinau went back to the Moldova government debate on energy prices on Thursday.",
         "On Friday the Moldova parliament in Chisinau ended its debate of the government and energy prices.")


def _follow_up(n: int, *sentences: str) -> Article:
    base = _article(*sentences, url=f"https://md.example/{n}")
    shift = len(LEADS[n]) - len("Parliament met in Chisinau on Tuesday.")
    quotes = tuple(Quote(q.text, q.start + shift, q.end + shift, q.kind, q.speaker, q.cue) for q in base.quotes)
    text = " ".join([LEADS[n], *sentences])
    assert all(text[q.start:q.end] == q.text for q in quotes)
    return Article(id=f"a{n}", title="Moldova parliament debates government", text=text, url=base.url,
                   source="MD", published="2022-03-29", quotes=quotes)


def test_the_alerter_does_not_fire_said_on_a_new_stance(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "n.db")) as store:
        alerts = AlertStore(store)
        alerts.cursor()
        watch = alerts.add_watch("said:Grosu", [])
        desk = StoryDesk(store)
        kinds = []
        # the last: a new stance beside a statement already known, so its speaker is among the article's
        for n, sentences in enumerate([(), (STANCE,), (SAID,), (SAID, STANCE2)]):
            stored = store.get(store.put(_follow_up(n, *sentences)).id)
            assert stored is not None
            kinds.append([d.kind for d in desk.add(stored).developments])
            Alerter(store, alerts).step()
        assert kinds == [["story"], ["quote"], ["quote"], ["quote"]]  # one story; the stance is a development too
        assert [a.reason.sentence for a in alerts.alerts(watch.id)] == [SAID]
