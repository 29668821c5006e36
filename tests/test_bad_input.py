"""Bad input gets a one-line error naming it, a non-zero exit, no traceback, bounded time and memory."""

from __future__ import annotations

import gzip
import http.server
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsdesk.cli import cli

ARTICLE = ("<html><body><article>" + "<p>" + "The council approved the new budget after a long debate. " * 8
           + "</p>" * 1 + "<p>" + "Residents said they welcomed the decision and hoped for better roads. " * 8
           + "</p></article></body></html>")


def extract_error(*args: str, env: dict[str, str] | None = None, input: bytes | None = None) -> str:
    result = CliRunner().invoke(cli, ["extract", *args], env=env, input=input)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert result.stdout == ""
    return lines[0]


def test_missing_file(tmp_path: Path) -> None:
    line = extract_error(str(tmp_path / "nope.html"))
    assert "nope.html" in line and "no such file" in line


def test_empty_and_blank_files(tmp_path: Path) -> None:
    for name, content in (("empty.html", b""), ("blank.txt", b"  \n\n\t \n")):
        (tmp_path / name).write_bytes(content)
        line = extract_error(str(tmp_path / name))
        assert name in line and "empty" in line


def test_binary_file(tmp_path: Path) -> None:
    png = tmp_path / "photo.html"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20)
    assert "binary" in extract_error(str(png))


def test_folder_with_no_pages(tmp_path: Path) -> None:
    (tmp_path / "readme.md").write_text("hello")
    line = extract_error(str(tmp_path))
    assert str(tmp_path) in line and "no pages" in line


def test_over_the_size_cap(tmp_path: Path) -> None:
    page = tmp_path / "big.html"
    page.write_text(ARTICLE * 10)
    line = extract_error(str(page), env={"NEWSDESK_MAX_INPUT_BYTES": "5000"})
    assert "big.html" in line and "larger than 5000 bytes" in line


def test_gzip_inflating_past_the_cap(tmp_path: Path) -> None:
    page = tmp_path / "bomb.html.gz"
    page.write_bytes(gzip.compress(b"<p>" + b"a" * 200_000 + b"</p>"))
    assert "once gunzipped" in extract_error(str(page), env={"NEWSDESK_MAX_INPUT_BYTES": "100000"})


def test_truncated_gzip(tmp_path: Path) -> None:
    page = tmp_path / "cut.html.gz"
    page.write_bytes(gzip.compress(ARTICLE.encode())[:-20])
    assert "truncated gzip" in extract_error(str(page))


def test_absurdly_deep_nesting(tmp_path: Path) -> None:
    page = tmp_path / "deep.html"
    page.write_text("<html><body>" + "<div>" * 5000 + ARTICLE + "</div>" * 5000 + "</body></html>")
    assert "nested deeper than" in extract_error(str(page))


def test_page_without_article_text(tmp_path: Path) -> None:
    page = tmp_path / "nav.html"
    page.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    assert "no article text" in extract_error(str(page))


def test_gzip_bomb_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    """1 GB of zeros in 1 MB of gzip, under a 600 MB address-space limit: refused, not inflated."""
    bomb = tmp_path / "bomb.html.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as fh:
        block = b"\0" * (1 << 20)
        for _ in range(1024):
            fh.write(block)
    code = ("import resource,sys; resource.setrlimit(resource.RLIMIT_AS, (1200<<20, 1200<<20));"
            "from newsdesk.cli import main; sys.argv=['newsdesk','extract',sys.argv[1]]; main()")
    proc = subprocess.run([sys.executable, "-c", code, str(bomb)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert "larger than" in proc.stderr and "Traceback" not in proc.stderr


def test_legacy_encodings_are_detected(tmp_path: Path) -> None:
    russian = "Переговоры между делегациями продолжились во вторник в Стамбуле. " * 12
    page = tmp_path / "ru.txt"
    page.write_bytes(("Новости\n\n" + russian + "\n\n" + russian).encode("cp1251"))
    result = CliRunner().invoke(cli, ["extract", str(page)])
    assert result.exit_code == 0, result.output
    assert "Переговоры между делегациями" in json.loads(result.stdout)["text"]

    sentence = "Les négociations ont repris à Istanbul, a déclaré le ministre des affaires étrangères. "
    french = ("<html><head><meta charset='iso-8859-1'></head><body><article><p>" + sentence * 6
              + "</p></article></body></html>")
    fr = tmp_path / "fr.html"
    fr.write_bytes(french.encode("latin-1"))
    result = CliRunner().invoke(cli, ["extract", str(fr)])
    assert "Les négociations ont repris" in json.loads(result.stdout)["text"]


@pytest.fixture
def loopback_site() -> Iterator[str]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/redirect-private":
                self.send_response(302)
                self.send_header("Location", "http://169.254.169.254/latest/meta-data")
                self.end_headers()
                return
            body = ARTICLE.encode() if self.path == "/article" else b"missing"
            self.send_response(200 if self.path == "/article" else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_url_on_a_private_address_is_refused(loopback_site: str) -> None:
    line = extract_error(f"{loopback_site}/article")
    assert "private address" in line and "/article" in line


def test_url_fetched_when_private_addresses_are_allowed(loopback_site: str) -> None:
    env = {"NEWSDESK_ALLOWED_NETWORKS": "127.0.0.0/8"}
    result = CliRunner().invoke(cli, ["extract", f"{loopback_site}/article"], env=env)
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["url"] == f"{loopback_site}/article"
    assert record["text"].startswith("The council approved")
    assert "HTTP 404" in extract_error(f"{loopback_site}/nothing", env=env)


def test_redirect_to_a_private_address_is_refused_when_only_loopback_is_allowed(loopback_site: str) -> None:
    line = extract_error(f"{loopback_site}/redirect-private",
                         env={"NEWSDESK_ALLOWED_NETWORKS": "127.0.0.0/8", "NEWSDESK_FETCH_TIMEOUT": "1"})
    assert "private address (169.254.169.254)" in line and "/redirect-private" in line


def test_non_http_schemes_are_refused() -> None:
    assert "only http and https" in extract_error("file:///etc/passwd")


def test_entity_expansion_bomb_is_not_expanded(tmp_path: Path) -> None:
    """A billion-laughs page must not expand its entities (nor eat the memory)."""
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    page = tmp_path / "laughs.html"
    page.write_text(f'<?xml version="1.0"?><!DOCTYPE b [<!ENTITY l0 "lol">{entities}]>'
                    f"<html><body><article><p>&l9; {ARTICLE}</p></article></body></html>")
    code = ("import resource,sys; resource.setrlimit(resource.RLIMIT_AS, (1200<<20, 1200<<20));"
            "from newsdesk.cli import main; sys.argv=['newsdesk','extract',sys.argv[1]]; main()")
    proc = subprocess.run([sys.executable, "-c", code, str(page)], capture_output=True, text=True, timeout=60)
    assert "Traceback" not in proc.stderr
    assert "lollol" not in proc.stdout
    assert proc.returncode == 0 or proc.stderr.count("\n") == 1
