"""Batch tuning of the collector and the allocator (newsdesk/memory.py)."""

from __future__ import annotations

import subprocess
import sys

from newsdesk.memory import THRESHOLDS


def test_batch_process_tunes_a_fresh_process() -> None:
    # In a child process: the settings are process-wide and must not leak into the test run.
    code = ("import gc; from newsdesk.memory import batch_process, freeze_loaded; batch_process(); "
            "freeze_loaded(); print(gc.get_threshold(), gc.get_freeze_count() > 1000)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split("\n")[0] == f"{THRESHOLDS} True"
