"""The gazetteer: the reference article's places, variant spellings, disambiguation, countries."""

from __future__ import annotations

import math

import pytest

from newsdesk.understand.places import Gazetteer, load_gazetteer


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(a))


@pytest.mark.parametrize(("name", "lat", "lon", "country"), [
    ("Kyiv", 50.45, 30.52, "UA"),
    ("Chernihiv", 51.49, 31.29, "UA"),
    ("Moscow", 55.75, 37.62, "RU"),
])
def test_reference_cities_within_25_km(gaz: Gazetteer, name: str, lat: float, lon: float, country: str) -> None:
    place = gaz.geocode(name, ["UA", "RU", "TR", "BY"])
    assert place is not None and place.country == country
    assert km(place.lat, place.lon, lat, lon) < 25
    assert place.geonames_id is not None


@pytest.mark.parametrize(("name", "iso", "lat", "lon"), [
    ("Russia", "RU", 61.5, 105.3),
    ("Ukraine", "UA", 48.4, 31.2),
    ("Turkey", "TR", 39.0, 35.2),
    ("Belarus", "BY", 53.7, 28.0),
])
def test_countries_have_centre_points(gaz: Gazetteer, name: str, iso: str, lat: float, lon: float) -> None:
    place = gaz.geocode(name)
    assert place is not None and place.country == iso
    assert km(place.lat, place.lon, lat, lon) < 100
    found = gaz.lookup(name)
    assert found is not None and found.is_country and found.name == name


@pytest.mark.parametrize(("variant", "canonical"), [
    ("Kiev", "Kyiv"), ("Chernigov", "Chernihiv"), ("Odessa", "Odesa"), ("Kharkov", "Kharkiv"),
    ("Türkiye", "Turkey"), ("Turkiye", "Turkey"), ("the Russian Federation", "Russia"), ("U.S.", "United States"),
    ("Britain", "United Kingdom"), ("Ivory Coast", "Ivory Coast"),
])
def test_aliases(gaz: Gazetteer, variant: str, canonical: str) -> None:
    found = gaz.lookup(variant)
    assert found is not None and found.name == canonical


def test_kiev_and_kyiv_are_one_place(gaz: Gazetteer) -> None:
    assert gaz.geocode("Kiev") == gaz.geocode("Kyiv")


def test_disambiguation_by_article_countries_then_population(gaz: Gazetteer) -> None:
    paris = gaz.geocode("Paris")
    assert paris is not None and paris.country == "FR"
    texas = gaz.geocode("Paris", ["US"])
    assert texas is not None and texas.country == "US"
    assert gaz.geocode("Tripoli") is not None and gaz.geocode("Tripoli", ["LB"]) != gaz.geocode("Tripoli")
    lebanon = gaz.geocode("Tripoli", ["LB"])
    assert lebanon is not None and lebanon.country == "LB"
    odessa_tx = gaz.geocode("Odessa", ["US"])
    assert odessa_tx is not None and odessa_tx.country == "US"


def test_primary_name_beats_alternate_name(gaz: Gazetteer) -> None:
    dili = gaz.lookup("Dili")  # also an alternate spelling of Delhi, a far bigger city
    assert dili is not None and dili.place.country == "TL"


def test_accents_and_case_do_not_matter(gaz: Gazetteer) -> None:
    assert gaz.geocode("samarra") == gaz.geocode("Sāmarrā’")
    assert gaz.geocode("MOSCOW") == gaz.geocode("Moscow")


@pytest.mark.parametrize(("word", "iso"), [
    ("Ukrainian", "UA"), ("Russian", "RU"), ("Ukrainians", "UA"), ("Israelis", "IL"), ("Turkish", "TR"),
    ("Belarusian", "BY"), ("British", "GB"), ("Ukraine", "UA"), ("Russia's", "RU"), ("the United States", "US"),
    ("US", "US"), ("Türkiye", "TR"),
])
def test_country_of_countries_and_demonyms(gaz: Gazetteer, word: str, iso: str) -> None:
    assert gaz.country_of(word) == iso


@pytest.mark.parametrize("word", ["us", "Kyiv", "negotiators", ""])
def test_country_of_other_words(gaz: Gazetteer, word: str) -> None:
    assert gaz.country_of(word) is None


def test_unknown_place(gaz: Gazetteer) -> None:
    assert gaz.geocode("Atlantis-on-Sea") is None
    assert gaz.geocode("") is None


def test_gazetteer_is_built_once() -> None:
    assert load_gazetteer() is load_gazetteer()
