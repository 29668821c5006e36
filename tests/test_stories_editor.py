"""An editor following a port strike: wire copies, a copy that adds a quote of its own, a live blog
updated hourly, the other city's strike; through the real Analyzer and a real SQLite store
(StoryDesk), restarts included, and on the tracker alone where the Analyzer adds nothing."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from newsdesk.store import open_store
from newsdesk.stories import Assignment, Development, Story, StoryArticle, StoryDesk, StoryTracker
from newsdesk.stories.records import timeline
from newsdesk.types import Article, Quote
from newsdesk.understand import Analyzer

_WIRE = [
    "Thousands of dockworkers at the port of Rotterdam walked off the job on Monday, starting a 48-hour strike "
    "over pay that halted container handling at Europe's largest port, the FNV Havens union said.",
    "The union is demanding a 7 percent wage increase and early retirement for crane operators. Talks with the "
    "employers' association VWT broke down on Friday after eleven hours.",
    "\"Our members have lost patience. Inflation has eaten their wages for two years and the employers keep "
    "offering crumbs,\" said Niek Stam, the union's lead negotiator, outside the APM Terminals gate.",
    "The Port of Rotterdam Authority said at least 40 container ships were waiting at anchor in the North Sea. "
    "\"We expect significant delays for shippers across northern Europe if this lasts,\" spokeswoman Sandra "
    "Tuinman said.",
    "VWT chairman Arjen Bosman called the strike irresponsible and urged the union to return to the table.",
]
_OWN_QUOTE = ("\"Our terminals are already running at ninety percent of capacity and cannot take Rotterdam's "
              "volumes,\" said Lotte Verhaegen, a spokeswoman for the port of Antwerp.")


def _article(key: str, title: str, paragraphs: list[str], hour: int) -> Article:
    return Article(id=key, title=title, text="\n\n".join(paragraphs), url=f"https://{key}.example/strike",
                   source=key, published=f"2026-11-23T{hour:02d}:00:00+00:00")


@pytest.fixture(scope="module")
def stream() -> list[Article]:
    articles = [
        _article("wire", "Rotterdam dockworkers begin 48-hour strike over pay", _WIRE, 8),
        _article("herald", "Strike halts Europe's biggest port", _WIRE[:4], 9),  # retitled, trimmed
        # a copy with a paragraph of the outlet's own: one new quote
        _article("tribune", "Rotterdam dockworkers begin 48-hour strike over pay", [*_WIRE[:4], _OWN_QUOTE,
                                                                                     _WIRE[4]], 10),
    ]
    return list(Analyzer().pipe(articles))


def _feed(db: Path, articles: list[Article]) -> list[Assignment]:
    out = []
    with open_store(str(db)) as store:
        desk = StoryDesk(store)
        for article in articles:
            stored = store.get(store.put(article).id)
            assert stored is not None
            out.append(desk.add(stored))
    return out


def test_a_copy_that_adds_a_quote_adds_that_quote_and_a_plain_copy_nothing(tmp_path: Path,
                                                                            stream: list[Article]) -> None:
    wire, herald, tribune = _feed(tmp_path / "news.db", stream)
    assert herald.status == "copy" and herald.copy_of == wire.article_id and herald.developments == ()
    # mostly the wire's text: still the wire's story, but a report of its own, not a copy
    assert tribune.status == "joined" and tribune.story_id == wire.story_id and tribune.copy_of is None
    assert [(d.kind, d.payload["speaker"]["name"]) for d in tribune.developments] == [("quote", "Lotte Verhaegen")]
    assert tribune.developments[0].sentence == _OWN_QUOTE
    with open_store(str(tmp_path / "news.db")) as store:
        story = store.story(wire.story_id)
        assert story is not None
        roles = {m.id: m.role for m in story.members}
        assert roles == {wire.article_id: "member", herald.article_id: "copy", tribune.article_id: "member"}
        # a restarted desk replays the log to the same state: the quote is known, a copy of the copy adds nothing
        again = replace(stream[2], id="tribune-again", url="https://again.example/strike", source="again")
        desk = StoryDesk(store)
        stored = store.get(store.put(again).id)
        assert stored is not None
        made = desk.add(stored)
        assert made.status == "copy" and made.story_id == wire.story_id and made.developments == ()


_NOISE = [Article(id=f"n{i}", title=title, text=text) for i, (title, text) in enumerate([
    ("Council approves budget", "The city council voted on Tuesday to approve a budget that adds money for parks."),
    ("Storm closes schools", "A winter storm closed schools across the region on Monday as snow made roads dangerous."),
    ("Bank raises rates", "The central bank raised interest rates by a quarter point, citing stubborn inflation."),
    ("Team wins final", "The home team won the cup final on penalties after a goalless draw and extra time."),
])]
_BLOG = Article(id="live", title="Live updates",
                text="Welcome to our live coverage. Updates will follow through the day.")
_BLOG_LATER = replace(_BLOG, text=_BLOG.text + (
    " Dockworkers at the port of Rotterdam walked out at dawn over pay, halting container cranes at the "
    "Maasvlakte terminals. Union negotiator Niek Stam said the strike would last 48 hours. Ships are queueing "
    "at anchor in the North Sea."))
_FOLLOW = Article(id="follow", title="Rotterdam dockworkers extend port strike", text=(
    "Dockworkers at the port of Rotterdam extended their strike over pay, union negotiator Niek Stam said, as "
    "more container ships queued at anchor in the North Sea and cranes at the Maasvlakte terminals stood still."))


def test_a_new_version_of_a_page_is_what_its_story_is_matched_on() -> None:
    # a live blog opens with a welcome line; its next hour tells the strike: a report of the strike
    # joins its story, as after a rebuild (which sees the current version only)
    stream = [*_NOISE, _BLOG, _BLOG_LATER, _FOLLOW]
    tracker = StoryTracker(novelty=False)
    made = [tracker.assign(a) for a in stream]
    assert made[-1].status == "joined" and made[-1].story_id == made[len(_NOISE)].story_id
    assert tracker._spaces[0].idf.documents == len(_NOISE) + 2  # a version is no new document
    rebuilt = StoryTracker(novelty=False)
    assert [rebuilt.assign(a).story_id for a in (*_NOISE, _BLOG_LATER, _FOLLOW)][-1] == made[-1].story_id
    # a restart replays the log to the same centroids
    replayed = StoryTracker(novelty=False)
    for article, assignment in zip(stream, made, strict=True):
        replayed.replay(article, assignment)
    story = tracker._by_id[made[-1].story_id]
    for space, other in zip(tracker._spaces, replayed._spaces, strict=True):
        assert space.norm[story.index] == pytest.approx(other.norm[story.index])
        mine = {t: p[story.index] for t, p in space.postings.items() if story.index in p}
        theirs = {t: p[story.index] for t, p in other.postings.items() if story.index in p}
        assert mine.keys() == theirs.keys() and all(mine[t] == pytest.approx(theirs[t]) for t in mine)


def test_a_split_takes_the_copies_of_the_report_it_moves_with_it() -> None:
    from test_stories_tracker import _BOUTS

    first, same, other, second = _BOUTS
    copy = replace(other, id="t1-copy", title="Klitschko stops Thompson in Bern")
    tracker = StoryTracker(novelty=False)
    made = [tracker.assign(a) for a in (first, same, other, copy, second)]
    assert made[3].status == "copy" and made[3].copy_of == "t1" and made[3].story_id == made[0].story_id
    assert made[4].moved == ("t1", "t1-copy")
    assert tracker.story_of("t1-copy") == tracker.story_of("t1") == made[4].story_id != made[0].story_id
    assert "t1-copy" not in tracker._by_id[made[0].story_id].members
    replayed = StoryTracker(novelty=False)  # a restart replays the move
    for article, assignment in zip((first, same, other, copy, second), made, strict=True):
        replayed.replay(article, assignment)
    assert replayed.story_of("t1-copy") == made[4].story_id


def _quoting(article: Article, said: str) -> Article:
    """The article with a direct quote appended (``said`` in quotation marks)."""
    text = f'{article.text} "{said}," the champion said.'
    start = text.index(said)
    return replace(article, text=text, quotes=(Quote(said, start, start + len(said), "direct"),))


def test_the_story_a_split_makes_opens_with_the_report_it_moved_and_knows_what_it_said() -> None:
    from test_stories_tracker import _BOUTS

    said = "Thompson was brave but my jab decided the fight in Bern tonight"
    first, same, other, second = _BOUTS[0], _BOUTS[1], _quoting(_BOUTS[2], said), _quoting(_BOUTS[3], said)
    tracker = StoryTracker()
    made = [tracker.assign(a) for a in (first, same, other, second)]
    split = made[3]
    assert split.moved == ("t1",)
    # the story starts with t1 (its first report), not with the report that split it off
    assert [(d.kind, d.article_id) for d in split.developments if d.kind == "story"] == [("story", "t1")]
    assert split.developments[0].story_id == split.story_id and split.developments[0].sentence.startswith(
        "Klitschko beat Tony Thompson")
    # t2 repeats t1's quote: no development (t1's own development of it moves with t1)
    assert [d for d in split.developments if d.kind == "quote"] == []
    assert [d.kind for d in made[2].developments] == ["quote"]


def test_the_timeline_shows_the_opening_of_a_story_first_under_its_article() -> None:
    # a split: t1's quote was made in the story it had joined, its opening when the split made the story
    member = StoryArticle("t1", "member", None, "2026-11-25T16:30:00+00:00", "Antwerp dockers to strike", None, None)
    quote = Development(1, "s", "t1", "quote", "Automation is unacceptable.", 0, 27)
    opening = Development(2, "s", "t1", "story", "Antwerp dockers will strike.", 0, 28)
    story = Story("s", "Antwerp dockers to strike", member.published or "", member.published or "",
                  ("t1",), (quote, opening), members=(member,))
    assert [d.kind for d in timeline(story)[0].developments] == ["story", "quote"]


def test_a_copy_updated_stays_a_copy_until_it_adds_a_quote(tmp_path: Path, stream: list[Article]) -> None:
    wire, herald = stream[0], stream[1]
    corrected = replace(herald, text=herald.text + "\n\nCorrection: an earlier version misspelled a name.")
    quoted, = Analyzer().pipe([replace(herald, text=f"{herald.text}\n\n{_OWN_QUOTE}", quotes=(), entities=(),
                                       events=())])
    made = _feed(tmp_path / "news.db", [wire, herald, corrected, quoted])
    assert [m.status for m in made] == ["new", "copy", "copy", "joined"]
    first, copy = made[0].article_id, made[1].article_id
    assert made[2].article_id == copy and made[2].copy_of == first and made[2].developments == ()
    assert [d.payload["speaker"]["name"] for d in made[3].developments] == ["Lotte Verhaegen"]
    with open_store(str(tmp_path / "news.db")) as store:
        rows = [(e.assignment.status, e.assignment.copy_of) for e in store.story_log()]
        assert rows[2] == ("copy", first)
        story = store.story(made[0].story_id)
        assert story is not None and {m.id: m.role for m in story.members} == {first: "member", copy: "member"}
