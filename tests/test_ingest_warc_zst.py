""".warc.zst files (the IIPC warc-zstd format): a zstd frame per record, with or without a dictionary
(plain or itself compressed) in a skippable frame at the start; every WARC reader takes them."""

from __future__ import annotations

import subprocess
import zlib
from pathlib import Path

import pytest
import zstandard
from test_backfill_support import NEWSDESK
from test_ingest_warc import write_warc

from newsdesk.backfill import Options, backfill
from newsdesk.errors import InputError
from newsdesk.ingest.warc import is_warc, read_record, warc_index, warc_pages
from newsdesk.settings import Settings

SETTINGS = Settings.load(environ={})
URLS = [f"https://news.example.com/{n}" for n in (1, 2, 3)] + [
    "https://news.example.com/latin", "https://news.example.com/notes.txt"]


def plain_records(tmp_path: Path) -> list[bytes]:
    """The records of test_ingest_warc's archive, each whole (a .warc.gz has a gzip member per record)."""
    packed, records = write_warc(tmp_path / "source.warc.gz").read_bytes(), []
    while packed:
        inflate = zlib.decompressobj(wbits=31)
        records.append(inflate.decompress(packed))
        packed = inflate.unused_data
    return records


def skippable(magic: int, data: bytes) -> bytes:
    return magic.to_bytes(4, "little") + len(data).to_bytes(4, "little") + data


def dictionary_for(records: list[bytes]) -> zstandard.ZstdCompressionDict:
    samples = [record.replace(b"news.example.com", f"site{n}.example.org".encode())
               for n in range(40) for record in records]
    return zstandard.train_dictionary(4096, samples)


def write_zst(path: Path, records: list[bytes], dictionary: str = "none", extension: bool = False) -> Path:
    """A .warc.zst: ``dictionary`` is "none", "plain" or "compressed"; ``extension`` puts a skippable
    frame (which readers ignore) after each record."""
    head, options = b"", {}
    if dictionary != "none":
        trained = dictionary_for(records)
        data = trained.as_bytes()
        if dictionary == "compressed":
            data = zstandard.ZstdCompressor(write_checksum=True).compress(data)
        head, options = skippable(0x184D2A5D, data), {"dict_data": trained}
    compressor = zstandard.ZstdCompressor(level=3, write_checksum=True, write_content_size=True, **options)
    frames = [compressor.compress(record) + (skippable(0x184D2A50, b"extension") if extension else b"")
              for record in records]
    path.write_bytes(head + b"".join(frames))
    return path


@pytest.mark.parametrize(("dictionary", "extension"), [("none", False), ("plain", False), ("compressed", True)])
def test_pages_of_a_warc_zst_with_and_without_a_dictionary(tmp_path: Path, dictionary: str, extension: bool) -> None:
    records = plain_records(tmp_path)
    path = write_zst(tmp_path / "crawl.warc.zst", records, dictionary, extension)
    assert is_warc(str(path))
    pages = list(warc_pages(str(path), SETTINGS))
    assert all(not isinstance(p, InputError) for p in pages), pages
    assert [p.url for p in pages if not isinstance(p, InputError)] == URLS
    assert "Caf\u00e9" in next(p.content for p in pages if not isinstance(p, InputError) and p.url.endswith("latin"))
    plain = b"".join(records)
    index = list(warc_index(str(path)))
    assert [entry.url for entry in index] == URLS
    for entry in reversed(index):  # offsets are those of the decompressed bytes; read back in any order
        assert plain[entry.offset:].startswith(b"WARC/1.0\r\n")
        page = read_record(entry, SETTINGS)
        assert page.url == entry.url and page.input == f"{path}#{entry.url}"
    assert "Harbour story 2" in read_record(index[1], SETTINGS).content


def test_backfill_and_ingest_read_a_warc_zst(tmp_path: Path) -> None:
    records = plain_records(tmp_path)
    folder = tmp_path / "in"
    folder.mkdir()
    path = write_zst(folder / "crawl.warc.zst", records, "compressed")
    summary = backfill([str(folder)], Options(output=str(tmp_path / "out"), analyze=False, stories=False), SETTINGS)
    assert (summary.articles, summary.errors) == (5, 0)
    ingest = subprocess.run([NEWSDESK, "ingest", "--no-analyze", "--db", str(tmp_path / "news.db"), str(path)],
                            capture_output=True, text=True, timeout=300)
    assert (ingest.returncode, ingest.stdout.strip()) == (0, "5 stored"), ingest.stderr


