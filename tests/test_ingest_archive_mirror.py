"""A `wget -r` mirror folder: pages saved under their URL's name, without an .html suffix
(`index.php?id=5`, `story`), were not inputs at all ("folder holds no pages"). A file of a folder
named as no page is sniffed: HTML markup at its start makes it a page; images, style sheets,
scripts, feeds, robots.txt are skipped without a word. Read by extract, ingest and the monitor's
folder source alike (they share the folder's expansion)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from test_monitor_support import article_page

from newsdesk.cli import cli
from newsdesk.ingest.read import expand_inputs


def make_mirror(root: Path) -> Path:
    site = root / "news.example.com"
    (site / "news").mkdir(parents=True)
    (site / "static").mkdir()
    (site / "index.php?id=5").write_text(article_page(1))
    (site / "news" / "story").write_text("\n  " + article_page(2))
    (site / "news" / "article.aspx").write_bytes(b"\xef\xbb\xbf" + article_page(3).encode())
    (site / "news" / "story.html").write_text(article_page(4))
    (site / "robots.txt").write_text("User-agent: *\nDisallow: /admin/\n")
    (site / "static" / "site.css").write_text("body { color: black }\n")
    (site / "static" / "logo").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (site / "static" / "app").write_text("(function(){ document.title = '<b>x</b>'; })();\n")
    (site / "feed").write_text('<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>')
    (site / "empty").write_bytes(b"")
    return site


def test_a_wget_mirror_gives_its_pages_and_skips_the_rest(tmp_path: Path) -> None:
    site = make_mirror(tmp_path)
    names = [str(Path(p).relative_to(site)) for p in expand_inputs([str(tmp_path)])]
    assert names == ["index.php?id=5", "news/article.aspx", "news/story", "news/story.html"]


def test_extract_reads_a_mirror_quietly(tmp_path: Path) -> None:
    make_mirror(tmp_path)
    result = CliRunner().invoke(cli, ["extract", "--jsonl", str(tmp_path)])
    titles = sorted(json.loads(line)["title"] for line in result.stdout.splitlines())
    assert titles == [f"Harbour story {n}" for n in (1, 2, 3, 4)], result.output
    assert result.exit_code == 0 and result.stderr == ""


def test_a_folder_of_no_pages_is_still_refused(tmp_path: Path) -> None:
    (tmp_path / "logo").write_bytes(b"GIF89a" + bytes(40))
    (tmp_path / "notes").write_text("shopping list: bread, milk\n")
    result = CliRunner().invoke(cli, ["extract", str(tmp_path)])
    assert result.exit_code == 1 and "folder holds no pages" in result.stderr
