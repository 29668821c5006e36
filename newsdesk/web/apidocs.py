"""``/api/docs``: the JSON API's reference as a page of the site, read from its OpenAPI schema.

FastAPI's Swagger UI loads its script and styles from a CDN: on an offline laptop the page was blank,
and elsewhere each visit told a third party about it. This page is rendered here, with no script,
under the site's Content-Security-Policy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Field:
    """A parameter (in the path or query) or a field of a JSON body."""

    name: str
    where: str  # path, query, body
    required: bool
    kind: str  # "integer, 1 to 500, default 20"
    example: str = ""


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    tag: str
    summary: str
    description: str
    fields: tuple[Field, ...]


def _kind(schema: dict[str, Any]) -> str:
    """A schema in a few words: its type, its range and its default."""
    options = [s for s in schema.get("anyOf", [schema]) if s.get("type") != "null"]
    one = options[0] if options else schema
    words = [str(one.get("type") or one.get("$ref", "").rsplit("/", 1)[-1] or "any")]
    low, high = one.get("minimum"), one.get("maximum")
    if low is not None and high is not None:
        words.append(f"{low:g} to {high:g}")
    elif low is not None:
        words.append(f"at least {low:g}")
    if one.get("minLength"):
        words.append("not empty")
    if schema.get("default") not in (None, ""):
        words.append(f"default {schema['default']}")
    return ", ".join(words)


def _example(schema: dict[str, Any]) -> str:
    examples = schema.get("examples") or []
    return ", ".join(str(e) for e in examples)


def operations(spec: dict[str, Any]) -> list[Operation]:
    """Every operation of ``spec``, in its order, with its parameters and body fields in words."""
    schemas = spec.get("components", {}).get("schemas", {})
    found: list[Operation] = []
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            fields = [Field(p["name"], p["in"], bool(p.get("required")), _kind(p.get("schema", {})),
                            _example(p.get("schema", {}))) for p in op.get("parameters", [])]
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
            model = schemas.get(str(body.get("$ref", "")).rsplit("/", 1)[-1], {})
            required = set(model.get("required", []))
            fields += [Field(name, "body", name in required, _kind(prop), _example(prop))
                       for name, prop in model.get("properties", {}).items()]
            found.append(Operation(method.upper(), path, (op.get("tags") or ["other"])[0], op.get("summary", ""),
                                   " ".join(str(op.get("description", "")).replace("``", "`").split()), tuple(fields)))
    return found
