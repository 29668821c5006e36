"""The standard streams as scripts use them (``newsdesk …`` in cron jobs, pipes, ``subprocess``).

The command line's contract, which :func:`prepare` (at the start of the process) and the
command group (cli.py) keep for every command:

- stdout is UTF-8 when it is no terminal, whatever the locale (JSON lines are UTF-8 by definition;
  a Latin-1 locale made ``--jsonl`` die of UnicodeEncodeError at the first "—");
- a reader that stops early (``| head -1``) ends the command quietly with exit status 0: no
  traceback, no "Exception ignored" at exit;
- stdout that cannot be written (``>/dev/full``, closed with ``>&-``) is one line
  ``newsdesk: error: standard output: cannot write (REASON)`` and exit status 1, never a
  silent success;
- with ``--jsonl`` an input's error is its line on stdout, and stderr still says how many failed
  (:func:`failed_count`: a cron job mails stderr, and exit status 1 alone said nothing);
- a closed stdin, stdout or stderr is held open on /dev/null, so that no database or page file
  opened later gets its number (and a stray write to the stream lands in it).
"""

from __future__ import annotations

import errno
import io
import os
import sys
from typing import NoReturn

from .errors import one_line

# An OSError raised by a write to stdout carries this note, so a failed write is told as
# standard output's, whatever file or socket error could otherwise be behind the same errno.
STDOUT_NOTE = "newsdesk: writing to standard output"
INTERRUPTED = 130  # 128 + SIGINT, as shells report a command Ctrl-C stopped


class _StdoutFile(io.FileIO):
    """File descriptor 1, every write to it (text, or bytes written to ``sys.stdout.buffer``) marked."""

    def write(self, data: bytes) -> int:  # type: ignore[override]
        try:
            return super().write(data)
        except OSError as exc:
            exc.add_note(STDOUT_NOTE)
            raise


def prepare() -> None:
    """Set the standard streams up as the module says; once, before anything opens a file."""
    for fd, flags in ((0, os.O_RDONLY), (1, os.O_RDONLY), (2, os.O_WRONLY)):
        try:
            os.fstat(fd)
        except OSError:  # closed: held on /dev/null (read-only for stdout, so a write fails, not vanishes)
            held = os.open(os.devnull, flags)
            if held != fd:
                os.dup2(held, fd)
                os.close(held)
    if sys.stdin is None:
        sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115 (the process's stdin)
    if sys.stderr is None:
        sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", buffering=1,  # noqa: SIM115
                          closefd=False)
    if sys.stdout is not None and os.isatty(1) and isinstance(sys.stdout, io.TextIOWrapper):
        # a terminal keeps Python's own stream (a Windows console's, too) and its encoding, what it
        # shows; a character it lacks is written as its escape
        sys.stdout.reconfigure(errors="backslashreplace")
        return
    if sys.stdout is not None:
        sys.stdout.flush()
    sys.stdout = io.TextIOWrapper(io.BufferedWriter(_StdoutFile(1, "w", closefd=False)), encoding="utf-8")


def on_stdout(exc: BaseException) -> bool:
    """Whether ``exc`` is a failed write to stdout."""
    return isinstance(exc, OSError) and STDOUT_NOTE in getattr(exc, "__notes__", ())


def stdout_failed(exc: OSError) -> NoReturn:
    """End the command for a failed write to stdout: quietly (exit 0) when the reader went away,
    else with one line (exit 1). What is left unwritten goes to /dev/null, so the flush at exit
    adds no "Exception ignored" noise."""
    _drop_stdout()
    if exc.errno == errno.EPIPE:
        sys.exit(0)
    sys.stderr.write(f"newsdesk: error: standard output: cannot write ({one_line(exc.strerror or str(exc))})\n")
    sys.exit(1)


def flush_stdout(*, failed: bool) -> None:
    """Flush stdout before the process exits (text may still be buffered). A failure ends a command
    that succeeded as :func:`stdout_failed` says; one that ``failed`` already said why (its exit
    status stays), as does one whose reader went away."""
    try:
        sys.stdout.flush()
    except OSError as exc:
        if not on_stdout(exc):
            raise
        if exc.errno != errno.EPIPE and not failed:
            stdout_failed(exc)
        _drop_stdout()


def _drop_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    except OSError:  # no /dev/null: nothing better to do than what Python does at exit
        pass


def failed_count(failed: int, total: int, what: str) -> None:
    """One line on stderr: ``failed`` of ``total`` inputs (or lines) failed, their lines say why."""
    plural = "s" if total > 1 else ""
    print(f"newsdesk: error: {failed} of {total} {what}{plural} failed (their lines on stdout say why)",
          file=sys.stderr, flush=True)
