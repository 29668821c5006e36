"""The JSON API (mounted at ``/api``): stories, articles, quotes, events, watches, alerts, Web Push.

Thin: each route calls the store or the alert store and returns their records as JSON
(``types.to_dict``); errors are ``{"error": "…"}`` with 400 (bad input), 401, 404 or 422 (a parameter
of the wrong type or range; ``detail`` then lists them as FastAPI does).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response
from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from ..alerts import atom
from ..alerts.channels.webpush import public_key
from ..alerts.compose import alert_json
from ..alerts.deliver import vapid_key
from ..alerts.flow import check
from ..alerts.records import Alert, Channel, Options, PushSubscription, Watch, channels_of
from ..alerts.store import AlertStore
from ..errors import InputError
from ..store import EventFilter, EventHit, NameFilter, NameHit, QuoteFilter, QuoteHit, Store
from ..store.query import EVENT_TYPES
from ..stories import StoryDesk
from ..types import Article, Modality, to_dict
from . import feeds
from .views import story_view

router = APIRouter()
MAX_OFFSET = 2**63 - 1  # what a database integer holds


def _unicode(value: str) -> str:
    """Refuse a lone surrogate (JSON lets ``"\\ud800"`` through): stored, it would break every answer
    that shows it."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError(f"not valid Unicode (a lone surrogate at character {exc.start})") from None
    return value


Text = Annotated[str, AfterValidator(_unicode)]


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _alerts(request: Request) -> AlertStore:
    alerts: AlertStore = request.app.state.alerts
    return alerts


def _article(store: Store, article_id: str) -> Article:
    try:
        found = store.get(article_id) or store.get(store.resolve_id(article_id))
    except InputError:  # an ambiguous or unknown prefix (a database failure is a 500)
        found = None
    if found is None:
        raise HTTPException(404, f"no article {article_id}")
    return found


# -- stories and articles ---------------------------------------------------------------------------
@router.get("/stories", tags=["stories"], summary="Stories, the most recently updated first (without developments)")
def stories(request: Request, limit: int = Query(20, ge=1, le=500),
            offset: int = Query(0, ge=0, le=MAX_OFFSET)) -> list[Any]:
    """The list leaves developments out, as ``newsdesk stories --jsonl`` does (it gave ``[]``, which
    read as "nothing happened"); ``/api/stories/{id}`` has them."""
    listed = [to_dict(s) for s in _store(request).stories(limit, offset)]
    for record in listed:
        if not record.get("developments"):
            record.pop("developments", None)
    return listed


@router.get("/stories/{story_id}", tags=["stories"], summary="One story with its articles and developments")
def story(request: Request, story_id: str) -> Any:
    found = _store(request).story(story_id)
    if found is None:
        raise HTTPException(404, f"no story {story_id}")
    return to_dict(found)


@router.get("/stories/{story_id}/atom", tags=["stories"], summary="A story as an Atom feed: each article that "
            "added something, newest first", response_class=Response,
            responses={200: {"content": {"application/atom+xml": {}}}})
def story_feed(request: Request, story_id: str) -> Response:
    store = _store(request)
    found = store.story(story_id)
    if found is None:
        raise HTTPException(404, f"no story {story_id}")
    body = feeds.story_feed(story_view(found, store.get), str(request.url), str(request.base_url).rstrip("/"))
    return Response(body, media_type="application/atom+xml; charset=utf-8")


# -- editors' corrections of the stories (#6) ---------------------------------------------------------
class MoveIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    article: Text = Field(min_length=1, description="an article of the story (id, or a unique prefix)")
    to: Text = Field(min_length=1, description='the story it goes to (id, or a unique prefix), or "new"',
                     examples=["new"])


class MergeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    other: Text = Field(min_length=1, description="the story folded into this one (id, or a unique prefix)")


def _desk(request: Request) -> StoryDesk:
    """The app's StoryDesk for corrections, made on the first one (it replays the story log) and
    kept in step with every other writer at each correction. Two first requests at once may each
    make one: both stay correct (each catches up with the log), one is dropped."""
    desk: StoryDesk | None = getattr(request.app.state, "story_desk", None)
    if desk is None:
        desk = request.app.state.story_desk = StoryDesk(_store(request))
    return desk


