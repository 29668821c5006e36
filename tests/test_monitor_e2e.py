"""Done when: newsdesk monitors a loopback "news site" — feeds, a sitemap index, articles,
duplicates, a broken feed, a dead feed, a robots.txt, a hostile redirect to a private address —
through `newsdesk source add` and `newsdesk run` with the real NLP stage; every article is
stored once and found by text, person, place and event type, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json

from click.testing import CliRunner, Result
from test_monitor_support import LOOPBACK, Page, Site, serve

from newsdesk.cli import cli
from newsdesk.store import open_store

ENV = {"NEWSDESK_ALLOWED_NETWORKS": LOOPBACK, "NEWSDESK_HOST_DELAY": "0", "NEWSDESK_DB": ""}

STORIES = {
    "berlin-talks": ("Scholz and Macron meet in Berlin", [
        "Chancellor Olaf Scholz met President Emmanuel Macron in Berlin on Tuesday to discuss the energy crisis.",
        '"We will stand together," Scholz told reporters after the talks at the chancellery.',
        "The two leaders agreed to coordinate gas purchases for the coming winter, officials said."]),
    "nairobi-arrests": ("Protesters arrested in Nairobi", [
        "Police arrested three protesters in Nairobi on Monday after a march against new taxes turned violent.",
        "Interior Minister Kithure Kindiki said the government would not tolerate disorder in the capital.",
        "The protesters were released on bail later that day, their lawyers said."]),
    "kharkiv-shelling": ("Ukraine accuses Russia over Kharkiv shelling", [
        "Ukraine accused Russia of shelling the city of Kharkiv overnight, killing four civilians.",
        "President Volodymyr Zelensky called for more air defence systems after the strikes.",
        "Russian officials denied the attack and accused Kyiv of staging it."]),
    "harbour-wall": ("Harbour board approves sea wall", [
        "The harbour board approved plans for a new sea wall on Wednesday after months of consultation.",
        "Residents of the old quarter had asked for more time to read the plans before the vote.",
        "Construction is expected to start next spring and to last two years."]),
}


def page(slug: str, canonical: str | None = None) -> str:
    title, paragraphs = STORIES[slug]
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!doctype html><html><head><title>{title} | Loopback Times</title>{link}</head><body>"
            f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article><h1>{title}</h1>{body}</article>"
            "<footer>Copyright Loopback Times</footer></body></html>")


def news_site() -> Site:
    site = Site({f"/news/{slug}": Page(page(slug)) for slug in STORIES})
    site.routes["/robots.txt"] = Page("User-agent: *\nDisallow: /private/\n", type="text/plain")
    site.routes["/private/note"] = Page(page("harbour-wall"))
    site.routes["/out/metadata"] = Page(status=302, headers={"Location": "http://169.254.169.254/latest/meta-data"})
    site.routes["/feeds/broken.xml"] = Page("<?xml version='1.0'?><rss><channel><item><link>",
                                            type="application/rss+xml")
    site.routes["/feeds/down.xml"] = Page("oops", status=500)
    return site


def add_feeds(site: Site) -> None:
    base = site.url
    rss = "".join(f"<item><title>{p}</title><link>{base}{p}</link></item>" for p in (
        "/news/berlin-talks?utm_source=rss&utm_medium=feed", "/news/nairobi-arrests", "/out/metadata",
        "/private/note"))
    site.routes["/feeds/rss.xml"] = Page(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Loopback Times'
                                         f"</title>{rss}</channel></rss>", type="application/rss+xml")
    entries = "".join(f'<entry><title>{p}</title><id>{base}{p}</id><link href="{base}{p}"/>'
                      "<updated>2024-05-01T10:00:00Z</updated></entry>"
                      for p in ("/news/kharkiv-shelling", "/news/berlin-talks", "/amp/berlin-talks"))
    site.routes["/feeds/atom.xml"] = Page('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">'
                                          f"<title>Loopback World</title><id>{base}/</id>"
                                          f"<updated>2024-05-01T10:00:00Z</updated>{entries}</feed>",
                                          type="application/atom+xml")
    site.routes["/amp/berlin-talks"] = Page(page("berlin-talks", canonical=f"{base}/news/berlin-talks"))
    site.routes["/sitemap_index.xml"] = Page('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                                             f"<sitemap><loc>{base}/sitemaps/news.xml</loc></sitemap></sitemapindex>",
                                             type="application/xml")
    urls = "".join(f"<url><loc>{base}/news/{slug}</loc><news:news><news:publication_date>2024-05-0{n}T08:00:00Z"
                   f"</news:publication_date><news:title>{STORIES[slug][0]}</news:title></news:news></url>"
                   for n, slug in enumerate(("harbour-wall", "nairobi-arrests"), 1))
    site.routes["/sitemaps/news.xml"] = Page('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                                             'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
                                             f"{urls}</urlset>", type="application/xml")


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env=ENV)


def hits(db: str, query: str) -> list[str]:
    result = run("search", "--db", db, "--jsonl", query)
    assert result.exit_code == 0, result.output
    return [json.loads(line)["url"].rsplit("/", 1)[1] for line in result.stdout.splitlines()]


def test_monitor_a_loopback_news_site(db: str) -> None:
    with serve(news_site()) as site:
        add_feeds(site)
        feeds = [site.url + p for p in ("/feeds/rss.xml", "/feeds/atom.xml", "/sitemap_index.xml",
                                        "/feeds/broken.xml", "/feeds/down.xml")]
        assert run("source", "add", "--db", db, *feeds).exit_code == 0
        result = run("run", "--db", db, "--once", "--analyze", "--log-format", "json")
        assert result.exit_code == 0, result.output
        events = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
        stored = [e for e in events if e["event"] == "article.stored"]
        failed = {e["input"].rsplit("/", 2)[-2]: e["error"] for e in events if e["event"] == "article.failed"}
        assert len(stored) == 4
        assert "refused" in failed["out"] and "private address (169.254.169.254)" in failed["out"]
        assert "disallowed by robots.txt" in failed["private"]
        assert "/private/note" not in site.paths() and "/out/metadata" in site.paths()
        assert [e["source"] for e in events if e["event"] == "source.failed"] == [feeds[3], feeds[4]]

        with open_store(db) as store:
            articles = list(store.articles())
            assert sorted(a.url.rsplit("/", 1)[1] for a in articles if a.url) == sorted(STORIES)
            assert len({a.text for a in articles}) == len(articles) == 4  # stored once each
            sources = {s.url: s for s in store.list_sources()}
            assert sources[feeds[3]].error_count == 1 and "broken feed" in (sources[feeds[3]].last_error or "")
            assert sources[feeds[4]].last_error == f"{feeds[4]}: HTTP 500"
            assert sources[feeds[0]].title == "Loopback Times" and sources[feeds[0]].error_count == 0
            berlin = next(a for a in articles if a.url and a.url.endswith("berlin-talks"))
            assert berlin.url == f"{site.url}/news/berlin-talks"  # tracking parameters never made it in
            harbour = next(a for a in articles if a.url and a.url.endswith("harbour-wall"))
            assert harbour.published == "2024-05-01T08:00:00+00:00"  # from the news sitemap

        assert hits(db, "shelling") == ["kharkiv-shelling"]
        assert hits(db, '"sea wall"') == ["harbour-wall"]
        assert hits(db, "person:Macron") == ["berlin-talks"]
        assert hits(db, "person:Zelensky") == ["kharkiv-shelling"]
        assert hits(db, "place:Nairobi") == ["nairobi-arrests"]
        assert hits(db, "event:accuse") == ["kharkiv-shelling"]
        assert hits(db, "event:CONSULT place:Berlin") == ["berlin-talks"]

        again = run("run", "--db", db, "--once", "--all", "--no-analyze")
        assert again.exit_code == 0
        assert not [line for line in again.stderr.splitlines() if '"article.stored"' in line]
        with open_store(db) as store:
            assert store.count() == 4
