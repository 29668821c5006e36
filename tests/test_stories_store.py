"""Stories in the store on both backends: assignments, developments after a pk, listing, replay,
rebuild, NOTIFY on PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from test_store_support import BACKENDS, analysed, pg_schema, store_on

from newsdesk.store import Store, open_store
from newsdesk.stories import StoryDesk
from newsdesk.types import Article, Quote, Speaker

QUAKE = ("A magnitude 6.1 earthquake struck near Ridgecrest in southern California on Thursday, shaking "
         "buildings as far away as Los Angeles. Governor Gavin Newsom said crews were checking roads.")
QUAKE_FOLLOW = ("Aftershocks kept rattling Ridgecrest in southern California on Friday after Thursday's magnitude "
                "6.1 earthquake, and Governor Gavin Newsom asked for federal help to repair the roads.")
FLOOD = ("Floods in Bavaria forced thousands from their homes after the Danube burst its banks near Passau, "
         "and Chancellor Olaf Scholz visited the shelters on Sunday.")


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with store_on(request.param, tmp_path) as opened:
        yield opened


def _put(store: Store, article: Article) -> Article:
    result = store.put(article)
    stored = store.get(result.id)
    assert stored is not None
    return stored


def _corpus() -> list[Article]:
    return [
        analysed(QUAKE, "https://a.example/quake", title="Earthquake shakes Ridgecrest", people=("Gavin Newsom",),
                 places=("Ridgecrest", "California"), events=("ASSAULT",), published="2019-07-04"),
        analysed(FLOOD, "https://b.example/flood", title="Danube floods Passau", people=("Olaf Scholz",),
                 places=("Passau",), published="2019-07-05"),
        analysed(QUAKE + " ", "https://c.example/quake-copy", title="Quake hits Ridgecrest",
                 people=("Gavin Newsom",), places=("Ridgecrest", "California"), events=("ASSAULT",),
                 published="2019-07-05"),
        analysed(QUAKE_FOLLOW, "https://a.example/aftershocks", title="Aftershocks rattle Ridgecrest",
                 people=("Gavin Newsom",), places=("Ridgecrest", "California"), events=("REQUEST",),
                 published="2019-07-06"),
    ]


def test_assignments_stories_and_developments(store: Store) -> None:
    desk = StoryDesk(store)
    quake, flood, copy, follow = (desk.add(_put(store, a)) for a in _corpus())
    assert (quake.status, flood.status, copy.status, follow.status) == ("new", "new", "copy", "joined")
    assert copy.story_id == follow.story_id == quake.story_id != flood.story_id
    assert copy.copy_of == quake.article_id and copy.developments == ()
    assert quake.developments[0].kind == "story"
    assert all(d.pk is not None for d in quake.developments + follow.developments)
    # the follow-up's quote repeats nothing; its REQUEST event is new, its speaker's quote is new words
    assert {d.kind for d in follow.developments} <= {"quote", "event"} and follow.developments
    story = store.story(quake.story_id)
    assert story is not None
    assert story.articles == (quake.article_id, copy.article_id, follow.article_id)
    assert story.article_count == 3 and story.first_seen == "2019-07-04" and story.last_updated == "2019-07-06"
    assert [m.role for m in story.members] == ["member", "copy", "member"]
    assert {p.name for p in story.places} >= {"Ridgecrest", "California"}
    assert [d.pk for d in story.developments] == sorted(d.pk for d in story.developments)
    assert store.story(quake.story_id[:6]) == story  # a unique prefix will do
    listed = store.stories(limit=10)
    assert [s.id for s in listed] == [quake.story_id, flood.story_id]  # most recently updated first
    all_devs = store.developments_after(0)
    first_pk = all_devs[0].pk
    assert first_pk is not None
    assert store.developments_after(first_pk) == all_devs[1:]
    assert store.latest_development() == all_devs[-1].pk
    assert store.story_of(copy.article_id) == quake.story_id


def test_replay_continues_and_rebuild_repeats(store: Store) -> None:
    corpus = _corpus()
    first = StoryDesk(store)
    online = [first.add(_put(store, a)) for a in corpus[:2]]
    second = StoryDesk(store)  # a new process: replays what the first one stored
    online += [second.add(_put(store, a)) for a in corpus[2:]]
    before = [(a.article_id, a.story_id, a.status, a.copy_of) for a in online]
    timeline = [(d.kind, d.article_id, d.sentence) for d in store.developments_after(0)]
    assert StoryDesk(store).rebuild() == len(corpus)
    assert [(sid, role) for sid, role, _, _ in store.story_assignments()] == [
        (s, "copy" if st == "copy" else "member") for _, s, st, _ in before]
    assert [(d.kind, d.article_id, d.sentence) for d in store.developments_after(0)] == timeline


def test_updated_article_keeps_its_story_and_adds_only_new_developments(store: Store) -> None:
    desk = StoryDesk(store)
    quake = desk.add(_put(store, _corpus()[0]))
    changed = analysed(QUAKE + "\n\nThe state asked for federal disaster aid on Friday.", "https://a.example/quake",
                       title="Earthquake shakes Ridgecrest", people=("Gavin Newsom",), places=("Ridgecrest",),
                       events=("ASSAULT", "REQUEST"), published="2019-07-04")
    assert store.put(changed).status == "updated"
    again = desk.add(_put(store, changed))
    assert again.story_id == quake.story_id
    assert [d.payload["type"] for d in again.developments] == ["REQUEST"]


def test_notify_on_postgres() -> None:
    psycopg = pytest.importorskip("psycopg")
    with pg_schema() as url, open_store(url) as store:
        listener = psycopg.connect(url, autocommit=True)
        try:
            listener.execute("LISTEN newsdesk_developments")
            assignment = StoryDesk(store).add(_put(store, _corpus()[0]))
            note = next(listener.notifies(timeout=5, stop_after=1))
            assert note.payload == str(assignment.developments[-1].pk)
        finally:
            listener.close()


FOMIN = "We have decided to drastically reduce military activity near Kyiv and Chernihiv"
TALKS_END = ("Negotiators from Ukraine and Russia ended their Istanbul talks on Tuesday. \"" + FOMIN + ",\" Alexander "
             "Fomin told reporters after the meeting with Medinsky and the Ukrainian delegation in Istanbul.")
PULLBACK = ("Columns of armour north of the city were seen pulling back on Wednesday. Satellite images showed "
            "trucks leaving the suburbs, and analysts said the columns were regrouping.")
PULLBACK_MORE = ("Satellite images showed more Russian trucks and armour pulling back north of the capital on "
                 "Thursday. Fomin had said: \"" + FOMIN + ".\" Analysts said the columns were regrouping.")


def _quoting(article: Article) -> Article:
    at = article.text.index(FOMIN)
    return replace(article, quotes=(Quote(FOMIN, at, at + len(FOMIN), "direct", Speaker("Alexander Fomin", "e1")),))


def _two_stories_then_one() -> list[Article]:
    return [
        _quoting(analysed(TALKS_END, "https://a.example/talks-end", title="Talks in Istanbul end",
                          people=("Alexander Fomin",), places=("Istanbul",), events=("CONSULT",),
                          published="2022-03-29")),
        analysed(PULLBACK, "https://b.example/pullback", title="Armour columns pull back", places=("Bucha",),
                 events=("RETREAT",), published="2022-03-30"),
        _quoting(analysed(PULLBACK_MORE, "https://c.example/pullback-more", title="More armour pulls back",
                          people=("Alexander Fomin",), places=("Bucha",), events=("RETREAT",),
                          published="2022-03-31")),
    ]


def test_stories_merge_when_an_article_repeats_a_quote_the_other_holds(store: Store) -> None:
    # the pull-back starts a story of its own (other words); the next report joins it and repeats the
    # quote the talks story holds: the same words said in both make them one story, the older one
    desk = StoryDesk(store)
    talks, pullback, more = (desk.add(_put(store, a)) for a in _two_stories_then_one())
    assert (talks.status, pullback.status) == ("new", "new") and talks.story_id != pullback.story_id
    assert more.story_id == talks.story_id and more.merged == (pullback.story_id,)
    assert [s.id for s in store.stories(limit=10)] == [talks.story_id]
    story = store.story(talks.story_id)
    assert story is not None and story.article_count == 3
    assert set(story.articles) == {talks.article_id, pullback.article_id, more.article_id}
    assert {p.name for p in story.places} >= {"Istanbul", "Bucha"}
    assert {d.article_id for d in story.developments} >= {talks.article_id, pullback.article_id}
    assert store.story(pullback.story_id) == story  # an old link to the folded story still finds it
    # a new process replays it as one story, and a rebuild repeats the merge
    assigned = list((sid, role) for sid, role, _, _ in store.story_assignments())
    assert {sid for sid, _ in assigned} == {talks.story_id}
    assert StoryDesk(store).rebuild() == 3
    assert [(sid, role) for sid, role, _, _ in store.story_assignments()] == assigned
    assert [s.id for s in store.stories(limit=10)] == [talks.story_id]


def test_no_merge_without_a_shared_quote(store: Store) -> None:
    desk = StoryDesk(store)
    corpus = _two_stories_then_one()
    corpus[2] = replace(corpus[2], quotes=())
    talks, pullback, more = (desk.add(_put(store, a)) for a in corpus)
    assert more.story_id == pullback.story_id != talks.story_id and more.merged == ()
    assert len(store.stories(limit=10)) == 2


def _backfilled_stories(tmp_path: Path, corpus: list[Article]) -> tuple[int, list[dict[str, object]]]:
    """The backfill's story pass over a Parquet output holding ``corpus``: stories made, rows written."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from newsdesk.backfill.files import Folder
    from newsdesk.backfill.output import write_stories
    from newsdesk.backfill.rows import arrow_schema, article_row

    part = tmp_path / "articles" / "published_date=2022-03-29"
    part.mkdir(parents=True)
    rows = [{k: v for k, v in article_row(a, "x.warc.gz", i + 1, None).items() if k != "published_date"}
            for i, a in enumerate(corpus)]
    pq.write_table(pa.Table.from_pylist(rows, schema=arrow_schema()), part / "part-0.parquet")
    made = write_stories(Folder(str(tmp_path)))
    return made, pq.read_table(tmp_path / "stories" / "assignments.parquet").to_pylist()


