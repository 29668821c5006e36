"""Vendor the web app's third-party assets into newsdesk/web/static/ (run by hand; the output is committed).

- Leaflet (BSD-2-Clause) from the npm registry: leaflet.js, leaflet.css, marker images, licence.
- Country outlines: Natural Earth 1:110m (public domain) from the npm package ``world-atlas`` (ISC),
  converted here from TopoJSON to GeoJSON so the page needs no TopoJSON decoder.

Usage: ``.venv/bin/python scripts/vendor_web.py`` (needs ``npm`` on PATH, and the registry).
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

LEAFLET = "leaflet@1.9.4"
WORLD_ATLAS = "world-atlas@2.0.2"
STATIC = Path(__file__).resolve().parent.parent / "newsdesk" / "web" / "static"
LEAFLET_FILES = {
    "package/dist/leaflet.js": "leaflet.js",
    "package/dist/leaflet.css": "leaflet.css",
    "package/dist/images/marker-icon.png": "images/marker-icon.png",
    "package/dist/images/marker-icon-2x.png": "images/marker-icon-2x.png",
    "package/dist/images/marker-shadow.png": "images/marker-shadow.png",
    "package/LICENSE": "LICENSE",
}


def npm_pack(spec: str, folder: Path) -> Path:
    out = subprocess.run(["npm", "pack", "--silent", spec], cwd=folder, check=True, capture_output=True, text=True)
    return folder / out.stdout.strip().splitlines()[-1]


def topology_to_geojson(topology: dict[str, Any], name: str, digits: int = 2) -> dict[str, Any]:
    """Decode one object of a quantized TopoJSON topology into a GeoJSON FeatureCollection."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs: list[list[tuple[float, float]]] = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:  # delta-encoded, quantized positions
            x, y = x + dx, y + dy
            points.append((round(x * sx + tx, digits), round(y * sy + ty, digits)))
        arcs.append(points)

    def ring(indexes: list[int]) -> list[list[float]]:
        coords: list[list[float]] = []
        for index in indexes:
            points = arcs[index] if index >= 0 else arcs[~index][::-1]
            coords.extend([list(p) for p in (points[1:] if coords else points)])
        shift = 0.0  # a ring across the antimeridian continues past ±180 instead of striping the map
        for here, there in itertools.pairwise(coords):
            there[0] += shift
            if there[0] - here[0] > 180:
                shift, there[0] = shift - 360, there[0] - 360
            elif here[0] - there[0] > 180:
                shift, there[0] = shift + 360, there[0] + 360
        return coords

    features = []
    for geometry in topology["objects"][name]["geometries"]:
        kind = geometry.get("type")
        if geometry.get("properties", {}).get("name") == "Antarctica":
            continue  # no news there worth a pin; its ring around the pole only draws stripes
        if kind == "Polygon":
            coordinates: Any = [ring(r) for r in geometry["arcs"]]
        elif kind == "MultiPolygon":
            coordinates = [[ring(r) for r in polygon] for polygon in geometry["arcs"]]
        else:
            continue
        features.append({"type": "Feature", "id": geometry.get("id"),
                         "properties": {"name": geometry.get("properties", {}).get("name")},
                         "geometry": {"type": kind, "coordinates": coordinates}})
    return {"type": "FeatureCollection", "features": features}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with tarfile.open(npm_pack(LEAFLET, folder)) as tar:
            for member, target in LEAFLET_FILES.items():
                data = tar.extractfile(member)
                assert data is not None, member
                path = STATIC / "vendor" / "leaflet" / target
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data.read())
        with tarfile.open(npm_pack(WORLD_ATLAS, folder)) as tar:
            source = tar.extractfile("package/countries-110m.json")
            licence = tar.extractfile("package/LICENSE")
            assert source is not None and licence is not None
            geojson = topology_to_geojson(json.load(source), "countries")
            geo = STATIC / "geo"
            geo.mkdir(parents=True, exist_ok=True)
            (geo / "countries-110m.geojson").write_text(json.dumps(geojson, separators=(",", ":")))
            (geo / "LICENSE-world-atlas").write_bytes(licence.read())
    print(f"vendored {LEAFLET} and {WORLD_ATLAS} into {STATIC}", file=sys.stderr)


if __name__ == "__main__":
    main()
