"""The schema as ordered migrations, each a list of statements per dialect.

Never edit a migration that has shipped: add a new one at the end. Times are ISO-8601 UTC text
(``2024-05-01T10:00:00.000000+00:00``), so text order is time order on both backends.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from .keyset import said


@dataclass(frozen=True)
class Step:
    version: int
    name: str
    sqlite: tuple[str, ...]
    postgres: tuple[str, ...]


def _both(*statements: str, pk: tuple[str, str] = ("INTEGER PRIMARY KEY", "BIGINT GENERATED ALWAYS AS IDENTITY "
                                                   "PRIMARY KEY")) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Statements shared by both dialects; ``{pk}`` becomes each dialect's surrogate key."""
    return (tuple(s.format(pk=pk[0], json="TEXT") for s in statements),
            tuple(s.format(pk=pk[1], json="JSONB") for s in statements))


_ARTICLE_TABLES = _both(
    """CREATE TABLE articles (
        pk {pk},
        id TEXT NOT NULL UNIQUE,
        url TEXT,
        canonical_url TEXT,
        title TEXT,
        source TEXT,
        published TEXT,
        language TEXT,
        text_hash TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        stored_at TEXT NOT NULL,
        record {json} NOT NULL)""",
    "CREATE INDEX articles_text_hash ON articles (text_hash)",
    "CREATE INDEX articles_published ON articles (published)",
    """CREATE TABLE article_versions (
        article_pk BIGINT NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        text_hash TEXT NOT NULL,
        stored_at TEXT NOT NULL,
        record {json} NOT NULL,
        PRIMARY KEY (article_pk, version))""",
    """CREATE TABLE entities (
        pk {pk},
        article_pk BIGINT NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
        entity_id TEXT NOT NULL,
        name TEXT NOT NULL,
        type TEXT NOT NULL)""",
    "CREATE INDEX entities_article ON entities (article_pk)",
    """CREATE TABLE quotes (
        pk {pk},
        article_pk BIGINT NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
        speaker TEXT,
        text TEXT NOT NULL,
        kind TEXT NOT NULL)""",
    "CREATE INDEX quotes_article ON quotes (article_pk)",
    """CREATE TABLE events (
        pk {pk},
        article_pk BIGINT NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
        type TEXT NOT NULL,
        trigger_text TEXT NOT NULL,
        modality TEXT NOT NULL,
        actor TEXT,
        target TEXT,
        location TEXT,
        date TEXT)""",
    "CREATE INDEX events_article ON events (article_pk)",
    "CREATE INDEX events_type ON events (type, article_pk)",
)

# Full-text search. SQLite: one FTS5 table without a copy of the text (the record holds it; the
# store gives FTS5's 'delete' command the old values), with a column per filter too, so that a
# query's words and filters are one MATCH. Names in a filter column are separated by the token
# U+001F (NAME_SEPARATOR), which no query holds, so a phrase never runs from one name into the next.
# PostgreSQL: a generated tsvector (title weighted above text) with a GIN index; filters use the
# entity and event rows, entity names with their own GIN-indexed tsvector.
NAME_SEPARATOR = "\x1f"
FTS_TOKENIZE = "'porter unicode61 remove_diacritics 2 tokenchars ''\x1f'''"  # articles_fts's, as step 1 has it
_SQLITE_SEARCH = (
    """CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, source, person, org, place, event, content='',
        tokenize='porter unicode61 remove_diacritics 2 tokenchars ''\x1f''')""",
)
_POSTGRES_SEARCH = (
    """ALTER TABLE articles ADD COLUMN doc tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(title, '')), 'A')
        || setweight(to_tsvector('english', coalesce(record ->> 'text', '')), 'B')) STORED""",
    "CREATE INDEX articles_doc ON articles USING gin (doc)",
    "CREATE INDEX articles_source ON articles USING gin (to_tsvector('simple', coalesce(source, '')))",
    "ALTER TABLE entities ADD COLUMN name_doc tsvector GENERATED ALWAYS AS (to_tsvector('simple', name)) STORED",
    "CREATE INDEX entities_name ON entities USING gin (name_doc)",
)

