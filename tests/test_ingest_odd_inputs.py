"""Odd but real inputs, as a user gives them: a page whose byte-order mark contradicts its meta charset,
listings in the encodings old generators write, a sitemap whose xhtml:link alternates lack their
namespace, pages saved "complete" by a browser in another language; and (kept working) a feed served
as application/octet-stream with relative links, and a page Chrome saved as MHTML."""

from __future__ import annotations

import codecs
import json
import quopri
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_monitor_support import Page, Site, article_page, loopback_settings, serve

from newsdesk.cli import cli
from newsdesk.errors import InputError
from newsdesk.ingest.decode import decode
from newsdesk.ingest.feeds import parse_listing
from newsdesk.monitor import Log, Monitor
from newsdesk.store import open_store

ENV = {"NEWSDESK_ALLOWED_NETWORKS": "127.0.0.0/8"}
LATIN_META = '<meta charset="iso-8859-1">'
CAFE = "Le caf\u00e9 du port rouvre \u00e0 No\u00ebl, a d\u00e9clar\u00e9 le maire, apr\u00e8s un an de travaux."


def _extracted(*args: str) -> list[dict[str, str]]:
    result = CliRunner().invoke(cli, ["extract", "--jsonl", *args], env=ENV)
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_a_byte_order_mark_that_the_page_contradicts(tmp_path: Path) -> None:
    """A UTF-8 page with a byte-order mark and one stray byte was refused whole ("not valid
    utf-8-sig"), as was a Latin-1 page that an editor saved with a UTF-8 mark before its meta tag
    naming iso-8859-1. The first reads as UTF-8 (the bad byte a U+FFFD, as browsers show it), the
    second by its meta tag; a mark on a real UTF-8 page still wins over the meta tag."""
    utf8 = article_page(1, body=f"<p>{CAFE} The mayor\u2019s plan was welcomed in Warsaw.</p>").replace(
        "<head>", f"<head>{LATIN_META}")
    stray = codecs.BOM_UTF8 + utf8.encode().replace(b"Warsaw", b"Wars\xe9w")
    assert decode(stray, "page.html") == (utf8.replace("Warsaw", "Wars\ufffdw"), "utf-8-sig")
    latin = article_page(2, body=f"<p>{CAFE}</p>").replace("<head>", f"<head>{LATIN_META}")
    assert decode(codecs.BOM_UTF8 + latin.encode("cp1252"), "page.html") == (latin, "cp1252")
    assert decode(codecs.BOM_UTF8 + utf8.encode(), "page.html") == (utf8, "utf-8-sig")

    (tmp_path / "stray.html").write_bytes(stray)
    (tmp_path / "latin.html").write_bytes(codecs.BOM_UTF8 + latin.encode("cp1252"))
    site = Site({"/latin": Page(codecs.BOM_UTF8 + latin.encode("cp1252"), type="text/html; charset=utf-8")})
    with serve(site):
        records = _extracted(str(tmp_path / "stray.html"), str(tmp_path / "latin.html"), site.url + "/latin")
    assert [r.get("error") for r in records] == [None, None, None]
    assert [r["text"][:len(CAFE)] for r in records] == [CAFE] * 3


SITEMAP = ('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{ns}><url><loc>{base}/a/1</loc>'
           '<xhtml:link rel="alternate" hreflang="de" href="{base}/de/a/1"/>'
           '<image:image><image:loc>{base}/a/1.jpg</image:loc></image:image></url>'
           '<url><loc>{base}/a/2</loc><lastmod>2025-11-30</lastmod></url></urlset>')
NAMESPACES = (' xmlns:xhtml="http://www.w3.org/1999/xhtml"'
              ' xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"')


