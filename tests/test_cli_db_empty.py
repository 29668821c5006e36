"""An empty --db (a script's unset variable) is refused, not taken for the default database."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from newsdesk.cli import cli
from newsdesk.errors import StoreError
from newsdesk.store.location import resolve


@pytest.mark.parametrize("command", [["stories"], ["ingest", "--no-analyze"], ["search", "kyiv"]])
def test_an_empty_db_option_is_an_error(tmp_path: Path, command: list[str]) -> None:
    page = tmp_path / "page.txt"
    page.write_text("A plain page about the harbour board.\n\n" + "The board met on Monday. " * 20)
    args = [*command, "--db", ""] + ([str(page)] if command[0] == "ingest" else [])
    done = CliRunner().invoke(cli, args, env={"NEWSDESK_HOME": str(tmp_path / "home")})
    assert done.exit_code == 1 and done.stdout == ""
    assert done.stderr == "newsdesk: error: '': an empty database location (leave --db out for the default)\n"
    assert not (tmp_path / "home" / "newsdesk.db").exists()  # nothing went to the default database


def test_no_db_at_all_is_still_the_default(tmp_path: Path) -> None:
    assert resolve(None, {"NEWSDESK_HOME": str(tmp_path)}).target == str(tmp_path / "newsdesk.db")
    with pytest.raises(StoreError):
        resolve("  ", {"NEWSDESK_HOME": str(tmp_path)})
