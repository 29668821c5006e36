"""The store on both backends (a SQLite file, a fresh PostgreSQL schema): identity, versions,
round trips, migrations, sources, threads, errors."""

from __future__ import annotations

import dataclasses
import hashlib
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_store_support import BACKENDS, analysed, article, pg_schema, store_on

from newsdesk.errors import InputError, NewsdeskError, StoreError
from newsdesk.store import FetchResult, LinkNote, Store, open_store
from newsdesk.store.identity import canonical_url
from newsdesk.store.schema import STEPS
from newsdesk.types import Article, Entity, Event, Media, Mention, Place, Span

URL = "https://news.example.com/2022/03/storm"
TEXT = "A powerful storm made landfall on Tuesday.\n\nThousands of people left their homes."


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with store_on(request.param, tmp_path) as opened:
        yield opened


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def test_stored_then_duplicate(store: Store) -> None:
    first = store.put(article(TEXT, URL, title="Storm"))
    assert (first.status, first.id, first.duplicate_of) == ("stored", sha(URL), None)
    again = store.put(article(TEXT, URL, title="Storm"))
    assert (again.status, again.id, again.duplicate_of) == ("duplicate", first.id, first.id)
    # the same URL spelt another way is the same article
    variant = store.put(article(TEXT, "HTTPS://News.Example.com:443/2022/03/storm?utm_source=rss#top"))
    assert (variant.status, variant.duplicate_of) == ("duplicate", first.id)
    assert store.count() == 1
    assert [v.version for v in store.versions(first.id)] == [1]


def test_changed_text_at_known_url_is_a_new_version(store: Store) -> None:
    first = store.put(article(TEXT, URL, title="Storm"))
    changed = TEXT + "\n\nUpdate: the river burst its banks overnight."
    second = store.put(article(changed, URL, title="Storm (updated)"))
    assert (second.status, second.id, second.duplicate_of) == ("updated", first.id, None)
    assert store.count() == 1
    versions = store.versions(first.id)
    assert [(v.version, v.article.text) for v in versions] == [(1, TEXT), (2, changed)]
    current = store.get(first.id)
    assert current is not None and current.title == "Storm (updated)"
    assert store.put(article(changed, URL)).status == "duplicate"
    assert store.put(article(TEXT, URL)).status == "updated"  # back to the first text: a third version
    assert len(store.versions(first.id)) == 3
    # search sees the current text only
    assert store.search("landfall")
    assert store.search("river") == []


def test_text_without_url_is_identified_by_its_text(store: Store) -> None:
    first = store.put(article(TEXT))
    assert (first.status, first.id) == ("stored", sha(TEXT))
    assert store.put(article(TEXT, title="Another title")).status == "duplicate"
    assert store.put(article(TEXT + " More.")).status == "stored"
    assert store.count() == 2


def test_same_text_at_two_urls_is_two_articles(store: Store) -> None:
    one = store.put(article(TEXT, URL))
    two = store.put(article(TEXT, URL + "-copy"))
    assert (one.status, two.status) == ("stored", "stored") and one.id != two.id
    # the text again without a URL repeats the first of them
    bare = store.put(article(TEXT))
    assert (bare.status, bare.duplicate_of) == ("duplicate", one.id)
    assert store.count() == 2


def test_full_record_round_trips(store: Store) -> None:
    text = "Vladimir Medinsky met negotiators in Istanbul.\n\nThe talks lasted three hours."
    record = dataclasses.replace(
        analysed(text, URL, people=("Vladimir Medinsky",), places=("Istanbul",), events=("CONSULT",),
                 title="Talks", source="CBS News", published="2022-03-29T14:05:00+00:00", language="en",
                 authors=("A. Reporter",), removed=("Watch CBS News",),
                 media=(Media("video", "Talks in Istanbul", 123),)),
        entities=(Entity("e1", "Vladimir Medinsky", "PERSON", ("negotiator",), (Mention(0, 17, "Vladimir Medinsky"),)),
                  Entity("e2", "Istanbul", "PLACE", place=Place(41.0, 28.9, "TR", 745044))),
        paragraphs=(Span(0, 46), Span(48, 78)))
    result = store.put(record)
    assert store.get(result.id) == dataclasses.replace(record, id=result.id)
    assert store.get("0" * 64) is None
    assert list(store.articles()) == [dataclasses.replace(record, id=result.id)]


