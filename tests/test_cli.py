"""The command group: later stages' commands load on demand, under the names they declare."""

from __future__ import annotations

import subprocess
import sys

import click
from click.testing import CliRunner

from newsdesk.cli import _LAZY, cli


def test_every_lazy_command_resolves_under_its_own_name() -> None:
    with click.Context(cli) as ctx:
        for name in _LAZY:
            command = cli.get_command(ctx, name)
            assert isinstance(command, click.Command) and command.name == name
        assert set(_LAZY) <= set(cli.list_commands(ctx))


def test_help_lists_every_command() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name in ("extract", "analyze", "ingest", "run", "watch", "backfill", "cluster"):
        assert f"  {name} " in result.output


def test_extract_does_not_import_the_later_stages() -> None:
    code = "import sys, newsdesk.cli; print(sorted(m for m in sys.modules if m.startswith('newsdesk.commands')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
