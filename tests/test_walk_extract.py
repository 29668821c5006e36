"""HTML extraction on pages in the shapes the web serves (issue #2): each record read field by field.

The pages under ``tests/data/walk_extract/`` are written after real sites and CMSs (an old site set
in a layout table, WordPress with Yoast, Arc XP, Next.js, AMP, Medium, Substack, live blogs, pages
in other languages). Each test names the shape and checks what a reader would check.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from lxml import etree

from newsdesk.cli import cli
from newsdesk.errors import ExtractError
from newsdesk.extract import extract
from newsdesk.extract.htmlclean import blocks
from newsdesk.extract.language import article_language
from newsdesk.types import Article, Fetched

DATA = Path(__file__).resolve().parent / "data" / "walk_extract"


def walk(name: str, url: str | None = None) -> Article:
    """A page of the walkthrough; its address is in its first line (``<!--url: … -->``) unless given."""
    content = (DATA / name).read_text(encoding="utf-8")
    if url is None and content.startswith("<!--url:"):
        url = content[len("<!--url:"):content.index("-->")].strip()
    return extract(Fetched(input=name, content=content, url=url), format="html")


def paragraphs(article: Article) -> list[str]:
    return article.text.split("\n\n")


def html_page(body: str, head: str = "", lang: str = "en") -> str:
    return f"<!doctype html><html lang=\"{lang}\"><head>{head}</head><body>{body}</body></html>"


def extract_page(html: str, url: str = "https://news.example.com/2024/05/story") -> Article:
    return extract(Fetched(input="page.html", content=html, url=url), format="html")


# --- old sites: a layout table, <br><br> between paragraphs ------------------------------------------

def test_layout_table_paragraphs_stay_apart() -> None:
    article = walk("layout_table_br.html", "http://www.valleyecho.net/news.php?id=4821")
    paragraphs = article.text.split("\n\n")
    # the headline, the dateline and the first paragraph were one run of glued words
    assert "streetPosted" not in article.text and "StaffA water" not in article.text
    assert "A water main broke under Front Street early Tuesday, flooding several blocks of downtown and forcing " \
           "two businesses to close for the day." in paragraphs
    assert "Front Street will remain closed between Main and Oak until at least Thursday." in paragraphs


def test_data_table_cells_keep_their_line_breaks_as_spaces() -> None:
    rows = "".join(f"<tr><td>{name}<br>{role}</td><td>{votes}</td></tr>" for name, role, votes in
                   [("Ann Lee", "Mayor", "4,102"), ("Bo Diaz", "Councillor", "3,877")])
    body = ("<article><h1>Results</h1><p>The count finished late on Tuesday night, and the returning officer read "
            "the results to a packed hall just before midnight.</p>"
            f"<table>{rows}</table><p>Turnout was 41 per cent, up from 35 per cent at the last election four years "
            "ago, the council said.</p></article>")
    article = extract_page(html_page(body))
    assert "Ann Lee Mayor 4,102" in article.text.split("\n\n")
    assert "LeeMayor" not in article.text


def test_cell_text_keeps_the_order_of_nested_markup() -> None:
    body = etree.fromstring("<body><table><row><cell>A<p>B<hi>C</hi>D</p>E</cell><cell>F<lb/>G</cell></row>"
                            "</table></body>")
    assert [b.text for b in blocks(body)] == ["A BCD E F G"]


# --- chrome between and above the paragraphs -----------------------------------------------------------

def test_byline_and_dateline_above_the_article_are_not_body() -> None:
    german = walk("de_byline_dpa.html")
    assert paragraphs(german)[0].startswith("Der Autobauer Weserwerke will")
    assert "Von Katrin Weber" not in german.text and "11:30 Uhr" not in german.text
    spanish = walk("es_firma.html")  # "Lucía Fernández · Sevilla · 23 may 2024 - 09:15 CEST"
    assert paragraphs(spanish)[0].startswith("La Agencia Estatal de Meteorología")
    assert "CEST" not in spanish.text


def test_ad_slot_labels_counts_and_pagers_are_not_body() -> None:
    amp = walk("amp.html")  # <amp-ad> with its "Advertisement" placeholder
    assert "Advertisement" not in amp.text and len(paragraphs(amp)) == 4
    medium = walk("medium.html")  # the claps and responses counts above the post
    assert paragraphs(medium)[0].startswith("Six months ago our team replaced")
    assert "1.2K" not in paragraphs(medium)
    multipage = walk("multipage.html")
    assert "Page 2 of 3" not in multipage.text
    assert paragraphs(multipage)[:2] == ["3. Nova A15", "The Nova A15 has the best battery life of any phone we tested "
                                         "under $250, lasting almost two full days with moderate use. Its screen is "
                                         "bright enough to read outdoors, and the camera is good in daylight."]


def test_menu_line_of_links_is_not_body() -> None:
    article = walk("layout_table_br.html", "http://www.valleyecho.net/news.php?id=4821")
    assert "Home | News | Sports | Contact" not in article.text


def test_pull_quote_repeating_the_body_is_dropped_once() -> None:
    article = walk("inline_chrome.html")
    quote = "People have been telling us for years that the building is too small"
    assert article.text.count(quote) == 1
    assert not any(p.startswith("READ MORE") or p.startswith("Related:") or "ADVERTISEMENT" in p
                   for p in paragraphs(article))


def test_related_reading_label_in_chinese_is_dropped() -> None:
    article = walk("zh.html")
    assert "相关阅读" not in article.text
    assert paragraphs(article)[-1].startswith("专家表示")


# --- authors -----------------------------------------------------------------------------------------

def test_yoast_authors_given_by_reference_are_all_named() -> None:
    article = walk("wordpress_yoast.html")  # the NewsArticle names its authors by @id only
    assert article.authors == ("Maria Gonzalez", "Derek Olsen")
    assert article.source == "Riverdale Times"
    assert article.published == "2024-03-05T14:32:10+00:00"


def test_news_agency_after_the_names_is_no_author() -> None:
    assert walk("inline_chrome.html").authors == ("John Miller", "Karen O'Brien")  # "…, Associated Press"
    assert walk("de_byline_dpa.html").authors == ("Katrin Weber", "Jonas Hoffmann")  # "…, dpa"
    body = "<article><h1>Talks</h1><p>" + "Negotiators met again on Friday in Geneva. " * 5 + "</p></article>"
    head = '<meta name="author" content="Reuters">'
    assert extract_page(html_page(body, head)).authors == ()


def test_credit_words_before_by_are_not_part_of_the_name() -> None:
    assert walk("gallery.html").authors == ("Elena Ruiz",)  # "Photos by Elena Ruiz"
    assert walk("zh.html").authors == ("王明",)  # "记者 王明": the reporter


def test_visible_byline_when_the_page_marks_up_no_author() -> None:
    assert walk("fr_signature.html").authors == ("Jean-Baptiste Morel", "Claire Fontaine")  # span.auteur
    assert walk("div_only.html").authors == ("Fiona MacLeod",)  # "Posted by <a href=/author/…>"
    assert walk("table_and_list.html").authors == ("Chris Nolan",)  # <p class="byline">By Chris Nolan</p>
    # a commenter is no author, nor an author's biography box
    body = ("<article><h1>Storm</h1>"
            + "<p>The storm reached the coast early on Tuesday and cut power to homes.</p>" * 3
            + '<div class="author-bio">Sam Reed writes about weather</div></article>'
            '<div class="comments"><span class="comment-author">Tom B.</span><p>Stay safe everyone.</p></div>')
    assert extract_page(html_page(body)).authors == ()


# --- dates -------------------------------------------------------------------------------------------

STORY_PARAGRAPHS = "".join(
    f"<p>{s}</p>" for s in [
        "The city council met on Monday evening to discuss the new budget proposal, which includes funding for "
        "road repairs and parks across the district.",
        "Several residents spoke during the public comment period, asking for more money for the library and for "
        "longer opening hours at the community pool.",
    ])
STORY = f"<article><h1>Budget debate</h1>{STORY_PARAGRAPHS}</article>"


def test_page_dates_keep_their_time_zone_however_written() -> None:
    written = {
        '<meta property="article:published_time" content="2024-03-05 14:30:00 +0100">': "2024-03-05T14:30:00+01:00",
        '<meta property="article:published_time" content="2024-03-05T14:30:00 EST">': "2024-03-05T14:30:00-05:00",
        '<meta property="article:published_time" content="2024-03-05T14:30:00 UTC">': "2024-03-05T14:30:00+00:00",
        '<meta name="pubdate" content="2024-03-05T14:30:00GMT+2">': "2024-03-05T14:30:00+02:00",
        '<meta name="date" content="Tue, 05 Mar 2024 14:30:00 GMT">': "2024-03-05T14:30:00+00:00",
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2024-03-05 14:30:00 -0330"}'
        '</script>': "2024-03-05T14:30:00-03:30",
    }
    for head, expected in written.items():
        assert extract_page(html_page(STORY, head)).published == expected, head


# --- pages trafilatura reads as one run of text ------------------------------------------------------

def test_json_ld_article_body_keeps_its_paragraphs() -> None:
    # a Next.js page: the HTML shows a skeleton, the text is in the JSON-LD articleBody
    article = walk("nextjs_jsonld_body.html")
    assert len(paragraphs(article)) == 5
    assert paragraphs(article)[1] == ("Revenue for the quarter ending in April rose 38% from a year earlier to $7.4 "
                                      "billion, the company said. Analysts surveyed by FactSet had expected $6.9 "
                                      "billion.")


def test_gallery_captions_are_paragraphs_without_headline_or_counters() -> None:
    article = walk("gallery.html")
    assert paragraphs(article) == [
        "Thousands of visitors came to Millbrook over the weekend for the first harvest festival since the town's "
        "main square was rebuilt after the 2022 tornado.",
        "A child chooses a pumpkin at the Hendricks family farm stand on Saturday morning. Elena Ruiz / Northstar Post",
        "The Millbrook High marching band leads the parade down Main Street. Elena Ruiz / Northstar Post",
        "Volunteers serve apple cider donuts in the rebuilt town square. Elena Ruiz / Northstar Post",
        "Fireworks close the festival on Sunday night. Elena Ruiz / Northstar Post",
    ]
    assert len(article.media) == 4 and article.media[2].url == "https://www.northstarpost.com/g/3.jpg"


def test_logins_organisations_and_places_are_no_authors() -> None:
    def authors(head: str, body: str = "") -> tuple[str, ...]:
        page = html_page(f"<article><h1>Budget debate</h1>{body}{STORY_PARAGRAPHS}</article>", head)
        return extract_page(page).authors

    yoast = ('<script type="application/ld+json">{"@graph": [{"@type": "Article", "author": {"@id": "#a"}}, '
             '{"@type": "Person", "@id": "#a", "name": "admin"}]}</script>')
    assert authors(yoast) == ()  # a WordPress login
    assert authors('<meta name="author" content="European Space Agency">') == ()
    # a visible byline: an agency and a dateline's place, a label, lines set apart by <br>
    assert authors("", '<div class="article-author"><a href="/author/pti">PTI, </a> Washington, Nov 20</div>') == ()
    assert authors("", '<p class="byline">| BY: Beachbody</p>') == ()
    assert authors("", '<div class="story-byline">By DANICA KIRKA and JILL LAWLESS<br>Associated Press</div>') == (
        "Danica Kirka", "Jill Lawless")


# --- titles and sources ------------------------------------------------------------------------------

def test_title_and_source_from_a_chinese_title_joined_without_spaces() -> None:
    article = walk("zh.html")  # <title>多地出台新政支持新能源汽车消费_华夏日报</title>
    assert article.title == "多地出台新政支持新能源汽车消费"
    assert article.source == "华夏日报"


def test_title_part_the_page_shows_is_the_headline() -> None:
    # no <h1>: "Valley Echo - Water main break …" where the page shows the headline in <b>
    article = walk("layout_table_br.html", "http://www.valleyecho.net/news.php?id=4821")
    assert article.title == "Water main break floods downtown street"
    assert article.source == "Valley Echo"
    assert paragraphs(article)[0].startswith("A water main broke")  # neither headline nor dateline


# --- embeds, ads, paywalls ---------------------------------------------------------------------------

def test_embedded_tweet_keeps_its_text_and_one_signature_line() -> None:
    article = walk("embedded_posts.html")
    assert "— Mark Delaney (@markdelaney) August 15, 2024" in paragraphs(article)
    assert "— Mark Delaney (@markdelaney)" not in paragraphs(article) and "August 15, 2024" not in paragraphs(article)
    assert any(p.startswith("Today I told our board I am stepping down.") for p in paragraphs(article))


def test_paywalled_part_named_in_json_ld_is_article_text() -> None:
    # hasPart {"isAccessibleForFree": false, "cssSelector": ".paywall"}: Google's markup for the locked text
    article = walk("arc_paywalled_part.html")
    assert paragraphs(article)[-1].startswith("Transit advocates praised the new money")
    assert "Advertisement" not in article.text


def test_ad_slots_named_ad_and_custom_ad_elements_are_dropped() -> None:
    body = ("<article><h1>Budget debate</h1>" + STORY_PARAGRAPHS
            + '<div class="ad-slot"><p>Shop the sale at Example Store: everything half price this weekend only, '
              "while stocks last in all our branches.</p></div>"
            + "<amp-ad><p>Holiday deals: fly to the sun from only 49 euros, book now with our partners today."
              "</p></amp-ad><p>The vote is expected next week.</p></article>")
    article = extract_page(html_page(body))
    assert "Example Store" not in article.text and "49 euros" not in article.text
    assert paragraphs(article)[-1] == "The vote is expected next week."


# --- broken markup -----------------------------------------------------------------------------------

def test_unclosed_title_and_paragraphs_still_give_the_article() -> None:
    # "<title>… | Town Watch" never closed, no </p>, </body> or </html>, a bare "&amp" (it was "not parseable")
    article = walk("broken_unclosed.html")
    assert article.title == "Zoning hearing draws overflow crowd"
    assert article.authors == ("Rebecca Stone",)
    assert len(paragraphs(article)) == 4
    assert paragraphs(article)[3].startswith("The board will vote on the proposal at its meeting next month, after a "
                                             "second hearing & also")


# --- script-rendered pages: the article only in the page's JSON data -----------------------------------

def test_next_js_page_with_the_article_only_in_its_json_data() -> None:
    # __NEXT_DATA__ holds the post (WordPress HTML in content.rendered), its excerpt and related teasers
    article = walk("nextjs_data_only.html")
    assert article.title == "Overnight buses coming to six routes"
    assert len(paragraphs(article)) == 4
    assert paragraphs(article)[0].startswith("The regional transit authority will add overnight bus service")
    assert paragraphs(article)[2].startswith("“People who clean our offices")
    assert "Fare capping" not in article.text and "late-night service on six routes this fall" not in article.text
    assert article.authors == ("Ruth Okafor",)


def test_json_data_without_the_headline_gives_no_article() -> None:
    # a front page's data: teasers of many articles, none of them this page's headline
    teasers = ", ".join(f'{{"title": "Story {i}", "summary": "The council approved a new plan for the park on the '
                        f'river, which will open next spring after two years of work {i}."}}' for i in range(8))
    html = html_page('<div id="__next"><h1>Front page</h1></div><script id="__NEXT_DATA__" type="application/json">'
                     f'{{"props": {{"items": [{teasers}]}}}}</script>', "<title>Metro Ledger</title>")
    try:
        article = extract_page(html)
    except ExtractError:
        return
    assert "council approved" not in article.text


def test_reader_comments_named_in_german_and_a_newsletter_pitch_are_not_body() -> None:
    # three long comments in <div class="kommentare">: "two long paragraphs" kept them as prose before
    article = walk("de_comments.html")
    assert [p[:30] for p in paragraphs(article)] == [
        "Nach gut drei Jahren Bauzeit i", "Die Bahnen fahren tagsüber im ", "Anwohner entlang der Strecke h"]
    assert article.published == "2024-10-08"


def test_date_shown_only_in_words_on_the_page() -> None:
    shown = {("Nov. 19, 2019 at 5:45 p.m. ET", "en"): "2019-11-19", ("2024年4月15日 08:30", "zh"): "2024-04-15",
             ("23 de mayo de 2024", "es"): "2024-05-23", ("UPDATED: Tue., Nov. 19, 2019", "en"): None,
             ("Updated: 3 hours ago", "en"): None}
    for (text, lang), expected in shown.items():
        body = f'<article><h1>Budget debate</h1><div class="date">{text}</div>{STORY_PARAGRAPHS}</article>'
        # the last two: htmldate's guess (January 1st) and a relative time are no dates
        assert extract_page(html_page(body, lang=lang), "https://news.example.com/story").published == expected, text


def test_relative_update_times_above_the_article_are_not_body() -> None:
    for line in ("Updated: 3 hours ago", "Aktualisiert vor 2 Stunden", "Mis à jour il y a 5 minutes"):
        body = f'<article><h1>Budget debate</h1><div class="date">{line}</div>{STORY_PARAGRAPHS}</article>'
        assert paragraphs(extract_page(html_page(body)))[0].startswith("The city council met"), line


def test_removed_chrome_is_listed_once_as_the_reader_saw_it() -> None:
    article = walk("wordpress_yoast.html")
    assert "Get the Riverdale Times in your inbox Sign up for our free morning newsletter with the day's top local " \
           "stories." in article.removed  # "inbox" and "Sign up" were glued
    # the comments went as one section: none of its parts is listed again
    assert not any(r.startswith(("Tom B.", "Linda K", "Reply")) for r in article.removed)


def test_published_time_is_given_to_the_second() -> None:
    assert walk("medium.html").published == "2023-11-14T09:12:45+00:00"  # "2023-11-14T09:12:45.321Z"


def test_japanese_page_of_br_paragraphs_without_its_related_link() -> None:
    article = walk("ja_br_paragraphs.html")
    assert article.title == "桜の開花、平年より5日早く 東京で観測"
    assert article.source == "さくら新聞" and article.language == "ja"
    assert len(paragraphs(article)) == 3 and paragraphs(article)[0].startswith("気象庁は19日")
    assert "関連記事" not in article.text  # a line cut from a run of text keeps its link, so it reads as one


def test_language_of_cjk_pages_that_declare_none_or_a_wrong_one() -> None:
    chinese = (DATA / "zh.html").read_text(encoding="utf-8").replace('<html lang="zh-CN">', "<html>")
    assert extract_page(chinese).language == "zh"
    japanese = (DATA / "ja_br_paragraphs.html").read_text(encoding="utf-8").replace('lang="ja"', 'lang="en"')
    assert extract_page(japanese).language == "ja"
    # a text dump's record too: Japanese has no stop list, its kana tell it
    dump = "気象庁は19日、東京都心で桜が開花したと発表した。平年より5日早い開花となった。"
    assert article_language(dump, None) == "ja"


def test_old_site_fragment_starting_with_a_table_is_html_through_the_cli(tmp_path: Path) -> None:
    # no <html>, <head> or <title>: a <table> with <font><b> for a headline and <br><br> paragraphs. It was
    # read as a text dump (tags and all), then refused as "not parseable as HTML" when given as HTML.
    lines = [f"Paragraph {n} of the story goes on for a while, with many words in it, as old sites wrote them. " * 3
             for n in range(1, 4)]
    page = tmp_path / "story.htm"
    page.write_text("<table><tr><td><font size=4><b>Mill fire destroys landmark</b></font><br><br>"
                    + "<br><br>".join(lines) + "</td></tr></table>", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(page)])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["title"] == "Mill fire destroys landmark"
    assert record["text"].split("\n\n") == [line.strip() for line in lines]
    assert "<" not in record["text"]


# --- media -------------------------------------------------------------------------------------------

def test_lead_picture_srcset_captions_outside_figures_and_a_bracketed_video_duration() -> None:
    article = walk("media_shapes.html")
    assert article.media[0].kind == "video" and article.media[0].duration_seconds == 185  # "(3:05)"
    assert article.media[0].caption == "Video: a tour of the new terminal"
    assert article.media[0].url == "https://www.youtube.com/embed/abc123"
    images = [(m.caption.split(".")[0], m.url) for m in article.media[1:]]
    assert images == [
        # the lead figure above the <article>, its picture only in a srcset (the widest one)
        ("The new terminal building on the east quay", "https://www.harbourpost.com/img/terminal-1600.jpg"),
        # an <img> with data-srcset behind a placeholder, its caption in a div.image-caption, no <figure>
        ("Passengers queue for the first sailing from the new terminal", "https://www.harbourpost.com/img/queue-800.jpg"),
    ]


def test_credit_only_captions_and_script_data_are_no_media() -> None:
    body = ("<article><h1>Budget debate</h1>" + STORY_PARAGRAPHS
            + '<figure><img src="/a.jpg"><figcaption>© Amazon</figcaption></figure>'
            + '<figure><img src="/b.jpg"><figcaption>ITV, ASSOCIATED PRESS</figcaption></figure>'
            + """<figure><img src="/p.gif" data-src='{"default": {"src": "/c.jpg"}}'>"""
            + "<figcaption>The council chamber before the vote on Monday.</figcaption></figure></article>")
    media = extract_page(html_page(body)).media
    assert [(m.caption, m.url) for m in media] == [("The council chamber before the vote on Monday.",
                                                     "https://news.example.com/p.gif")]


# --- big pages ---------------------------------------------------------------------------------------

def test_precleaning_a_page_of_many_named_elements_costs_about_as_much_as_parsing_it() -> None:
    import time

    from trafilatura.utils import load_html

    from newsdesk.extract.htmlclean import preclean
    # 20,000 teaser cards of named elements: the XPath that found them took ~30x the parse (5 s)
    cards = "".join(f'<div class="r-{i}"><figure><img src="/t.jpg"><figcaption class="caption">c</figcaption>'
                    '</figure><a href="/s">S</a><span class="date">d</span></div>' for i in range(20000))
    html = "<html><body><article><h1>T</h1>" + "<p>Words of the article.</p>" * 50 + "</article>" + cards
    start = time.perf_counter()
    tree = load_html(html + "</body></html>")
    parse = time.perf_counter() - start
    start = time.perf_counter()
    preclean(tree)
    assert time.perf_counter() - start < 10 * parse


def test_labels_of_controls_left_as_text_are_not_body() -> None:
    after = "<p>The mayor said the plan would be published in full next week, after a review by the city lawyers.</p>"
    for control in ("<div class=\"audio\"><button>Listen to this article</button><span>4 min</span></div>",
                    "<p>Listen to this article · 4 min</p>", "<p>Share this article</p>", "<p>Copy link</p>",
                    "<p>Gift this article</p>", "<p>Sign up here.</p>", "<p>5 Min. Lesezeit</p>",
                    "<p>Artikel teilen</p>", "<p>Copier le lien</p>"):
        body = f"<article><h1>Budget debate</h1>{STORY_PARAGRAPHS}{control}{after}</article>"
        assert len(paragraphs(extract_page(html_page(body)))) == 3, control
    body = f"<article><h1>Budget debate</h1>{STORY_PARAGRAPHS}<p>Read the full report.</p>{after}</article>"
    assert "Read the full report." in paragraphs(extract_page(html_page(body)))


def test_live_blog_keeps_every_entry_headline_including_the_first() -> None:
    article = walk("liveblog.html")
    assert article.title == "Election night 2024 live: results as they come in"
    assert article.authors == ("Harriet Cole", "Owen Price")
    # each entry's time opens its heading (it was a paragraph of its own: "03:12")
    heads = ["03:12 Turnout appears lower than 2019", "02:40 Cabinet minister loses seat",
             "23:15 First seat declared in Sunderland", "22:00 Exit poll points to large majority"]
    assert [p for p in paragraphs(article) if p in heads] == heads  # the first was dropped as a headline
    assert not any("cookies" in p for p in paragraphs(article))


def test_article_named_for_its_comments_state_is_not_a_comment_section() -> None:
    paras = "".join(f"<p>Paragraph {i}: the council debated the budget for hours, and residents spoke about parks, "
                    "roads and the library at length.</p>" for i in range(3))
    comments = "<div class='comments'>" + "".join(
        f"<p>Comment {i}: " + "I think the council is wrong about the budget and the parks, and it should listen. " * 3
        + "</p>" for i in range(12)) + "</div>"
    page = html_page(f"<main><article class='post comments-open'><h1>Budget debate</h1>{paras}</article>{comments}"
                     "</main><footer>" + "Footer links and text. " * 200 + "</footer>")
    article = extract_page(page)
    assert [p[:11] for p in paragraphs(article)] == ["Paragraph 0", "Paragraph 1", "Paragraph 2"]


def test_a_year_alone_is_no_count() -> None:
    body = (f"<article><h1>History</h1>{STORY_PARAGRAPHS}<p>2020</p><p>The plan was approved a year later after a "
            "long consultation with residents.</p><p>1.2K</p></article>")
    assert paragraphs(extract_page(html_page(body)))[2:] == [
        "2020", "The plan was approved a year later after a long consultation with residents."]


def test_screen_reader_text_related_headings_and_a_data_component_byline() -> None:
    article = walk("bbc_components.html")
    # JSON-LD names only the organisation; the byline is a data-component block of two spans
    assert article.authors == ("Jane Smith", "Tom Jones")
    assert "Related Topics" not in paragraphs(article) and len(paragraphs(article)) == 4
    # "Image caption, " is there for screen readers only
    assert article.media[0].caption == "Waves crash over the sea wall in Porthcawl"


def test_section_kicker_above_the_article_and_a_callout_icon_are_not_body() -> None:
    article = walk("ghost.html")  # Ghost: a tag link above the headline, an emoji in a callout card
    assert "Housing" not in paragraphs(article) and "💡" not in article.text
    assert "The increases apply to about a million rent-stabilized apartments." in paragraphs(article)
    assert not any("paying subscribers" in p or "Subscribe now" in p for p in paragraphs(article))
    # a divider of underscores or stars is text a reader sees (the benchmark's pages keep "___")
    body = f"<article><h1>Budget debate</h1>{STORY_PARAGRAPHS}<p>___</p><p>Reporting by the city desk.</p></article>"
    assert "___" in paragraphs(extract_page(html_page(body)))


def test_json_data_of_another_article_does_not_replace_a_short_article() -> None:
    # a brief shown in full in the markup; its data object also holds long teasers of other stories
    brief = ("The library on Elm Street will close for two weeks in March while workers replace its roof, "
             "the city said on Monday.")
    teasers = ", ".join(f'{{"summary": "Story {i}: the council approved a new plan for the park on the river, which '
                        f'will open next spring after two years of work and many public meetings."}}' for i in range(6))
    data = f'{{"article": {{"headline": "Library to close for roof repairs", "related": [{teasers}]}}}}'
    html = html_page(f"<article><h1>Library to close for roof repairs</h1><p>{brief}</p></article>"
                     f'<script id="__NEXT_DATA__" type="application/json">{data}</script>',
                     "<title>Library to close for roof repairs</title>")
    assert paragraphs(extract_page(html)) == [brief]


def test_soft_hyphens_and_zero_width_spaces_do_not_split_words() -> None:
    body = ("<article><h1>Bundes&shy;regierung be&shy;schließt Haus&shy;halt</h1><p>Die Bundes&shy;regierung hat am "
            "Mittwoch den Haus&shy;halt für das kommende Jahr be&shy;schlossen, sagte der Finanz&shy;minister in "
            "Berlin.</p><p>Die Opposition kritisierte die Pläne als unzu&shy;reichend und kündigte Wider&shy;stand "
            "im Bundes\u200btag an. Die Beratungen beginnen im September.</p></article>")
    article = extract_page(html_page(body, "<title>Bundes&shy;regierung be&shy;schließt Haus&shy;halt</title>", "de"))
    assert article.title == "Bundesregierung beschließt Haushalt"
    assert "Die Bundesregierung hat am Mittwoch den Haushalt" in article.text and "Bundestag" in article.text
    assert "\u00ad" not in article.text and "\u200b" not in article.text


def test_headline_is_the_longer_part_of_a_site_and_headline_title() -> None:
    shapes = [  # (<title>, what the article shows): the site's name first, or as a logo <h1>
        ("Riverdale Times | Council approves bridge repairs after delays",
         "<h1>Council approves bridge repairs after delays</h1>"),
        ("The Daily Ledger - Council approves bridge repairs after delays",
         "<h1>The Daily Ledger</h1><h2>Council approves bridge repairs after delays</h2>"),
    ]
    for title, shown in shapes:
        article = extract_page(html_page(f"<article>{shown}{STORY_PARAGRAPHS}</article>", f"<title>{title}</title>"))
        assert article.title == "Council approves bridge repairs after delays", title
        assert article.source in ("Riverdale Times", "The Daily Ledger")


def test_opinion_and_analysis_bylines_name_their_author_and_editors_are_no_authors() -> None:
    bylines = {"Opinion by Jane Doe": ("Jane Doe",), "Analysis by Tom Roe and Ann Poe": ("Tom Roe", "Ann Poe"),
               "Ein Kommentar von Katrin Weber": ("Katrin Weber",), "Edited by Sam Lee": (),
               "Medically reviewed by Dr. Ann Lee, MD": (), "By Jane Doe; edited by Tom Roe": ("Jane Doe",)}
    for byline, expected in bylines.items():
        page = html_page(STORY, f'<meta name="author" content="{byline}">')
        assert extract_page(page).authors == expected, byline


def test_russian_page_author_label_and_read_also_pointer() -> None:
    body = ("<article><h1>Власти Москвы продлили режим повышенной готовности</h1><p class='author'>Автор: Иван "
            "Петров</p><p>Власти Москвы в понедельник продлили режим повышенной готовности из-за сильного снегопада, "
            "который продолжается уже третьи сутки.</p><p>По словам представителей городских служб, на уборку улиц "
            "вышли более десяти тысяч человек.</p><p>Читайте также: <a href='/news/2'>Синоптики пообещали потепление "
            "к выходным</a></p></article>")
    article = extract_page(html_page(body, "<title>Власти Москвы продлили режим — Городские новости</title>", "ru"))
    assert article.authors == ("Иван Петров",)  # "Автор:" is a label
    assert len(paragraphs(article)) == 2 and "Читайте также" not in article.text
    assert article.language == "ru"