def _editor(request: Request) -> str:
    from .app import require_user  # the caller, as the router's dependency found them (app imports this module)

    return require_user(request)


def _corrected(request: Request, story_id: str) -> str:
    found = _store(request).story(story_id)
    if found is None:
        raise HTTPException(404, f"no story {story_id}")
    return found.id


@router.post("/stories/{story_id}/move", tags=["stories"],
             summary="Correct a story: move one of its articles (with its copies) to another story or a new one")
def move_article(request: Request, story_id: str, body: MoveIn) -> Any:
    """The correction is kept (``stories --rebuild`` makes it again) and later articles like the one
    moved follow it; both stories' developments are told again. Returns the correction: ``story_id``
    is where the article went (``new``: a story of its own), ``moved`` the articles that went."""
    store, found = _store(request), _corrected(request, story_id)
    article = _article(store, body.article)
    where = store.story_of(article.id)
    if where != found:
        raise HTTPException(400, f"article {body.article} is in story {where}, not {found}" if where
                            else f"article {body.article} is in no story")
    return to_dict(_desk(request).move(article.id, body.to, editor=_editor(request)))


@router.post("/stories/{story_id}/merge", tags=["stories"],
             summary="Correct stories: fold another story into this one (two stories that are one)")
def merge_stories(request: Request, story_id: str, body: MergeIn) -> Any:
    """The other story's articles and developments join this one (told again: a repeat is no
    development), its old links lead here, and ``stories --rebuild`` makes the merge again."""
    found = _corrected(request, story_id)
    return to_dict(_desk(request).merge(found, body.other, editor=_editor(request)))


@router.get("/stories/{story_id}/edits", tags=["stories"], summary="A story's corrections by editors, the first first")
def story_edits(request: Request, story_id: str) -> list[Any]:
    """Each move of an article into or out of the story and each merge into it (of the stories
    merged into it too), as ``story ID --edits --jsonl`` prints them; ``newsdesk story ID --undo PK``
    takes one back."""
    return [to_dict(e) for e in _store(request).story_edits_of(_corrected(request, story_id))]


@router.delete("/stories/{story_id}/edits/{pk}", tags=["stories"],
                summary="Undo a story's correction: forget it and rebuild the stories without it")
def undo_edit(request: Request, story_id: str, pk: int) -> Any:
    """As ``newsdesk story ID --undo PK``: every story is rebuilt (as long as ``stories --rebuild``
    takes), every other correction made again; the alerts go on from the newest development.
    Returns the correction undone."""
    store, found = _store(request), _corrected(request, story_id)
    if not any(e.pk == pk for e in store.story_edits_of(found)):
        raise HTTPException(404, f"story {found} has no correction #{pk}")
    edit = _desk(request).undo(pk)
    _alerts(request).skip_to_latest()  # the rebuilt developments are history, not news to alert on
    return to_dict(edit)


@router.get("/articles", tags=["articles"], summary="Search articles (the query language of docs/alerts.md)")
def articles(request: Request, q: str = Query(..., min_length=1), limit: int = Query(20, ge=1, le=500)) -> list[Any]:
    return [to_dict(h) for h in _store(request).search(q, limit=limit)]


@router.get("/articles/{article_id}", tags=["articles"], summary="One article record")
def article(request: Request, article_id: str) -> Any:
    return to_dict(_article(_store(request), article_id))


@router.get("/articles/{article_id}/quotes", tags=["quotes"], summary="An article's quotes")
def quotes(request: Request, article_id: str) -> list[Any]:
    return [to_dict(q) for q in _article(_store(request), article_id).quotes]


@router.get("/articles/{article_id}/events", tags=["events"], summary="An article's events")
def events(request: Request, article_id: str, type: str | None = None) -> list[Any]:
    if type is not None and type.upper() not in EVENT_TYPES:  # [] read as "no such events in it"
        raise HTTPException(400, f"type: unknown event type {type!r} (PLOVER types: {', '.join(EVENT_TYPES)})")
    found = _article(_store(request), article_id).events
    return [to_dict(e) for e in found if type is None or e.type.upper() == type.upper()]


