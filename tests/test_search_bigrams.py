"""SQLite's word-pair index (schema step 9, bigrams.py): a query whose words and phrases are all two
tokens long is answered from ``articles_bigrams`` with exactly the hits, in exactly the order, that
``articles_fts`` gives; other queries are unchanged; put, update and the migration keep it in step."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest
from test_store_support import analysed

from newsdesk.store import QuerySyntaxError, Store, open_store
from newsdesk.store import search as search_sql
from newsdesk.store.bigrams import TOKENIZER, _Tokenizer
from newsdesk.store.query import And, parse
from newsdesk.store.schema import STEPS
from newsdesk.store.sqlite import SQLiteDatabase

# few words, so that pairs repeat (common phrases) as well as turn up once (rare ones); stop words,
# stems (talks/talking), punctuation, an apostrophe, accents, digits and the name separator
WORDS = ("the", "of", "peace", "talks", "talking", "talk", "in", "Kyiv", "ceasefire", "held", "and", "a", "café",
         "Zürich", "don't", "U.S.", "2022", "truce", "fragile", "-", "officials", "said", "«quoted»", "naïve",
         "états-unis", "x\x1fy", "rallied", "markets")
PEOPLE = ("Volodymyr Zelensky", "Olaf Scholz", "Vladimir Medinsky", "Emmanuel Macron")
PLACES = ("Kyiv", "Istanbul", "Zürich")


def _text(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(w + rng.choice(("", "", "", ",", ".", "!", ";")) for w in words)


def _fill(store: Store, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    store.put_many([analysed(_text(rng, rng.randint(0, 40)), f"https://p.example/{n}",
                             title=_text(rng, rng.randint(0, 6)) or None, people=tuple(rng.sample(PEOPLE, 2)),
                             places=(rng.choice(PLACES),), events=("CONSULT",), source=rng.choice(("CBS", "BBC")),
                             published=f"202{rng.randrange(4)}-0{1 + rng.randrange(9)}-1{rng.randrange(10)}")
                    for n in range(count)])


def _queries(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)

    def words(n: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(n)).replace('"', "")

    shapes = (
        lambda: f'"{words(2)}"',
        lambda: f'"{words(2)}"',
        lambda: f'"{rng.choice(("peace, talks", "of the", "the peace", "talks; in", "don t", "naive talks"))}"',
        lambda: f'"{words(1)}"',  # one word: not the pair index
        lambda: f'"{words(3)}"',  # three: a phrase of two pairs
        lambda: f'"{words(4)}" "{words(2)}"',
        lambda: f'"{rng.choice(("peace talks in kyiv", "the peace talks", "of the peace", "talks held a truce"))}"',
        lambda: "don't",  # one word, two tokens: a phrase to FTS5
        lambda: f'"{words(2)}" person:"{rng.choice(PEOPLE)}"',
        lambda: f'"{words(2)}" place:"{rng.choice(PLACES)}" source:CBS',
        lambda: f'"{words(2)}" OR "{words(2)}"',
        lambda: f'"{words(2)}" -"{words(2)}"',
        lambda: f'"{words(2)}" since:2022',
        lambda: f'"{words(2)}" {words(1)}',  # with a word: not the pair index
        lambda: f'"{words(2)}" -person:"{rng.choice(PEOPLE)}"',
    )
    return [rng.choice(shapes)() for _ in range(count)]


def _both(store: Store, query: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    try:
        node = parse(query)
    except QuerySyntaxError:  # a generated query of punctuation only
        return [], []
    with store._db.read() as tx:  # the two plans of one search, side by side
        fast = search_sql.search(tx, node, limit=search_sql.CANDIDATES)
        slow = search_sql.search(tx, node, limit=search_sql.CANDIDATES, pairs=False)
    return [(h.id, h.snippet) for h in fast], [(h.id, h.snippet) for h in slow]


def test_pair_queries_give_exactly_the_hits_and_order_of_the_phrase_index(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "news.db")) as store:
        _fill(store, 1500)
        found = 0
        for query in _queries(3, 400):
            fast, slow = _both(store, query)
            assert fast == slow, query
            found += bool(fast)
        assert found > 200  # most queries find something: the comparison is not of empty lists


def test_two_token_phrases_use_the_pair_index_and_others_do_not() -> None:
    def table(query: str) -> str:
        node = parse(query)
        db = SQLiteDatabase(None)
        try:
            with db.read() as tx:
                plan = search_sql._sqlite_plan(tx, node.items if isinstance(node, And) else (node,), 2000)
        finally:
            db.close()
        return "articles_bigrams" if "articles_bigrams MATCH" in plan.inner.text else "articles_fts"

    assert table('"peace talks"') == table("don't") == table('"peace talks" person:Scholz -"ceasefire held"') \
        == table('"peace talks now"') == table('"the peace talks" -"of the truce talks"') == "articles_bigrams"
    assert table('"peace"') == table('"peace talks" truce') == table('"peace talks now" truce') == table("talk*") \
        == "articles_fts"


def test_tokens_are_fts5s_own() -> None:
    with sqlite3.connect(":memory:") as conn:
        conn.execute(STEPS[0].sqlite[-1])  # articles_fts as step 1 makes it
        conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(articles_fts, instance)")
        rng = random.Random(1)
        texts = [_text(rng, 30) for _ in range(50)] + ["Ünïcödé — naïve’s café; TALKING talks, 1990s x\x1fy z"]
        for n, text in enumerate(texts):
            conn.execute("INSERT INTO articles_fts (rowid, text) VALUES (?, ?)", (n, text))
        rows = conn.execute("SELECT doc, offset, term FROM v ORDER BY doc, offset").fetchall()
    expected: dict[int, list[str]] = {}
    for doc, _, term in rows:
        expected.setdefault(doc, []).append(term)
    assert TOKENIZER.tokens(texts) == [expected.get(n, []) for n in range(len(texts))]
    small = _Tokenizer(limit=20)  # its cache fills and is cleared again and again
    assert [small.tokens([text])[0] for text in texts] == [expected.get(n, []) for n in range(len(texts))]
    assert [small.pairs(text)[1] for text in texts] == [len(expected.get(n, [])) for n in range(len(texts))]


def test_an_updated_article_is_found_by_its_new_phrases_only(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "news.db")) as store:
        store.put(analysed("Peace talks resumed in Kyiv.", "https://u.example/1", title="Talks resume"))
        assert [h.title for h in store.search('"peace talks"')] == ["Talks resume"]
        store.put(analysed("A ceasefire held in Kyiv.", "https://u.example/1", title="Truce holds"))
        assert store.search('"peace talks"') == [] and store.search('"talks resume"') == []
        assert [h.title for h in store.search('"ceasefire held"')] == ["Truce holds"]
        with store._db.read() as tx:
            assert tx.all("SELECT count(*) FROM articles_bigrams WHERE articles_bigrams MATCH ?",
                          ('"peace\x1ftalk\x1f"',)) == [(0,)]


def test_the_migration_indexes_the_articles_already_stored(tmp_path: Path) -> None:
    path = str(tmp_path / "old.db")
    with open_store(path) as store:
        _fill(store, 400, seed=11)
    with sqlite3.connect(path) as conn:  # as the release before the pair index left a database
        conn.execute("DROP TABLE articles_bigrams")
        conn.execute("DELETE FROM newsdesk_migrations WHERE version = 9")
    conn.close()
    with open_store(path) as store:
        assert 9 in [m.version for m in store.migrations()]  # applied again (later steps may follow it)
        for query in _queries(5, 120):
            fast, slow = _both(store, query)
            assert fast == slow, query


@pytest.mark.parametrize("query", ['"peace talks"', '"of the"'])
def test_search_through_the_store_matches_the_phrase_plan(tmp_path: Path, query: str) -> None:
    with open_store(str(tmp_path / "news.db")) as store:
        _fill(store, 300)
        fast, slow = _both(store, query)
        assert [h.id for h in store.search(query, limit=search_sql.CANDIDATES)] == [i for i, _ in slow] \
            == [i for i, _ in fast]
        assert slow


HELD = ("peace talks x\x1fy talks held today", "peace talks held today", "peace talks \x1f talks held, then talks held")


def test_a_longer_phrase_does_not_join_the_pairs_around_a_token_holding_the_separator(tmp_path: Path) -> None:
    """A token holding U+001F pairs with nothing: its place stays, so "peace talks held" is not found
    in "peace talks x\x1fy talks held" (its pairs peace-talks and talks-held were next to each other)."""
    with open_store(str(tmp_path / "news.db")) as store:
        for n, text in enumerate(HELD):
            store.put(analysed(text, f"https://h.example/{n}", title=f"Held {n}"))
        for query in ('"peace talks held"', '"talks held today"', '"peace talks held today"', '"talks talks held"'):
            fast, slow = _both(store, query)
            assert fast == slow, query
        assert [h.title for h in store.search('"peace talks held"')] == ["Held 1"]


def test_the_migration_gives_old_rows_their_holes(tmp_path: Path) -> None:
    from newsdesk.store import articles as article_sql
    from newsdesk.store.bigrams import bigram_row

    path = str(tmp_path / "old.db")
    with open_store(path) as store:
        _fill(store, 50, seed=13)
        for n, text in enumerate(HELD):
            store.put(analysed(text, f"https://h.example/{n}", title=f"Held {n}"))
        with store._db.write() as tx:  # as steps 9-11 wrote them: the pairs left out, no holes
            for pk, record in tx.all("SELECT pk, record FROM articles"):
                row = article_sql._fts_of_record(record)
                tx.run(article_sql._BIGRAMS_DELETE, (pk, *bigram_row(row)))
                tx.run(article_sql._BIGRAMS_INSERT, (pk, *bigram_row(row, holes=False)))
            tx.run("DELETE FROM newsdesk_migrations WHERE version = 12")
        assert len(store.search('"peace talks held"')) == 3  # the old rows join the pairs around the held token
    with open_store(path) as store:
        assert [h.title for h in store.search('"peace talks held"')] == ["Held 1"]
        store.put(analysed("peace talks held", "https://h.example/0", title="Held 0"))  # forgets its row by its values
        assert len(store.search('"peace talks held"')) == 2
        with store._db.write() as tx:
            tx.run("INSERT INTO articles_bigrams (articles_bigrams, rank) VALUES ('integrity-check', 1)")
        for query in _queries(5, 120):
            fast, slow = _both(store, query)
            assert fast == slow, query