def test_backfill_stories_follow_a_merge(tmp_path: Path) -> None:
    # the backfill's story pass over its Parquet output: every row, and every development in it,
    # names the story the article ends in, not the one folded away
    corpus = [replace(a, id=f"a{i}") for i, a in enumerate(_two_stories_then_one())]
    made, assigned = _backfilled_stories(tmp_path, corpus)
    assert made == 3
    stories = {a["story_id"] for a in assigned}
    devs = [d for a in assigned for d in json.loads(str(a["developments"]))]
    assert len(stories) == 1 and devs and {d["story_id"] for d in devs} == stories


def test_a_split_moves_the_earlier_article_and_a_replay_or_rebuild_agrees(store: Store) -> None:
    from test_stories_tracker import _BOUTS  # two boxing events: the second's second report splits

    desk = StoryDesk(store)
    stored = [_put(store, replace(a, url=f"https://x.example/{a.id}")) for a in _BOUTS]
    first, _, weak, pair = (desk.add(a) for a in stored)
    assert weak.story_id == first.story_id and pair.moved == (weak.article_id,)
    rows = [(article.id, story_id) for story_id, _, _, article in store.story_assignments()]
    assert rows == [(a.id, s) for a, s in zip(stored, [first.story_id] * 2 + [pair.story_id] * 2, strict=True)]
    old, new = store.story(first.story_id), store.story(pair.story_id)
    assert old is not None and new is not None
    assert (old.articles, old.article_count) == ((stored[0].id, stored[1].id), 2)
    assert (new.articles, new.article_count) == ((stored[2].id, stored[3].id), 2)
    again = StoryDesk(store)  # a new process replays the stored rows: the same stories
    assert [again.tracker.story_of(a.id) for a in stored] == [s for _, s in rows]
    assert again.rebuild() == 4
    assert [(article.id, story_id) for story_id, _, _, article in store.story_assignments()] == rows