@pytest.mark.parametrize("ns", [NAMESPACES, ""])
def test_a_sitemap_with_alternates_gives_its_pages_only(ns: str) -> None:
    """xhtml:link alternates (other languages) and images are no article links. A generator that
    forgot to declare their prefixes made lxml refuse the whole sitemap ("Namespace prefix xhtml on
    link is not defined"): every link in it lost."""
    base = "https://news.example.com"
    listing = parse_listing(SITEMAP.format(ns=ns, base=base).encode(), f"{base}/sitemap.xml", 1 << 20)
    assert sorted(link.url for link in listing.links) == [f"{base}/a/1", f"{base}/a/2"]


TITLE = "Caf\u00e9 \u2019s \u201cnew\u201d menu"


def _sitemap(declaration: str, title: str = TITLE) -> str:
    return (f'{declaration}<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://n.example.com/1</loc>'
            f"<news:news><news:title>{title}</news:title></news:news></url></urlset>")


def _json_feed(title: str = TITLE) -> str:
    return ('{"version": "https://jsonfeed.org/version/1.1", "title": "News", "items": '
            f'[{{"id": "1", "url": "https://n.example.com/1", "title": "{title}"}}]}}')


UTF8_DECLARED = '<?xml version="1.0" encoding="UTF-8"?>'
LATIN1_DECLARED = '<?xml version="1.0" encoding="ISO-8859-1"?>'
CP1252_DECLARED = '<?xml version="1.0" encoding="windows-1252"?>'
RSS = ('<rss version="2.0"><channel><title>News</title><item><title>' + TITLE
       + "</title><link>https://n.example.com/1</link></item></channel></rss>").replace(TITLE, "Caf\u00e9 \u2019s")


@pytest.mark.parametrize(("body", "charset"), [
    (_sitemap(UTF8_DECLARED).encode("cp1252"), None),  # refused whole: "Invalid bytes in character encoding"
    (_sitemap("").encode("cp1252"), None),
    (_sitemap("").encode("cp1252"), "utf-8"),  # a server's default charset
    (_json_feed().encode("cp1252"), None),  # "not valid JSON"
    (codecs.BOM_UTF8 + _sitemap(LATIN1_DECLARED).encode("cp1252"), None),  # a mark the bytes belie
    (codecs.BOM_UTF8 + _json_feed().encode("cp1252"), None),
    (codecs.BOM_UTF8 + (CP1252_DECLARED + RSS).encode(), None),  # the mark wins: "CafÃ©"
    ((CP1252_DECLARED + RSS).encode(), None),  # declared windows-1252, written in UTF-8: "CafÃ©"
    (_sitemap(LATIN1_DECLARED).encode(), None),
    (_sitemap(LATIN1_DECLARED).encode("cp1252"), None),  # 0x92 read as a control character
    (_sitemap("").encode("cp1252"), "iso-8859-1"),
])
def test_listings_in_the_encodings_generators_write(body: bytes, charset: str | None) -> None:
    listing = parse_listing(body, "https://n.example.com/sitemap.xml", 1 << 20, charset)
    title = TITLE if b"<rss" not in body else "Caf\u00e9 \u2019s"  # the RSS title is one feedparser misread
    assert [(link.url, link.title) for link in listing.links] == [("https://n.example.com/1", title)]


def test_a_listing_in_another_code_page_keeps_it() -> None:
    russian = "\u041d\u043e\u0432\u043e\u0441\u0442\u0438 \u041c\u043e\u0441\u043a\u0432\u044b"
    body = _sitemap('<?xml version="1.0" encoding="windows-1251"?>', russian).encode("cp1251")
    assert parse_listing(body, "https://n.example.com/s.xml", 1 << 20).links[0].title == russian
    body = _sitemap("", russian).encode("koi8-r")
    assert parse_listing(body, "https://n.example.com/s.xml", 1 << 20, "koi8-r").links[0].title == russian