@router.get("/quotes", tags=["quotes"],
            summary="Who said what across the articles, newest first (a copy's quotes are its original's)")
def all_quotes(request: Request, response: Response, speaker: Text | None = None, q: Text | None = None,
               kind: Literal["direct", "indirect", "mixed"] | None = None,
               since: str | None = None, until: str | None = None,
               limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=10_000),
               after: str | None = None, stances: bool = False) -> list[Any]:
    """``speaker``: every word in the speaker's name; ``q``: every word in the quote; ``since`` and
    ``until``: YYYY, YYYY-MM or YYYY-MM-DD, inclusive; statements only, ``stances=1`` stances too ("blocked
    a vote": ``statement`` false). The fields are ``newsdesk quotes --jsonl``'s, and ``next``: the cursor
    of the quotes after this one (``after=``, in place of ``offset``, read by index however deep), null on
    the last."""
    wanted = QuoteFilter(speaker=speaker, words=q, kind=kind, since=since, until=until,
                         after=after or None, stances=stances)  # InputError: 400
    return _paged(request, response, _store(request).quotes(wanted, limit + 1, offset), limit)


@router.get("/entities", tags=["entities"],
            summary="Who is who: the people, organisations and places the articles name, the most named first")
def entities(request: Request, response: Response, type: Literal["person", "org", "place", "group"] | None = None,
             name: Text | None = None, since: str | None = None, until: str | None = None,
             limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=10_000),
             after: str | None = None) -> list[Any]:
    """``name``: every word in the entity's name; ``since``/``until``: YYYY, YYYY-MM or YYYY-MM-DD,
    inclusive. The fields are ``newsdesk entities --jsonl``'s, and ``next``: the cursor of the entities
    ranked after this one (``after=``, in place of ``offset``; ties keep their order), null on the last."""
    wanted = NameFilter(type=type, name=name, since=since, until=until, after=after or None)  # InputError: 400
    return _paged(request, response, _store(request).entities(wanted, limit + 1, offset), limit)


@router.get("/events", tags=["events"],
            summary="Who did what to whom, where and when across the articles, the latest first")
def all_events(request: Request, response: Response, type: Text | None = None, party: Text | None = None,
               actor: Text | None = None, target: Text | None = None, place: Text | None = None,
               modality: Modality | None = None,
               since: str | None = None, until: str | None = None,
               limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=10_000),
               after: str | None = None) -> list[Any]:
    """``type``: a PLOVER type; ``party``/``actor``/``target``/``place``: every word in that name;
    ``since``/``until``: YYYY, YYYY-MM or YYYY-MM-DD, inclusive, on the event's own date, else its
    article's. A copy's events are its original's; one story's reports of an event come once. The
    fields are ``newsdesk events --jsonl``'s, and ``next``: the cursor of the events after this one
    (``after=``, in place of ``offset``), null on the last."""
    wanted = EventFilter(type=type, party=party, actor=actor, target=target, place=place, modality=modality,
                         since=since, until=until, after=after or None)  # InputError: 400
    return _paged(request, response, _store(request).events(wanted, limit + 1, offset), limit)


def _paged(request: Request, response: Response, hits: Sequence[QuoteHit | EventHit | NameHit],
           limit: int) -> list[Any]:
    """A page of ``limit`` hits read with one more: where none follows, the last one's ``next`` is null;
    where one does, a ``Link`` header names the next page (its last hit's ``next`` as ``after=``)."""
    shown = [to_dict(h) for h in hits[:limit]]
    if len(hits) <= limit:
        if shown:
            shown[-1]["next"] = None
        return shown
    kept = {name: value for name, value in request.query_params.items() if name not in ("offset", "after")}
    response.headers["Link"] = f'<{request.url.path}?{urlencode({**kept, "after": hits[limit - 1].next})}>; rel="next"'
    return shown


