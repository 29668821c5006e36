"""Rewrite the generated table in docs/settings.md from newsdesk.settings.SETTINGS.

The page's text above the table is written by hand and kept as it is; only the table is replaced.
"""

from __future__ import annotations

from pathlib import Path

from newsdesk.settings import settings_markdown

DOC = Path(__file__).resolve().parent.parent / "docs" / "settings.md"
TABLE = "| setting | environment | default | help |"
HEAD = """# Settings

Every setting has a default; set one with its environment variable (`NEWSDESK_<NAME>`).
`newsdesk settings` shows the values in force. This table is generated from
`newsdesk/settings.py` (`make docs`); a test fails when the two differ.

"""


def render(page: str) -> str:
    """The page with its table regenerated: the text before the table kept (HEAD for a new page)."""
    head = page[:page.index(TABLE)] if TABLE in page else HEAD
    return head + settings_markdown()


if __name__ == "__main__":
    DOC.write_text(render(DOC.read_text() if DOC.exists() else ""))