@pytest.mark.parametrize("suffix", ["_files", "-Dateien", "_fichiers", "_archivos", "_bestanden", "_pliki"])
def test_a_page_saved_complete_in_another_language_is_one_page(tmp_path: Path, suffix: str) -> None:
    """A German Firefox saves "Seite.html" beside "Seite-Dateien", a French one "_fichiers": their
    ads and widgets (saved_resource.html) were each read as a page, an error line each, exit 1."""
    saved = tmp_path / "saved"
    (saved / f"Harbour story 1{suffix}").mkdir(parents=True)
    (saved / "Harbour story 1.html").write_text(article_page(1))
    (saved / f"Harbour story 1{suffix}" / "saved_resource.html").write_text("<html><body><div>Ad</div></body></html>")
    (saved / f"Harbour story 1{suffix}" / "style.css").write_text("p {}")
    result = CliRunner().invoke(cli, ["extract", "--jsonl", str(saved)])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["input"] for line in result.stdout.splitlines()] == [str(saved / "Harbour story 1.html")]
    # `newsdesk extract saved/*`: the folder comes as an input of its own, beside its page
    result = CliRunner().invoke(cli, ["extract", "--jsonl", *sorted(str(p) for p in saved.iterdir())])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["input"] for line in result.stdout.splitlines()] == [str(saved / "Harbour story 1.html")]


def test_a_folder_beside_a_page_is_read_when_it_is_no_companion(tmp_path: Path) -> None:
    (tmp_path / "2025_archive").mkdir()
    (tmp_path / "2025.html").write_text(article_page(1))
    (tmp_path / "2025_archive" / "story.html").write_text(article_page(2))
    assert [r["title"] for r in _extracted(str(tmp_path))] == ["Harbour story 1", "Harbour story 2"]


def test_a_feed_served_as_octet_stream_with_relative_links_and_a_bare_sitemap(tmp_path: Path) -> None:
    site = Site({f"/news/{n}": Page(article_page(n)) for n in range(1, 4)})
    with serve(site):
        feed = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour</title>'
                "<item><title>One</title><link>/news/1</link></item><item><title>Two</title><link>news/2</link></item>"
                "<item><title>Three</title><guid>/news/3</guid></item></channel></rss>")
        site.routes["/feed"] = Page(feed.encode(), type="application/octet-stream")
        site.routes["/sitemap.xml"] = Page(SITEMAP.format(ns="", base=site.url).replace("/a/", "/news/").encode(),
                                           type="application/octet-stream")
        with open_store(str(tmp_path / "news.db")) as store:
            store.add_source(site.url + "/feed")
            store.add_source(site.url + "/sitemap.xml")
            report = Monitor(store, loopback_settings(), log=Log(None)).run_once()
            assert (report.sources_failed, report.stored) == (0, 3)
            assert sorted(str(a.url) for a in store.articles()) == [f"{site.url}/news/{n}" for n in (1, 2, 3)]
        assert not any(path.startswith("/de/") or path.endswith(".jpg") for path in site.paths())


def test_a_page_chrome_saved_as_mhtml(tmp_path: Path) -> None:
    html = article_page(1, body=f"<p>{CAFE}</p>").replace(
        "<head>", '<head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8">')
    boundary = "----MultipartBoundary--Wd0RmGzZ1xXoC8bTdzS5PqYCDeTs8nbk0qMzUK6b1R----"
    parts = [
        "From: <Saved by Blink>", "Snapshot-Content-Location: https://news.example.com/story-1",
        "Subject: Harbour story 1", "MIME-Version: 1.0", "Content-Type: multipart/related;",
        '\ttype="text/html";', f'\tboundary="{boundary}"', "", "",
        f"--{boundary}", "Content-Type: text/html", "Content-ID: <frame-1@mhtml.blink>",
        "Content-Transfer-Encoding: quoted-printable", "Content-Location: https://news.example.com/story-1", "",
        quopri.encodestring(html.encode()).decode("ascii"),
        f"--{boundary}", "Content-Type: text/html", "Content-Transfer-Encoding: quoted-printable",
        "Content-Location: https://ads.example.net/frame", "", "<html><body>Ad</body></html>",
        f"--{boundary}--", ""]
    saved = tmp_path / "Harbour story 1.mhtml"
    saved.write_bytes("\r\n".join(parts).replace("\n", "\r\n").replace("\r\r\n", "\r\n").encode("ascii"))
    [record] = _extracted(str(saved))
    assert (record["url"], record["title"]) == ("https://news.example.com/story-1", "Harbour story 1")
    assert record["text"].startswith(CAFE)


