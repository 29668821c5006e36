"""A security walkthrough outside the web app: hostile servers, files and receivers, each met as the
CLI, the monitor or the alert service meets it, on real sockets and real files."""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import socket
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from newsdesk.alerts.channels import SendError, webhook, webpush
from newsdesk.alerts.records import PushSubscription
from newsdesk.cli import cli
from newsdesk.errors import FetchError, InputError
from newsdesk.ingest import load
from newsdesk.ingest.http import Fetcher
from newsdesk.ingest.safety import safe_client
from newsdesk.settings import Settings
from tests.test_monitor_support import LOOPBACK, Page, Site, loopback_settings, serve


@contextmanager
def raw_server(answer: Callable[[socket.socket], None]) -> Iterator[str]:
    """A loopback server that reads a request and runs ``answer`` on the connection; gives its URL."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def handle(conn: socket.socket) -> None:
        with conn:
            conn.recv(65536)
            with contextlib.suppress(OSError):  # the client hung up: what a refusal does
                answer(conn)

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=handle, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/hook"
    finally:
        stop.set()
        listener.close()


def drip_headers(conn: socket.socket) -> None:
    """Slowloris from the server's side: a status line, then a header a byte every 0.2 s, for minutes."""
    conn.sendall(b"HTTP/1.1 200 OK\r\n")
    for _ in range(1000):
        conn.sendall(b"X")
        time.sleep(0.2)


def endless_interim_answers(conn: socket.socket) -> None:
    """'102 Processing' after '102 Processing': each a whole answer the client reads on past."""
    while True:
        conn.sendall(b"HTTP/1.1 102 Processing\r\n\r\n")
        time.sleep(0.01)


@pytest.mark.parametrize("answer", [drip_headers, endless_interim_answers])
def test_a_server_dripping_its_headers_is_cut_off_at_the_fetch_timeout(answer: Callable[[socket.socket], None]) -> None:
    # each byte came inside the read timeout, so the fetch waited for the whole header: 200 s here,
    # days at the default timeout (forever for interim answers), a monitor worker held all that while
    with raw_server(answer) as url, Fetcher(loopback_settings(fetch_timeout=1.0)) as fetcher:
        start = time.monotonic()
        with pytest.raises(FetchError, match="timed out after 1 s"):
            fetcher.get(url)
        assert time.monotonic() - start < 4


def test_a_webhook_receiver_dripping_its_headers_is_cut_off_at_the_delivery_timeout() -> None:
    settings = loopback_settings()
    with raw_server(drip_headers) as url, safe_client(settings, 1.0) as client:
        start = time.monotonic()
        with pytest.raises(SendError, match="timed out") as caught:
            webhook.send(client, url, "secret", "d1", {"watch": "w"})
        assert caught.value.retry and time.monotonic() - start < 4


def _gzip_bomb(megabytes: int) -> bytes:
    engine = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(1 << 20)
    return b"".join(engine.compress(zeros) for _ in range(megabytes)) + engine.flush()


def _bomb_answer(conn: socket.socket) -> None:
    bomb = _gzip_bomb(256)
    conn.sendall(b"HTTP/1.1 500 Oops\r\nContent-Type: text/plain\r\nContent-Encoding: gzip\r\n"
                 b"Content-Length: %d\r\n\r\n%s" % (len(bomb), bomb))


