"""Text dumps of news sites' pages, chrome and all (issue #2, second walkthrough).

``tests/golden/walk2/`` holds dumps written after several outlets' page chrome (menus, "Share
this", "Advertisement", "Read more:" links, "Most read" lists, footers) and, for those read in full,
the record a person expects. A short article amid much chrome is the shape the line classifier
scores low: its paragraphs between the page's breaks, its byline and its date were lost.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.extract import extract
from newsdesk.extract.textmeta import byline_authors, head_date, line_date, named_authors
from newsdesk.types import Article, Fetched

GOLDEN = Path(__file__).resolve().parent / "golden" / "walk2"


def dump(name: str) -> Article:
    content = (GOLDEN / f"{name}.txt").read_text(encoding="utf-8")
    return extract(Fetched(input=name, content=content), format="text")


@pytest.mark.parametrize("name", ["cnn_dump", "ap_dump", "reuters_dump", "bbc_dump", "fox_dump", "lemonde_dump",
                                  "elpais_dump", "ar_dump", "uk_dump", "live_dump", "guardian_dump",
                                  "nyt_dump", "spiegel_dump", "paywall_dump", "gallery_dump",
                                  "local_dump", "opinion_dump"])
def test_outlet_dump_reads_as_a_person_reads_it(name: str) -> None:
    expected = json.loads((GOLDEN / f"{name}.extract.json").read_text(encoding="utf-8"))
    article = dump(name)
    assert article.title == expected["title"]
    assert article.text.split("\n\n") == expected["paragraphs"]
    assert list(article.authors) == expected["authors"]
    assert article.published == expected["published"]
    assert [m.caption for m in article.media] == [m["caption"] for m in expected["media"]]
    assert [m.duration_seconds for m in article.media] == [m["duration_seconds"] for m in expected["media"]]
    assert [m.kind for m in article.media] == [m["kind"] for m in expected["media"]]


def test_paragraphs_between_an_ad_label_and_a_read_more_link_stay() -> None:
    text = dump("cnn_dump").text
    assert text.startswith("Kyiv, Ukraine (CNN) — Ukrainian President Volodymyr Zelensky said Tuesday")
    assert "Advertisement" not in text and "Read more:" not in text


def test_a_sign_up_box_inside_the_article_is_one_break() -> None:
    # "Sign up to First Edition" … "Privacy Notice: Newsletters may contain …" … "after newsletter promotion"
    guardian = dump("guardian_dump").text
    assert guardian.endswith("with more than 200 shutting their doors as the storm moved east along the coast.")
    assert "Privacy Notice" not in guardian and "newsletter" not in guardian
    assert "read later" not in dump("aljazeera_dump").text  # "Save articles to read later and create your own …"


def test_a_credited_caption_is_a_picture() -> None:
    # "… Photograph: Andrew Matthews/PA", "(AP Photo/Noah Berger)", "Credit...David Gray/…", "[File: …/Reuters]"
    for name in ("guardian_dump", "ap_dump", "nyt_dump", "aljazeera_dump"):
        pictures = [m for m in dump(name).media if m.kind == "image"]
        assert len(pictures) == 1 and pictures[0].url is None, name
    gallery = [m.caption for m in dump("gallery_dump").media]
    assert gallery[2] == "Children take part in the hill race. Photo: Andrew Milligan/PA"


def test_a_video_pages_own_length_and_not_the_next_video() -> None:
    # "Watch: …" headline, "Duration: 1:32" under it; "Up next" / "Watch: Dog learns to skateboard 0:45" after the end
    article = dump("video_dump")
    assert [(m.kind, m.caption, m.duration_seconds) for m in article.media] == [
        ("video", "Watch: Firefighters rescue kitten from drainpipe", 92)]


def test_a_page_whose_lines_all_score_low_keeps_its_prose_not_a_list_head() -> None:
    article = dump("bbc_dump")  # it was 'no article text found', "Most Read" its best line
    assert article.text.startswith("A ferry operator has been fined")
    assert "Most Read" not in article.text


def test_byline_and_date_above_the_lead() -> None:
    article = dump("aljazeera_dump")
    assert article.authors == ("Nicolas Haque",)
    assert article.published == "2024-03-25"
    assert "Senegal's ruling coalition candidate has conceded defeat" in article.text
    guardian = dump("guardian_dump")  # no "By": the names right above the date are the byline
    assert guardian.authors == ("Helen Pidd", "Rachel Hall") and guardian.published == "2023-11-02T09:14:00+00:00"
    assert guardian.title == "Thousands without power as Storm Ciarán batters south coast"


@pytest.mark.parametrize(("line", "date"), [
    ("Updated 3:41 PM EDT, Tue March 29, 2022", "2022-03-29T15:41:00-04:00"),
    ("Thu 2 Nov 2023 09.14 GMT", "2023-11-02T09:14:00+00:00"),
    ("March 4, 20245:23 PM GMTUpdated 2 hours ago", "2024-03-04T17:23:00+00:00"),  # innerText glues them
    ("Published On 25 Mar 2024", "2024-03-25"),
    ("Sept. 3, 2021 12:05 a.m. BST", "2021-09-03T00:05:00+01:00"),
    ("Nov. 19, 2019 8:03 am ET", "2019-11-19"),  # ET: EST or EDT; a time in no known zone is dropped
    ("Publié le 18 juillet 2023 à 11h02, modifié le 18 juillet 2023 à 15h40", "2023-07-18"),
    ("Madrid - 15 feb 2024 - 13:40 CET", "2024-02-15T13:40:00+01:00"),
    ("23 de mayo de 2024", "2024-05-23"),
    ("5 березня 2024, 12:00", "2024-03-05"),
    ("نشر في 11 فبراير 2024", "2024-02-11"),
    ("1er janvier 2024", "2024-01-01"),
    ("05.03.2024, 14.12 Uhr", "2024-03-05"),
    ("05.03.2024 14:12 CET", "2024-03-05T14:12:00+01:00"),
    ("12.45.2024", None),
    ("February 30, 2022", None),
    ("Published 4 hours ago", None),
    ("The council met on March 4, 2024 to discuss the budget and agreed on most of the cuts it had planned.", None),
])
def test_line_date(line: str, date: str | None) -> None:
    assert line_date(line) == date


def test_the_date_nearest_the_article_is_its_own() -> None:
    # a masthead's today ("Wednesday, June 5, 2024") stands above the article's date under its byline
    assert dump("nyt_dump").published == "2024-04-15"


def test_a_paywall_offer_is_a_break_not_prose() -> None:
    text = dump("paywall_dump").text  # "Then $75 per month. Complete digital access to quality journalism …"
    assert len(text.split("\n\n")) == 2 and "$75" not in text


def test_published_beats_updated() -> None:
    assert head_date(["Updated 6 March 2024", "Published 4 March 2024"]) == "2024-03-04"
    assert head_date(["Modifié le 6 mars 2024", "Publié le 4 mars 2024"]) == "2024-03-04"


@pytest.mark.parametrize(("lines", "authors"), [
    (["Helen Pidd and Rachel Hall", "Thu 2 Nov 2023 09.14 GMT"], ("Helen Pidd", "Rachel Hall")),
    (["Олена Коваль", "5 березня 2024, 12:00"], ("Олена Коваль",)),
    (["Helen Pidd and Rachel Hall", "Share"], ()),  # names with no date beside them: any two capitalised words
    (["Metro Desk", "Thu 2 Nov 2023"], ()),
])
def test_names_right_above_the_date_are_the_byline(lines: list[str], authors: tuple[str, ...]) -> None:
    assert named_authors(lines) == authors


def test_live_blog_entries_past_their_times_and_the_pages_headline() -> None:
    article = dump("live_dump")
    # the last entry stands past its time, its headline and a "Share": three breaks
    assert article.text.endswith("passengers are being told to check with their airline before travelling.")
    # neither the first entry's headline (under "14:52") nor the summary under the date is the title
    assert article.title == "Storm Isha: Trains cancelled and thousands without power"


@pytest.mark.parametrize(("line", "authors"), [
    ("By Tim Lister and Olga Voitovych, CNN", ("Tim Lister", "Olga Voitovych")),
    ("BY JANIE HAR AND OLGA R. RODRIGUEZ", ("Janie Har", "Olga R. Rodriguez")),
    ("Edited by Bob Smith", ()),
    ("By Chris Giles in London", ("Chris Giles",)),
    ("By the time the ferry docked, the passengers had spent two days on board without food.", ()),
])
def test_byline_authors(line: str, authors: tuple[str, ...]) -> None:
    assert byline_authors([line]) == authors


def test_a_players_caption_and_shown_length_are_a_video() -> None:
    # <div class="video-player"><video src=…> + <div class="video-caption"> + <span class="duration">2:47</span>
    content = (GOLDEN / "video_page.html").read_text(encoding="utf-8")
    article = extract(Fetched(input="video_page.html", content=content, url="https://coastnews.example/v/1"),
                      format="html")
    assert [(m.kind, m.caption, m.duration_seconds, m.url) for m in article.media] == [
        ("video", "Crews spent six hours cutting the humpback free off Cape Point", 167,
         "https://cdn.coastnews.example/v/whale.mp4")]
    # the player's "2:47" is the video's length, not the article's first paragraph
    assert article.text.startswith("A humpback whale that had become tangled")


def html(name: str, url: str) -> Article:
    content = (GOLDEN / name).read_text(encoding="utf-8")
    return extract(Fetched(input=name, content=content, url=url), format="html")


def test_a_live_entry_keeps_its_time_headline_and_text_apart() -> None:
    # <div class="live-entry"><span class="time">23:15</span><h2>…</h2><p>…</p></div>: one run of glued words;
    # the time opens its entry's heading (the record has no field for an entry's time), not a paragraph alone
    article = html("live_entries.html", "https://metrodaily.example/live/election")
    assert article.text.split("\n\n") == [
        "23:15 First result declared in Sunderland",
        "The first seat of the night has been declared in Sunderland, where the sitting MP held on with a reduced "
        "majority.",
        "22:00 Exit poll published",
        "The exit poll suggests a large swing against the government, with turnout expected to be lower than at the "
        "last election.",
    ]


def test_an_amp_figure_is_the_articles_picture() -> None:
    article = html("amp_figure.html", "https://northernpost.example/amp/health/waiting-lists-fall")
    assert [(m.kind, m.caption, m.url) for m in article.media] == [
        ("image", "A ward at the Royal Infirmary. Picture: Northern Post", "https://northernpost.example/i/ward.jpg")]
    assert article.url == "https://northernpost.example/health/waiting-lists-fall"
    assert "Advertisement" not in article.text and len(article.text.split("\n\n")) == 4


def test_an_amp_player_with_a_timed_caption_is_a_video() -> None:
    prose = "".join(f"<p>The ferry service will resume on Monday after engineers finished repairs to the ramp, "
                    f"the operator said in update {n}.</p>" for n in range(4))
    page = ("<!doctype html><html lang=\"en\"><head><title>Ferry returns</title></head><body><article>"
            "<h1>Ferry returns</h1><figure><amp-video src=\"https://cdn.example/f.mp4\" width=\"640\" height=\"360\">"
            "</amp-video><figcaption>The repaired ramp in use for the first time 1:12</figcaption></figure>"
            f"{prose}</article></body></html>")
    article = extract(Fetched(input="amp.html", content=page, url="https://news.example/amp/ferry"), format="html")
    assert [(m.kind, m.caption, m.duration_seconds, m.url) for m in article.media] == [
        ("video", "The repaired ramp in use for the first time", 72, "https://cdn.example/f.mp4")]


def test_a_call_to_follow_a_channel_is_no_paragraph() -> None:
    # "Підписуйтесь на наш Telegram-канал, щоб …" ends a Ukrainian article: a notice to the reader
    article = html("uk_news.html", "https://zahidni.example/news/lviv-rehab")
    assert len(article.text.split("\n\n")) == 3 and "Telegram" not in article.text
    assert article.authors == ("Олена Коваль",) and article.language == "uk"


def test_an_html_pages_shown_time_with_its_zone_refines_its_day() -> None:
    # no meta date; <div class="timestamp">Updated 3:41 PM EDT, Tue March 29, 2022</div> gave the day alone
    article = html("shown_time.html", "https://edition.cnn.example/2022/03/29/politics/ukraine-talks")
    assert article.published == "2022-03-29T15:41:00-04:00"
    assert article.authors == ("Tim Lister", "Olga Voitovych")
    assert "Advertisement" not in article.text and len(article.text.split("\n\n")) == 4
