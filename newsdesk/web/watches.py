"""Watch management and alerts pages, and the alerts half of the live stream.

Over :class:`~newsdesk.alerts.store.AlertStore` (the alerts issue's store): create a watch with
its channels and flood control, test its rule on the stored articles, delete it; let this browser
receive its alerts by Web Push; see what fired, why, and how each delivery went.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from ..alerts.flow import check
from ..alerts.records import Alert, Channel, ChannelType, Options, PushSubscription, Watch
from ..alerts.store import AlertStore
from ..errors import InputError, NewsdeskError
from ..store.query import QuerySyntaxError, parse
from .security import CSRF_COOKIE, form_data
from .sse import Message

TEST_HITS = 10
# the channels the form names a target of
TARGETED: tuple[ChannelType, ...] = ("webhook", "email", "ntfy", "slack", "discord", "telegram")
LIVE_WINDOW = 20  # the newest alerts an open page compares against what it has shown
# the alert store's messages name the CLI's options; the form's user knows its labels
LABELS = {"--max-per-hour": "At most … alerts an hour", "--digest": "Digest", "--quiet": "Quiet hours",
          "--timezone": "Time zone", "--webhook": "Webhook URL", "--email": "Email", "--ntfy": "ntfy topic",
          "--slack": "Slack webhook URL", "--discord": "Discord webhook URL", "--telegram": "Telegram chat"}


def channels_from(fields: dict[str, str]) -> list[Channel]:
    found = [Channel(kind, fields.get(kind, "").strip()) for kind in TARGETED if fields.get(kind, "").strip()]
    found += [Channel(kind) for kind in ("atom", "webpush") if fields.get(kind) == "on"]
    return found


def fields_of(watch: Watch) -> dict[str, str]:
    """A watch as the form's fields, to edit it."""
    fields = {"query": watch.query, "digest": watch.options.digest or "", "quiet": watch.options.quiet or "",
              "timezone": watch.options.timezone, "max_per_hour": str(watch.options.max_per_hour or "")}
    for c in watch.channels:
        fields[c.type] = c.target or "on"
    return fields


def options_from(fields: dict[str, str]) -> Options:
    rate = fields.get("max_per_hour", "").strip()
    if rate and not rate.isdigit():
        raise QuerySyntaxError("at most … alerts an hour wants a whole number")
    # checked as the API checks them: quiet hours the alerter cannot read stopped it at the next match
    return check(Options(max_per_hour=int(rate) if rate else None, digest=fields.get("digest") or None,
                         quiet=fields.get("quiet", "").strip() or None,
                         timezone=fields.get("timezone", "").strip() or "UTC"))


def form_message(reason: str) -> str:
    """``reason`` with a CLI option's name (``--quiet``) put as the form's label for it."""
    flag = reason.split(" ", 1)[0].rstrip(":")
    return LABELS[flag] + reason[len(flag):] if flag in LABELS else reason


def alert_message(alert: Alert) -> Message:
    story = alert.story.id
    return Message("alert", {
        "id": alert.id, "watch": alert.watch, "title": alert.story.title or alert.article.title or "newsdesk alert",
        "story_title": alert.story.title, "sentence": alert.reason.sentence, "rule": alert.reason.rule,
        "url": f"/stories/{story}" if story else f"/articles/{alert.article.id}"})


def live_alerts(alerts: AlertStore) -> Callable[[Request], Callable[[], list[Message]]]:
    """For each open page: a function giving the alerts it has not shown yet (none from before it opened)."""

    def for_page(request: Request) -> Callable[[], list[Message]]:
        seen: set[str] | None = None

        def fresh() -> list[Message]:
            nonlocal seen
            newest = alerts.alerts(limit=LIVE_WINDOW)
            if seen is None:
                seen = {a.id for a in newest}
                return []
            new = [a for a in reversed(newest) if a.id not in seen]
            seen.update(a.id for a in new)
            return [alert_message(a) for a in new]

        return fresh

    return for_page


