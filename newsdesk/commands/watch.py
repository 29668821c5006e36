"""``newsdesk watch add|edit|list|show|remove|pause|resume|test``: watch rules and where their alerts go."""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
from collections.abc import Callable

import click

from ..alerts.compose import alert_json
from ..alerts.deliver import Deliverer
from ..alerts.flow import DIGESTS, check
from ..alerts.match import Matcher, NewDevelopment, Rule
from ..alerts.records import (
    Alert,
    AlertArticle,
    AlertStory,
    Channel,
    Delivery,
    DeliveryTally,
    Options,
    Reason,
    Watch,
    channels_of,
)
from ..alerts.service import lazy_country_of
from ..alerts.store import AlertStore
from ..errors import NewsdeskError, one_line
from ..settings import Settings
from ..store import Store
from ..store.migrations import now
from ..store.people import NameFilter
from ..store.query import Field, parse, walk
from ..store.quotes import QuoteFilter
from ..types import to_dict
from .addresses import note_refused_address
from .store import QueryCommand, _fail, _opened, db_option


@click.group("watch")
def watch_group() -> None:
    """Watch rules: alerts on new stories and developments that match a query (see docs/alerts.md)."""


def _watch_options(command: Callable[..., None]) -> Callable[..., None]:
    """The channels and flood control ``watch add`` and ``watch edit`` take."""
    options = (
        click.option("--webhook", metavar="URL", help="POST each alert here, signed with the watch's secret."),
        click.option("--email", metavar="ADDR", help="Email each alert here (settings smtp_*)."),
        click.option("--atom", is_flag=True, help="Keep an Atom feed of the alerts (GET /api/watches/ID/atom)."),
        click.option("--ntfy", metavar="TOPIC", help="Publish each alert to this ntfy topic (a name, or a full URL)."),
        click.option("--webpush", is_flag=True, help="Send alerts to browsers subscribed to this watch (Web Push)."),
        click.option("--slack", metavar="URL", help="Post each alert to this Slack incoming webhook (Mattermost and "
                                                   "Rocket.Chat take the same)."),
        click.option("--discord", metavar="URL", help="Post each alert to this Discord webhook."),
        click.option("--telegram", metavar="CHAT", help="Have the bot of telegram_bot_token post each alert to this "
                                                       "chat (a chat id, or @channel)."),
        click.option("--max-per-hour", type=click.IntRange(1), help="At most N alerts an hour; the rest come as one "
                                                                  "digest."),
        click.option("--digest", type=click.Choice(DIGESTS), help="One message per hour or per day instead of each "
                                                                  "alert."),
        click.option("--quiet", metavar="HH:MM-HH:MM", help="Quiet hours: alerts wait until they end (one digest)."),
        click.option("--timezone", default="UTC", show_default=True, help="Time zone of --quiet and daily digests."),
    )
    for option in reversed(options):
        command = option(command)
    return command


_WANTS = {"webhook": "an http:// or https:// URL", "email": "an email address",
          "ntfy": "a topic (a name, or a full URL)", "slack": "an incoming-webhook URL",
          "discord": "an incoming-webhook URL", "telegram": "a chat id, or @channel"}


def _channels(webhook: str | None, email: str | None, atom: bool, ntfy: str | None, webpush: bool,
              slack: str | None, discord: str | None, telegram: str | None) -> list[Channel]:
    """The channels the options name; an option given empty (``--webhook ""``, an unset variable in a
    script) is refused: it was dropped without a word and the watch stored with no channel at all."""
    given = {"webhook": webhook, "email": email, "ntfy": ntfy, "slack": slack, "discord": discord,
             "telegram": telegram}
    for name, value in given.items():
        if value is not None and not value.strip():
            _fail(f"--{name} {value!r}: wants {_WANTS[name]}, got nothing")
    return channels_of(webhook, email, atom, ntfy, webpush, slack, discord, telegram)


def _said_words(store: Store, query: str) -> list[str]:
    """A note for each ``said:X`` of the rule that names no one but words quotes say: ``said:`` is who
    speaks, so ``said:ceasefire`` (meant: a quote saying "ceasefire") was kept and never fired. Only when
    the stored quotes show it: no speaker and no person is named so, and some quote holds the words."""
    notes = []
    for node, _ in walk(parse(query)):
        if not isinstance(node, Field) or node.name != "said":
            continue
        value = node.value
        if store.quotes(QuoteFilter(speaker=value), limit=1) or store.entities(NameFilter("person", value), limit=1):
            continue
        if store.quotes(QuoteFilter(words=value), limit=1):
            shown = f'"{value}"' if " " in value else value
            notes.append(f"note: said: names who speaks, and no stored quote is by anyone called {shown} (quotes "
                         f"do say it): for a quote saying it, write said:NAME {shown}, or {shown} alone")
    return notes