def _endless_answer(conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 503 Busy\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n")
    while True:
        conn.sendall(b"10000\r\n" + b"a" * 0x10000 + b"\r\n")


@pytest.mark.parametrize(("answer", "status"), [(_bomb_answer, 500), (_endless_answer, 503)])
def test_a_receivers_error_answer_is_read_only_so_far(answer: Callable[[socket.socket], None], status: int) -> None:
    # httpx read a whole answer, and inflated it: a webhook receiver (anyone may run one) answering a
    # gzip bomb or an endless body filled the alert service's memory, sixteen senders at a time
    with raw_server(answer) as url, safe_client(loopback_settings(), 10.0) as client:
        tracemalloc.start()
        try:
            with pytest.raises(SendError, match=f"HTTP {status}$"):
                webhook.send(client, url, "secret", "d1", {"watch": "w"})
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert peak < 16_000_000


def test_a_receivers_error_reason_holds_no_control_characters() -> None:
    def answer(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 400 Bad\r\nContent-Type: text/plain\r\nContent-Length: 15\r\n\r\nno\x00such\x1b[2Jhook")

    with (raw_server(answer) as url, safe_client(loopback_settings(), 5.0) as client,
          pytest.raises(SendError) as caught):
        webhook.send(client, url, "secret", "d1", {"watch": "w"})
    assert caught.value.reason == "HTTP 400: nosuch[2Jhook" and not caught.value.retry


def test_a_named_pipe_nothing_writes_to_is_refused_after_the_fetch_timeout(tmp_path: Path) -> None:
    # opening it waited forever: `extract` hung, and so did a monitor worker given it as a file source
    fifo = tmp_path / "page.html"
    os.mkfifo(fifo)
    outcome: list[BaseException | None] = []

    def read() -> None:
        try:
            load(str(fifo), loopback_settings(fetch_timeout=0.5))
            outcome.append(None)
        except BaseException as exc:
            outcome.append(exc)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(5)
    if reader.is_alive():  # let the reader go: open the pipe for writing, and close it
        os.close(os.open(fifo, os.O_WRONLY))
    [error] = outcome
    assert isinstance(error, InputError) and str(error) == f"{fifo}: a named pipe that nothing wrote to in 0.5 s"


def test_a_named_pipe_written_to_is_read(tmp_path: Path) -> None:
    fifo = tmp_path / "page.html"
    os.mkfifo(fifo)
    text = "<html><body><p>A page that came down a pipe.</p></body></html>"

    def write() -> None:
        time.sleep(0.2)
        fifo.write_text(text)

    threading.Thread(target=write, daemon=True).start()
    assert load(str(fifo), loopback_settings(fetch_timeout=5.0)).content == text


def test_a_sources_login_stays_out_of_the_log_and_its_errors(tmp_path: Path) -> None:
    """A private feed's URL carries its login (https://user:password@…): the monitor logged it on every
    check, in the source's URL, its error and each article link resolved against it, and stored it in the
    source's last error, shown by `source show` and the sources page."""
    db = str(tmp_path / "news.db")
    site = Site({"/a/0": Page("busy", status=503), "/down.xml": Page("gone", status=404),
                 "/feed.xml": Page('<rss version="2.0"><channel><title>Private</title><item><link>/a/0</link>'
                                   "</item></channel></rss>")})
    env = {"NEWSDESK_ALLOWED_NETWORKS": LOOPBACK, "NEWSDESK_HOST_DELAY": "0", "NEWSDESK_DB": ""}
    runner = CliRunner()
    with serve(site):
        login = site.url.replace("http://", "http://alice:s3cret@")
        added = runner.invoke(cli, ["source", "add", "--db", db, login + "/feed.xml", login + "/down.xml"], env=env)
        assert added.exit_code == 0, added.output
        ran = runner.invoke(cli, ["run", "--db", db, "--once", "--all", "--no-analyze"], env=env)
        down = runner.invoke(cli, ["source", "show", "--db", db, "2"], env=env)
    assert ran.exit_code == 0, ran.output
    assert all(r.headers["Authorization"] for r in site.requests if r.path == "/feed.xml")  # still logged in
    events = [json.loads(line) for line in ran.output.splitlines() if line.startswith("{")]
    assert {e["event"] for e in events} >= {"source.failed", "article.failed"}
    assert "s3cret" not in ran.output and "alice:…@" in ran.output
    hidden = site.url.replace("http://", "http://alice:…@")
    assert f"  last error: {hidden}/down.xml: HTTP 404\n" in down.stdout


@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_an_error_naming_a_file_with_a_newline_in_its_name_stays_one_line(tmp_path: Path, command: str) -> None:
    # "newsdesk: error: new" and "line.html: no article text found" came out as two lines, the second
    # one looking like an error of its own (and a script reading errors a line each saw two)
    odd = tmp_path / "new\nline\x1b[2J.html"
    odd.write_text("<html><body><nav>Home</nav></body></html>")
    extra = ["--db", str(tmp_path / "news.db")] if command == "ingest" else []
    result = CliRunner().invoke(cli, [command, *extra, str(odd)], env={"NEWSDESK_DB": ""})
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line == f"newsdesk: error: {tmp_path}/new\\nline\\x1b[2J.html: no article text found"


def _push_body(title: str, url: str) -> dict[str, object]:
    return {"watch": "w1", "alert": "a1", "story": {"id": "s" * 40, "title": None},
            "article": {"id": "0" * 64, "title": title, "url": url, "source": None, "published": None},
            "reason": {"rule": "гавань", "sentence": "Совет гавани " * 60}, "created_at": "2026-12-03T10:00:00Z"}


def test_a_web_push_of_a_page_with_a_long_title_and_address_fits_a_push_service() -> None:
    # a page's title and address are as long as it likes: its push went over the 4,096 bytes push
    # services take, was refused (413) for good, and the alert never reached the browser
    browser = ec.generate_private_key(ec.SECP256R1())
    point = browser.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    sub = PushSubscription("w1", "https://push.example/x", webpush.b64url(point), webpush.b64url(os.urandom(16)))
    long = _push_body("Гавань " * 1200, "https://news.example/" + "a/" * 3000)
    data = json.loads(webpush.notification(long))
    assert len(webpush.encrypt(webpush.notification(long), sub)) <= 4096
    assert data["title"].endswith("…") and len(data["title"]) == webpush.TITLE_CHARS and data["link"] is None
    assert data["url"] == "/stories/" + "s" * 40  # a click still opens the story
    plain = json.loads(webpush.notification(_push_body("Harbour closes", "https://news.example/harbour")))
    assert plain["title"] == "newsdesk: Harbour closes" and plain["link"] == "https://news.example/harbour"


def test_a_source_url_with_a_line_break_is_refused_when_added(tmp_path: Path) -> None:
    # it was added, and every check failed after ("fetch failed (a bad URL: Invalid non-printable ASCII
    # character in URL)"), while the URL it was listed as looked fine
    db = str(tmp_path / "news.db")
    runner, env = CliRunner(), {"NEWSDESK_DB": ""}
    added = runner.invoke(cli, ["source", "add", "--db", db, "https://news.example/\nfeed.xml"], env=env)
    assert added.exit_code == 1
    assert added.stderr == ("newsdesk: error: https://news.example/\\nfeed.xml: a source URL with a control character "
                            "(a line break or tab) in it\n")
    listed = runner.invoke(cli, ["source", "list", "--db", db], env=env)
    assert "news.example" not in listed.output


def test_a_server_dripping_its_tls_handshake_is_cut_off_at_the_fetch_timeout() -> None:
    # each of the handshake's reads had the whole timeout: a certificate a byte at a time held the fetch
    # for as long as the server liked (here a record of 16 KB, 0.2 s a byte: an hour)
    def drip_handshake(conn: socket.socket) -> None:
        conn.sendall(b"\x16\x03\x03\x3f\xff")  # a handshake record of 16,383 bytes, then its bytes, slowly
        for _ in range(16383):
            conn.sendall(b"\x02")
            time.sleep(0.2)

    with raw_server(drip_handshake) as url, Fetcher(loopback_settings(fetch_timeout=1.0)) as fetcher:
        start = time.monotonic()
        with pytest.raises(FetchError, match="timed out after 1 s"):
            fetcher.get(url.replace("http://", "https://"))
        assert time.monotonic() - start < 4


@pytest.mark.parametrize("charset", ["undefined", "unicode_escape", "raw_unicode_escape", "utf-7", "punycode"])
def test_a_page_naming_one_of_pythons_own_codecs_is_read_as_naming_none(tmp_path: Path, charset: str) -> None:
    # 'undefined' failed every page naming it as an internal error; 'unicode_escape' made "C:\new" a line
    # break; UTF-7 turns "+ADw-script+AD4-" into markup
    text = r"<p>Paths like C:\new\table, \u0041 and +ADw-b+AD4- stay as written.</p>"
    page = tmp_path / "page.html"
    page.write_bytes(f'<html><head><meta charset="{charset}"></head><body>{text}</body></html>'.encode())
    assert text in load(str(page), loopback_settings()).content
    with serve(Site({"/p": Page(f"<html><body>{text}</body></html>", type=f"text/html; charset={charset}")})) as site:
        assert text in load(site.url + "/p", loopback_settings()).content


@pytest.mark.parametrize("host", ["[64:ff9b:1::a9fe:a9fe]", "[::ffff:0:a9fe:a9fe]", "[fec0::1]", "[5f00::1]",
                                  "192.0.0.8", "192.88.99.1"])
def test_addresses_no_one_reaches_from_the_internet_are_refused(host: str) -> None:
    # the Python of some installs calls these global: a local-use NAT64 prefix (RFC 8215) or an
    # IPv4-translated address reached 169.254.169.254 (the cloud metadata service) through the translator
    with Fetcher(Settings(host_delay=0.0)) as fetcher, pytest.raises(FetchError, match="private address"):
        fetcher.get(f"http://{host}/latest/meta-data/")


def test_an_allowed_network_of_those_is_reached() -> None:
    settings = Settings(host_delay=0.0, fetch_timeout=1.0, allowed_networks="192.0.0.0/24")
    with Fetcher(settings) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.get("http://192.0.0.8:9/")  # nothing listens there: refused by the network, not by newsdesk
    assert "private address" not in caught.value.reason


@pytest.mark.parametrize("charset", ["no-such-charset", "undefined"])
def test_a_receivers_answer_in_an_unknown_charset_still_gives_its_reason(charset: str) -> None:
    def answer(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 403 No\r\nContent-Type: text/plain; charset=%s\r\nContent-Length: 9\r\n\r\nforbidden"
                     % charset.encode())

    with (raw_server(answer) as url, safe_client(loopback_settings(), 5.0) as client,
          pytest.raises(SendError) as caught):
        webhook.send(client, url, "secret", "d1", {"watch": "w"})
    assert caught.value.reason == "HTTP 403: forbidden"


def test_a_receiver_keeps_its_connection_from_one_delivery_to_the_next() -> None:
    # the answer is read (to 64 KB) before the connection goes back to the pool: one left unread was
    # closed, a new connection (and TLS handshake) for every delivery
    connections: list[object] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            super().setup()
            connections.append(self.connection)

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with safe_client(loopback_settings(), 5.0) as client:
            for n in range(3):
                webhook.send(client, f"http://127.0.0.1:{server.server_address[1]}/hook", "secret", f"d{n}", {})
    finally:
        server.shutdown()
        server.server_close()
    assert len(connections) == 1
