"""JSON given as a page (an API's error answer piped in, a record, article lines) is refused with the
way to give article lines, not extracted as an article whose text is its braces."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from newsdesk.cli import cli


@pytest.mark.parametrize("content", [
    '{"error":"Not Found"}',
    '{\n  "error": "Not Found",\n  "status": 404\n}\n',
    '[{"id": "1"}]',
    '{"id": "1", "text": "Talks in Istanbul."}\n{"id": "2", "text": "Shelling near Kyiv."}\n',
])
def test_json_is_no_page(content: str) -> None:
    result = CliRunner().invoke(cli, ["extract", "-"], input=content)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == ('newsdesk: error: -: JSON, not a page (article lines {"id", "text"} go to '
                             "`newsdesk analyze --input-jsonl`)\n")


@pytest.mark.parametrize("content", [
    "[Photo] Talks in Istanbul\n\nRussia and Ukraine met in Istanbul on Tuesday for talks [1].\n",
    "{Updated} Talks in Istanbul\n\nRussia and Ukraine met in Istanbul on Tuesday for talks {see below}\n",
])
def test_a_text_dump_in_brackets_is_still_a_page(content: str) -> None:
    result = CliRunner().invoke(cli, ["extract", "-"], input=content)
    assert result.exit_code == 0, result.output
    assert "met in Istanbul" in result.stdout