def _said(watch: Watch, notes: list[str]) -> None:
    click.echo(json.dumps({"id": watch.id, "query": watch.query, "channels": to_dict(watch.channels),
                           "secret": watch.secret}, ensure_ascii=False))
    for note in notes:
        click.echo(note, err=True)
    if not watch.channels:  # it was stored without a word: alerts then reach only the API and the open pages
        click.echo("note: no channel given: alerts are kept (GET /api/watches/ID/alerts, the web pages) but sent "
                   "nowhere; add --webhook, --email, --atom, --ntfy, --webpush, --slack, --discord or --telegram",
                   err=True)
    try:
        settings = Settings.load()
    except NewsdeskError:  # a bad setting is run's to report; the watch is stored
        return
    kinds = {c.type for c in watch.channels}
    for channel in watch.channels:  # a receiver on this machine: every delivery refused, in the outbox only
        note_refused_address(channel.target, settings, "note: ")
    # else its alerts fail one by one in the outbox, and the first word of it is a failed delivery
    if "email" in kinds and not settings.smtp_host:
        click.echo("note: no SMTP server is set (smtp_host, e.g. NEWSDESK_SMTP_HOST=mail.example.org): email alerts "
                   "fail until the service has one", err=True)
    if "telegram" in kinds and not settings.telegram_bot_token:
        click.echo("note: no Telegram bot is set (telegram_bot_token): Telegram alerts fail until the service has "
                   "one", err=True)


@watch_group.command("add", cls=QueryCommand)
@click.argument("query")
@db_option
@_watch_options
def add_command(query: str, db: str | None, webhook: str | None, email: str | None, atom: bool, ntfy: str | None,
                webpush: bool, slack: str | None, discord: str | None, telegram: str | None, max_per_hour: int | None,
                digest: str | None, quiet: str | None, timezone: str) -> None:
    """Add a watch; prints it as JSON: {"id", "query", "channels", "secret"}.

    \b
    QUERY is search's language (docs/alerts.md): words, "a phrase", person:NAME,
    org:NAME, place:NAME (place:Kyiv~50km), said:SPEAKER (said:Putin ceasefire:
    Putin saying it), event:TYPE (ASSAULT, PROTEST …), source:NAME, since:DATE,
    AND, OR, NOT, ( ). It fires on new stories and on what later articles add.

    \b
    Examples:
      newsdesk watch add 'place:Kyiv "military activity"' --webhook https://example.org/hook
      newsdesk watch add 'person:Zelensky ceasefire' --email me@example.org --digest daily
      newsdesk watch add 'org:OPEC oil' --slack https://hooks.slack.com/services/T0/B0/X
    """
    channels = _channels(webhook, email, atom, ntfy, webpush, slack, discord, telegram)
    with _opened(db) as store:
        options = check(Options(max_per_hour, digest, quiet, timezone))
        watch = AlertStore(store).add_watch(query, channels, options)
        notes = _said_words(store, watch.query)
    _said(watch, notes)


@watch_group.command("edit", cls=QueryCommand)
@click.argument("watch_id", metavar="ID")
@click.argument("query")
@db_option
@_watch_options
def edit_command(watch_id: str, query: str, db: str | None, webhook: str | None, email: str | None, atom: bool,
                 ntfy: str | None, webpush: bool, slack: str | None, discord: str | None, telegram: str | None,
                 max_per_hour: int | None, digest: str | None, quiet: str | None, timezone: str) -> None:
    """Set a watch's rule, channels and flood control to what `watch add` would make of them, keeping its id,
    secret, alerts and push subscriptions (ID may be shortened); it fires on what arrives from now on.

    \b
    Examples:
      newsdesk watch edit w5d2e81 'place:Kyiv ceasefire' --webhook https://example.org/hook
      newsdesk watch edit w5d2e81 'person:Zelensky' --email me@example.org --digest daily
    """
    channels = _channels(webhook, email, atom, ntfy, webpush, slack, discord, telegram)
    with _opened(db) as store:
        alerts = AlertStore(store)
        watch_id = _resolved(alerts, watch_id)
        options = check(Options(max_per_hour, digest, quiet, timezone))
        watch = alerts.edit_watch(watch_id, query, channels, options)
        if watch is None:
            _fail(f"no watch with id {watch_id}")
        notes = _said_words(store, watch.query)
    _said(watch, notes)


