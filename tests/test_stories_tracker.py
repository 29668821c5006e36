"""Story features and the near-duplicate fingerprint on small hand-made inputs (no Analyzer)."""

from __future__ import annotations

import random
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest

from newsdesk.errors import ConfigError
from newsdesk.stories import StoryTracker, TrackerParams, story_id_for
from newsdesk.stories.embeddings import StaticEmbedder
from newsdesk.stories.features import featurize, words
from newsdesk.stories.neardup import SAMPLE, _crc, fingerprint, shingle_hashes
from newsdesk.stories.tracker import _DenseSpace
from newsdesk.types import Article


def test_the_title_and_the_lead_count_again_and_the_body_is_every_word() -> None:
    text = "Rebels shelled the harbour at dawn. " * 6 + "Later the mayor of the port spoke about ferries."
    article = Article(id="a", title="Harbour shelled", text=text)
    terms = featurize(article, lead_chars=72, lead_weight=1.0).terms
    assert {w: terms[w] for w in ("rebel", "harbour", "shelled", "mayor")} == {
        "rebel": 6 + 2,  # six in the body, two in the first 72 characters
        "harbour": 6 + 2 + 1,  # and once in the title
        "shelled": 6 + 2 + 1,
        "mayor": 1,  # past the lead
    }
    assert sum(v for k, v in featurize(article, lead_weight=0.0).terms.items()) == len(words(text))
    # a lead limit inside a word: the lead stops at the space before it, the body loses nothing
    cut = featurize(article, lead_chars=38, lead_weight=1.0).terms
    assert cut["rebel"] == 6 + 1 and cut["shelled"] == 6 + 1 + 1


def _reference(tokens: list[str], shingle: int = 3) -> tuple[frozenset[int], int]:
    """The shingle hash written as the general loop, which the fast path must equal."""
    hashes = [_crc(t) for t in tokens] or [0]
    grams = shingle_hashes(hashes, min(shingle, len(hashes)))
    return frozenset(g for g in grams if g % SAMPLE == 0), len(grams)


def test_fingerprint_fast_path_equals_the_general_shingle_hash() -> None:
    rnd = random.Random(7)
    for n in range(40):
        tokens = [rnd.choice(["war", "talks", "kyiv", "moscow", "troops", "peace"]) for _ in range(n)]
        print_ = fingerprint(tokens)
        assert (print_.sample, print_.size) == _reference(tokens)
    assert fingerprint(["a", "b"]).size == 1 and fingerprint([]).size == 1  # short texts: one gram


def _vec(*values: float) -> np.ndarray:
    v = np.array(values, dtype=np.float32)
    return v / np.linalg.norm(v)


def test_the_embedding_cosine_decides_between_lexically_close_stories() -> None:
    """An article resembling two stories in words joins the one its embedding is close to when
    the embedding weighs, whichever the words prefer."""
    first = Article(id="a", title="Harbour shelled",
                    text="Rebels shelled the northern harbour at dawn, port officials said.")
    second = Article(id="b", title="Harbour flooded",
                     text="Heavy floods closed the southern harbour road, city officials said.")
    third = Article(id="c", title="Harbour damage", text="Officials counted the damage at the harbour.")
    lexical = StoryTracker(TrackerParams(threshold=0.0001))
    for article in (first, second):
        lexical.params = TrackerParams(threshold=0.99)  # each starts its own story
        lexical.assign(article)
    lexical.params = TrackerParams(threshold=0.0001)
    by_words = lexical.assign(third).story_id
    other = "b" if by_words == lexical.story_of("a") else "a"
    space = {"a": _vec(1, 0, 0), "b": _vec(0, 1, 0)}
    space["c"] = space[other]
    mixed = StoryTracker(TrackerParams(threshold=0.99, embedding_weight=0.5), embedder=lambda a: space[a.id])
    mixed.assign(first)
    mixed.assign(second)
    mixed.params = TrackerParams(threshold=0.0001, embedding_weight=0.5)
    assert mixed.story_of("a") != mixed.story_of("b")
    assert mixed.assign(third).story_id == mixed.story_of(other) != by_words


