"""The docs as a newcomer reads them: every command and option they name exists, their Python
samples run (docs/python-api.md whole; the others with the names their prose supplies), and
`make docs` leaves the pages it regenerates as they are."""

from __future__ import annotations

import ast
import json
import os
import re
import runpy
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import click
import pytest
from click.testing import CliRunner

from newsdesk.alerts.channels.webhook import sign
from newsdesk.cli import cli
from newsdesk.store import open_store
from tests.test_store_support import analysed

ROOT = Path(__file__).resolve().parent.parent
# benchmarks.md is a log of sessions (old flags stay in it as they were run); CHANGELOG.md likewise
PAGES = [ROOT / "README.md", ROOT / "DEVELOPERS.md",
         *sorted(p for p in (ROOT / "docs").glob("*.md") if p.name != "benchmarks.md")]
FENCE = re.compile(r"```([a-z]*)\n(.*?)```", re.S)
SPAN = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")
INVOCATION = re.compile(r"(?:^|(?<=[\s/|(]))newsdesk(?=\s)")
SHELL_END = re.compile(r"\s#(?:\s|$)|\|\s|&&|;|\s&(?:\s|$)")


def _command_lines(text: str) -> list[str]:
    """Shell lines of the fenced blocks (continuations joined) and inline code spans."""
    lines = [line for m in FENCE.finditer(text) for line in m.group(2).replace("\\\n", " ").splitlines()]
    return lines + [m.group(1) for m in SPAN.finditer(FENCE.sub("", text))]


def _problems(line: str) -> list[str]:
    """What `newsdesk …` on this line names that the CLI lacks: a command or an option."""
    found = []
    for start in (m.end() for m in INVOCATION.finditer(line)):
        words = SHELL_END.split(line[start:])[0].split()
        command: click.Command = cli
        path = ["newsdesk"]
        while isinstance(command, click.Group) and words:
            sub = command.get_command(click.Context(command), words[0])
            if sub is None:
                break
            command = sub
            path.append(words.pop(0))
        if isinstance(command, click.Group):
            if words and re.fullmatch(r"[a-z][a-z-]+", words[0]):
                found.append(f"{' '.join(path)}: no command {words[0]!r}")
            continue
        options = {name for p in command.params for name in (*p.opts, *p.secondary_opts)} | {"--help", "-h"}
        for word in words:
            flag = re.match(r"\[?(--?[a-z][a-z-]*)", word)
            if flag and flag.group(1) not in options:
                found.append(f"{' '.join(path)}: no option {flag.group(1)}")
    return found


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_command_and_option_the_docs_name_exists(page: Path) -> None:
    wrong = [f"{problem}  ({line.strip()[:80]})" for line in _command_lines(page.read_text())
             for problem in _problems(line)]
    assert not wrong, f"{page.name} names what the CLI lacks:\n" + "\n".join(wrong)


def _anchors(page: Path) -> set[str]:
    """GitHub's anchors of a page's headings: lower case, punctuation dropped, spaces to hyphens."""
    return {re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
            for heading in re.findall(r"(?m)^#+\s+(.*)$", page.read_text())}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_link_and_file_the_docs_name_is_there(page: Path) -> None:
    text = page.read_text()
    wrong = []
    for link in re.findall(r"\]\(([^)\s]+)\)", text):
        if link.startswith(("http://", "https://", "mailto:")):
            continue
        name, _, anchor = link.partition("#")
        target = (page.parent / name).resolve() if name else page
        if not target.exists():
            wrong.append(f"link {link}: no such file")
        elif anchor and target.suffix == ".md" and anchor not in _anchors(target):
            wrong.append(f"link {link}: no such heading")
    for path in re.findall(r"(?<![\w/.])((?:scripts|bench|tests|newsdesk)/[\w/.-]+\.(?:py|json|md))", text):
        if not (ROOT / path).exists():
            wrong.append(f"{path}: no such file")
    for module in re.findall(r"`((?:[a-z_]+/)+[a-z_]+\.py)`", text):  # `stories/tracker.py`: under newsdesk/
        if not (ROOT / module).exists() and not (ROOT / "newsdesk" / module).exists():
            wrong.append(f"{module}: no such module")
    assert not wrong, f"{page.name}:\n" + "\n".join(wrong)


