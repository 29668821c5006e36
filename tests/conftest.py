from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from test_store_support import BACKENDS, pg_schema

from newsdesk.store import Store, open_store

if TYPE_CHECKING:
    from spacy.language import Language

    from newsdesk.understand import Analyzer
    from newsdesk.understand.places import Gazetteer

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
EXAMPLE = SHARED / "examples" / "cbs-kyiv-talks.txt"
BUNDLED_EXAMPLE = REPO / "newsdesk" / "demo" / "cbs-kyiv-talks.txt"


@pytest.fixture
def example_page() -> Path:
    """The reference page: from ../shared when present, else the copy bundled as demo data."""
    return EXAMPLE if EXAMPLE.exists() else BUNDLED_EXAMPLE


# Shared by the monitor tests (and any other): a database on each backend, a store on it, a SQLite store.
@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new database for one test, on each backend: a SQLite file, or a fresh PostgreSQL schema (dropped
    afterwards; skipped where no server answers)."""
    if request.param == "postgres":
        with pg_schema() as url:
            yield url
    else:
        yield str(tmp_path / "news.db")


@pytest.fixture
def backend_store(db: str) -> Iterator[Store]:
    """A store opened on ``db`` (each backend), closed afterwards."""
    with open_store(db) as opened:
        yield opened


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A store in a SQLite file of the test's own, closed afterwards."""
    with open_store(str(tmp_path / "news.db")) as opened:
        yield opened


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    """The shipped Analyzer, loaded once a module (the quote and entity tests' model)."""
    from newsdesk.understand import Analyzer

    return Analyzer()


@pytest.fixture(scope="module")
def eventless_analyzer() -> Analyzer:
    """The shipped Analyzer without event coding (``events=False``), loaded once a module: the tests of quotes,
    entities and the tagger that read no events, on the same parse as ``analyze --no-events`` would give."""
    from newsdesk.understand import Analyzer

    return Analyzer(events=False)


# Shared by the event tests, which code events from a parse of their own without the Analyzer.
@pytest.fixture(scope="session")
def nlp() -> Language:
    """The spaCy model less the components newsdesk leaves out (lemmatizer, attribute ruler), loaded once."""
    import spacy

    from newsdesk.understand.nlp import MODEL, UNUSED

    return spacy.load(MODEL, exclude=list(UNUSED))


@pytest.fixture(scope="session")
def gaz() -> Gazetteer:
    """The shipped gazetteer, loaded once."""
    from newsdesk.understand.places import load_gazetteer

    return load_gazetteer()
