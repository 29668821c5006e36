"""Editors' corrections on the story page (#6): move an article (with its copies) to another story or
a new one, merge another story into this one. Server-rendered forms: a GET form finds the stories to
choose from (by their articles' words, titles included, or a story id), a POST button makes the
correction through the same StoryDesk as ``POST /api/stories/{id}/move|merge``, then the story the
article went to (or the one kept) opens with a one-line note. No script, no live stream needed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from ..alerts.store import AlertStore
from ..errors import InputError
from ..store import Store
from ..store.query import QuerySyntaxError, parse
from ..stories import StoryDesk
from ..stories.records import Story, StoryEdit
from ..stories.service import undo_cost
from .security import form_data

CHOICES = 20  # the most stories offered at once
HITS = 200  # the articles searched for them


@dataclass(frozen=True)
class Choice:
    """A story to move to or merge with."""

    id: str
    title: str
    updated: str | None = None
    articles: int = 0


def _desk(request: Request) -> StoryDesk:
    from .api import _desk as api_desk  # the app's one StoryDesk, shared with the JSON API's corrections

    return api_desk(request)


def choices(store: Store, find: str, current: str) -> list[Choice]:
    """The stories ``find`` names: by a story id (or its prefix), else those whose articles hold its
    words; with nothing asked, the most recently updated. ``current`` is left out."""
    find = find.strip()
    if not find:
        return [Choice(s.id, s.title or "(untitled story)", s.last_updated, s.article_count)
                for s in store.stories(CHOICES + 1) if s.id != current][:CHOICES]
    ids = [i for i in store.story_ids(find) if i != current] if len(find) >= 4 and " " not in find else []
    if not ids:
        ranked = [h.story for h in store.search(parse(find), HITS) if h.story and h.story != current]
        ids = list(dict.fromkeys(ranked))[:CHOICES]
    found = [store.story(i) for i in ids[:CHOICES]]
    return [Choice(s.id, s.title or "(untitled story)", s.last_updated, s.article_count)
            for s in found if s is not None and s.id != current]


@dataclass(frozen=True)
class EditLine:
    """A correction of the story as its page lists it, to undo."""

    pk: int
    text: str
    editor: str | None
    when: str | None
    undo: str  # what the page asks before undoing it


def edit_lines(store: Store, story: Story) -> list[EditLine]:
    """The story's corrections (those of the stories merged into it too), the first first, in words."""
    edits = store.story_edits_of(story.id)
    titles = store.story_titles([i for e in edits for i in (e.story_id, e.source)])

    def named(story_id: str) -> str:
        return "this story" if story_id == story.id else f"“{titles.get(story_id) or story_id[:12]}”"

    def line(edit: StoryEdit) -> str:
        if edit.kind == "merge":
            return f"Merged {named(edit.source)} into {named(edit.story_id)}."
        article = store.get(edit.article_id)
        what = f"“{article.title}”" if article and article.title else f"article {edit.article_id[:12]}"
        where = "a new story" if edit.new and edit.story_id != story.id else named(edit.story_id)
        return f"Moved {what} from {named(edit.source)} to {where}."

    return [EditLine(e.pk, line(e), e.editor, e.created_at, f"Undo correction #{e.pk}? {undo_cost(store, e.pk)}.")
            for e in edits if e.pk is not None]


def note_for(store: Store, story: Story, moved: str | None, merged: str | None, came: str | None,
             undone: str | None = None) -> str | None:
    """The story page's one line after a correction (its address names what was done)."""
    if undone and undone.isdigit():
        return f"Correction #{undone} undone: the stories are as if it had not been made."
    if moved:
        article = store.get(moved)
        if article is None or store.story_of(article.id) != story.id:
            return None
        what = f"“{article.title}”" if article.title else f"Article {article.id[:12]}"
        if came:
            titles = store.story_titles([came])
            return f"Moved {what} here from “{titles.get(came) or came}”."
        return f"Moved {what} into this story."
    if merged:
        titles = store.story_titles([merged])
        return f"Merged “{titles.get(merged) or merged}” into this story." if merged in titles else None
    return None


