"""A team's corpus on PostgreSQL answers searches as on SQLite (#5): a very long text used to be
refused there ("string is too long for tsvector": PostgreSQL's 1 MB limit), and accents were not
folded (`évacuation` found nothing where SQLite found `evacuation`; `person:Erdogan` missed Erdoğan).
Schema step 10 indexes such a text on its start and folds accents in the index and the query; a
database at step 9 is upgraded in place, and a pg_dump of it restores (its search_path is empty)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from test_store_support import (
    BACKENDS,
    PG_URL,
    analysed,
    article,
    pg_admin,
    pg_schema,
    quote_rows_before_step_26,
    store_on,
)

from newsdesk.store import Store, open_store
from newsdesk.store.migrations import migrate
from newsdesk.store.postgres import PostgresDatabase
from newsdesk.store.records import Hit
from newsdesk.store.schema import STEPS


def _ids(hits: list[Hit]) -> list[str]:
    return sorted(h.id for h in hits)


def test_a_text_past_the_tsvector_limit_is_stored_and_found_by_its_start() -> None:
    # 300,000 distinct words: about 3.5 MB of tsvector, where PostgreSQL stops at 1 MB
    text = "Harbour council vote. " + " ".join(f"w{i}x" for i in range(300_000))
    with pg_schema() as url, open_store(url) as store:
        result = store.put(article(text, "https://example.com/long", title="The long one"))
        assert result.status == "stored"
        assert store.get(result.id).text == text  # nothing cut from the record
        assert _ids(store.search("harbour council")) == [result.id]
        assert _ids(store.search('"long one"')) == [result.id]
        # an ordinary article beside it is indexed whole
        short = store.put(article("A short note on the tide tables.", "https://example.com/short"))
        assert _ids(store.search("tide")) == [short.id]


@pytest.mark.parametrize("backend", BACKENDS)
def test_accents_are_folded_in_words_and_names_on_every_backend(backend: str, tmp_path: Path) -> None:
    with store_on(backend, tmp_path) as store:
        plain = store.put(analysed("Residents prepare an evacuation of the harbour as Erdogan calls.",
                                   "https://example.com/a", people=("Erdogan",), places=("Dolmabahce",),
                                   source="Le Monde"))
        accented = store.put(analysed("L'évacuation du port: Erdoğan appelle le maire.",
                                      "https://example.com/b", people=("Recep Tayyip Erdoğan",),
                                      places=("Dolmabahçe",), source="Le Télégramme"))
        both = sorted([plain.id, accented.id])
        assert _ids(store.search("évacuation")) == both
        assert _ids(store.search("evacuation")) == both
        assert _ids(store.search("person:erdogan")) == both
        assert _ids(store.search("person:Erdoğan")) == both
        assert _ids(store.search("place:dolmabahçe")) == both
        assert _ids(store.search("source:telegramme")) == [accented.id]


def test_a_database_at_step_9_is_upgraded_and_its_articles_found() -> None:
    with pg_schema() as url:
        db = PostgresDatabase(url)
        try:
            migrate(db, STEPS[:9])
            with quote_rows_before_step_26():  # stored as the code of step 9 stored it
                stored = Store(db).put(analysed("The évacuation went on.", "https://example.com/old",
                                                people=("Erdoğan",)))
        finally:
            db.close()
        with open_store(url) as store:  # the new code applies step 10 to the old schema and its rows
            assert [m.version for m in store.migrations()][-1] == max(s.version for s in STEPS)
            assert _ids(store.search("evacuation")) == [stored.id]
            assert _ids(store.search("person:erdogan")) == [stored.id]


@pytest.mark.skipif(shutil.which("pg_dump") is None or shutil.which("pg_restore") is None,
                    reason="no pg_dump/pg_restore")
def test_a_pg_dump_restores_and_searches() -> None:
    with pg_schema() as url, open_store(url) as store:
        stored = store.put(article("The évacuation of the harbour.", "https://example.com/dump"))
        schema = url.rsplit("%3D", 1)[1]
        dump = subprocess.run(["pg_dump", "-Fc", "-n", schema, PG_URL], capture_output=True, check=True).stdout
        store.close()
        with pg_admin() as admin:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")
        restored = subprocess.run(["pg_restore", "-d", PG_URL], input=dump, capture_output=True)
        assert restored.returncode == 0, restored.stderr.decode()
        with open_store(url) as again:
            assert _ids(again.search("evacuation")) == [stored.id]
            assert again.put(article("A new one after the restore.", "https://example.com/new")).status == "stored"