def test_a_utf8_page_under_a_latin1_label(tmp_path: Path) -> None:
    """A server's default "charset=iso-8859-1" (Apache's AddDefaultCharset) on a UTF-8 page, or a
    template's stale meta tag: read by the label, the article said "Le cafÃ© du port". No text in a
    single-byte code page is valid UTF-8 as well; a real Latin-1 page keeps its label."""
    utf8 = article_page(1, body=f"<p>{CAFE}</p>")
    stale = utf8.replace("<head>", f"<head>{LATIN_META}")
    latin = article_page(2, body=f"<p>{CAFE}</p>")
    (tmp_path / "stale.html").write_bytes(stale.encode())
    site = Site({"/utf8": Page(utf8.encode(), type="text/html; charset=ISO-8859-1"),
                 "/latin": Page(latin.encode("cp1252"), type="text/html; charset=ISO-8859-1")})
    with serve(site):
        records = _extracted(str(tmp_path / "stale.html"), site.url + "/utf8", site.url + "/latin")
    assert [r["text"][:len(CAFE)] for r in records] == [CAFE] * 3
    assert decode(stale.encode(), "stale.html") == (stale, "utf-8")
    assert decode(latin.encode("cp1252"), "latin.html", "iso-8859-1") == (latin, "cp1252")


def test_bytes_no_encoding_reads_are_refused_under_the_inputs_name(tmp_path: Path) -> None:
    """The error named the last encoding tried ("utf-8: binary content…"), not the input."""
    junk = tmp_path / "junk.html"
    junk.write_bytes(bytes((0x80 + (n * 37) % 128) if n % 7 else 0x20 for n in range(3000)))
    with pytest.raises(InputError) as caught:
        decode(junk.read_bytes(), str(junk))
    assert caught.value.input == str(junk)
    assert _extracted(str(junk)) == [{"input": str(junk), "error": "binary content, not a text or HTML page"}]


@pytest.mark.parametrize(("label", "codec", "text"), [
    ("gb2312", "gbk", "总理朱镕基表示，会谈将继续。"),  # 镕: GBK, not GB2312
    ("x-gbk", "gbk", "北京的会谈将继续进行。"),
    ("shift_jis", "cp932", "①髙橋氏は東京で述べた。"),  # ①, 髙: Windows' Shift_JIS
    ("euc-kr", "cp949", "똠방각하 서울에서 말했다."),  # 똠: Windows' EUC-KR
    ("big5", "big5hkscs", "香港嘅會談將繼續。"),  # 嘅: Hong Kong's Big5
    ("iso-8859-9", "cp1254", "Bakan “önemli” dedi — İstanbul’da."),  # its curly quotes: 0x93, 0x94
    ("windows-874", "cp874", "รัฐมนตรี “กล่าว”"),
])
def test_a_charset_label_reads_as_browsers_read_it(label: str, codec: str, text: str) -> None:
    """Python's codecs for these labels are strict where browsers read the vendor's superset: a short
    page labelled gb2312 holding one GBK character went to the guesser (and came out in another
    script), a page labelled iso-8859-9 lost its curly quotes to control characters."""
    page = f'<html><head><meta charset="{label}"><title>x</title></head><body><p>{text}</p></body></html>'
    assert decode(page.encode(codec), "page.html")[0] == page
    assert decode(page.replace(f' charset="{label}"', "").encode(codec), "page.html", label)[0] == page.replace(
        f' charset="{label}"', "")
    feed = (f'<rss version="2.0"><channel><title>{text}</title><item><title>{text}</title>'
            "<link>https://n.example.com/1</link></item></channel></rss>")
    assert parse_listing(feed.encode(codec), "https://n.example.com/feed", 1 << 20, label).title == text