def test_put_many_is_one_transaction(store: Store) -> None:
    results = store.put_many([article(TEXT, URL), article(TEXT, URL), article("Other text entirely.")])
    assert [r.status for r in results] == ["stored", "duplicate", "stored"]
    assert store.count() == 2


def test_resolve_id_prefix(store: Store) -> None:
    stored = store.put(article(TEXT, URL))
    assert store.resolve_id(stored.id[:8]) == stored.id
    assert store.resolve_id(stored.id[:8].upper()) == stored.id
    with pytest.raises(InputError, match="no article"):
        store.resolve_id("zz")
    for n in range(40):  # enough ids that two share the first hex digit
        store.put(article(f"Article number {n}."))
    with pytest.raises(InputError, match="ambiguous"):
        store.resolve_id(stored.id[:1])
    with pytest.raises(StoreError, match="no article"):
        store.versions("f" * 64)


def test_migrations_run_once_and_are_recorded(store: Store, tmp_path: Path) -> None:
    applied = store.migrations()
    assert [m.version for m in applied] == [s.version for s in STEPS] and applied[0].version == 1
    assert all(m.name and m.applied_at for m in applied)


def test_reopening_a_file_does_not_migrate_again(tmp_path: Path) -> None:
    path = str(tmp_path / "news.db")
    with open_store(path) as store:
        first = store.migrations()
        store.put(article(TEXT, URL))
    with open_store(f"sqlite:///{path}") as store:
        assert store.migrations() == first
        assert store.count() == 1
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        conn.execute("UPDATE newsdesk_migrations SET version = 99 WHERE version = 3")
    with pytest.raises(StoreError, match="schema version 99, newer"):
        open_store(path)


def test_postgres_reopen_does_not_migrate_again() -> None:
    with pg_schema() as url:
        with open_store(url) as store:
            first = store.migrations()
        with open_store(url) as store:
            assert store.migrations() == first


def test_memory_store_is_private() -> None:
    with open_store(":memory:") as one, open_store("sqlite://") as two:
        one.put(article(TEXT))
        assert (one.count(), two.count()) == (1, 0)
        assert one.search("landfall")[0].title is None


def test_sources_and_fetch_log(store: Store) -> None:
    feed = store.add_source("https://example.com/feed.xml", title="Example")
    assert (feed.kind, feed.error_count, feed.next_check_at) == ("feed", 0, feed.added_at)
    assert store.add_source("https://example.com/feed.xml") == feed  # adding again changes nothing
    site = store.add_source("https://example.com/sitemap.xml", kind="sitemap")
    assert store.get_source(feed.url) == store.get_source(feed.id) == feed
    later = "2099-01-01T00:00:00+00:00"
    ok = store.record_fetch(feed.id, FetchResult(status=200, etag='"v1"', last_modified="Tue, 29 Mar 2022",
                                                 articles=4, next_check_at=later))
    assert (ok.etag, ok.last_modified, ok.next_check_at, ok.error_count) == ('"v1"', "Tue, 29 Mar 2022", later, 0)
    failed = store.record_fetch(feed.id, FetchResult(status=503, error="HTTP 503", next_check_at=later))
    assert (failed.error_count, failed.last_error, failed.etag) == (1, "HTTP 503", '"v1"')
    again = store.record_fetch(feed.id, FetchResult(status=304, next_check_at=later))
    assert (again.error_count, again.last_error, again.etag) == (0, None, '"v1"')
    assert [e.status for e in store.fetch_log(feed.id)] == [304, 503, 200]
    assert [s.id for s in store.list_sources(due_at="2030-01-01T00:00:00+00:00")] == [site.id]
    assert {s.id for s in store.list_sources()} == {feed.id, site.id}
    assert store.remove_source(feed.id) and not store.remove_source(feed.id)
    assert store.fetch_log(feed.id) == [] and store.get_source(feed.url) is None
    with pytest.raises(StoreError, match="no source"):
        store.record_fetch(12345, FetchResult())


