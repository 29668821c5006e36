"""Ctrl-C in the middle of a backfill: one line, exit 130, no worker left running; the next run
goes on from there. Each worker printed a KeyboardInterrupt traceback, then click's 'Aborted!'."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

from test_backfill_support import NEWSDESK, bench_pages, rows_of, write_warc

from newsdesk.backfill.ledger import DONE


def _running(marker: str) -> list[str]:
    found = subprocess.run(["pgrep", "-f", marker], capture_output=True, text=True)
    return found.stdout.split()


def test_ctrl_c_stops_every_worker_with_one_line(tmp_path: Path) -> None:
    pages = bench_pages()
    (tmp_path / "in").mkdir()
    write_warc(tmp_path / "in" / "a-small.warc.gz", [(p.url, p.html) for p in pages[:2]])
    big = [(f"{p.url}{'&' if '?' in p.url else '?'}n={n}", p.html) for n in range(4) for p in pages]
    write_warc(tmp_path / "in" / "b-big.warc.gz", big)
    out = tmp_path / "out"
    args = [NEWSDESK, "backfill", "--no-analyze", "--no-stories", "--workers", "2", "--output", str(out),
            str(tmp_path / "in")]
    run = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                           preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    while not list((out / DONE).glob("*.json")) and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert run.poll() is None, "the big file was done before the interrupt"
    os.killpg(run.pid, signal.SIGINT)  # what Ctrl-C sends: the whole foreground group
    _, stderr = run.communicate(timeout=60)
    assert run.returncode == 130
    assert "Traceback" not in stderr and "Aborted" not in stderr
    assert stderr.splitlines()[-1] == "newsdesk: interrupted; the files done are kept: run again to go on"
    for _ in range(50):  # no worker goes on behind the user's back
        if not _running(str(out)):
            break
        time.sleep(0.1)
    assert not _running(str(out))
    again = subprocess.run([*args, "--json"], capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["skipped"] >= 1
    rows = rows_of(out)
    assert len(rows) == 2 + len(big)
    assert not [k for k, n in Counter((r["warc"], r["warc_offset"]) for r in rows).items() if n > 1]
