"""The pages wired into the service's app: login gate over the service's accounts, watches and
alerts pages over its alert store, alerts on the live stream. ``create_app`` calls :func:`add_pages`."""

from __future__ import annotations

import secrets

from fastapi import FastAPI
from starlette.requests import Request

from ..alerts.access import Access
from ..alerts.store import AlertStore
from ..store import Store
from .corrections import correction_routes
from .pages import install
from .security import Guard
from .sources import source_routes
from .watches import live_alerts, watch_routes

SECRET_KEY = "web.session_secret"  # in the service state: sessions outlive a restart


def add_pages(app: FastAPI, store: Store, alerts: AlertStore, access: Access, local: bool) -> Guard:
    """Add every page to ``app``; the API also accepts a page session. Returns the login gate."""
    secret = alerts.state_or_set(SECRET_KEY, secrets.token_hex(32))
    guard = Guard(local, access.check_password, bytes.fromhex(secret))
    install(app, store, guard, live=live_alerts(alerts), extensions=[watch_routes(alerts), source_routes(store),
                                                                   correction_routes(store, alerts)])

    def page_session(request: Request) -> str | None:
        return None if guard.local else guard.user(request)

    app.state.users = (*getattr(app.state, "users", ()), page_session)
    return guard