_SOURCE_TABLES = _both(
    """CREATE TABLE sources (
        id {pk},
        url TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        title TEXT,
        added_at TEXT NOT NULL,
        etag TEXT,
        last_modified TEXT,
        error_count INTEGER NOT NULL DEFAULT 0,
        next_check_at TEXT,
        last_error TEXT,
        last_fetch_at TEXT)""",
    "CREATE INDEX sources_next_check ON sources (next_check_at)",
    """CREATE TABLE fetch_log (
        pk {pk},
        source_id BIGINT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
        fetched_at TEXT NOT NULL,
        status INTEGER,
        error TEXT,
        articles INTEGER NOT NULL DEFAULT 0)""",
    "CREATE INDEX fetch_log_source ON fetch_log (source_id, fetched_at)",
)

# Links the monitor found in feeds, sitemaps, folders and WARC files, keyed by canonical URL (or
# file path): fetched once, again only when their stamp (the feed's updated date, a sitemap's
# lastmod, a file's size and time) changes; a failing link is tried a few times, then left.
_LINK_TABLES = _both(
    """CREATE TABLE links (
        url TEXT PRIMARY KEY,
        source_id BIGINT REFERENCES sources (id) ON DELETE SET NULL,
        first_seen TEXT NOT NULL,
        stamp TEXT,
        article_id TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        done_at TEXT)""",
    "CREATE INDEX links_source ON links (source_id)",
)

# Stories (#6): each article's story (a member, or a copy of another article: a near-duplicate),
# and the developments each article added, under a monotonic pk that readers poll (`WHERE pk > ?`;
# PostgreSQL also gets NOTIFY newsdesk_developments). `seq` orders assignments as they were made,
# so a tracker can replay them. "start"/"end" are quoted: END is an SQL keyword.
_STORY_TABLES = _both(
    """CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        title TEXT,
        first_seen TEXT NOT NULL,
        last_updated TEXT NOT NULL,
        article_count INTEGER NOT NULL DEFAULT 0,
        merged_into TEXT,
        record {json} NOT NULL)""",
    "CREATE INDEX stories_updated ON stories (last_updated)",
    """CREATE TABLE story_articles (
        article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        role TEXT NOT NULL,
        copy_of TEXT,
        joined_at TEXT NOT NULL,
        published TEXT,
        seq BIGINT NOT NULL)""",
    "CREATE INDEX story_articles_story ON story_articles (story_id, published)",
    "CREATE UNIQUE INDEX story_articles_seq ON story_articles (seq)",
    """CREATE TABLE developments (
        pk {pk},
        story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        article_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        sentence TEXT NOT NULL,
        "start" INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        payload {json} NOT NULL,
        published TEXT,
        created_at TEXT NOT NULL)""",
    "CREATE INDEX developments_story ON developments (story_id, pk)",
    "CREATE INDEX developments_article ON developments (article_id)",
)

