"""Server-Sent Events: new developments (and alerts) pushed to open pages as the store gets them.

The store is the bus: another process (``newsdesk ingest``, the monitor) writes developments under a
monotonic pk, and each open stream asks for the pks above the last it sent. Asking is one indexed
``max(pk)`` query, cheap enough to do every ``POLL_SECONDS`` on either backend.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from ..errors import StoreUnavailableError
from ..store import Store
from ..stories.records import Development

POLL_SECONDS = 0.2
HEARTBEAT_SECONDS = 15.0
BATCH = 200
OUTAGE_POLL_SECONDS = 1.0  # how often a stream asks again while the database is unreachable


@dataclass(frozen=True)
class Message:
    event: str
    data: dict[str, Any]
    id: str | None = None

    def encode(self) -> str:
        head = f"id: {self.id}\n" if self.id is not None else ""
        return f"{head}event: {self.event}\ndata: {json.dumps(self.data, ensure_ascii=False)}\n\n"


def development_message(dev: Development, story_title: str | None) -> Message:
    payload = dev.payload
    speaker = (payload.get("speaker") or {}).get("name") if dev.kind == "quote" else None
    return Message("development", {
        "pk": dev.pk, "story": dev.story_id, "story_title": story_title, "kind": dev.kind,
        "sentence": dev.sentence, "article": dev.article_id, "published": dev.published,
        "type": payload.get("type") if dev.kind == "event" else None, "speaker": speaker,
        "url": f"/stories/{dev.story_id}"}, id=str(dev.pk))


def start_pk(request: Request, latest: int) -> int:
    """Where a stream starts: after Last-Event-ID (a reconnect), ``?after=``, else from now on."""
    for raw in (request.headers.get("last-event-id"), request.query_params.get("after")):
        if raw and raw.isdigit():
            return min(int(raw), latest)
    return latest


async def _latest(request: Request, store: Store, poll: float) -> int | None:
    """The newest development's pk, waiting while the database is unreachable (a stream that ended with
    an error there was a traceback in the log every 2 s for each open page); None: the page went away."""
    while not await request.is_disconnected():
        try:
            return await run_in_threadpool(store.latest_development)
        except StoreUnavailableError:
            await asyncio.sleep(max(poll, OUTAGE_POLL_SECONDS))
    return None


async def stream(request: Request, store: Store, extra: Callable[[], list[Message]] | None = None,
                 poll: float = POLL_SECONDS) -> AsyncIterator[str]:
    """The event stream of one page, until the page goes away."""
    latest = await _latest(request, store, poll)
    if latest is None:  # the page went away while the database was
        return
    after = start_pk(request, latest)
    titles: dict[str, str | None] = {}
    # the hello carries where the stream starts as its event id: a page that got no development before
    # the service restarted came back with no Last-Event-ID, from the newest, and missed what was stored
    # while the service was down
    yield f"retry: 2000\nid: {after}\nevent: hello\ndata: {json.dumps({'after': after})}\n\n"
    quiet = 0.0
    while not await request.is_disconnected():
        sent = False
        try:
            if await run_in_threadpool(store.latest_development) > after:
                for dev in await run_in_threadpool(store.developments_after, after, BATCH):
                    if dev.story_id not in titles:
                        found = await run_in_threadpool(store.story, dev.story_id)
                        titles[dev.story_id] = found.title if found else None
                    yield development_message(dev, titles[dev.story_id]).encode()
                    after, sent = dev.pk or after, True
            for message in (await run_in_threadpool(extra) if extra else []):
                yield message.encode()
                sent = True
        except StoreUnavailableError:  # the stream waits it out (keep-alives go on) and goes on from ``after``
            quiet += OUTAGE_POLL_SECONDS
            await asyncio.sleep(OUTAGE_POLL_SECONDS)
        quiet = 0.0 if sent else quiet + poll
        if quiet >= HEARTBEAT_SECONDS:
            yield ": keep-alive\n\n"
            quiet = 0.0
        await asyncio.sleep(poll)