def test_the_readme_leads_to_every_page_of_the_docs() -> None:
    readme = (ROOT / "README.md").read_text()
    unlinked = [page.name for page in (ROOT / "docs").glob("*.md") if f"(docs/{page.name})" not in readme]
    assert not unlinked, f"README.md links no {unlinked}"


def test_the_checker_catches_a_renamed_command_or_option() -> None:
    assert _problems(".venv/bin/newsdesk run --bogus   # comment --not-checked") == ["newsdesk run: no option --bogus"]
    assert _problems("newsdesk source lsit") == ["newsdesk source: no command 'lsit'"]
    assert _problems("newsdesk source show ID [--limit N] [--jsonl]") == ["newsdesk source show: no option --jsonl"]
    assert _problems("newsdesk run --once | tee log && newsdesk search 'x' --limit 3") == []


def _commands(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], click.Command]]:
    found = []
    for name in group.list_commands(click.Context(group)):
        command = group.get_command(click.Context(group), name)
        assert command is not None
        found.append(((*path, name), command))
        if isinstance(command, click.Group):
            found += _commands(command, (*path, name))
    return found


def test_the_examples_in_each_commands_help_run_as_written() -> None:
    runner = CliRunner()
    helps = {(): runner.invoke(cli, ["--help"]).output}
    helps |= {path: runner.invoke(cli, [*path, "--help"]).output for path, _ in _commands(cli)}
    wrong = [f"{' '.join(path)}: {problem}" for path, text in helps.items()
             for line in text.splitlines() for problem in _problems(line.replace("`", " "))]
    assert not wrong, "\n".join(wrong)
    with_examples = {path for path, text in helps.items() if "Examples:" in text}
    assert {(), ("extract",), ("analyze",), ("ingest",), ("search",), ("run",), ("source", "add"),
            ("watch", "add"), ("watch", "edit"), ("backfill",), ("cluster",), ("export",), ("show",)} <= with_examples


def _python_blocks(page: str) -> list[str]:
    return [m.group(2) for m in FENCE.finditer((ROOT / "docs" / page).read_text()) if m.group(1) == "python"]


@pytest.mark.parametrize("page", [p.name for p in PAGES if "```python" in p.read_text()])
def test_every_python_sample_compiles_and_its_imports_exist(page: str) -> None:
    for block in _python_blocks(page):
        tree = ast.parse(block)
        imports = ast.Module([node for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)], [])
        exec(compile(imports, page, "exec"), {})


