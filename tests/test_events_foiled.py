"""Attacks that did not happen (#4): a plot foiled or thwarted is no attack by those who stopped it, a
plot uncovered or a plan told after the fact is meant (intended) and no threat, and what was planned
keeps its own actor, target, place and date."""

from __future__ import annotations

import pytest
import test_events_crisis
from test_events_crisis import Code, name

from newsdesk.types import Event

code = test_events_crisis.code  # the spaCy coder fixture, shared


def assaults(events: tuple[Event, ...]) -> list[tuple[str, str | None, str | None]]:
    return [(e.modality, name(e.actor), name(e.target)) for e in events if e.type == "ASSAULT"]


@pytest.mark.parametrize(("text", "target"), [
    ("Police foiled a plot to bomb the embassy.", "embassy"),
    ("Police said they had foiled a plot to bomb the embassy.", "embassy"),
    ("The attack was foiled by police.", None),
    ("Authorities foiled a plan to assassinate the president.", "president"),
])
def test_a_foiled_plot_is_no_attack_by_the_police(code: Code, text: str, target: str | None) -> None:
    assert assaults(code(text)) == [("negated", None, target)]


def test_a_thwarted_attack_keeps_its_place_and_date_and_is_no_one_s_act(code: Code) -> None:
    [attack] = code("Security forces thwarted an attack on a police station in Peshawar on Monday.")
    assert (attack.type, attack.modality, attack.actor) == ("ASSAULT", "negated", None)
    assert (getattr(attack.location, "name", None), attack.date) == ("Peshawar", "2026-01-19")


def test_who_plotted_is_the_actor_not_who_stopped_it(code: Code) -> None:
    [bomb] = code("Police foiled a plot by militants to bomb the embassy in Nairobi on Friday.")
    assert (bomb.type, bomb.modality, name(bomb.actor), bomb.date) == ("ASSAULT", "negated", "militants", "2026-01-16")
    [drones] = code("Air defences thwarted a Russian drone attack on Kyiv.")
    assert (drones.modality, name(drones.actor), name(drones.target)) == ("negated", "Russian", "Kyiv")


def test_the_arrest_beside_a_foiled_plot_is_the_police_s_act(code: Code) -> None:
    events = code("Police said they had foiled a plot to bomb the embassy and arrested three men.")
    assert [(e.type, e.modality, name(e.actor)) for e in events] == [
        ("ASSAULT", "negated", None), ("COERCE", "asserted", "Police")]


@pytest.mark.parametrize(("text", "actor"), [
    ("Police uncovered a plot to bomb the embassy.", None),
    ("The men plotted to kill the governor.", "men"),
    ("The group planned to attack the embassy.", "group"),
    ("Police said the men had planned to attack the embassy in Nairobi.", "men"),
])
def test_a_plot_is_meant_and_no_threat(code: Code, text: str, actor: str | None) -> None:
    # nobody was warned: no THREATEN; nothing was done: not asserted
    events = code(text)
    assert [(e.type, e.modality, name(e.actor)) for e in events] == [("ASSAULT", "intended", actor)]


def test_an_arrest_when_a_plot_was_under_way_is_its_own_event(code: Code) -> None:
    events = code("The group was planning to attack the embassy when police arrested them.")
    assert [(e.type, e.modality, e.mode) for e in events] == [("ASSAULT", "intended", None),
                                                             ("COERCE", "asserted", "arrest")]


@pytest.mark.parametrize("text", [
    "Russia plans to attack Kyiv.",
    "Greece said it planned to impose sanctions on Turkey.",
])
def test_a_plan_its_makers_announce_is_still_a_threat(code: Code, text: str) -> None:
    assert [(e.type, e.modality) for e in code(text)] == [("THREATEN", "intended")]


def test_aid_prevented_is_a_restriction_by_who_prevented_it(code: Code) -> None:
    [blocked] = code("Israel prevented aid deliveries into Gaza.")
    assert (blocked.type, blocked.modality, name(blocked.actor)) == ("COERCE", "asserted", "Israel")