# Watches and alerts (#7): watch rules with their channels; alerts (one per watch and article) with
# the rule and sentence that fired them; a durable outbox of deliveries (pending → sent | failed);
# Web Push subscriptions; accounts and API tokens for the service; small state (the developments
# cursor, VAPID keys) as key/value rows.
_ALERT_TABLES = _both(
    """CREATE TABLE watches (
        id TEXT PRIMARY KEY,
        query TEXT NOT NULL,
        channels {json} NOT NULL,
        secret TEXT NOT NULL,
        options {json} NOT NULL,
        created_at TEXT NOT NULL)""",
    """CREATE TABLE push_subscriptions (
        pk {pk},
        watch_id TEXT NOT NULL REFERENCES watches (id) ON DELETE CASCADE,
        endpoint TEXT NOT NULL,
        p256dh TEXT NOT NULL,
        auth TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (watch_id, endpoint))""",
    """CREATE TABLE alerts (
        pk {pk},
        id TEXT NOT NULL UNIQUE,
        watch_id TEXT NOT NULL REFERENCES watches (id) ON DELETE CASCADE,
        article_id TEXT NOT NULL,
        story_id TEXT,
        development_pk BIGINT,
        rule TEXT NOT NULL,
        sentence TEXT NOT NULL,
        record {json} NOT NULL,
        state TEXT NOT NULL,
        due_at TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (watch_id, article_id))""",
    "CREATE INDEX alerts_watch ON alerts (watch_id, pk)",
    "CREATE INDEX alerts_held ON alerts (state, due_at)",
    """CREATE TABLE outbox (
        pk {pk},
        id TEXT NOT NULL UNIQUE,
        watch_id TEXT NOT NULL REFERENCES watches (id) ON DELETE CASCADE,
        channel TEXT NOT NULL,
        target TEXT NOT NULL,
        alert_ids {json} NOT NULL,
        body {json} NOT NULL,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_at TEXT NOT NULL,
        last_error TEXT,
        created_at TEXT NOT NULL,
        sent_at TEXT)""",
    "CREATE INDEX outbox_due ON outbox (state, next_at)",
    """CREATE TABLE accounts (
        name TEXT PRIMARY KEY,
        password_hash TEXT NOT NULL,
        created_at TEXT NOT NULL)""",
    """CREATE TABLE api_tokens (
        name TEXT PRIMARY KEY,
        token_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL)""",
    """CREATE TABLE newsdesk_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL)""",
)

# The story tracker's log (#6): what each assignment did, in the order made (`seq`): the article and
# its version then, the story, status, copy_of, score, and the moves (`merged` story ids, `moved`
# article ids). A restarted StoryDesk replays it step by step, so its tracker ends as the process
# that wrote it left it (story_articles holds only where each article ended). Assignments made
# before this step are copied in from story_articles with `exact` false: they hold no moves, so
# they are replayed as before, as final rows.
_STORY_LOG = _both(
    """CREATE TABLE story_log (
        seq BIGINT PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        story_id TEXT NOT NULL,
        status TEXT NOT NULL,
        copy_of TEXT,
        score DOUBLE PRECISION NOT NULL,
        merged {json} NOT NULL,
        moved {json} NOT NULL,
        exact BOOLEAN NOT NULL)""",
    "CREATE INDEX story_log_article ON story_log (article_id)",
    """INSERT INTO story_log (seq, article_id, version, story_id, status, copy_of, score, merged, moved, exact)
        SELECT sa.seq, sa.article_id, a.version, sa.story_id,
               CASE WHEN sa.role = 'copy' THEN 'copy' ELSE 'joined' END, sa.copy_of, 0, '[]', '[]', FALSE
        FROM story_articles sa JOIN articles a ON a.id = sa.article_id""",
)

# Development pks never repeat (#5): readers page by them (the alert cursor, SSE, the map read
# `pk > ?`). PostgreSQL's identity never reuses one; SQLite without AUTOINCREMENT gave the rows
# `stories --rebuild` writes the pks of the rows it deleted. SQLite rebuilds the table with
# AUTOINCREMENT; copying the rows with their pks seeds sqlite_sequence with their max.
_DEVELOPMENT_COLUMNS = 'pk, story_id, article_id, kind, sentence, "start", "end", payload, published, created_at'
_SQLITE_DEVELOPMENT_KEYS = (
    """CREATE TABLE developments_new (
        pk INTEGER PRIMARY KEY AUTOINCREMENT,
        story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        article_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        sentence TEXT NOT NULL,
        "start" INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        payload TEXT NOT NULL,
        published TEXT,
        created_at TEXT NOT NULL)""",
    f"INSERT INTO developments_new ({_DEVELOPMENT_COLUMNS}) SELECT {_DEVELOPMENT_COLUMNS} FROM developments",
    "DROP TABLE developments",
    "ALTER TABLE developments_new RENAME TO developments",
    "CREATE INDEX developments_story ON developments (story_id, pk)",
    "CREATE INDEX developments_article ON developments (article_id)",
)