def test_a_zero_embedding_weight_never_calls_the_embedder() -> None:
    def boom(article: Article) -> np.ndarray:
        raise AssertionError("embedder called")

    tracker = StoryTracker(TrackerParams(), embedder=boom)
    tracker.assign(Article(id="a", title="t", text="Some words about a fire in a church."))
    with pytest.raises(ConfigError):
        TrackerParams(name_weight=0.4, facet_weight=0.3, embedding_weight=0.4)


def test_expired_stories_give_their_embedding_rows_back() -> None:
    space = _DenseSpace()
    for story in range(70):  # past the first 64 rows: the table doubles
        space.add(story, _vec(1, story, 0))
    assert len(space.norm) == 128 and space.cosines(_vec(1, 3, 0), [3])[0] == pytest.approx(1.0, abs=1e-6)
    space.forget(3)
    assert space.cosines(_vec(1, 3, 0), [3, 4]) == [0.0, pytest.approx(float(_vec(1, 3, 0) @ _vec(1, 4, 0)))]
    space.add(99, _vec(0, 0, 1))
    assert space.row[99] == 3 == len(space.norm) - 125  # the freed row is reused before the table grows


def test_the_static_table_splits_words_into_known_pieces_and_tells_topics_apart() -> None:
    embed = StaticEmbedder()
    pieces = embed._word_pieces("unaffable")
    names = {i: p for p, i in embed.vocab.items()}
    assert len(pieces) > 1 and "".join(names[i].removeprefix("##") for i in pieces) == "unaffable"
    quake = embed.embed("A strong earthquake shook the coastal city, collapsing buildings.")
    tremor = embed.embed("The tremor destroyed houses along the coast; rescuers search the rubble.")
    match = embed.embed("The striker scored twice as the home team won the cup final.")
    assert float(np.linalg.norm(quake)) == pytest.approx(1.0, abs=1e-5)
    assert float(quake @ tremor) > float(quake @ match) + 0.1
    assert not embed.embed("").any()  # nothing to embed: a zero vector, which matches nothing


