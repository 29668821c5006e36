"""Acronyms an analyst reads: "AI", "IT", "HR" are no place, body or party; "EU" and "SEC" are the
European Union and the Securities and Exchange Commission the article names in full (#3, #4)."""

from __future__ import annotations

from test_understand_support import analysed

from newsdesk.understand import Analyzer

AI_RULES = ("The European Union agreed on Friday to new rules for AI systems used in hiring and policing.\n\n"
            "The EU rules will ban some uses of AI outright. NATO and the UN have also discussed AI in recent "
            "months. Companies will need to tell their IT and HR departments how the tools are used.\n\n"
            '"AI is moving faster than any law we have written," said Margrethe Vestager.')


def test_a_fields_acronym_is_no_place_body_or_party(analyzer: Analyzer) -> None:
    article = analysed(analyzer, AI_RULES)
    typed = {e.name: e.type for e in article.entities}
    assert all(typed.get(name) in (None, "OTHER") for name in ("AI", "IT", "HR")), typed
    assert typed["NATO"] == "ORG" and typed["UN"] == "ORG"
    parties = {p.name for e in article.events for p in (e.actor, e.target) if p is not None}
    assert "AI" not in parties


def test_chipmakers_ai_is_no_organisation(analyzer: Analyzer) -> None:
    text = ("Nvidia reported record revenue on Wednesday as demand for its AI chips soared.\n\n"
            '"Accelerated computing and generative AI have hit the tipping point," chief executive Jensen Huang '
            "said.")
    article = analysed(analyzer, text)
    assert not any(e.name == "AI" and e.type in ("ORG", "PLACE") for e in article.entities)


def test_an_acronym_is_the_organisation_it_spells(analyzer: Analyzer) -> None:
    article = analysed(analyzer, AI_RULES)
    eu = [e for e in article.entities if e.name in ("EU", "European Union")]
    assert [e.name for e in eu] == ["European Union"]
    assert {m.text for m in eu[0].mentions} == {"European Union", "EU"}
    text = ("Boeing agreed to pay $200 million to settle charges brought by the Securities and Exchange "
            "Commission. The SEC said the company misled investors.")
    names = [e.name for e in analysed(analyzer, text).entities]
    assert "SEC" not in names and "Securities and Exchange Commission" in names


def test_an_acronym_two_names_spell_stays_apart(analyzer: Analyzer) -> None:
    text = ("The National Rifle Association and the National Resources Agency both objected. The NRA said "
            "it would sue.")
    names = [e.name for e in analysed(analyzer, text).entities]
    assert "NRA" in names
