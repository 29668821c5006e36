"""Rewrite the generated table in docs/settings.md from newsdesk.settings.SETTINGS."""

from __future__ import annotations

from pathlib import Path

from newsdesk.settings import settings_markdown

DOC = Path(__file__).resolve().parent.parent / "docs" / "settings.md"
HEAD = """# Settings

Every setting has a default; set one with its environment variable (`NEWSDESK_<NAME>`).
`newsdesk settings` shows the values in force. This table is generated from
`newsdesk/settings.py` (`make docs`); a test fails when the two differ.

"""

if __name__ == "__main__":
    DOC.write_text(HEAD + settings_markdown())
