"""Pages with no declared charset that are no UTF-8: the encoding guesser read a short page's "café"
as Central European ("crčme"), its curly quotes (0x92–0x94) as Big5 or Baltic, and long French,
Portuguese or Icelandic pages as Windows-1250. Browsers read them as Windows-1252; so does newsdesk,
while pages in other code pages are still guessed as before."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_monitor_support import Page, Site, article_page, serve

from newsdesk.cli import cli
from newsdesk.ingest.decode import decode

WESTERN = [
    "We met at the café near the station.",
    "Café crème",
    "It’s",
    "The minister’s “plan” — announced on Monday — cost £200m…",
    "Naïve résumé – the “end”.",
    "Señor Pérez dijo ¿qué? «Muy útil», añadió.",
    "O presidente afirmou que a situação não é tão má, e as negociações continuarão.",
    "Le ministre a déclaré que la sœur république reprendrait à Genève après l’été.",
    "Forsætisráðherra sagði í gær að þjóðin þyrfti að búa sig undir vetur.",
    "Der Bürgermeister sagte, die Straße werde für größere Fahrzeuge gesperrt – 5 m² für 300 €.",
]


def _page(sentence: str, repeat: int = 1) -> str:
    return f"<html><head><title>News</title></head><body><article><p>{sentence * repeat}</p></article></body></html>"


@pytest.mark.parametrize("sentence", WESTERN)
@pytest.mark.parametrize("repeat", [1, 10])
def test_an_undeclared_western_page_reads_as_windows_1252(sentence: str, repeat: int) -> None:
    page = _page(sentence + " ", repeat)
    assert decode(page.encode("cp1252"), "page.html") == (page, "cp1252")


@pytest.mark.parametrize(("sentence", "encoding"), [
    ("Minister powiedział w środę, że rozmowy w Łodzi będą kontynuowane. „To bardzo ważny krok”, dodał.", "cp1250"),
    ("Zażółć gęślą jaźń", "cp1250"),
    ("Ministr ve středu řekl, že jednání v Brně budou pokračovat.", "cp1250"),
    ("Příliš žluťoučký kůň", "cp1250"),
    ("Ministar je rekao da će se pregovori nastaviti. Đuro Čačić.", "cp1250"),
    ("Ministrul a declarat că negocierile de la Bucureşti vor continua şi ţara.", "cp1250"),
    ("A miniszter azt mondta, hogy a tárgyalások Győrben folytatódnak.", "cp1250"),
    ("Министр заявил в среду, что переговоры будут продолжены.", "cp1251"),
    ("Ο υπουργός δήλωσε την Τετάρτη ότι οι συνομιλίες θα συνεχιστούν.", "cp1253"),
    ("部长周三表示，在北京的会谈将继续进行。", "gb18030"),
])
def test_pages_in_other_code_pages_are_not_read_as_windows_1252(sentence: str, encoding: str) -> None:
    page = _page(sentence + " ", 3)
    text, _ = decode(page.encode(encoding), "page.html")
    assert text == page


def test_a_short_cp1252_file_and_fetched_page_keep_their_quotes(tmp_path: Path) -> None:
    """A 300-byte page saved by an old CMS: no meta charset, no charset in the Content-Type."""
    body = article_page(1, body="<p>The mayor\u2019s \u201cnew\u201d caf\u00e9 opens on Monday, the council "
                                "said \u2014 after a year of delays.</p>")
    data = body.encode("cp1252")
    assert b"\x92" in data and len(data) < 400
    saved = tmp_path / "cafe.html"
    saved.write_bytes(data)
    with serve(Site({"/cafe": Page(data, type="text/html")})) as site:
        for item in (str(saved), f"{site.url}/cafe"):
            result = CliRunner().invoke(cli, ["extract", item], env={"NEWSDESK_ALLOWED_NETWORKS": "127.0.0.0/8"})
            assert result.exit_code == 0, result.output
            assert json.loads(result.stdout)["text"].startswith("The mayor\u2019s \u201cnew\u201d caf\u00e9 opens")