# -- watches ------------------------------------------------------------------------------------------
class WatchIn(BaseModel):
    # a key it does not know is refused: {"channels": {...}} made a watch that sent nowhere, silently
    model_config = ConfigDict(extra="forbid")

    query: Text = Field(min_length=1, examples=['place:Kyiv "military activity"'])
    webhook: Text | None = None
    email: Text | None = None
    atom: bool = False
    ntfy: Text | None = None
    webpush: bool = False
    slack: Text | None = Field(None, description="a Slack (or Mattermost, Rocket.Chat) incoming-webhook URL")
    discord: Text | None = Field(None, description="a Discord webhook URL")
    telegram: Text | None = Field(None, description="a Telegram chat id or @channel (the bot: telegram_bot_token)")
    max_per_hour: int | None = Field(None, ge=1)
    digest: Text | None = Field(None, examples=["hourly", "daily"])
    quiet: Text | None = Field(None, examples=["22:00-07:00"])
    timezone: Text = "UTC"


_WANTS = {"webhook": "an http:// or https:// URL", "email": "an email address",
          "ntfy": "a topic (a name, or a full URL)", "slack": "an incoming-webhook URL",
          "discord": "an incoming-webhook URL", "telegram": "a chat id, or @channel"}
_FLAG = re.compile(r"\A--([a-z][a-z-]*)")


def _channels(body: WatchIn) -> list[Channel]:
    """The body's channels; one given empty (``{"webhook": ""}``) is refused, as the CLI refuses
    ``--webhook ""``: it was dropped and the watch stored with no channel at all."""
    given = {"webhook": body.webhook, "email": body.email, "ntfy": body.ntfy, "slack": body.slack,
             "discord": body.discord, "telegram": body.telegram}
    for name, value in given.items():
        if value is not None and not value.strip():
            raise InputError(f"{name} {value!r}: wants {_WANTS[name]}, got nothing (leave the field out for none)")
    return channels_of(body.webhook, body.email, body.atom, body.ntfy, body.webpush, body.slack, body.discord,
                       body.telegram)


def _in_fields(exc: InputError) -> InputError:
    """The alert store's messages name the CLI's options (``--max-per-hour``); the API's caller sent the JSON
    field (``max_per_hour``)."""
    return InputError(_FLAG.sub(lambda m: m.group(1).replace("-", "_"), exc.reason), input=exc.input)


def _saved_watch(request: Request, body: WatchIn, watch_id: str | None = None) -> Watch | None:
    """The watch added (``watch_id`` None) or edited (None when there is no such watch)."""
    alerts = _alerts(request)
    try:
        channels = _channels(body)
        options = check(Options(body.max_per_hour, body.digest, body.quiet, body.timezone))
        if watch_id is None:
            return alerts.add_watch(body.query, channels, options)
        return alerts.edit_watch(watch_id, body.query, channels, options)
    except InputError as exc:
        raise _in_fields(exc) from None


@router.post("/watches", tags=["watches"], status_code=201, summary="Add a watch; returns it with its secret")
def add_watch(request: Request, body: WatchIn) -> Any:
    return to_dict(_saved_watch(request, body))


@router.put("/watches/{watch_id}", tags=["watches"],
            summary="Edit a watch: its rule, channels and flood control become the body's (id, secret, alerts stay)")
def edit_watch(request: Request, watch_id: str, body: WatchIn) -> Any:
    edited = _saved_watch(request, body, watch_id)
    if edited is None:
        raise HTTPException(404, f"no watch {watch_id}")
    return {k: v for k, v in to_dict(edited).items() if k != "secret"}


@router.get("/watches", tags=["watches"], summary="Every watch (secrets left out)")
def watches(request: Request) -> list[Any]:
    return [{k: v for k, v in to_dict(w).items() if k != "secret"} for w in _alerts(request).watches()]


@router.get("/watches/{watch_id}", tags=["watches"], summary="One watch (secret left out)")
def watch(request: Request, watch_id: str) -> Any:
    found = _alerts(request).watch(watch_id)
    if found is None:
        raise HTTPException(404, f"no watch {watch_id}")
    return {k: v for k, v in to_dict(found).items() if k != "secret"}


@router.delete("/watches/{watch_id}", tags=["watches"], status_code=204, summary="Remove a watch")
def remove_watch(request: Request, watch_id: str) -> Response:
    if not _alerts(request).remove_watch(watch_id):
        raise HTTPException(404, f"no watch {watch_id}")
    return Response(status_code=204)


