"""Feeds as servers send them, followed by the monitor from a real loopback site: the charset the
server names for a feed that names none itself."""

from __future__ import annotations

from test_monitor_support import Page, Site, loopback_settings, serve, stories

from newsdesk.monitor import Log, Monitor
from newsdesk.store import Store


def feed(title: str, link: str, item: str) -> str:
    return (f'<rss version="2.0"><channel><title>{title}</title>'
            f"<item><title>{item}</title><link>{link}</link></item></channel></rss>")


def test_the_servers_charset_reads_a_feed_that_declares_none(store: Store) -> None:
    """A Shift_JIS feed without an XML declaration, served as 'charset=Shift_JIS': read as cp1252,
    its title was stored as '“ú–{‚Ìƒjƒ…\\x81[ƒX'. A declaration or UTF-8 bytes still win over a
    server's charset (a server's default charset is often wrong)."""
    site = Site(stories(4))
    with serve(site):
        base = site.url
        served = {
            "/sjis.xml": (feed("日本のニュース", f"{base}/a/0", "東京").encode("shift_jis"),
                          "application/rss+xml; charset=Shift_JIS"),
            "/koi8.xml": (feed("Новости", f"{base}/a/1", "Москва").encode("koi8-r"), "text/xml; charset=KOI8-R"),
            "/mislabeled.xml": (feed("Café “news”", f"{base}/a/2", "Déjà vu").encode(),
                                "application/rss+xml; charset=ISO-8859-1"),
            "/declared.xml": (('<?xml version="1.0" encoding="ISO-8859-1"?>'
                               + feed("São Paulo", f"{base}/a/3", "Sé")).encode("latin-1"),
                              "application/rss+xml; charset=UTF-8"),
        }
        for path, (body, kind) in served.items():
            site.routes[path] = Page(body, type=kind)
            store.add_source(base + path)
        report = Monitor(store, loopback_settings(), log=Log(None)).run_once()
        assert (report.sources_failed, report.stored) == (0, 4)
        titles = {s.url.removeprefix(base): s.title for s in store.list_sources()}
        assert titles == {"/sjis.xml": "日本のニュース", "/koi8.xml": "Новости", "/mislabeled.xml": "Café “news”",
                          "/declared.xml": "São Paulo"}