def test_static_embeddings_need_no_torch() -> None:
    code = ("import sys; from newsdesk.stories import StoryTracker, TrackerParams; from newsdesk.types import Article;"
            "t = StoryTracker(TrackerParams.with_embeddings('static'));"
            "t.assign(Article(id='a', title='Fire', text='A fire broke out in the church.'));"
            "print(t.embedder is not None, 'torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "False"]
    with pytest.raises(ConfigError):
        TrackerParams.with_embeddings("word2vec")


# Two real events of one kind: the first report of the second (t1) joins the first's story with a
# low score; the second report (t2) is far closer to t1 than to the story's other members.
_BOUTS = [
    Article(id="r1", title="Klitschko beats Rahman to keep heavyweight title",
            text="Wladimir Klitschko stopped Hasim Rahman in the seventh round in Mannheim on Saturday to keep "
                 "his heavyweight titles. Rahman, a former champion, was outclassed by the Ukrainian's jab. The "
                 "referee stopped the bout after Klitschko landed a series of punches."),
    Article(id="r2", title="Rahman stopped by Klitschko in Mannheim",
            text="Hasim Rahman was stopped in the seventh round by Wladimir Klitschko in Mannheim. Klitschko kept "
                 "his heavyweight belts with a jab that Rahman could not answer. The referee waved the bout off "
                 "as Rahman took punches."),
    Article(id="t1", title="Klitschko knocks out Thompson in Bern",
            text="Klitschko beat Tony Thompson in the sixth round in Bern to keep his heavyweight "
                 "titles. Thompson, a former challenger, was outclassed by the Ukrainian's jab. The referee "
                 "stopped the bout after Klitschko landed punches on Thompson in Bern."),
    Article(id="t2", title="Thompson knocked out by Klitschko in sixth round in Bern",
            text="Tony Thompson was stopped in the sixth round by Klitschko in Bern, Switzerland. Thompson, a "
                 "former challenger from Maryland, went down twice in Bern before the sixth round ended. "
                 "Thompson said the sixth round in Bern was his worst."),
]
_SPLIT = TrackerParams()  # the split is on by default


def test_the_second_report_of_another_event_takes_the_first_out_of_the_story_it_joined() -> None:
    plain = StoryTracker(replace(_SPLIT, split_gap=0.0), novelty=False)
    assert [plain.assign(a).status for a in _BOUTS] == ["new", "joined", "joined", "joined"]
    assert len({plain.story_of(a.id) for a in _BOUTS}) == 1  # without the split: one story takes both bouts

    tracker = StoryTracker(_SPLIT, novelty=False)
    first, _, weak, pair = (tracker.assign(a) for a in _BOUTS)
    assert weak.status == "joined" and weak.story_id == first.story_id and weak.score < _SPLIT.split_join
    assert pair.moved == ("t1",) and pair.story_id == story_id_for("t1") != first.story_id
    assert [tracker.story_of(a.id) for a in _BOUTS] == [first.story_id] * 2 + [pair.story_id] * 2
    # a member that joined with a score at or above the cap stays where it is
    strict = StoryTracker(replace(_SPLIT, split_join=weak.score), novelty=False)
    assert len({strict.assign(a).story_id for a in _BOUTS}) == 1


def test_a_dated_stream_scores_as_an_undated_one_so_the_split_still_fires() -> None:
    # every article of a real stream is published in the same year: that must lift no score (it
    # once did, by up to facet_weight: the weak joiner went over the split's cap, and an article
    # about anything joined the week's story on the shared year alone)
    council = Article(id="u1", title="City council approves new budget for parks",
                      text="The city council voted on Tuesday to approve a budget that adds money for parks and "
                           "libraries. The mayor said the plan would be paid for by a small increase in fees.")
    stream = [*_BOUTS, council]
    dated = [replace(a, published=f"2026-03-0{i + 1}T10:00:00Z") for i, a in enumerate(stream)]
    undated = StoryTracker(_SPLIT, novelty=False)
    plain = [undated.assign(a) for a in stream]
    tracker = StoryTracker(_SPLIT, novelty=False)
    found = [tracker.assign(a) for a in dated]
    assert [(a.status, a.moved) for a in found] == [(a.status, a.moved) for a in plain]
    assert [a.score for a in found] == pytest.approx([a.score for a in plain])
    assert found[3].moved == ("t1",) and found[4].status == "new"
    assert featurize(dated[0]).facets == featurize(_BOUTS[0]).facets


def test_a_facet_nearly_every_article_has_is_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    # a footer ("posted 2026") in every text puts the year among every article's facets: alone
    # there, it made a facets cosine of 1 with every story (the same lift as the publication year)
    from newsdesk.stories import scoring as module  # (where the tracker reads it)

    footer = "\n\n(posted 2026)"
    fillers = [Article(id=f"f{i}", title=f"Filler {i}", text=f"Report {i} about something else entirely, "
                       f"quite unlike the others ({'abcdefghijklmnopqrstuvwxyz'[i]}{i}).") for i in range(24)]
    council = Article(id="u1", title="City council approves new budget for parks",
                      text="The city council voted on Tuesday to approve a budget that adds money for parks and "
                           "libraries. The mayor said the plan would be paid for by a small increase in fees.")
    stream = [replace(a, text=a.text + footer) for a in (*fillers, *_BOUTS, council)]

    def run() -> list[tuple[str, tuple[str, ...]]]:
        tracker = StoryTracker(_SPLIT, novelty=False)
        return [(a.status, a.moved) for a in (tracker.assign(article) for article in stream)][len(fillers):]

    assert run() == [("new", ()), ("joined", ()), ("joined", ()), ("joined", ("t1",)), ("new", ())]
    monkeypatch.setattr(module, "COMMON_SHARE", 1.0)  # kept: the council joins a story on the year alone
    assert run()[-1][0] == "joined"


def test_a_split_leaves_the_centroids_a_replay_of_the_final_stories_builds() -> None:
    tracker = StoryTracker(_SPLIT, novelty=False)
    for article in _BOUTS:
        tracker.assign(article)
    replay = StoryTracker(_SPLIT, novelty=False)
    for article in _BOUTS:
        replay.observe(article, tracker.story_of(article.id) or "", "member", None)
    finals = {tracker.story_of(a.id) or "" for a in _BOUTS}
    assert replay.story_of("t2") == tracker.story_of("t2")
    for story_id in finals:
        mine, theirs = tracker._by_id[story_id], replay._by_id[story_id]
        assert mine.members == theirs.members and mine.size == theirs.size
        for space, other in zip(tracker._spaces, replay._spaces, strict=True):
            assert space.norm.get(mine.index, 0.0) == pytest.approx(other.norm.get(theirs.index, 0.0))
            sums = {t: p[mine.index] for t, p in space.postings.items() if mine.index in p}
            again = {t: p[theirs.index] for t, p in other.postings.items() if theirs.index in p}
            assert sums.keys() == again.keys()
            assert all(sums[t] == pytest.approx(again[t]) for t in sums)


# A third report of the Rahman bout, and a tracker strict enough (threshold 0.55) that its first
# two reports, 0.51 alike, start a story each: the third joins one, and the other lone report
# now scores over late_join with the story it grew into.
_RAHMAN_AGAIN = Article(
    id="r3", title="Klitschko keeps heavyweight belts against Rahman",
    text="Wladimir Klitschko kept his heavyweight belts in Mannheim, stopping Hasim Rahman in the seventh round. "
         "The Ukrainian's jab decided the bout, and the referee stopped it as Rahman took punches.")
_LATE = [_BOUTS[1], _BOUTS[0], _RAHMAN_AGAIN, _BOUTS[2], _BOUTS[3]]
_STRICT = TrackerParams(threshold=0.55, late_join=0.4)  # the default, measured on ECB+


def test_a_lone_report_joins_the_story_that_grew_into_it() -> None:
    off = StoryTracker(replace(_STRICT, late_join=0.0), novelty=False)
    found = [off.assign(a) for a in _LATE]
    assert [a.status for a in found] == ["new", "new", "joined", "new", "new"]
    assert off.story_of("r1") != off.story_of("r2") == off.story_of("r3")  # without it, r1 stays alone

    tracker = StoryTracker(_STRICT, novelty=False)
    first, lone, third, *_ = (tracker.assign(a) for a in _LATE)
    assert third.story_id == first.story_id  # the joined story keeps its id
    assert third.moved == ("r1",) and third.merged == (lone.story_id,)
    assert [tracker.story_of(a.id) for a in _LATE][:3] == [first.story_id] * 3
    assert len({tracker.story_of(a.id) for a in _LATE}) == 3  # the other bout's reports stay apart
    story = tracker._by_id[first.story_id]
    assert story.size == 3 and tracker._by_id[lone.story_id] is story and len(tracker) == 3
    # under the bar, the lone report stays where it is
    high = StoryTracker(replace(_STRICT, late_join=0.9), novelty=False)
    assert [high.assign(a).moved for a in _LATE] == [()] * 5 and high.story_of("r1") != high.story_of("r2")


def test_a_story_of_two_reports_is_folded_late_as_well() -> None:
    # r1 and r4 make a story, r3 starts another (threshold 0.52); r2 joins r3 and the pair's
    # centroid now scores over late_join with that story: both move
    more = Article(id="r4", title="Rahman loses to Klitschko in Mannheim",
                   text="Hasim Rahman lost to Wladimir Klitschko in Mannheim on Saturday, stopped in the seventh "
                        "round after the Ukrainian's jab had him in trouble. Klitschko keeps his heavyweight titles.")
    stream = [_BOUTS[0], more, _RAHMAN_AGAIN, _BOUTS[2], _BOUTS[3], _BOUTS[1]]
    params = TrackerParams(threshold=0.52, late_join=0.4)
    off = StoryTracker(replace(params, late_join=0.0), novelty=False)
    for article in stream:
        off.assign(article)
    assert off.story_of("r1") == off.story_of("r4") != off.story_of("r2") == off.story_of("r3")

    tracker = StoryTracker(params, novelty=False)
    pair, _, third, _, _, last = (tracker.assign(a) for a in stream)
    assert last.story_id == third.story_id and last.moved == ("r1", "r4") and last.merged == (pair.story_id,)
    assert {tracker.story_of(i) for i in ("r1", "r2", "r3", "r4")} == {third.story_id}
    assert tracker.story_of("t1") != third.story_id


def test_a_small_story_holding_a_copy_is_not_folded_late() -> None:
    # r1 and a copy of it: a copy says the story is more than its one member, and it stays
    copy = replace(_BOUTS[0], id="r1-copy")
    tracker = StoryTracker(_STRICT, novelty=False)
    found = [tracker.assign(a) for a in (_BOUTS[1], _BOUTS[0], copy, _RAHMAN_AGAIN)]
    assert found[2].status == "copy" and found[3].moved == ()
    assert tracker.story_of("r1") == tracker.story_of("r1-copy") != tracker.story_of("r3")
