"""The bundled demo data: well-formed articles that load (through store and stories) into several
stories with copies, and load only once."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.errors import InputError
from newsdesk.store import open_store
from newsdesk.web.demo import demo_articles, load_demo, parse_demo_file


def test_demo_articles_are_complete() -> None:
    articles = demo_articles()
    assert len(articles) >= 24
    assert len({a.source for a in articles}) >= 6
    assert len({a.id for a in articles}) == len(articles)
    assert [a.published for a in articles] == sorted(a.published or "" for a in articles)
    for item in articles:
        assert item.url and item.url.startswith("https://") and item.title and len(item.text.split()) > 60
        assert all(item.text[p.start:p.end].strip() == item.text[p.start:p.end] for p in item.paragraphs)
    kyiv = [a for a in articles if "Istanbul" in a.text and a.published and a.published.startswith("2022-03-2")]
    assert len(kyiv) >= 3


def test_demo_loads_into_stories_with_copies_once(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "demo.db")) as store:
        first = load_demo(store, None)
        assert first.counts == {"stored": len(demo_articles())}
        stories = store.stories(100)
        assert 4 <= len(stories) < len(demo_articles())
        copies = [m for s in stories for m in s.members if m.role == "copy"]
        assert len(copies) >= 3
        assert any(s.article_count >= 3 for s in stories)
        again = load_demo(store, None)
        assert again.counts == {"duplicate": len(demo_articles())} and again.stories == 0


def test_bad_demo_file_names_the_file_and_reason() -> None:
    with pytest.raises(InputError, match=r"x\.txt: missing source"):
        parse_demo_file("x.txt", "url: https://a.example/\ntitle: T\npublished: 2022-01-01\n\nBody.")
    with pytest.raises(InputError, match="bad header line"):
        parse_demo_file("y.txt", "author: me\n\nBody.")


def test_demo_command_loads_the_stories(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from newsdesk.cli import cli

    db = str(tmp_path / "cli.db")
    first = CliRunner().invoke(cli, ["demo", "--load-only", "--no-analyze", "--db", db])
    assert first.exit_code == 0, first.output
    assert f"{len(demo_articles())} stored" in first.stderr
    # --load-only serves nothing, so it sends no one to http://127.0.0.1:8000/
    # and it names the database loaded, which a bare `newsdesk run` would not serve
    assert first.stderr.splitlines()[-1].endswith(f"; serve them with newsdesk run --db {db}")
    assert "http" not in first.stderr
    again = CliRunner().invoke(cli, ["demo", "--load-only", "--no-analyze", "--db", db])
    assert f"demo: already loaded ({len(demo_articles())} articles);" in again.stderr  # not "26 duplicate"
    with open_store(db) as store:
        assert len(store.stories(100)) >= 4
