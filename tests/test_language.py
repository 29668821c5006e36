from __future__ import annotations

import pytest

from newsdesk.extract.language import detect_language

SAMPLES = {
    "en": "The council approved the new budget after a long debate, and residents said they welcomed the decision.",
    "de": "Der Stadtrat hat den neuen Haushalt nach einer langen Debatte genehmigt, und die Bewohner begrüßten ihn.",
    "fr": "Le conseil a approuvé le nouveau budget après un long débat, et les habitants ont salué la décision.",
    "es": "El consejo aprobó el nuevo presupuesto después de un largo debate, y los vecinos acogieron la decisión.",
    "pl": "Rada zatwierdziła nowy budżet po długiej debacie, a mieszkańcy powiedzieli, że przyjmują tę decyzję.",
    "ru": "Совет утвердил новый бюджет после долгих дебатов, и жители заявили, что приветствуют это решение.",
    "fi": "Kaupunginvaltuusto hyväksyi uuden talousarvion pitkän keskustelun jälkeen, ja asukkaat olivat tyytyväisiä.",
}


@pytest.mark.parametrize("code", sorted(SAMPLES))
def test_detects_each_language(code: str) -> None:
    assert detect_language(SAMPLES[code] * 2) == code


def test_english_with_names_is_not_taken_for_a_large_stop_list() -> None:
    text = "If you have done the workout with Kevin Martin, you have seen how the meal plan works for you. " * 3
    assert detect_language(text) == "en"


def test_unknown_scripts_and_tiny_texts_give_none() -> None:
    japanese = "市議会は長い議論の末に新しい予算を承認し、住民はその決定を歓迎すると述べた。for PC"
    assert detect_language(japanese * 5) is None
    assert detect_language("Home") is None
