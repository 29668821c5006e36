"""A tracker's state as bytes and back: a StoryDesk starts from the last checkpoint stored with the
story log's seq it covers and replays only the log after it (#5), not the whole log.

The encoding is JSON (zlib-compressed), versioned, and builds only the classes named in ``_CLASSES``
(never pickle: nothing read from a database can run code). Each value is JSON as it is, or a
one-key object whose key says what it is: a tuple, a set, a dict with keys other than strings, an
array, an object of a known class (its attributes), or a reference to an object met before (by the
order met: a story is held by its index, its ids and its members alike, and must stay one object).
Dicts, lists and sets of plain values (vectors, fingerprints: most of the bytes) pass as they are.
"""

from __future__ import annotations

import json
import zlib
from collections import Counter
from typing import Any

import numpy as np

from ..errors import StoreError
from .centroids import _DenseSpace, _Space
from .features import Idf
from .neardup import CopyIndex, Fingerprint
from .novelty import Memory, _Bags, _Events
from .records import Development
from .tracker import StoryTracker, _Joiner, _Story

VERSION = 3  # raise it when the tracker's state changes shape: an older checkpoint is then not read
_CLASSES: dict[str, type] = {c.__name__: c for c in (
    _Space, _DenseSpace, Idf, CopyIndex, Fingerprint, _Story, _Joiner, Memory, _Bags, _Events, Development)}
_PLAIN = (str, int, float, bool, type(None))
_PLAINS = frozenset(_PLAIN)  # (types checked in C: set(map(type, ...)) <= _PLAINS, the bulk of the work)
_STR = frozenset((str,))
_OWN = ("params", "novelty", "embedder", "stored")  # what the desk makes the tracker with, not its state


class CheckpointError(StoreError):
    """A stored checkpoint cannot be read back (the desk replays the whole log instead)."""


def encode(tracker: StoryTracker) -> bytes:
    """The tracker's state (all but its params, novelty and embedder) as compressed bytes."""
    seen: dict[int, int] = {}
    state = {name: _out(value, seen) for name, value in vars(tracker).items() if name not in _OWN}
    return zlib.compress(json.dumps({"v": VERSION, "state": state}, separators=(",", ":")).encode(), 1)


def decode(data: bytes, tracker: StoryTracker) -> StoryTracker:
    """Put an encoded state into a new ``tracker`` (made with the params it was encoded with)."""
    try:
        doc = json.loads(zlib.decompress(data))
        if doc.get("v") != VERSION:
            raise CheckpointError(f"story checkpoint version {doc.get('v')} is not {VERSION}")
        made: list[Any] = []
        for name, value in doc["state"].items():
            setattr(tracker, name, _in(value, made))
    except (ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError, zlib.error) as exc:
        raise CheckpointError(f"unreadable story checkpoint ({type(exc).__name__}: {exc})") from exc
    return tracker


def _out(value: Any, seen: dict[int, int]) -> Any:
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is list:
        return {"A": value} if set(map(type, value)) <= _PLAINS else [_out(v, seen) for v in value]
    if kind is dict or kind is Counter:
        tag = "C" if kind is Counter else "D"
        if set(map(type, value)) <= _STR:
            if set(map(type, value.values())) <= _PLAINS:
                return {tag: value}
            return {tag.lower(): {k: _out(v, seen) for k, v in value.items()}}
        return {"p" if kind is dict else "q": [[_out(k, seen), _out(v, seen)] for k, v in value.items()]}
    if kind is tuple:
        return {"t": [_out(v, seen) for v in value]}
    if kind is set or kind is frozenset:
        tag = "s" if kind is set else "z"
        if set(map(type, value)) <= _PLAINS:
            return {tag.upper(): list(value)}
        return {tag: [_out(v, seen) for v in value]}
    if kind is np.ndarray:
        return {"n": [str(value.dtype), list(value.shape), value.ravel().tolist()]}
    if _CLASSES.get(kind.__name__) is kind:
        at = seen.get(id(value))
        if at is not None:
            return {"r": at}
        seen[id(value)] = len(seen)
        return {"o": [kind.__name__, {k: _out(v, seen) for k, v in vars(value).items()}]}
    raise TypeError(f"the story checkpoint cannot hold a {kind.__name__}")  # a new kind of state: add it above


def _in(value: Any, made: list[Any]) -> Any:
    if type(value) is list:
        return [_in(v, made) for v in value]
    if type(value) is not dict:
        return value
    ((tag, body),) = value.items()
    if tag == "A" or tag == "D":
        return body
    if tag == "C":
        return Counter(body)
    if tag == "d" or tag == "c":
        found = {k: _in(v, made) for k, v in body.items()}
        return Counter(found) if tag == "c" else found
    if tag == "p" or tag == "q":
        pairs = {_in(k, made): _in(v, made) for k, v in body}
        return Counter(pairs) if tag == "q" else pairs
    if tag == "t":
        return tuple(_in(v, made) for v in body)
    if tag in ("S", "Z"):
        return set(body) if tag == "S" else frozenset(body)
    if tag in ("s", "z"):
        items = [_in(v, made) for v in body]
        return set(items) if tag == "s" else frozenset(items)
    if tag == "n":
        dtype, shape, flat = body
        return np.array(flat, dtype=np.dtype(dtype)).reshape(shape)
    if tag == "r":
        return made[body]
    if tag == "o":
        name, attrs = body
        obj: Any = object.__new__(_CLASSES[name])  # KeyError: a class this version never writes
        made.append(obj)  # before its attributes: the order _out met them in
        for key, item in attrs.items():
            object.__setattr__(obj, key, _in(item, made))  # (frozen dataclasses too)
        return obj
    raise ValueError(f"unknown tag {tag!r}")
