"""Peak memory (RSS) of one ``newsdesk run --once`` pass over a loopback news site: a table, not a timed test.

A real HTTP server on 127.0.0.1 serves a feed of N articles (the demo articles, each made unique) and,
in the hostile cases, a few big pages or a feed listing 5,000 items; ``newsdesk run --once --no-http``
runs in a child process on a fresh SQLite file, and its peak RSS (``wait4``'s ``ru_maxrss``) is printed.
The baseline is a process that only loads the NLP stage (spaCy and our models).

    python bench/monitor_memory.py                 # every case
    python bench/monitor_memory.py n100 big        # some of them
"""

from __future__ import annotations

import argparse
import html
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from test_monitor_support import Page, Site, rss_page, serve  # noqa: E402

DEMO = sorted((REPO / "newsdesk" / "demo" / "articles").glob("*.txt"))
ENV = {"NEWSDESK_ALLOWED_NETWORKS": "127.0.0.0/8", "NEWSDESK_HOST_DELAY": "0", "NEWSDESK_DB": ""}
BASELINE = ("import sys; from newsdesk.commands.store import _load_analyzer; "
            "sys.exit(0 if _load_analyzer(True) is not None else 1)")
CLI = [sys.executable, "-c", "from newsdesk.cli import cli; cli()"]


def _demo(n: int) -> tuple[str, str]:
    """The title and paragraphs of demo article ``n`` (cycled), made unique by its number."""
    head, _, body = DEMO[n % len(DEMO)].read_text(encoding="utf-8").partition("\n\n")
    title = next((line[7:] for line in head.splitlines() if line.startswith("title: ")), "Untitled")
    paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
    return f"{title} ({n})", "".join(f"<p>{html.escape(p)}</p>" for p in [f"Report number {n}.", *paragraphs])


def article(n: int, padding: int = 0) -> Page:
    """Demo article ``n`` as a news page; ``padding`` bytes of page furniture (menus, scripts) around it."""
    title, body = _demo(n)
    filler = ""
    if padding:  # a menu of some 45,000 elements (under max_html_elements), the rest an inline script's data
        unit = "<li><a href='/section/x'>Section link with a longish label</a></li>"
        menu = "<nav><ul>" + unit * min(padding // len(unit), 15_000) + "</ul></nav>"
        data = '{"id": 12345, "headline": "Another story of the day", "tags": ["a", "b"]}, '
        filler = menu + f"<script>window.__DATA__ = [{data * (max(padding - len(menu), 0) // len(data))}];</script>"
    return Page(f"<!doctype html><html><head><title>{html.escape(title)}</title></head><body>{filler}"
                f"<article><h1>{html.escape(title)}</h1>{body}</article></body></html>")


@dataclass(frozen=True)
class Case:
    name: str
    what: str
    build: Callable[[Site], list[str]]  # routes added to the site; the source URLs to add


def _feed(count: int, big: int = 0, big_size: int = 0, listed: int = 0) -> Callable[[Site], list[str]]:
    def build(site: Site) -> list[str]:
        paths = [f"/a/{n}" for n in range(count)]
        for n, path in enumerate(paths):
            site.routes[path] = article(n, big_size if n < big else 0)
        extra = [f"/x/{n}" for n in range(listed)]  # listed, never served: each fails fast with a 404
        site.routes["/feed.xml"] = rss_page(site.url, paths + extra)
        return [site.url + "/feed.xml"]

    return build


CASES = [
    Case("n10", "feed of 10 articles", _feed(10)),
    Case("n100", "feed of 100 articles", _feed(100)),
    Case("n300", "feed of 300 articles", _feed(300)),
    Case("big", "30 articles, 5 of them 1-5 MB pages of 45,000 elements each", lambda site: _big(site)),
    Case("bigtext", "30 articles, 3 of them with 0.1-0.3 MB of text", lambda site: _big_text(site)),
    Case("listed5000", "feed listing 5,000 items (100 articles, the rest 404)", _feed(100, listed=4900)),
]


def _big(site: Site) -> list[str]:
    paths = [f"/a/{n}" for n in range(30)]
    sizes = {0: 1 << 20, 1: 2 << 20, 2: 3 << 20, 3: 4 << 20, 4: 5 << 20}
    for n, path in enumerate(paths):
        site.routes[path] = article(n, sizes.get(n, 0))
    site.routes["/feed.xml"] = rss_page(site.url, paths)
    return [site.url + "/feed.xml"]


def _big_text(site: Site) -> list[str]:
    paths = [f"/a/{n}" for n in range(30)]
    for n, path in enumerate(paths):
        site.routes[path] = article(n)
    # 2 MB of text took the NLP stage past 1.6 GB and ten minutes (its time grows with the square)
    for n, size in ((0, 100_000), (1, 200_000), (2, 300_000)):
        title, body = _demo(n)
        text = "".join(f"<p>Part {k}. {html.escape(_demo(k)[0])} was reported by our staff today.</p>"
                       for k in range(size // 90))
        site.routes[paths[n]] = Page(f"<!doctype html><html><head><title>{html.escape(title)}</title></head><body>"
                                     f"<article><h1>{html.escape(title)}</h1>{body}{text}</article></body></html>")
    site.routes["/feed.xml"] = rss_page(site.url, paths)
    return [site.url + "/feed.xml"]


def _peak(argv: list[str], env: dict[str, str]) -> tuple[int, float, int]:
    """Run ``argv``; its peak RSS in MB, its seconds, its exit code."""
    start = time.monotonic()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    tail = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        sys.stderr.write(tail.decode(errors="replace")[-2000:])
    return usage.ru_maxrss // 1024, time.monotonic() - start, process.returncode


def measure(case: Case) -> tuple[int, float, int, int]:
    """Peak RSS (MB), seconds, exit code and articles stored of one pass over the case's site."""
    env = {**os.environ, **ENV}
    with tempfile.TemporaryDirectory() as tmp, serve(Site()) as site:
        db = str(Path(tmp) / "news.db")
        sources = case.build(site)
        subprocess.run([*CLI, "source", "add", "--db", db, *sources], env=env,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        run = ["run", "--db", db, "--once", "--no-http", "--analyze", "--log-format", "json"]
        peak, seconds, code = _peak([*CLI, *run], env)
        count = subprocess.run([sys.executable, "-c", "import sys; from newsdesk.store import open_store\n"
                                f"with open_store({db!r}) as s: print(s.count())"], env=env,
                               capture_output=True, text=True, check=True).stdout.strip()
    return peak, seconds, code, int(count or 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*", help="baseline, " + ", ".join(c.name for c in CASES))
    args = parser.parse_args()
    wanted = set(args.cases) or {"baseline", *(c.name for c in CASES)}
    print(f"{'case':<12} {'what':<58} {'peak RSS':>9} {'seconds':>8} {'stored':>7}")
    if "baseline" in wanted:
        peak, seconds, code = _peak([sys.executable, "-c", BASELINE], {**os.environ, **ENV})
        print(f"{'baseline':<12} {'load the NLP stage only':<58} {peak:>6} MB {seconds:>8.1f} {'-':>7}"
              + ("  (failed)" if code else ""))
    for case in CASES:
        if case.name in wanted:
            peak, seconds, code, stored = measure(case)
            print(f"{case.name:<12} {case.what:<58} {peak:>6} MB {seconds:>8.1f} {stored:>7}"
                  + (f"  (exit {code})" if code else ""), flush=True)


if __name__ == "__main__":
    main()