# Two-word phrases fast on SQLite (#5): articles_bigrams holds each adjacent pair of title and text
# tokens as one token, the filter columns, and pad tokens making each row as long as its
# articles_fts row, so a query of two-token phrases matches and ranks the same there (bigrams.py).
# migrations.py fills it for the rows already stored.
_SQLITE_BIGRAMS = (
    "CREATE VIRTUAL TABLE articles_bigrams USING fts5(title, text, source, person, org, place, event, pad, "
    f"content='', tokenize={FTS_TOKENIZE})",
)



def _accented() -> tuple[str, str]:
    """The Latin letters with diacritics (a base letter and combining marks, as SQLite's
    ``remove_diacritics`` folds them) and their base letters. Unicode never changes a decomposition."""
    pairs = [(c, d[0]) for c in map(chr, [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)])
             if len(d := unicodedata.normalize("NFD", c)) > 1 and d[0].isascii() and d[0].isalpha()
             and all(unicodedata.combining(m) for m in d[1:])]
    return "".join(c for c, _ in pairs), "".join(b for _, b in pairs)


# PostgreSQL search as SQLite's (#5): accents folded (`évacuation` finds `evacuation`, `person:Erdogan`
# finds Erdoğan), and a text whose tsvector would pass PostgreSQL's 1 MB limit ("string is too long
# for tsvector": the article was refused) indexed on its first 100,000 characters instead. Both
# functions call only pg_catalog, so a pg_dump restores (its search_path is empty). Search wraps
# what it looks for in newsdesk_fold too. The generated columns and expression indexes are made again.
_FROM, _TO = _accented()
TEXT_INDEXED = 100_000  # characters of a text (1,000 of a title) indexed when the whole is too long
_POSTGRES_FOLD = (
    f"""CREATE FUNCTION newsdesk_fold(value text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$ SELECT pg_catalog.translate(value, '{_FROM}', '{_TO}') $$""",
    f"""CREATE FUNCTION newsdesk_doc(title text, body text) RETURNS tsvector LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
        AS $$
        BEGIN
            IF octet_length(coalesce(title, '')) + octet_length(coalesce(body, '')) < 100000 THEN
                RETURN setweight(to_tsvector('english', translate(coalesce(title, ''), '{_FROM}', '{_TO}')), 'A')
                    || setweight(to_tsvector('english', translate(coalesce(body, ''), '{_FROM}', '{_TO}')), 'B');
            END IF;
            BEGIN
                RETURN setweight(to_tsvector('english', translate(coalesce(title, ''), '{_FROM}', '{_TO}')), 'A')
                    || setweight(to_tsvector('english', translate(coalesce(body, ''), '{_FROM}', '{_TO}')), 'B');
            EXCEPTION WHEN program_limit_exceeded THEN
                RETURN setweight(to_tsvector('english', translate(left(coalesce(title, ''), 1000),
                                                                  '{_FROM}', '{_TO}')), 'A')
                    || setweight(to_tsvector('english', translate(left(coalesce(body, ''), {TEXT_INDEXED}),
                                                                  '{_FROM}', '{_TO}')), 'B');
            END;
        END $$""",
    "ALTER TABLE articles DROP COLUMN doc",
    "ALTER TABLE articles ADD COLUMN doc tsvector GENERATED ALWAYS AS (newsdesk_doc(title, record ->> 'text')) STORED",
    "CREATE INDEX articles_doc ON articles USING gin (doc)",
    "DROP INDEX articles_source",
    "CREATE INDEX articles_source ON articles USING gin (to_tsvector('simple', newsdesk_fold(coalesce(source, ''))))",
    "ALTER TABLE entities DROP COLUMN name_doc",
    "ALTER TABLE entities ADD COLUMN name_doc tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple', newsdesk_fold(name))) STORED",
    "CREATE INDEX entities_name ON entities USING gin (name_doc)",
    "DROP INDEX events_location",
    "CREATE INDEX events_location ON events USING gin (to_tsvector('simple', newsdesk_fold(coalesce(location, ''))))",
)