def test_links_found_by_the_monitor(store: Store) -> None:
    feed = store.add_source("https://example.com/feed.xml")
    links = [(f"https://example.com/{n}", "2024-05-01") for n in range(3)]
    assert store.pending_links(links) == [u for u, _ in links]
    stored = store.put(article(TEXT, links[0][0]), link=LinkNote(links[0][0], feed.id, "2024-05-01"))
    assert store.pending_links(links) == [links[1][0], links[2][0]]
    assert store.pending_links([(links[0][0], "2024-05-02")]) == [links[0][0]]  # changed since
    assert store.pending_links([(links[0][0], None)]) == []  # no stamp: nothing says it changed
    # a duplicate notes the link as done too
    store.put(article(TEXT, links[0][0]), link=LinkNote(links[1][0], feed.id, "2024-05-01"))
    assert store.pending_links(links) == [links[2][0]]
    note = LinkNote(links[2][0], feed.id, "2024-05-01")
    for attempt in range(1, 4):
        store.link_failed(note, "HTTP 500")
        assert store.pending_links(links, max_attempts=3) == ([links[2][0]] if attempt < 3 else [])
    store.link_failed(LinkNote(links[2][0], feed.id, "2024-05-02"), "HTTP 500")  # changed: counted anew
    assert store.pending_links([(links[2][0], "2024-05-02")]) == [links[2][0]]
    store.put(article(TEXT + " More.", links[2][0]), link=note)
    assert store.pending_links(links) == [] and stored.status == "stored"
    assert store.remove_source(feed.id)  # links outlive their source: the articles are still known
    assert store.pending_links(links) == []
    assert store.pending_links([(f"https://example.com/{n}", None) for n in range(1200)])[:2] == [
        "https://example.com/3", "https://example.com/4"]


def test_writers_in_threads(store: Store) -> None:
    def work(worker: int) -> None:
        for n in range(15):
            store.put(article(f"Worker {worker} wrote article {n}.", f"https://example.com/{worker}/{n}"))
            store.search("article")

    threads = [threading.Thread(target=work, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.count() == 60


def test_errors_are_store_errors(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError, match="not a SQLite database"):
        open_store(str(junk))
    with pytest.raises(StoreError, match="unsupported database URL"):
        open_store("mysql://localhost/news")
    with pytest.raises(StoreError, match="cannot open"):
        open_store(str(tmp_path / "no" / "such" / "folder" / "news.db"))
    with pytest.raises(StoreError, match="cannot connect"):
        open_store("postgresql://nobody:secret@127.0.0.1:1/none")
    try:
        open_store("postgresql://nobody:secret@127.0.0.1:1/none")
    except NewsdeskError as exc:
        assert "secret" not in str(exc)


def test_canonical_url() -> None:
    assert canonical_url("HTTP://Example.COM:80?b=2&utm_medium=x&a=1&fbclid=z#frag") == "http://example.com/?b=2&a=1"
    assert canonical_url("https://user:pw@example.com:8443/a/b/") == "https://example.com:8443/a/b/"


def test_store_error_leaves_no_half_article(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "news.db")) as store:
        # the article row goes in, then its events fail: the transaction is rolled back whole
        broken = Event(type=None, sentence=Span(0, 4), trigger="x")  # type: ignore[arg-type]
        bad = Article(id="-", title=None, text="Text.", url=URL, events=(broken,))
        with pytest.raises(AttributeError):
            store.put(bad)
        assert store.count() == 0
        assert store.put(article("Text.", URL)).status == "stored"