def test_a_cut_or_damaged_warc_zst_keeps_the_pages_before_and_says_so_in_one_line(tmp_path: Path) -> None:
    records = plain_records(tmp_path)
    whole = write_zst(tmp_path / "whole.warc.zst", records, "plain").read_bytes()

    cut = tmp_path / "cut.warc.zst"
    cut.write_bytes(whole[:-30])  # inside the last frame (the text resource)
    results = list(warc_pages(str(cut), SETTINGS))
    assert [r.url for r in results if not isinstance(r, InputError)] == URLS[:4]
    error = results[-1]
    assert isinstance(error, InputError) and str(error) == f"{cut}: truncated WARC file (its zstd data ends early)"

    damaged = tmp_path / "damaged.warc.zst"
    middle = len(whole) * 2 // 3
    damaged.write_bytes(whole[:middle] + bytes(b ^ 0x55 for b in whole[middle:middle + 40]) + whole[middle + 40:])
    results = list(warc_pages(str(damaged), SETTINGS))
    error = results[-1]
    assert isinstance(error, InputError) and error.input == str(damaged) and "\n" not in str(error)
    assert "zstd" in error.reason and "the records after it are lost" in error.reason
    # the pages before the damage come whole and in order (where the damage falls moves with the
    # archive's dates and the dictionary trained on them: the Latin-1 page may come before it too)
    before = [r for r in results[:-1] if not isinstance(r, InputError)]
    assert [r.url for r in before] == URLS[:len(before)]
    assert all(("Harbour story" if "/latin" not in r.url else "Caf\u00e9") in r.content for r in before)

    no_dictionary = tmp_path / "nodict.warc.zst"  # the dictionary frame itself cut short
    no_dictionary.write_bytes(whole[:100])
    [error] = list(warc_pages(str(no_dictionary), SETTINGS))
    assert isinstance(error, InputError) and error.reason == "truncated WARC file (it ends inside its zstd dictionary)"

    not_warc = tmp_path / "notes.warc.zst"
    not_warc.write_bytes(zstandard.ZstdCompressor().compress(b"just some notes\n"))
    with pytest.raises(InputError, match="not a WARC file"):
        list(warc_index(str(not_warc)))


def test_a_warc_zst_still_being_written_gives_its_whole_records_and_where_the_last_starts(tmp_path: Path) -> None:
    """A crawler writing a .warc.zst (the monitor watches it) leaves its last frame cut off: the
    records before it are taken and the cut one waits, as for a .warc or .warc.gz."""
    from newsdesk.ingest.warc import growing_index

    records = plain_records(tmp_path)
    whole = write_zst(tmp_path / "whole.warc.zst", records).read_bytes()
    growing = tmp_path / "growing.warc.zst"
    for cut in (30, len(whole) - whole.rindex(b"\x28\xb5\x2f\xfd") - 5):  # inside the last frame, inside its header
        growing.write_bytes(whole[:-cut])
        found = growing_index(str(growing))
        assert [r.url for r in found.records] == URLS[:4]
        assert found.tail == len(b"".join(records[:-1]))  # where the last record starts, decompressed
    growing.write_bytes(whole)
    assert growing_index(str(growing)).tail is None


def test_a_zstd_bomb_is_read_in_bounded_memory(tmp_path: Path) -> None:
    """A record of 200 MB of spaces packs into a few KB of zstd: it was decompressed in one piece."""
    import tracemalloc

    head = (b"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: https://news.example.com/bomb\r\n"
            b"WARC-Date: 2024-05-01T00:00:00Z\r\nContent-Type: text/html\r\n")
    size = 200 << 20
    head += f"Content-Length: {size}\r\n\r\n".encode()
    packer = zstandard.ZstdCompressor(level=19, write_checksum=True).compressobj(size=len(head) + size + 4)
    frame = packer.compress(head)
    for _ in range(size >> 20):
        frame += packer.compress(b" " * (1 << 20))
    frame += packer.compress(b"\r\n\r\n") + packer.flush()
    path = tmp_path / "bomb.warc.zst"
    path.write_bytes(frame + write_zst(tmp_path / "rest.warc.zst", plain_records(tmp_path)).read_bytes())
    assert path.stat().st_size < 100_000
    tracemalloc.start()
    try:
        pages = list(warc_pages(str(path), Settings.load(environ={}, max_input_bytes=1_000_000)))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(pages[0], InputError) and "larger than" in pages[0].reason
    assert [p.url for p in pages[1:] if not isinstance(p, InputError)] == URLS
    assert peak < 64 << 20, peak
