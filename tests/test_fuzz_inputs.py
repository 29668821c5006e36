"""Regressions from the fuzzing campaign (scripts/fuzz_inputs.py, #2, #9): each input, minimised, gives a
newsdesk error naming it (one line from the CLI, exit 1), where it gave another exception or a traceback."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
from test_backfill_support import NEWSDESK
from test_ingest_wacz import warc_bytes, write_wacz

from newsdesk.errors import InputError
from newsdesk.ingest import load
from newsdesk.ingest.feeds import MAX_LENIENT_ELEMENTS, parse_listing
from newsdesk.ingest.opml import read_opml
from newsdesk.ingest.warc import warc_index, warc_pages
from newsdesk.settings import Settings

SETTINGS = Settings.load(environ={})


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([NEWSDESK, *args], capture_output=True, text=True,
                          timeout=60, stdin=subprocess.DEVNULL, check=False)


def _one_error(path: Path) -> InputError:
    pages = list(warc_pages(str(path), SETTINGS))
    assert len(pages) == 1 and isinstance(pages[0], InputError), pages
    assert pages[0].input == str(path)
    return pages[0]


def test_a_wacz_cut_at_its_start_is_refused_not_a_seek_before_the_file(tmp_path: Path) -> None:
    # Only the central directory left (found by the fuzzer, 213 bytes): zipfile puts the members' local
    # headers before byte 0, and the seek there raised OSError: [Errno 22] out of every command.
    whole = write_wacz(tmp_path / "whole.wacz", {"data.warc.gz": warc_bytes(1, 2)}).read_bytes()
    cut = tmp_path / "cut.wacz"
    cut.write_bytes(whole[whole.index(b"PK\x01\x02"):])
    assert "starts before the file does" in _one_error(cut).reason
    try:
        list(warc_index(str(cut)))
    except InputError as exc:
        assert exc.input == str(cut)
    done = _cli("extract", str(cut))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [
        f"newsdesk: error: {cut}: not a readable WACZ file (archive/data.warc.gz starts before the file does "
        "(its start is cut off))"]


def test_a_huge_tag_soup_served_as_a_feed_is_refused_at_once(tmp_path: Path) -> None:
    # 450 KB of nested <table><tr><td> after a cut XML declaration (found on the loopback server): no plain
    # feed, so feedparser read it, at ~50 µs an element, strict then lenient: 30 s of a monitor worker.
    body = b"<?xml v" + b"<table><tr><td>" * 30_000
    started = time.process_time()  # CPU: a busy machine is no slower parser
    with pytest.raises(InputError) as caught:
        parse_listing(body, "https://news.example.com/feed", 20_000_000)
    assert time.process_time() - started < 3.0
    assert caught.value.input == "https://news.example.com/feed"
    assert caught.value.reason == ("not a plain RSS or Atom feed, and too big to read as any other "
                                   f"(90000 elements, at most {MAX_LENIENT_ELEMENTS})")
    # HTML in CDATA is text to feedparser, not elements: a long feed of full articles, broken, still reads
    item = (b"<item><title>T</title><link>https://news.example.com/a</link><description><![CDATA["
            + b"<p>para <b>x</b></p>" * 200 + b"]]></description></item>")
    broken = b'<?xml version="1.0"?><rss version="2.0"><channel>&' + item * 100 + b"</channel></rss>"
    assert len(parse_listing(broken, "https://news.example.com/feed", 20_000_000).links) == 100


@pytest.mark.parametrize(("kind", "body"), [
    ("opml", b'<\x00xml version="1.0"?><opml version="2.0"><body><outline xmlUrl="https://a.example.com/"/></body>'),
    ("sitemap", b'<urlset\x00xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://a.example.com/1'
                b"</loc></url></urlset>")])
def test_an_xml_error_is_one_line(tmp_path: Path, kind: str, body: bytes) -> None:
    # lxml breaks its message before ", line 1, column 2": the error (stored as a source's last error,
    # printed by the CLI) came in two lines, or with a "\n" in it
    with pytest.raises(InputError) as caught:
        read_opml(body, "a.opml") if kind == "opml" else parse_listing(body, "https://a.example.com/s", 10**6)
    assert "\n" not in caught.value.reason and "<string>" not in caught.value.reason
    assert caught.value.reason.endswith("(Invalid character: Char 0x0 out of allowed range, line 1, column 2)"
                                        if kind == "opml" else
                                        "(Invalid character: Char 0x0 out of allowed range, line 1, column 8)")
    if kind == "opml":
        path = tmp_path / "subscriptions.opml"
        path.write_bytes(body)
        done = _cli("source", "import-opml", str(path), "--db", str(tmp_path / "db.sqlite"))
        assert done.returncode == 1 and "\\n" not in done.stderr and len(done.stderr.splitlines()) == 1, done.stderr


def test_an_entity_bomb_in_a_feed_is_refused_at_once() -> None:
    # 600 bytes: expat expanded the entities up to its limit, feedparser took each piece (seconds of work);
    # character references and XML's own entities in a declaration are no bomb
    levels = "".join(f'<!ENTITY {b} "{f"&{a};" * 10}">' for a, b in zip("abcdefg", "bcdefgh", strict=True))
    bomb = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">{levels}]><rss version="2.0"><channel>'
            "<item><title>&h;</title><link>https://a.example.com/1</link></item></channel></rss>").encode()
    started = time.process_time()  # CPU: a busy machine is no slower parser
    with pytest.raises(InputError) as caught:
        parse_listing(bomb, "https://a.example.com/feed", 10**6)
    assert time.process_time() - started < 0.5
    assert caught.value.reason == "an XML entity bomb (an entity made of other entities, for amplification)"
    declared = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY nbsp "&#160;"><!ENTITY co "&#169; &amp; co">]>'
                b'<rss version="2.0"><channel><item><title>a&nbsp;b &co;</title><link>https://a.example.com/1</link>'
                b"</item></channel></rss>")
    assert parse_listing(declared, "https://a.example.com/feed", 10**6).links[0].title == "a\xa0b © & co"


def test_an_mhtml_file_of_parts_nested_thousands_deep_is_refused(tmp_path: Path) -> None:
    # the email package recursed into each part: "internal error (RecursionError: ...)"
    nested = "".join(f'--B{i}\nContent-Type: multipart/related; boundary="B{i + 1}"\n\n' for i in range(3000))
    path = tmp_path / "deep.mhtml"
    path.write_text('MIME-Version: 1.0\nContent-Type: multipart/related; boundary="B0"\n\n' + nested
                    + "--B3000\nContent-Type: text/html\n\n<html><body><p>The harbour board met.</p></body></html>\n")
    with pytest.raises(InputError) as caught:
        load(str(path), SETTINGS)
    assert caught.value.input == str(path) and caught.value.reason == "an MHTML file with its parts nested too deep"
    done = _cli("extract", str(path))
    assert done.returncode == 1 and done.stderr == f"newsdesk: error: {path}: {caught.value.reason}\n"


def test_a_feed_that_breaks_feedparser_itself_is_refused_naming_it() -> None:
    # 65 bytes from the fuzzer: a namespace URI with an encoded surrogate in it; feedparser's handler
    # raised ValueError (too many values to unpack), out of parse_listing and the monitor's check
    body = (b'<rdf:RDF xmlns:rdf="http:/\xed\xa0\x80\xed\xa0\x80-ns#" xmlns="http://1.0/">\n<chann')
    with pytest.raises(InputError) as caught:
        parse_listing(body, "https://a.example.com/feed", 10**6)
    assert caught.value.input == "https://a.example.com/feed"
    assert caught.value.reason.startswith("not a feed or a sitemap (unreadable: ValueError")