@watch_group.command("list")
@db_option
@click.option("--jsonl", is_flag=True, help="One JSON line per watch (secrets left out).")
def list_command(db: str | None, jsonl: bool) -> None:
    """List the watches: id, rule, channels, flood control, alerts held for a digest or quiet hours (and
    until when), whether it is paused, and deliveries that fail."""
    with _opened(db) as store:
        alerts = AlertStore(store)
        found = alerts.watches()
        tallies = alerts.tallies(found)
        # alerts waiting for a digest, quiet hours' end or the hourly limit: a watch that had matched looked
        # like one that had not ("nothing came"), as they show in no delivery yet
        held = alerts.held_due("9999")
    for w in found:
        tally = tallies.get(w.id, DeliveryTally())
        waiting = held.get(w.id, [])
        until = min((a.due_at for a in waiting if a.due_at), default=None)
        if jsonl:
            record = {k: v for k, v in to_dict(w).items() if k != "secret"}
            click.echo(json.dumps(record | {"deliveries": to_dict(tally), "held": len(waiting), "held_until": until},
                                  ensure_ascii=False))
        else:
            where = ", ".join(f"{c.type} {c.target}".strip() for c in w.channels) or "no channel"
            paused = "  (paused)" if w.options.paused else ""  # else a paused watch looks like one that fires
            kept = f"  ({len(waiting)} held until {_minute(until)})" if waiting and until else ""
            click.echo(f"{w.id}  {w.query}  → {where}{_flood(w.options)}{kept}{paused}{_trouble(tally)}")
    if not found and not jsonl:
        click.echo("no watches yet: add one with newsdesk watch add QUERY --webhook URL", err=True)


def _minute(stamp: str) -> str:
    """An ISO time as ``2026-12-04 00:00 UTC``."""
    return dt.datetime.fromisoformat(stamp).astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def _flood(options: Options) -> str:
    """A watch's flood control as ``watch list`` shows it (it showed none: a digest watch looked like one
    that sends at once): ``  [digest daily; quiet 22:00-07:00 Europe/Kyiv]``."""
    zone = f" {options.timezone}" if options.timezone != "UTC" else ""
    said = ([f"digest {options.digest}{zone if options.digest == 'daily' else ''}"] if options.digest else []) + (
        [f"at most {options.max_per_hour} an hour"] if options.max_per_hour else []) + (
        [f"quiet {options.quiet}{zone}"] if options.quiet else [])
    return f"  [{'; '.join(said)}]" if said else ""


def _trouble(tally: DeliveryTally) -> str:
    """What ``watch list`` says of deliveries that fail (a receiver gone, refusing, down): nothing when none does."""
    if tally.last_error is None:
        return ""
    failed = f", {tally.failed} failed for good" if tally.failed else ""
    return f"  ! failing: {one_line(tally.last_error)} ({tally.pending} waiting{failed}; see newsdesk watch show ID)"


@watch_group.command("show")
@click.argument("watch_id", metavar="ID")
@db_option
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True, help="Show the N latest alerts.")
def show_command(watch_id: str, db: str | None, limit: int) -> None:
    """Print a watch as JSON (its secret left out), how its deliveries stand, and its latest alerts, each with
    its deliveries: channel, target, state, attempts, error and next try (ID may be shortened)."""
    with _opened(db) as store:
        alerts = AlertStore(store)
        found = alerts.watch(_resolved(alerts, watch_id))
        if found is None:
            _fail(f"no watch with id {watch_id}")
        latest = alerts.alerts(found.id, limit)
        outbox = alerts.deliveries(found.id, limit * 4 * max(1, len(found.channels)))
        tally = alerts.tallies([found]).get(found.id, DeliveryTally())
    sent: dict[str, list[dict[str, object]]] = {}
    for d in reversed(outbox):
        for alert_id in d.alerts:
            sent.setdefault(alert_id, []).append(
                {"id": d.id, "channel": d.channel, "target": d.target, "state": d.state, "attempts": d.attempts,
                 "error": d.last_error} | ({"next_try": d.next_at} if d.state == "pending" else {}))
    record = {k: v for k, v in to_dict(found).items() if k != "secret"} | {"deliveries": to_dict(tally)}
    record["alerts"] = [alert_json(a) | {"state": a.state} | ({"due_at": a.due_at} if a.due_at else {})
                        | {"deliveries": sent.get(a.id, [])} for a in latest]
    click.echo(json.dumps(record, ensure_ascii=False, indent=2))


