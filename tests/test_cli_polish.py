"""A new user's second walk through the command line (#2, #5, #7): a refused URL names the setting
that allows it, `settings` writes values as docs/settings.md does, `show` says what is wrong with an
id, and the examples of cluster, export, show and watch edit run as written."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_monitor_support import Page, Site, article_page, serve
from test_web_support import seeded_store

from newsdesk.cli import cli
from newsdesk.settings import SETTINGS

ROOT = Path(__file__).resolve().parent.parent
UNSET = {f"NEWSDESK_{s.name.upper()}": None for s in SETTINGS}  # the defaults, whatever the shell set


def test_a_url_on_a_private_address_names_the_setting_that_allows_it() -> None:
    """The refusal said no more than "private address": the hint it gives now, followed, fetches it."""
    runner = CliRunner()
    with serve(Site({"/a": Page(article_page(1))})) as site:
        url = site.url + "/a"
        refused = runner.invoke(cli, ["extract", url], env={**UNSET, "NEWSDESK_ALLOWED_NETWORKS": ""})
        assert refused.exit_code == 1 and refused.stdout == ""
        assert refused.stderr == (f"newsdesk: error: {url}: refused: 127.0.0.1 resolves to a private address "
                                  "(127.0.0.1); allow it with NEWSDESK_ALLOWED_NETWORKS=127.0.0.0/8\n")
        hint = re.search(r"NEWSDESK_ALLOWED_NETWORKS=(\S+)", refused.stderr)
        assert hint is not None
        allowed = runner.invoke(cli, ["extract", url], env={**UNSET, "NEWSDESK_ALLOWED_NETWORKS": hint.group(1),
                                                            "NEWSDESK_HOST_DELAY": "0"})
        assert allowed.exit_code == 0, allowed.stderr
        assert json.loads(allowed.stdout)["title"] == "Harbour story 1"


def _docs_defaults() -> dict[str, str]:
    """The default column of docs/settings.md's table, as a reader sees it (backticks dropped)."""
    rows = re.findall(r"(?m)^\| `(\w+)` \| `NEWSDESK_\w+` \| (.*?) \| ", (ROOT / "docs" / "settings.md").read_text())
    return {name: default.strip("`") for name, default in rows}


def test_settings_writes_each_default_as_the_docs_table_does() -> None:
    """`newsdesk settings` printed allowed_networks = '' where the docs say (none), and quoted text."""
    done = CliRunner().invoke(cli, ["settings"], env=UNSET)
    assert done.exit_code == 0
    shown = dict(line.split(" = ", 1) for line in done.stdout.splitlines())
    assert shown == _docs_defaults()
    assert shown["allowed_networks"] == "(none)" and shown["smtp_password"] == "(secret)"


def test_settings_show_a_value_given_as_given_and_never_a_secret() -> None:
    given = CliRunner().invoke(cli, ["settings"], env={**UNSET, "NEWSDESK_SMTP_PASSWORD": "hunter2",
                                                       "NEWSDESK_ALLOWED_NETWORKS": "10.0.0.0/8"})
    assert "smtp_password = (secret)" in given.stdout.splitlines() and "hunter2" not in given.output
    assert "allowed_networks = 10.0.0.0/8" in given.stdout.splitlines()


def test_show_says_what_is_wrong_with_the_id(tmp_path: Path) -> None:
    runner = CliRunner()
    store, _ = seeded_store(tmp_path / "news.db")
    store.close()
    db = str(tmp_path / "news.db")
    empty = runner.invoke(cli, ["show", "", "--db", db])  # said "no article with id ", naming nothing
    assert empty.exit_code == 2 and "Invalid value for ID: empty" in empty.stderr and "Traceback" not in empty.output
    unknown = runner.invoke(cli, ["show", "zz", "--db", db])
    assert unknown.exit_code == 1 and unknown.stderr == (
        "newsdesk: error: no article with id zz (newsdesk search WORDS lists articles with their ids)\n")
    runner.invoke(cli, ["ingest", "--no-analyze", "--db", str(tmp_path / "empty.db"), str(tmp_path / "gone.html")])
    none = runner.invoke(cli, ["show", "zz", "--db", str(tmp_path / "empty.db")])
    assert none.exit_code == 1 and none.stderr.startswith("newsdesk: error: no article with id zz: no articles stored "
                                                          "yet: store some with newsdesk ingest PAGE")
    assert none.stderr.count("\n") == 1


def _examples(path: list[str]) -> list[str]:
    """The example lines of a command's --help, each without the words explaining it."""
    text = CliRunner().invoke(cli, [*path, "--help"]).output
    block = text.split("Examples:\n", 1)[1].split("\n\n", 1)[0]
    return [re.split(r"\s{2,}", line.strip())[0] for line in block.splitlines()]


@pytest.mark.parametrize("path", [["cluster"], ["export"], ["show"], ["watch", "edit"]], ids=" ".join)
def test_the_examples_of_a_command_run_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  path: list[str]) -> None:
    """Each example in its folder: the files it names there, the ids it names those of a real store,
    a pipe's newsdesk stages fed one another's output, and every stage must succeed."""
    store, ids = seeded_store(tmp_path / "news.db")
    store.close()
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    env = {**UNSET, "NEWSDESK_DB": str(tmp_path / "news.db")}
    watch = json.loads(runner.invoke(cli, ["watch", "add", "place:Kyiv"], env=env).stdout)["id"]
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "a.html").write_text(article_page(1), encoding="utf-8")
    (tmp_path / "articles.jsonl").write_text(runner.invoke(cli, ["export"], env=env).stdout, encoding="utf-8")
    examples = _examples(path)
    assert examples
    for example in examples:
        data = ""
        for stage in example.split(" | "):
            command, _, sink = stage.partition(" > ")
            words = shlex.split(command)
            if words[0] != "newsdesk":  # jq and the like: not ours to run
                continue
            args = [_real(word, ids["talks"], watch, tmp_path) for word in words[1:]]
            done = runner.invoke(cli, args, input=data, env=env)
            assert done.exit_code == 0, f"{example}: {done.output}"
            data = done.stdout
            if sink:
                (tmp_path / sink.strip()).write_text(data, encoding="utf-8")
        assert data or path == ["export"], f"{example} printed nothing"


def _real(word: str, article: str, watch: str, folder: Path) -> str:
    """An example's word with what this test has: its made-up ids, database names and server."""
    if re.fullmatch(r"[0-9a-f]{4,}", word):
        return article[:len(word)]
    if re.fullmatch(r"w[0-9a-f]{4,}", word):
        return watch
    if word == "news.db" or word.startswith("postgresql://"):
        return str(folder / ("news.db" if word == "news.db" else "copy.db"))
    return word
