"""The login and logout pages (needed only when the service listens beyond localhost)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from .security import SESSION_COOKIE, SESSION_SECONDS, Guard, form_data


def _next(target: str | None) -> str:
    """Only a path on this site (no //host, no scheme): an open redirect would help phishing."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def login_routes(router: APIRouter, guard: Guard, views: Jinja2Templates) -> None:
    def page(request: Request, status: int = 200, error: str | None = None, user: str = "",
             target: str | None = None) -> HTMLResponse:
        return views.TemplateResponse(request, "login.html", {
            "guard": guard, "title": "Log in", "error": error, "user": user,
            "next": _next(target or request.query_params.get("next"))}, status_code=status)

    @router.get("/login", response_class=HTMLResponse)
    async def login_form(request: Request) -> Response:
        if guard.local:
            return RedirectResponse("/", status_code=303)
        return page(request)

    @router.post("/login", response_class=HTMLResponse)
    async def login(request: Request) -> Response:
        fields = await form_data(request)
        user, password = fields.get("user", "").strip(), fields.get("password", "")
        if not await run_in_threadpool(guard.login, user, password):
            # the page asked for stays the goal: a mistyped password led to the story list instead
            return page(request, 401, "Wrong user name or password.", user, fields.get("next"))
        response = RedirectResponse(_next(fields.get("next")), status_code=303)
        response.set_cookie(SESSION_COOKIE, guard.session_cookie(user), max_age=SESSION_SECONDS, httponly=True,
                            samesite="lax", secure=request.url.scheme == "https")
        return response

    @router.post("/logout")
    async def logout(request: Request) -> Response:
        await form_data(request)
        response = RedirectResponse("/login" if not guard.local else "/", status_code=303)
        response.delete_cookie(SESSION_COOKIE)
        return response