@watch_group.command("remove")
@click.argument("watch_id", metavar="ID")
@db_option
def remove_command(watch_id: str, db: str | None) -> None:
    """Remove a watch (its alerts and pending deliveries go with it); ID may be shortened to a unique
    prefix of 4 digits or more after the w."""
    with _opened(db) as store:
        alerts = AlertStore(store)
        watch_id = _resolved(alerts, watch_id)
        if not alerts.remove_watch(watch_id):
            _fail(f"no watch with id {watch_id}")
    click.echo(f"removed {watch_id}", err=True)


def _resolved(alerts: AlertStore, watch_id: str) -> str:
    """The full id of the watch ``watch_id`` is (or starts), as show and story take a short id."""
    try:
        return alerts.resolve_watch(watch_id)
    except NewsdeskError as exc:
        # the store's prefix lookup wants 4 hex digits after the "w" (so that watch test tells a word from
        # an id, and "remove w" never removes the one watch there is); a shorter start said "no watch with
        # id wa47" of a watch whose id starts so
        wanted = watch_id.strip().lower()
        if re.fullmatch(r"w[0-9a-f]{0,3}", wanted) and any(w.id.startswith(wanted) for w in alerts.watches()):
            _fail(f"id {watch_id} is too short: give at least 4 digits after the w (see: newsdesk watch list)")
        _fail(exc.reason)


@watch_group.command("pause")
@click.argument("watch_id", metavar="ID")
@db_option
def pause_command(watch_id: str, db: str | None) -> None:
    """Pause a watch: it fires on nothing until resumed (ID may be shortened to a unique prefix of 4
    digits or more after the w)."""
    _set_paused(watch_id, db, True)


@watch_group.command("resume")
@click.argument("watch_id", metavar="ID")
@db_option
def resume_command(watch_id: str, db: str | None) -> None:
    """Resume a paused watch (it fires on what arrives from now on; ID may be shortened to a unique
    prefix of 4 digits or more after the w)."""
    _set_paused(watch_id, db, False)


def _set_paused(watch_id: str, db: str | None, paused: bool) -> None:
    with _opened(db) as store:
        alerts = AlertStore(store)
        watch_id = _resolved(alerts, watch_id)
        before = alerts.watch(watch_id)
        if before is None or alerts.pause_watch(watch_id, paused) is None:
            _fail(f"no watch with id {watch_id}")
        # what arrived while it was paused is never alerted: say so, and how to see it
        skipped = alerts.articles_since(before.options.after) if before.options.paused and not paused else 0
    said = f"{'paused' if paused else 'resumed'} {watch_id}"
    if skipped:
        said += (f": {skipped} article{'s' if skipped > 1 else ''} stored while it was paused will not be alerted "
                 f"(see what it matches: newsdesk watch test {watch_id})")
    click.echo(said, err=True)


@watch_group.command("test", cls=QueryCommand)
@click.argument("watch", metavar="ID|QUERY")
@db_option
@click.option("--limit", type=click.IntRange(1, 100_000), default=1000, show_default=True,
              help="Look at the N articles stored last.")
