"""``newsdesk run`` stops on SIGTERM however early it comes: the handler used to log and set the stop
event itself, and a signal landing while the main thread held the log's lock (or the event's) hung
the process for good (3 starts in 8 here)."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

RUNS = 8


def test_run_stops_on_sigterm_right_after_it_started(tmp_path: Path) -> None:
    newsdesk = str(Path(sys.executable).parent / "newsdesk")
    for _ in range(RUNS):  # one database, restarted: as a service is
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        proc = subprocess.Popen([newsdesk, "run", "--db", str(tmp_path / "n.db"), "--port", str(port),
                                 "--no-analyze", "--log-format", "json"], stderr=subprocess.PIPE, text=True)
        assert proc.stderr is not None
        try:
            assert '"run.started"' in proc.stderr.readline()
            assert '"run.idle"' in proc.stderr.readline()  # no sources yet
            proc.terminate()  # while it builds the web app and its threads start logging
            rest = proc.communicate(timeout=60)[1]
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        assert proc.returncode == 0
        assert '"run.stopping"' in rest and '"signal": "SIGTERM"' in rest and rest.rstrip().endswith('"run.stopped"}')
