"""What a source is: a URL (feed, sitemap, page) or a local path (folder, file, WARC file)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from ..errors import InputError
from ..ingest.fetch import is_url
from ..ingest.warc import is_warc

URL_KINDS = ("feed", "sitemap", "page")
PATH_KINDS = ("folder", "file", "warc")
KINDS = ("auto", *URL_KINDS, *PATH_KINDS)
_NOT_IN_HOSTS = frozenset('<>"{}|\\^`')


def source_target(target: str, kind: str = "auto") -> tuple[str, str]:
    """The source's URL (or absolute path) and kind; ``auto`` guesses the kind from the target.

    A feed that turns out to be a sitemap (or the other way round) still works: the monitor
    tells them apart by their content.
    """
    target = target.strip()
    if not target:  # `source add ""` (an unset variable in a script) added the current folder, pages served
        raise InputError("an empty source: give a feed's URL or a path", input="''")
    if kind not in KINDS:
        raise InputError(f"unknown kind {kind!r} (use one of {', '.join(KINDS)})", input=target)
    if is_url(target) or "://" in target:
        try:
            parts = urlsplit(target)
        except ValueError as exc:  # "http://[::1": an unclosed IPv6 address
            raise InputError(f"not a valid URL ({exc})", input=target) from None
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            raise InputError("a source URL must be http or https, with a host", input=target)
        try:
            parts.port  # noqa: B018  # "http://x:99999/" was added, then failed at every check
        except ValueError as exc:
            raise InputError(f"not a valid URL ({exc})", input=target) from None
        if any(c.isspace() or c in _NOT_IN_HOSTS for c in parts.hostname):  # "http://x y/": no such host, ever
            raise InputError(f"not a valid URL (a character no host name has, in {parts.hostname!r})", input=target)
        if any(c < " " or c == "\x7f" for c in target):  # urlsplit drops a tab or line break; the fetch refused it
            raise InputError("a source URL with a control character (a line break or tab) in it", input=target)
        if kind == "auto":
            name = parts.path.lower().rsplit("/", 1)[-1]
            kind = "sitemap" if "sitemap" in name and name.endswith((".xml", ".xml.gz")) else "feed"
        if kind not in URL_KINDS:
            raise InputError(f"a URL is a feed, a sitemap or a page, not a {kind}", input=target)
        return target, kind
    path = Path(target).expanduser()
    if not path.exists():
        raise InputError("no such file or folder", input=target)
    found = "folder" if path.is_dir() else "warc" if is_warc(path.name) else "file"
    if kind not in ("auto", found):
        raise InputError(f"this is a {found}, not a {kind}", input=target)
    return str(path.resolve()), found