# Word filters from an index (#5): `quotes --speaker/--words`, `said:` and `entities NAME` look for
# each word anywhere in a name or quote (contains.py). SQLite: FTS5 tables with the trigram
# tokenizer over the quotes' speakers and texts and the entities' names, their content read from
# those tables (no copy), kept by triggers and filled here ('rebuild'). PostgreSQL: pg_trgm indexes,
# made by contains.trigram_indexes after these statements. Both: an entity's titles are read from
# its newest articles by (name, type), where every entity row was read for each entity listed.
_SQLITE_TRIGRAMS = (
    "CREATE VIRTUAL TABLE quotes_fts USING fts5(speaker, text, content='quotes', content_rowid='pk', "
    "tokenize='trigram', detail='none')",
    """CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
        INSERT INTO quotes_fts (rowid, speaker, text) VALUES (new.pk, new.speaker, new.text); END""",
    """CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
        INSERT INTO quotes_fts (quotes_fts, rowid, speaker, text)
        VALUES ('delete', old.pk, old.speaker, old.text); END""",
    """CREATE TRIGGER quotes_fts_update AFTER UPDATE ON quotes BEGIN
        INSERT INTO quotes_fts (quotes_fts, rowid, speaker, text) VALUES ('delete', old.pk, old.speaker, old.text);
        INSERT INTO quotes_fts (rowid, speaker, text) VALUES (new.pk, new.speaker, new.text); END""",
    "INSERT INTO quotes_fts (quotes_fts) VALUES ('rebuild')",
    "CREATE VIRTUAL TABLE entities_fts USING fts5(name, content='entities', content_rowid='pk', "
    "tokenize='trigram', detail='none')",
    """CREATE TRIGGER entities_fts_insert AFTER INSERT ON entities BEGIN
        INSERT INTO entities_fts (rowid, name) VALUES (new.pk, new.name); END""",
    """CREATE TRIGGER entities_fts_delete AFTER DELETE ON entities BEGIN
        INSERT INTO entities_fts (entities_fts, rowid, name) VALUES ('delete', old.pk, old.name); END""",
    """CREATE TRIGGER entities_fts_update AFTER UPDATE ON entities BEGIN
        INSERT INTO entities_fts (entities_fts, rowid, name) VALUES ('delete', old.pk, old.name);
        INSERT INTO entities_fts (rowid, name) VALUES (new.pk, new.name); END""",
    "INSERT INTO entities_fts (entities_fts) VALUES ('rebuild')",
)
_ENTITY_TITLES = "CREATE INDEX entities_name_type ON entities (name, type, article_pk)"

# Editors' corrections of the stories (#6): each move of an article (its copies with it) into
# another story or a new one, and each merge of two stories, in the order made. `stories --rebuild`
# clears the story tables but not this one, and makes each correction again right after assigning
# `after_article` (the article assigned last before it), finding the stories by their articles
# (`anchor`: a member of the story kept or gone to). The story log holds them too (status
# move or merge), so every StoryDesk replays them in step.
_STORY_EDITS = _both(
    """CREATE TABLE story_edits (
        pk {pk},
        kind TEXT NOT NULL,
        article_id TEXT NOT NULL,
        story_id TEXT NOT NULL,
        source TEXT NOT NULL,
        moved {json} NOT NULL,
        new_story BOOLEAN NOT NULL,
        anchor TEXT,
        after_article TEXT,
        editor TEXT,
        created_at TEXT NOT NULL)""",
)

