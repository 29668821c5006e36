"""Story corrections in the pages (#6) without a browser: a copy has its own "move" (a wrongly detected
copy moves alone), a bad search is said in the page, a form without its token moves nothing."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient
from test_web_support import seeded_store

from newsdesk.web.app import create_app
from newsdesk.web.security import CSRF_COOKIE


def test_a_copy_moves_alone_from_its_own_link(tmp_path: Path) -> None:
    store, ids = seeded_store(tmp_path / "web.db")
    with store:
        kyiv = store.story_of(ids["talks"])
        assert kyiv and store.story_of(ids["copy"]) == kyiv
        client = TestClient(create_app(store))
        page = client.get(f"/stories/{kyiv}").text
        assert f'href="/stories/{kyiv}/move?article={ids["copy"]}"' in page  # the copy's own link
        chooser = client.get(f"/stories/{kyiv}/move", params={"article": ids["copy"], "find": '"unclosed'})
        assert chooser.status_code == 400 and 'role="alert"' in chooser.text  # the query's error, in the page
        token = client.cookies.get(CSRF_COOKIE)
        refused = client.post(f"/stories/{kyiv}/move", data={"article": ids["copy"], "to": "new"})
        assert refused.status_code == 403 and store.story_of(ids["copy"]) == kyiv  # no token: nothing moved
        moved = client.post(f"/stories/{kyiv}/move", data={"csrf": token, "article": ids["copy"], "to": "new"},
                            follow_redirects=False)
        assert moved.status_code == 303
        made = store.story_of(ids["copy"])
        assert made not in (None, kyiv) and moved.headers["location"].startswith(f"/stories/{made}?")
        assert store.story_of(ids["talks"]) == kyiv and store.story_of(ids["follow"]) == kyiv  # the copy alone
        note = client.get(moved.headers["location"]).text
        assert re.search(r'<p class="done" role="status" id="note"[^>]*>Moved “Russia to reduce military '
                         r'activity near Kyiv” here from “Russia to reduce military activity near Kyiv”', note)