@router.post("/watches/{watch_id}/pause", tags=["watches"], summary="Pause a watch (it fires on nothing)")
def pause_watch(request: Request, watch_id: str) -> Any:
    return _paused(request, watch_id, True)


@router.post("/watches/{watch_id}/resume", tags=["watches"], summary="Resume a paused watch")
def resume_watch(request: Request, watch_id: str) -> Any:
    return _paused(request, watch_id, False)


def _paused(request: Request, watch_id: str, paused: bool) -> Any:
    found = _alerts(request).pause_watch(watch_id, paused)
    if found is None:
        raise HTTPException(404, f"no watch {watch_id}")
    return {k: v for k, v in to_dict(found).items() if k != "secret"}


@router.get("/watches/{watch_id}/alerts", tags=["alerts"], summary="A watch's alerts, newest first")
def watch_alerts(request: Request, watch_id: str, limit: int = Query(50, ge=1, le=1000)) -> list[Any]:
    if _alerts(request).watch(watch_id) is None:  # [] read as a watch that has not fired (the feed said 404)
        raise HTTPException(404, f"no watch {watch_id}")
    return [alert_json(a) | _state(a) for a in _alerts(request).alerts(watch_id, limit)]


@router.get("/watches/{watch_id}/atom", tags=["alerts"], summary="A watch's alerts as an Atom feed",
            response_class=Response, responses={200: {"content": {"application/atom+xml": {}}}})
def watch_feed(request: Request, watch_id: str, limit: int = Query(50, ge=1, le=500)) -> Response:
    alerts = _alerts(request)
    found = alerts.watch(watch_id)
    if found is None:
        raise HTTPException(404, f"no watch {watch_id}")
    body = atom.feed(found, alerts.alerts(watch_id, limit), str(request.url))
    return Response(body, media_type="application/atom+xml; charset=utf-8")


class PushKeys(BaseModel):
    p256dh: Text = Field(min_length=1)
    auth: Text = Field(min_length=1)


class PushIn(BaseModel):
    """A browser's ``PushSubscription.toJSON()``."""

    endpoint: Text = Field(pattern=r"^https?://")
    keys: PushKeys


@router.post("/watches/{watch_id}/push", tags=["watches"], status_code=201,
             summary="Send this watch's alerts to a browser (a PushSubscription)")
def add_push(request: Request, watch_id: str, body: PushIn) -> dict[str, str]:
    alerts = _alerts(request)
    if alerts.watch(watch_id) is None:
        raise HTTPException(404, f"no watch {watch_id}")
    alerts.add_push(PushSubscription(watch_id, body.endpoint, body.keys.p256dh, body.keys.auth))
    return {"watch": watch_id, "endpoint": body.endpoint}


@router.get("/push/key", tags=["watches"], summary="The VAPID public key for PushManager.subscribe")
async def push_key(request: Request) -> dict[str, str]:
    pem = await run_in_threadpool(vapid_key, _alerts(request))
    return {"application_server_key": public_key(pem)}


# -- alerts ---------------------------------------------------------------------------------------------
@router.get("/alerts", tags=["alerts"], summary="Alerts of every watch, newest first, with their deliveries")
def alerts_list(request: Request, limit: int = Query(50, ge=1, le=1000)) -> list[Any]:
    alerts = _alerts(request)
    found = alerts.alerts(None, limit)
    sent: dict[str, list[Any]] = {}
    for d in alerts.deliveries(None, limit * 4):
        for alert_id in d.alerts:
            sent.setdefault(alert_id, []).append({"id": d.id, "channel": d.channel, "state": d.state,
                                                  "attempts": d.attempts, "error": d.last_error})
    return [alert_json(a) | _state(a) | {"deliveries": sent.get(a.id, [])} for a in found]


def _state(alert: Alert) -> dict[str, Any]:
    """An alert's state, and for one held back by flood control the time it waits for (``due_at``)."""
    return {"state": alert.state} | ({"due_at": alert.due_at} if alert.state == "held" else {})
