"""HTML pages after the left-over cases of issue #2: AMP captions outside a <figure>, credits with no label,
live-blog entry times.

``tests/golden/walk6/`` holds pages written in new styles (regional sites, wire pages, live blogs, AMP,
cookie walls, related boxes), each with the record a person expects (``*.extract.json``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.extract import extract
from newsdesk.extract.htmlmeta import byline_names
from newsdesk.extract.media import credit_line, split_credit
from newsdesk.pipeline import read_jsonl_articles
from newsdesk.types import Article, Fetched

GOLDEN = Path(__file__).resolve().parent / "golden" / "walk6"
PAGES = sorted(p.stem for p in GOLDEN.glob("*.html"))
PROSE = "".join(f"<p>The council said on Monday that repairs to the harbour wall would take until spring, "
                f"and that the road beside it would stay closed to traffic, in update {n}.</p>" for n in range(4))


def page(name: str) -> Article:
    content = (GOLDEN / f"{name}.html").read_text(encoding="utf-8")
    return extract(Fetched(input=name, content=content, url=f"https://walk6.example/{name}"), format="html")


def markup(body: str) -> Article:
    html = f"<!doctype html><html lang='en'><head><title>Harbour wall</title></head><body>{body}</body></html>"
    return extract(Fetched(input="page.html", content=html, url="https://news.example/a"), format="html")


def test_there_are_ten_pages_or_more() -> None:
    assert len(PAGES) >= 10


@pytest.mark.parametrize("name", PAGES)
def test_page_reads_as_a_person_reads_it(name: str) -> None:
    expected = json.loads((GOLDEN / f"{name}.extract.json").read_text(encoding="utf-8"))
    article = page(name)
    assert article.title == expected["title"]
    assert article.text.split("\n\n") == expected["paragraphs"]
    assert list(article.authors) == expected["authors"]
    assert article.published == expected["published"]
    assert [{"kind": m.kind, "caption": m.caption, "duration_seconds": m.duration_seconds, "credit": m.credit}
            for m in article.media] == expected["media"]


def test_an_amp_caption_after_its_picture_or_player_is_theirs() -> None:
    # <div><amp-img …></div><div class="image-caption">…</div>; <amp-video …></amp-video><p class="video-caption">
    media = {m.kind: m for m in page("amp_sibling_caption").media}
    assert media["image"].url == "https://valleygazette.example/img/barrier.jpg"
    assert media["image"].caption == "The new flood barrier on the River Severn at Bewdley on Friday morning"
    video = media["video"]
    assert (video.url, video.duration_seconds) == ("https://valleygazette.example/video/bewdley.mp4", 84)


def test_a_caption_after_a_wrapper_with_text_of_its_own_is_not_its_pictures() -> None:
    # a teaser box (picture, headline, blurb) is not a picture the next "caption" belongs to
    teaser = ("<div><img src='/t.jpg'><h3>Ferry fares to rise again next year as fuel costs climb</h3></div>"
              "<p class='caption'>Ferry fares in the harbour</p>")
    article = markup(f"<article><h1>Harbour wall</h1>{PROSE}{teaser}</article>")
    assert article.media == ()


def test_a_credit_element_is_the_credit_not_the_caption() -> None:
    # <figcaption><span class="caption-text">…</span> <span class="caption-credit">REUTERS/Ivan Alvarado</span>
    (media,) = page("wire_reuters").media
    assert media.credit == "REUTERS/Ivan Alvarado" and "REUTERS" not in media.caption


def test_a_credit_under_a_picture_is_no_paragraph() -> None:
    # <span class="credit">Getty Images</span> beside a picture with no caption; <p class="…credit">PA Media</p>
    for name, credit in (("getty_credit", "Getty Images"), ("related_heavy", "PA Media"),
                         ("video_credit", "Knepp Estate/PA")):
        article = page(name)
        assert credit not in article.text.split("\n\n"), name
        assert credit in article.removed, name


def test_teaser_cards_as_articles_are_not_the_articles_scope() -> None:
    # the page's only <article>s are "More on this story" cards: the figure in the story body is found
    assert [m.caption for m in page("related_heavy").media] == ["The Norfolk and Norwich University Hospital"]


@pytest.mark.parametrize(("caption", "rest", "credit"), [
    ("Smoke rises over homes in Ventura, Calif., Sunday. AP Photo/Ringo H.W. Chiu",
     "Smoke rises over homes in Ventura, Calif., Sunday.", "AP Photo/Ringo H.W. Chiu"),
    ("A firefighter works near Ventura on Sunday. (AP Photo/Noah Berger)",
     "A firefighter works near Ventura on Sunday.", "AP Photo/Noah Berger"),
    ("Protesters gather outside parliament in Tbilisi. Irakli Gedenidze/Reuters",
     "Protesters gather outside parliament in Tbilisi.", "Irakli Gedenidze/Reuters"),
    ("Crowds fill the square on Monday evening. AFP via Getty Images",
     "Crowds fill the square on Monday evening.", "AFP via Getty Images"),
    ("La ministra, durante la rueda de prensa. EFE/Mariscal", "La ministra, durante la rueda de prensa.",
     "EFE/Mariscal"),
    # a labelled credit stays as written; so do words that only name an agency
    ("A ward at the Royal Infirmary. Picture: Northern Post", "A ward at the Royal Infirmary. Picture: Northern Post",
     None),
    ("The minister spoke to Reuters on Monday.", "The minister spoke to Reuters on Monday.", None),
    ("Riders pass through the village of Getty", "Riders pass through the village of Getty", None),
])
def test_split_credit(caption: str, rest: str, credit: str | None) -> None:
    split = split_credit(caption)
    assert (split.caption, split.credit) == (rest, credit)


@pytest.mark.parametrize(("line", "credit"), [
    ("Getty Images", "Getty Images"), ("(AP Photo/Noah Berger)", "AP Photo/Noah Berger"),
    ("Knepp Estate/PA", "Knepp Estate/PA"), ("REUTERS/Ivan Alvarado", "REUTERS/Ivan Alvarado"),
    ("The Reuters report was wrong", None), ("Photo: Getty Images", None), ("Harbour wall", None),
])
def test_credit_line(line: str, credit: str | None) -> None:
    assert credit_line(line) == credit


def test_live_entry_times_open_their_entries() -> None:
    # "13:05 GMT" above a heading, "12:48 GMT" above a paragraph, <time>12:30</time>, "2h ago" in an <li>
    paragraphs = page("liveblog_times").text.split("\n\n")
    assert [paragraphs[i] for i in (0, 2, 3)] == [
        "13:05 GMT Fuel duty frozen for another year",
        '12:48 GMT The Chancellor has begun her speech, telling MPs the budget will "fix the foundations" of the '
        "economy.",
        "12:30 Markets steady ahead of the statement"]
    assert page("liveblog_ago").text.startswith("2h ago A49 closed at Leominster\n\nPolice have closed the A49")


def test_entries_set_as_articles_keep_their_headings() -> None:
    # <div class="liveblog"><article class="live-post"><h3>…</h3><p>…</p></article>…: trafilatura kept the
    # first entry's heading only (of two entries, it glued each heading to its paragraph)
    entries = "".join(f"<article class='live-post'><span class='time'>1{n}:00</span><h3>Update number {n} on the "
                      "wall</h3><p>Engineers inspected the harbour wall again this morning and found more damage near "
                      f"the slipway, report {n}.</p></article>" for n in range(3))
    paragraphs = markup(f"<main><h1>Harbour wall live</h1><div class='liveblog'>{entries}</div></main>").text
    assert [p for p in paragraphs.split("\n\n") if "Update" in p] == [
        f"1{n}:00 Update number {n} on the wall" for n in range(3)]


def test_an_articles_own_time_above_its_lead_stays_where_it_is() -> None:
    # one time element, in no live blog: the article's own time, not an entry's
    article = markup(f"<article><h1>Harbour wall</h1><span class='time'>10:42 GMT</span>{PROSE}</article>")
    assert article.text.startswith("The council said on Monday")


def test_entries_in_a_stream_keep_heading_then_text() -> None:
    # <li><article class="lx-stream-post"><header><span …meta-time>Posted at 02:14</span><h3>…</h3></header>
    # <div class="lx-stream-post-body"><p>…: trafilatura took the first "post-body" for the article's and set its
    # paragraph above the page's headline, and of several <article>s kept the first one's heading only
    assert page("liveblog_posted").text.split("\n\n")[:2] == [
        "02:14 Turnout down in every ward",
        "Turnout across the district was 31%, down from 36% at the last local elections, the returning officer said."]


def test_two_times_side_by_side_are_no_entries() -> None:
    # an article's header: "Posted at 10:42" over "Updated at 11:30", then its lead
    article = markup(f"<article><h1>Harbour wall</h1><p class='time'>Posted at 10:42</p>"
                     f"<p class='time'>Updated at 11:30</p>{PROSE}</article>")
    assert not any(p.startswith(("10:42", "11:30")) for p in article.text.split("\n\n"))


def test_a_players_shown_length_is_no_entry_time() -> None:
    player = ("<div class='video-player'><video src='https://cdn.example/w.mp4'></video><span class='duration'>2:47"
              "</span><p class='video-caption'>Engineers inspect the damaged harbour wall</p></div>")
    article = markup(f"<article><h1>Harbour wall</h1>{player}{PROSE}</article>")
    assert [(m.caption, m.duration_seconds) for m in article.media] == [
        ("Engineers inspect the damaged harbour wall", 167)]


def dump(lines: list[str]) -> Article:
    return extract(Fetched(input="dump.txt", content="\n".join(lines)), format="text")


DUMP_HEAD = ["Home", "News", "Local", "Sport", "Search", "Harbour wall to stay closed until spring", "By Ana Ruiz",
             "Published 3 December 2026"]
DUMP_BODY = [f"The council said on Monday that repairs to the harbour wall would take until spring, and that the road "
             f"beside it would stay closed to traffic while engineers work, in update {n}." for n in range(4)]
DUMP_FOOT = ["About us", "Contact", "Cookie settings", "© 2026 Example Media"]


def test_a_dumps_credit_with_no_label_is_the_pictures_credit() -> None:
    # "… on Monday, July 31, 2023. (AP Photo/Noah Berger)": the caption's words, and its credit apart
    content = (GOLDEN.parent / "walk2" / "ap_dump.txt").read_text(encoding="utf-8")
    (picture,) = extract(Fetched(input="ap_dump", content=content), format="text").media
    assert picture.caption.endswith("on Monday, July 31, 2023.") and picture.credit == "AP Photo/Noah Berger"


def test_a_dumps_credit_line_under_a_caption_is_its_credit_not_a_paragraph() -> None:
    article = dump([*DUMP_HEAD, DUMP_BODY[0],
                    "Engineers inspect the damaged harbour wall on Monday morning. Photo: Ana Ruiz",
                    "Getty Images", *DUMP_BODY[1:], "Reuters/John Smith", *DUMP_FOOT])
    assert [(m.caption, m.credit) for m in article.media] == [
        ("Engineers inspect the damaged harbour wall on Monday morning. Photo: Ana Ruiz", "Getty Images")]
    assert article.text.split("\n\n") == DUMP_BODY
    assert "Reuters/John Smith" in article.removed


def test_a_credit_survives_the_jsonl_chain() -> None:
    # `extract --jsonl | analyze --input-jsonl -`: the record read back keeps its media's credit
    line = json.dumps({"id": "a", "text": "Some text.", "media": [
        {"kind": "image", "caption": "A sea wall", "url": None, "credit": "Getty Images"}]})
    (outcome,) = read_jsonl_articles([line])
    assert outcome.article is not None and outcome.article.media[0].credit == "Getty Images"
    (wrong,) = read_jsonl_articles([line.replace('"Getty Images"', "7")])
    assert wrong.error is not None and wrong.article is None


def test_a_label_then_a_link_is_a_pointer_not_a_paragraph() -> None:
    # <div class="leggi-anche"><span>Leggi anche</span> <a>Frana sulla statale, strada chiusa</a></div>: no ":"
    article = page("it_regional")
    assert "Leggi anche Frana sulla statale, strada chiusa" in article.removed
    pointer = "<p>Read more <a href='/news/ferry'>Ferry fares to rise again next year</a></p>"
    assert "Ferry fares" not in markup(f"<article><h1>Harbour wall</h1>{PROSE[:300]}{pointer}{PROSE}</article>").text
    # a sentence that starts with "More" and holds a link is prose
    prose = "<p>More than 400 people bought <a href='/shares'>shares</a> in the community business this year.</p>"
    assert "More than 400 people" in markup(f"<article><h1>Harbour wall</h1>{prose}{PROSE}</article>").text


def test_a_byline_naming_the_publishers_desk_is_no_author() -> None:
    # <span class="byline__name">Rhodri Owen</span><span class="byline__role">BBC Wales</span> on BBC News
    assert page("bbc_figure").authors == ("Rhodri Owen",)
    assert byline_names(["Rhodri Owen | BBC Wales"], "BBC News") == ("Rhodri Owen",)
    assert byline_names(["Sky Harper"], "Sky News") == ("Sky Harper",)  # only an acronym is a brand