@click.option("--send", is_flag=True, help="Also send one sample alert (the newest match) to the watch's channels.")
def test_command(watch: str, db: str | None, limit: int, send: bool) -> None:
    """Which stored articles a watch (or a query) matches, each with the sentence it would give;
    one JSON line each (a syndicated copy left out: it makes no alert). Nothing is recorded.

    \b
    Examples:
      newsdesk watch test 'org:OPEC oil' --limit 200
      newsdesk watch test w3f9c --send
    """
    with _opened(db) as store:
        alerts = AlertStore(store)
        found = _watch_named(alerts, watch)
        query = found.query if found else watch
        matcher = Matcher([Rule("test", parse(query))], country_of=lazy_country_of())  # as the service matches
        last = store.last_articles(limit)  # only these are read (it read every stored article)
        hits: list[Alert] = []
        titles: dict[str, str | None] = {}  # a story's title, as a real alert carries it (it was null)
        copies: set[str] = set()  # articles of those stories that copy another (a wire story's reprints)

        def story_of(article_id: str) -> AlertStory:
            story_id = store.story_of(article_id)
            if story_id is not None and story_id not in titles:
                story = store.story(story_id)
                titles[story_id] = story.title if story else None
                copies.update(m.id for m in (story.members if story else ()) if m.copy_of)
            return AlertStory(story_id, titles.get(story_id) if story_id else None)

        looked = copied = 0
        for article in last:
            looked += 1
            for hit in matcher.match(article, [NewDevelopment(0, "story", article.title or "")]):
                story = story_of(article.id)
                if article.id in copies:  # a copy makes no development, so never an alert: one wire story
                    copied += 1  # printed once per outlet reprinting it said "three alerts" of one
                    continue
                hits.append(Alert("a" + secrets.token_hex(8), found.id if found else "test", story,
                                  AlertArticle(article.id, article.title, article.url, article.source,
                                               article.published),
                                  Reason(query, hit.sentence), None, "queued", now()))
        for alert in hits:
            click.echo(json.dumps(alert_json(alert), ensure_ascii=False))
        if not hits and not copied:  # stdout stays JSON lines only; a person is told why there are none
            click.echo(_no_match(watch, found, looked), err=True)
            for note in _said_words(store, query):  # said:ceasefire: the likely why
                click.echo(note, err=True)
        if copied:
            click.echo(f"left out: {copied} cop{'ies' if copied > 1 else 'y'} of another stored article (a syndicated "
                       "near-duplicate makes no alert)", err=True)
        if send:
            if found is None:
                _fail("--send needs the id of a stored watch")
            _send_sample(alerts, found.id, hits[-1] if hits else None)


def _no_match(argument: str, found: Watch | None, looked: int) -> str:
    """What ``watch test`` says when the rule matches nothing (it said nothing at all)."""
    if not looked:
        return "no articles stored yet: nothing to test the rule on"
    said = f"no stored article matches (looked at the last {looked})"
    if found is None and re.fullmatch(r"w[0-9a-f]{4,12}", argument.strip().lower()):
        said += f" (no watch has the id {argument.strip()}: it was searched as words)"
    return said


def _watch_named(alerts: AlertStore, argument: str) -> Watch | None:
    """The watch ``argument`` names, or None for a query: an id, or a start of one (five characters at
    least, so that a word such as "wade" stays a word) that no other watch's id shares."""
    if not re.fullmatch(r"w[0-9a-f]{4,12}", argument.strip().lower()):
        return None
    found = alerts.watch_ids(argument)
    if len(found) > 1:
        _fail(f"id {argument} is ambiguous; give more of it")
    return alerts.watch(found[0]) if found else None


def _send_sample(alerts: AlertStore, watch_id: str, alert: Alert | None) -> None:
    watch = alerts.watch(watch_id)
    assert watch is not None
    sample = alert or Alert("a" + secrets.token_hex(8), watch.id, AlertStory(None, "newsdesk test"),
                            AlertArticle("test", "newsdesk test alert", None), Reason(watch.query, "A test."),
                            None, "queued", now())
    deliverer = Deliverer(alerts, Settings.load(), workers=1)
    failed = False
    try:
        if not watch.channels:
            click.echo("nothing sent: the watch has no channel", err=True)
        for channel in watch.channels:
            targets = [p.endpoint for p in alerts.pushes(watch.id)] if channel.type == "webpush" else [channel.target]
            if channel.type == "atom":  # read, not sent: --send said nothing of it
                click.echo(f"atom: nothing to send (readers get GET /api/watches/{watch.id}/atom)", err=True)
                continue
            if not targets:
                click.echo("webpush: nothing sent: no browser is subscribed to this watch yet", err=True)
            for target in targets:
                delivery = Delivery("test-" + secrets.token_hex(6), watch.id, channel.type, target, (sample.id,),
                                    alert_json(sample), "pending", 0, now(), now())
                try:
                    deliverer.send(delivery)
                    click.echo(f"sent: {channel.type} {target}", err=True)
                except NewsdeskError as exc:
                    failed = True
                    click.echo(f"newsdesk: error: {one_line(f'{channel.type} {target}: {exc.reason}')}", err=True)
    finally:
        deliverer.close()
    if failed:
        raise SystemExit(1)