@pytest.fixture
def demo_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder holding the demo page where the samples, run from the checkout, find it."""
    (tmp_path / "newsdesk" / "demo").mkdir(parents=True)
    shutil.copy(ROOT / "newsdesk" / "demo" / "cbs-kyiv-talks.txt", tmp_path / "newsdesk" / "demo")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_python_api_page_runs_as_written(demo_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    namespace: dict[str, Any] = {}
    for block in _python_blocks("python-api.md"):
        exec(compile(block, "python-api.md", "exec"), namespace)
    out = capsys.readouterr().out
    assert "Russia to drastically reduce military activity near Kyiv" in out
    assert "Vladimir Medinsky —" in out  # a quote with its speaker
    assert "no-such-page.html: no such file" in out
    assert namespace["assignment"].status == "new"
    assert namespace["result"].status == "stored"


def _sample_article() -> Any:
    text = 'Ukraine\'s President Volodymyr Zelensky said a ceasefire was close. "Peace talks go on," he said.'
    return analysed(text, "https://example.com/a", people=("Volodymyr Zelensky",), places=("Kyiv",),
                    events=("CONSULT",), title="Peace talks", published="2024-05-02")


def test_the_storage_sample_runs(demo_folder: Path) -> None:
    exec(compile(_python_blocks("storage.md")[0], "storage.md", "exec"), {"article": _sample_article()})


def test_the_stories_sample_runs(demo_folder: Path) -> None:
    with open_store(str(demo_folder / "news.db")) as store:
        stored = store.get(store.put(_sample_article()).id)
        namespace = {"article": stored, "article_id": stored.id, "store": store, "stored_article": stored}
        exec(compile(_python_blocks("stories.md")[0], "stories.md", "exec"), namespace)
        assert store.story_of(stored.id) == namespace["assignment"].story_id


def test_the_webhook_check_accepts_what_the_service_signs() -> None:
    body = b'{"watch": "w1", "alert": "a1"}'
    request = SimpleNamespace(headers={"X-Newsdesk-Signature": sign("s3cret", body)})
    namespace = {"secret": "s3cret", "raw_body": body, "request": request}
    exec(compile(_python_blocks("alerts.md")[0], "alerts.md", "exec"), namespace)
    assert namespace["ok"] is True


def test_make_docs_keeps_the_settings_page_as_it_is() -> None:
    generator = runpy.run_path(str(ROOT / "scripts" / "settings_doc.py"))  # not as __main__: writes nothing
    page = (ROOT / "docs" / "settings.md").read_text()
    assert generator["render"](page) == page, "make docs would rewrite docs/settings.md's text"


def test_without_pyspark_the_spark_engine_says_how_to_install_it_from_a_checkout(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """It said pip install 'newsdesk[spark]' alone, which finds no such package from a checkout."""
    from newsdesk.backfill.records import Options
    from newsdesk.backfill.spark import start_spark
    from newsdesk.errors import ConfigError

    monkeypatch.setitem(sys.modules, "pyspark", None)  # import pyspark raises ImportError
    with pytest.raises(ConfigError, match=re.escape("pip install -e '.[spark]'")):
        start_spark(Options(output=str(tmp_path), engine="spark"))


def _sample_record() -> Any:
    """article-json.md's sample as JSON: comments dropped, each "a" | "b" | null reduced to its first."""
    sample = re.search(r"```jsonc\n(.*?)```", (ROOT / "docs" / "article-json.md").read_text(), re.S)
    assert sample is not None
    text = re.sub(r"\s//\s[^\n]*", "", sample.group(1))
    while (shorter := re.sub(r'\s*\|\s*(null|"[^"]*")', "", text)) != text:
        text = shorter
    return json.loads(text)


def _unshown(spec: dict[str, Any], sample: Any, defs: dict[str, Any], at: str) -> list[str]:
    """Fields of ``spec`` (a schema object) that ``sample`` lacks, down through the objects it holds."""
    missing = []
    for field, kind in spec.get("properties", {}).items():
        if field not in sample:
            missing.append(f"{at}.{field}")
            continue
        value = sample[field][0] if isinstance(sample[field], list) and sample[field] else sample[field]
        refs = re.findall(r'"\$ref": "#/\$defs/(\w+)"', json.dumps(kind))
        if refs and isinstance(value, dict):
            missing += _unshown(defs[refs[0]], value, defs, f"{at}.{field}")
    return missing


def test_the_record_page_shows_every_field_of_the_schema() -> None:
    """article-json.md's sample record lacked media's "url"."""
    schema = json.loads((ROOT / "docs" / "article.schema.json").read_text())
    missing = _unshown(schema["$defs"]["Article"], _sample_record(), schema["$defs"], "article")
    assert not missing, f"docs/article-json.md does not show {missing}"


def test_on_a_wide_terminal_the_command_list_gives_whole_summaries() -> None:
    """click stops at 80 columns by default: every summary was cut ('… WARC file, - for...'). A real
    process: CliRunner forces 80 columns."""
    env = {**os.environ, "COLUMNS": "160"}
    output = subprocess.run([sys.executable, "-c", "from newsdesk.cli import main; main()", "--help"], env=env,
                            capture_output=True, text=True, check=True).stdout
    assert "ingest    Extract each INPUT (file, folder, URL, WARC file, - for stdin) and store it" in output