# Events filters from indexes (#5): `newsdesk events` and /api/events list the latest first by the
# event's own date, else its article's publication time, which an index on the events table alone
# cannot hold while it is computed across two tables. `happened` keeps it on each event row (the
# store writes it with the row; an article's update writes its events again), so the latest events,
# of one type or in a range of dates, are read from an index in order and the walk stops at the
# limit. The party and place words (actor, target, location) are looked for as the quotes' speakers
# are (contains.py): SQLite an FTS5 trigram table kept by triggers, PostgreSQL pg_trgm indexes that
# migrations.py makes after these statements.
_EVENT_ORDER = ("happened DESC, article_pk DESC, pk", "happened DESC NULLS LAST, article_pk DESC, pk")
_SQLITE_EVENTS = (
    "ALTER TABLE events ADD COLUMN happened TEXT",
    "UPDATE events SET happened = coalesce(date, (SELECT published FROM articles WHERE pk = events.article_pk))",
    f"CREATE INDEX events_happened ON events ({_EVENT_ORDER[0]})",
    f"CREATE INDEX events_type_happened ON events (type, {_EVENT_ORDER[0]})",
    "CREATE VIRTUAL TABLE events_fts USING fts5(actor, target, location, content='events', content_rowid='pk', "
    "tokenize='trigram', detail='none')",
    """CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
        INSERT INTO events_fts (rowid, actor, target, location) VALUES (new.pk, new.actor, new.target, new.location);
        END""",
    """CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
        INSERT INTO events_fts (events_fts, rowid, actor, target, location)
        VALUES ('delete', old.pk, old.actor, old.target, old.location); END""",
    """CREATE TRIGGER events_fts_update AFTER UPDATE OF actor, target, location ON events BEGIN
        INSERT INTO events_fts (events_fts, rowid, actor, target, location)
        VALUES ('delete', old.pk, old.actor, old.target, old.location);
        INSERT INTO events_fts (rowid, actor, target, location) VALUES (new.pk, new.actor, new.target, new.location);
        END""",
    "INSERT INTO events_fts (events_fts) VALUES ('rebuild')",
)
_POSTGRES_EVENTS = (
    "ALTER TABLE events ADD COLUMN happened TEXT",
    "UPDATE events e SET happened = coalesce(e.date, a.published) FROM articles a WHERE a.pk = e.article_pk",
    f"CREATE INDEX events_happened ON events ({_EVENT_ORDER[1]})",
    f"CREATE INDEX events_type_happened ON events (type, {_EVENT_ORDER[1]})",
)

# Entity rows per (name, type), copies and all: the bound people.py ranks the most named by (schema
# step 22). Derived, like the search indexes: a copy of the database (export.py) leaves it to its triggers.
_SQLITE_ENTITY_COUNTS = (
    "CREATE TABLE entity_counts (name TEXT NOT NULL, type TEXT NOT NULL, mentions INTEGER NOT NULL, "
    "PRIMARY KEY (name, type))",
    "CREATE INDEX entity_counts_most ON entity_counts (mentions)",
    "CREATE INDEX entity_counts_type_most ON entity_counts (type, mentions)",
    """CREATE TRIGGER entity_counts_insert AFTER INSERT ON entities BEGIN
        INSERT INTO entity_counts (name, type, mentions) VALUES (new.name, new.type, 1)
        ON CONFLICT (name, type) DO UPDATE SET mentions = mentions + 1; END""",
    """CREATE TRIGGER entity_counts_delete AFTER DELETE ON entities BEGIN
        UPDATE entity_counts SET mentions = mentions - 1 WHERE name = old.name AND type = old.type;
        DELETE FROM entity_counts WHERE name = old.name AND type = old.type AND mentions <= 0; END""",
    """CREATE TRIGGER entity_counts_update AFTER UPDATE OF name, type ON entities BEGIN
        UPDATE entity_counts SET mentions = mentions - 1 WHERE name = old.name AND type = old.type;
        DELETE FROM entity_counts WHERE name = old.name AND type = old.type AND mentions <= 0;
        INSERT INTO entity_counts (name, type, mentions) VALUES (new.name, new.type, 1)
        ON CONFLICT (name, type) DO UPDATE SET mentions = mentions + 1; END""",
    "INSERT INTO entity_counts (name, type, mentions) SELECT name, type, count(*) FROM entities "
    "WHERE true GROUP BY name, type",
)