def test_backfill_stories_follow_a_split(tmp_path: Path) -> None:
    # the backfill's story pass: an article a later split moved is listed in the story it ends in
    from test_stories_tracker import _BOUTS

    corpus = [replace(a, id=f"a{i}", url=f"https://x.example/{i}")  # no dates: no shared year facet
              for i, a in enumerate(_BOUTS)]
    made, assigned = _backfilled_stories(tmp_path, corpus)
    assert made == 4
    story = {a["article_id"]: a["story_id"] for a in assigned}
    assert story["a0"] == story["a1"] != story["a2"] == story["a3"]


def test_a_late_join_folds_the_lone_story_and_a_replay_or_rebuild_agrees(store: Store) -> None:
    from test_stories_tracker import _LATE, _STRICT  # the third report takes in a lone earlier one

    desk = StoryDesk(store, _STRICT)
    stored = [_put(store, replace(a, url=f"https://x.example/{a.id}")) for a in _LATE]
    first, lone, third, *_ = (desk.add(a) for a in stored)
    assert third.moved == (lone.article_id,) and third.merged == (lone.story_id,)
    rows = [(article.id, story_id) for story_id, _, _, article in store.story_assignments()]
    assert [s for _, s in rows][:3] == [first.story_id] * 3
    story = store.story(first.story_id)
    assert story is not None and story.article_count == 3 and set(story.articles) == {a.id for a in stored[:3]}
    assert store.story(lone.story_id) == story  # an old link to the folded story still finds it
    assert len(store.stories(limit=10)) == 3
    again = StoryDesk(store, _STRICT)  # a new process replays the stored rows: the same stories
    assert [again.tracker.story_of(a.id) for a in stored] == [s for _, s in rows]
    assert again.rebuild() == 5
    assert [(article.id, story_id) for story_id, _, _, article in store.story_assignments()] == rows
    assert len(store.stories(limit=10)) == 3