def correction_routes(store: Store, alerts: AlertStore) -> Callable[[APIRouter, Callable[..., HTMLResponse]], None]:
    """Routes for :func:`~newsdesk.web.pages.page_router` (behind its login gate); ``alerts`` go on
    from the newest development after an undo (a rebuild's developments are history, not news)."""

    def extend(router: APIRouter, render: Callable[..., HTMLResponse]) -> None:
        async def chooser(request: Request, story_id: str, mode: str, find: str = "", article: str = "",
                          error: str | None = None, status: int = 200) -> HTMLResponse:
            story = await run_in_threadpool(store.story, story_id)
            if story is None:
                return render(request, "error.html", 404, message=f"No story with id {story_id}.", title="Not found")
            item = await run_in_threadpool(store.get, article) if article else None
            if mode == "move" and (item is None or await run_in_threadpool(store.story_of, item.id) != story.id):
                error, status = error or f"Article {article[:12] or '(none)'} is not in this story.", 400
            found: list[Choice] = []
            try:
                found = await run_in_threadpool(choices, store, find, story.id)
            except QuerySyntaxError as exc:
                error, status = exc.reason, 400
            except InputError as exc:
                error, status = str(exc), 400
            title = "Move an article" if mode == "move" else "Merge a story into this one"
            return render(request, "story-correct.html", status, story=story, mode=mode, find=find, item=item,
                          choices=found, error=error, title=title)

        @router.get("/stories/{story_id}/move", name="move_article_page")
        async def move_page(request: Request, story_id: str, article: str = "", find: str = "") -> HTMLResponse:
            return await chooser(request, story_id, "move", find, article)

        @router.get("/stories/{story_id}/merge", name="merge_story_page")
        async def merge_page(request: Request, story_id: str, find: str = "") -> HTMLResponse:
            return await chooser(request, story_id, "merge", find)

        @router.post("/stories/{story_id}/move", name="move_article")
        async def move(request: Request, story_id: str) -> Response:
            fields = await form_data(request)
            article, to = fields.get("article", ""), fields.get("to", "").strip()
            story = await run_in_threadpool(store.story, story_id)
            if story is None:
                return render(request, "error.html", 404, message=f"No story with id {story_id}.", title="Not found")
            found = await run_in_threadpool(store.get, article) if article else None
            if found is None or await run_in_threadpool(store.story_of, found.id) != story.id:
                return await chooser(request, story_id, "move", fields.get("find", ""), article,
                                     f"Article {article[:12] or '(none)'} is not in this story (moved already?).", 400)
            try:
                edit = await run_in_threadpool(lambda: _desk(request).move(found.id, to or "?",
                                                                           editor=request.state.user))
            except InputError as exc:
                return await chooser(request, story_id, "move", fields.get("find", ""), article,
                                     f"Not moved: {exc}", 400)
            query = urlencode({"moved": found.id, "from": story.id})
            return RedirectResponse(f"/stories/{edit.story_id}?{query}#note", status_code=303)

        @router.post("/stories/{story_id}/merge", name="merge_story")
        async def merge(request: Request, story_id: str) -> Response:
            fields = await form_data(request)
            other = fields.get("other", "").strip()
            story = await run_in_threadpool(store.story, story_id)
            if story is None:
                return render(request, "error.html", 404, message=f"No story with id {story_id}.", title="Not found")
            try:
                edit = await run_in_threadpool(lambda: _desk(request).merge(story.id, other or "?",
                                                                            editor=request.state.user))
            except InputError as exc:
                return await chooser(request, story_id, "merge", fields.get("find", ""), error=f"Not merged: {exc}",
                                     status=400)
            return RedirectResponse(f"/stories/{edit.story_id}?{urlencode({'merged': edit.source})}#note",
                                    status_code=303)

        @router.post("/stories/{story_id}/edits/{pk}/undo", name="undo_correction")
        async def undo(request: Request, story_id: str, pk: int) -> Response:
            await form_data(request)
            story = await run_in_threadpool(store.story, story_id)
            edits = await run_in_threadpool(store.story_edits_of, story.id) if story else []
            if story is None or not any(e.pk == pk for e in edits):  # (undone already, in another tab)
                return render(request, "error.html", 404, title="Not found",
                              message=f"Story {story_id} has no correction #{pk} (undone already?).")
            edit = await run_in_threadpool(_desk(request).undo, pk)
            await run_in_threadpool(alerts.skip_to_latest)
            # where the article it named is now (the story itself may be gone: the rebuild made it again)
            home = await run_in_threadpool(store.story_of, edit.article_id) or story.id
            return RedirectResponse(f"/stories/{home}?undone={pk}#note", status_code=303)

    return extend