_CHECKPOINTS = """CREATE TABLE story_checkpoints (
        params TEXT PRIMARY KEY,
        version INTEGER NOT NULL,
        seq BIGINT NOT NULL,
        article_id TEXT NOT NULL,
        state {blob} NOT NULL,
        created_at TEXT NOT NULL)"""

STEPS: tuple[Step, ...] = (
    Step(1, "articles, versions, entities, quotes, events, full-text search",
         _ARTICLE_TABLES[0] + _SQLITE_SEARCH, _ARTICLE_TABLES[1] + _POSTGRES_SEARCH),
    Step(2, "sources and fetch log", *_SOURCE_TABLES),
    Step(3, "links found by the monitor", *_LINK_TABLES),
    Step(4, "stories, story members, developments", *_STORY_TABLES),
    Step(5, "watches, alerts, outbox, push subscriptions, accounts, tokens, state", *_ALERT_TABLES),
    # place: finds an event's place too (the map pins it there). SQLite: articles_fts's place column
    # gains the events' locations, so every row is indexed again (migrations.py does it after this step's
    # statements); PostgreSQL: the filter reads events.location, indexed like entity names.
    Step(6, "place: filter covers event locations", (),
         ("CREATE INDEX events_location ON events USING gin (to_tsvector('simple', coalesce(location, '')))",)),
    Step(7, "story log: each assignment's moves, for an exact restart", *_STORY_LOG),
    Step(8, "development pks never repeat (SQLite: AUTOINCREMENT)", _SQLITE_DEVELOPMENT_KEYS, ()),
    Step(9, "word-pair index for two-word phrases (SQLite)", _SQLITE_BIGRAMS, ()),
    Step(10, "search folds accents and indexes very long texts (PostgreSQL)", (), _POSTGRES_FOLD),
    Step(11, "speaker, quote and name filters from trigram indexes", (*_SQLITE_TRIGRAMS, _ENTITY_TITLES),
         (_ENTITY_TITLES,)),
    # Phrases of three words or more from articles_bigrams too (SQLite): a pair left out (next to a
    # token holding U+001F) leaves a hole in its place; migrations.py indexes such articles again.
    Step(12, "word-pair index keeps each pair's place, for longer phrases (SQLite)", (), ()),
    Step(13, "events filters from indexes: each event's date, party and place words", _SQLITE_EVENTS,
         _POSTGRES_EVENTS),
    Step(14, "editors' corrections of the stories: moves and merges", *_STORY_EDITS),
    # A story folded into another repoints the stories merged into it before (stories.py, _fold): each
    # fold read every story row (37 ms at 200k stories). Few stories are merged away: the index holds those.
    Step(15, "stories merged into another, by index", *_both(
        "CREATE INDEX stories_merged_into ON stories (merged_into) WHERE merged_into IS NOT NULL")),
    # A development an editor's correction made new (a story told again, #6) is no news: alerts skip
    # it (developments_after(..., retold=False)); the story's timeline and the live pages show it.
    Step(16, "developments an editor's correction made: marked, alerts skip them", *_both(
        "ALTER TABLE developments ADD COLUMN retold BOOLEAN NOT NULL DEFAULT FALSE")),
    # A StoryDesk started by replaying the whole story log (30 s at 100k articles): it starts from its
    # tracker's state as of a log seq (stories/checkpoint.py, one row per tracker params) and replays
    # only the log past it. A rebuild clears them with the log.
    Step(17, "story tracker checkpoints: a desk starts from one, not from the whole log",
         (_CHECKPOINTS.format(blob="BLOB"),), (_CHECKPOINTS.format(blob="BYTEA"),)),
    # The newest articles first, in the order the quotes list sorts by (#8): PostgreSQL's ascending date
    # index gives NULLs first when read backwards, so the list sorted every quote (350 ms at 30k articles,
    # 1 ms walking this). SQLite walks its date index already (NULLs sort first there too, so last backwards).
    Step(18, "the newest articles first by index: the quotes list walks it (PostgreSQL)", (),
         ("CREATE INDEX articles_newest ON articles (published DESC NULLS LAST, pk DESC)",)),
    # A site that answers 429 with a Retry-After pauses its every source until then (#5): no failure, so
    # not in error_count; kept here so that `source list`, the sources page and a restarted monitor know.
    Step(19, "sources paused by their site (Retry-After): until when", *_both(
        "ALTER TABLE sources ADD COLUMN paused_until TEXT")),
    # Deep pages of the quotes list (#8): page 200 reads 24,000 quotes to merge the same words said again,
    # and each read its article's row (the whole record) for the date and id: 8,000 articles, 0.2-0.5 s
    # on SQLite. This index holds them in the walk's order (PostgreSQL keeps the record apart, TOAST).
    Step(20, "the newest articles first with their ids, by index: deep quotes pages (SQLite)",
         ("CREATE INDEX articles_newest_ids ON articles (published, pk, id)",), ()),
    # The same for a row found another way (an event, a quote with words, an entity): its article's date
    # and id by key from this index, not from the article's row (SQLite; PostgreSQL's rows are small).
    Step(21, "articles' dates and ids by key, by index: deep lists (SQLite)",
         ("CREATE INDEX articles_key_ids ON articles (pk, published, id)",), ()),
    # The entities API and the people page without dates (#8) ranked entities by an upper bound of
    # their count, every entity row grouped by name first (0.4-0.6 s at 800k rows). The bounds are
    # kept here by triggers instead (SQLite, one writer; PostgreSQL's writers would deadlock on them).
    Step(22, "entities' mentions counted as they are stored: the most named without a scan (SQLite)",
         _SQLITE_ENTITY_COUNTS, ()),
    # Each row of a deep page of the quotes or events lists asks whether its article is a copy and in which
    # story (#8): 40,000 rows read as many story_articles rows beside the key's index (0.25 s on SQLite).
    Step(23, "each article's story and copy by index: deep lists (SQLite)",
         ("CREATE INDEX story_articles_copies ON story_articles (article_id, copy_of, story_id)",), ()),
    # event:ASSAULT found a foiled plot and a denied strike (#5, #7): an event the article says did not
    # happen is left out of articles_fts's event column; migrations.py indexes such articles again.
    # PostgreSQL's filter reads the events' modality itself.
    Step(24, "event: finds no event the article says did not happen (SQLite)", (), ()),
    # A quotes page after a cursor (#8) leaves out a statement a page before it showed: looked up by
    # the start of its words here, instead of merging every row before the cursor again. PostgreSQL
    # knows how selective an expression index is only once analysed (autovacuum would wait for changes):
    # without that it scanned every quote for a page's 100 statements (0.23 s, not 14 ms, at 60k quotes).
    Step(25, "quotes by the start of their words: cursor pages leave out what earlier pages showed",
         (f"CREATE INDEX quotes_said ON quotes ({said('sqlite', 'text')})",),
         (f"CREATE INDEX quotes_said ON quotes ({said('postgres', 'text')})", "ANALYZE quotes")),
    # The quotes list holds statements (#8): a stance ("blocked [a vote]", PolNeAR's attribution too) is
    # listed only when asked for. Each row keeps what newsdesk/statements.py says of it (its cue is in the
    # article's record only); migrations.py fills it for the rows already stored, from those records.
    Step(26, "quotes: each a statement or a stance, the list showing statements", *_both(
        "ALTER TABLE quotes ADD COLUMN statement BOOLEAN NOT NULL DEFAULT TRUE")),
)