def watch_routes(alerts: AlertStore) -> Callable[[APIRouter, Callable[..., HTMLResponse]], None]:
    """Routes for :func:`~newsdesk.web.pages.page_router` (behind its login gate)."""

    def extend(router: APIRouter, render: Callable[..., HTMLResponse]) -> None:
        async def listing(request: Request, status: int = 200, error: str | None = None,
                          fields: dict[str, str] | None = None, tested: Any = None, more: bool = False,
                          made: str | None = None, edit: str | None = None, saved: str | None = None
                          ) -> HTMLResponse:
            watches = await run_in_threadpool(alerts.watches)
            # the watch just made, said in words: the reload alone told no one it worked, nor from when it fires
            new = next((w for w in watches if w.id == made), None)
            editing = next((w for w in watches if w.id == edit), None)
            if editing is not None and fields is None:
                fields = fields_of(editing)
            return render(request, "watches.html", status, watches=watches, error=error, fields=fields or {},
                          tested=tested, more=more, made=new, editing=editing,
                          saved=next((w for w in watches if w.id == saved), None), title="Watches")

        def gone(request: Request, watch_id: str) -> HTMLResponse:
            # it redirected as if done: "Pause" on a watch deleted meanwhile seemed to work
            return render(request, "error.html", 404, title="Not found",
                          message=f"No watch with id {watch_id}: it was deleted (see the watches).")

        @router.get("/watches", name="watches")
        async def watches_page(request: Request, made: str | None = None, edit: str | None = None,
                               saved: str | None = None) -> HTMLResponse:
            if edit and await run_in_threadpool(alerts.watch, edit) is None:
                return gone(request, edit)
            return await listing(request, made=made, edit=edit or None, saved=saved)

        @router.post("/watches/{watch_id}/edit", name="edit_watch")
        async def edit_watch(request: Request, watch_id: str) -> Response:
            fields = await form_data(request)
            try:
                edited = await run_in_threadpool(alerts.edit_watch, watch_id, fields.get("query", ""),
                                                 channels_from(fields), options_from(fields))
            except NewsdeskError as exc:
                return await listing(request, 400, form_message(exc.reason), fields, edit=watch_id)
            if edited is None:  # (another tab deleted it)
                return gone(request, watch_id)
            return RedirectResponse(f"/watches?saved={watch_id}#w-{watch_id}", status_code=303)

        @router.post("/watches", name="add_watch")
        async def add_watch(request: Request) -> Response:
            fields = await form_data(request)
            try:
                watch = await run_in_threadpool(alerts.add_watch, fields.get("query", ""), channels_from(fields),
                                                options_from(fields))
            except NewsdeskError as exc:
                return await listing(request, 400, form_message(exc.reason), fields)
            return RedirectResponse(f"/watches?made={watch.id}#w-{watch.id}", status_code=303)

        @router.post("/watches/test", name="test_watch")
        async def test_watch(request: Request) -> Response:
            fields = await form_data(request)
            try:
                hits = await run_in_threadpool(alerts.store.search, parse(fields.get("query", "")), TEST_HITS + 1)
            except NewsdeskError as exc:
                return await listing(request, 400, exc.reason, fields)
            # one more than shown: "10 stored articles match" when hundreds did was a wrong number
            return await listing(request, fields=fields, tested=hits[:TEST_HITS], more=len(hits) > TEST_HITS)

        @router.post("/watches/{watch_id}/delete", name="delete_watch")
        async def delete_watch(request: Request, watch_id: str) -> Response:
            await form_data(request)
            if not await run_in_threadpool(alerts.remove_watch, watch_id):  # (another tab deleted it)
                return gone(request, watch_id)
            return RedirectResponse("/watches", status_code=303)

        @router.post("/watches/{watch_id}/pause", name="pause_watch")
        async def pause_watch(request: Request, watch_id: str) -> Response:
            fields = await form_data(request)
            if await run_in_threadpool(alerts.pause_watch, watch_id, fields.get("paused", "1") == "1") is None:
                return gone(request, watch_id)
            return RedirectResponse(f"/watches#w-{watch_id}", status_code=303)

        @router.post("/watches/{watch_id}/push", name="push_subscription", response_class=JSONResponse)
        async def push_subscription(request: Request, watch_id: str) -> Response:
            """A browser's PushManager subscription for this watch (fetch with the page's CSRF token)."""
            token = request.cookies.get(CSRF_COOKIE, "")
            if not token or not hmac.compare_digest(token, request.headers.get("x-csrf-token", "")):
                return JSONResponse({"error": "missing or wrong CSRF token"}, status_code=403)
            try:
                body = json.loads(await request.body())
                sub = PushSubscription(watch_id, str(body["endpoint"]), str(body["keys"]["p256dh"]),
                                       str(body["keys"]["auth"]))
            except (ValueError, KeyError, TypeError, RecursionError):  # RecursionError: JSON nested thousands deep
                return JSONResponse({"error": "want a PushSubscription: endpoint, keys.p256dh, keys.auth"}, 400)
            if not sub.endpoint.startswith("https://") or await run_in_threadpool(alerts.watch, watch_id) is None:
                return JSONResponse({"error": "no such watch, or not an https push endpoint"}, status_code=400)
            try:
                await run_in_threadpool(alerts.add_push, sub)
            except InputError as exc:  # keys nothing could be encrypted to
                return JSONResponse({"error": exc.reason}, status_code=400)
            return JSONResponse({"ok": True}, status_code=201)

        @router.get("/alerts", name="alerts")
        async def alerts_page(request: Request, watch: str | None = None) -> HTMLResponse:
            watch = watch or None
            if watch is not None and await run_in_threadpool(alerts.watch, watch) is None:
                # "No alerts yet" read as a watch that has not fired: it is none of the watches
                return render(request, "error.html", 404, message=f"No watch with id {watch}.", title="Not found")
            fired = await run_in_threadpool(alerts.alerts, watch, 100)
            deliveries = await run_in_threadpool(alerts.deliveries, watch, 200)
            by_alert: dict[str, list[Any]] = {}
            for delivery in deliveries:
                for alert_id in delivery.alerts:
                    by_alert.setdefault(alert_id, []).append(delivery)
            # watches by id: the page names each by its rule (an id like w22b99d9ea63d says nothing)
            # and says which channels had nothing to send ("queued" read as waiting forever)
            known = {w.id: w for w in await run_in_threadpool(alerts.watches)}
            return render(request, "alerts.html", alerts=fired, deliveries=by_alert, watch=watch,
                          watches=known, title="Alerts")

    return extend
