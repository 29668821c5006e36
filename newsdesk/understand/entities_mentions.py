"""From the model's names to the article's mentions, before any vote on their types: a name cleaned of
what the model ran into it ("the", a possessive, a score, a verb, "(IGAD)"), dropped where it is no one
(a link, a button, a time zone, "Villagers"), "OPEC+" added where the model named nothing, and a name found
once found again wherever it stands, a surname or a given name alone too ("Petrides said", "Abiy said").

Split out of ``entities.py`` (#3), which types these mentions (the gazetteer's and the words' votes), groups
them (:mod:`.entities_cluster`) and gives each entity its titles; this side reads only the names and their
tokens, no gazetteer.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence

from ..types import EntityType
from .entities_cluster import Cand as _Cand
from .entities_places import POSSESSIVE, armed_group, people_noun, storm_word
from .parsed import Name, Sentence, Token

LABELS: dict[str, EntityType] = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE",
                                 "NORP": "GROUP"}
LEADING = frozenset({"the", "a", "an"})
# what follows a name that speaks: "Bloomberg reported", "Alibaba said" (a name no gazetteer knows is then no place)
SPEAKS = frozenset({"said", "says", "reported", "reports", "announced", "announces", "told", "tells", "denied",
                    "denies", "confirmed", "confirms", "stated", "states", "tweeted", "wrote", "writes"})
SCORE = re.compile(r"\d{1,3}[-–]\d{1,3}")
DEMONYM = re.compile(r"(?:ian|ean|ese|ish|ians|eans)$")
LINK = re.compile(r"://|^www\.|\.[a-z]{2,}/\w")
CALENDAR = frozenset({"January", "February", "March", "April", "May", "June", "July", "August", "September",
                      "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                      "Saturday", "Sunday"})
# "10:42 GMT - Zelenskyy says ...": a live blog's clock, no organisation
TIME_ZONES = frozenset({"GMT", "UTC", "BST", "CET", "CEST", "EET", "EEST", "WET", "MSK", "EST", "EDT", "CST", "CDT",
                        "MST", "MDT", "PST", "PDT", "AKST", "HST", "ET", "PT", "IST", "PKT", "JST", "KST", "HKT",
                        "SGT", "AEST", "AEDT", "ACST", "AWST", "NZST", "NZDT", "WIB", "SAST", "EAT", "WAT"})
PARTICLES = frozenset({"van", "von", "ten", "ter", "der", "den", "de", "da", "di", "dos", "du", "bin", "al"})
PORTFOLIO_HOLDERS = frozenset({"Minister", "Secretary", "Ministers", "Secretaries", "minister", "secretary"})
TITLED = frozenset({"Mr", "Mrs", "Ms", "Dr", "Sen", "Rep", "Gov", "Gen", "Prof", "President", "Senator",
                    "Minister", "Secretary", "Governor", "Mayor", "Judge", "Justice", "Chairman", "Coach"})
HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Prof)\.?\s+")
# "OPEC+", "BRICS+": an acronym with a plus, one token the model never labels, names an alliance
# widened beyond the body of the acronym; "LGBTQ+" and its kin name people, not a body
ACRONYM_PLUS = re.compile(r"[A-Z][A-Z0-9&]{1,9}\+")
PEOPLE_ACRONYM = re.compile(r"\d?S?LGBT")
# acronyms of a field, a thing or a department, which the model types as a body or a place ("uses of AI"
# a place, "IT and HR departments" firms): no body, place or person, whatever it says
CONCEPTS = frozenset({"AI", "AGI", "IT", "HR", "PR", "TV", "IP", "VR", "AR", "ML", "LLM", "LLMs", "GPU", "GPUs",
                      "CPU", "CPUs", "API", "APIs", "GDP", "CPI", "IPO", "IPOs", "CEO", "CFO", "CTO", "COO", "EV",
                      "EVs", "ESG", "DEI", "SUV", "SUVs", "PC", "PCs", "DNA", "RNA", "GPS", "NFT", "NFTs", "ETF",
                      "ETFs", "VAT", "LNG", "LED", "CCTV", "ICU", "IVF", "PTSD", "ADHD", "GMO", "GMOs", "5G", "4G"})


def person_like(name: str) -> bool:
    """Two or three capitalised words of letters: the shape of a person's name ("Fatih Birol",
    "Babajide Sanwo-Olu")."""
    words = name.split()
    return 2 <= len(words) <= 3 and all(w[:1].isupper() and all(p.isalpha() for p in w.split("-"))
                                        and not w.isupper() for w in words)


def _speaks(name: Name, toks: Sequence[Token], text: str) -> bool:
    """A name of a person's shape that a speech verb follows ("Maksym Kozytskyi wrote")."""
    after = toks[name.last + 1].lower if name.last + 1 < len(toks) else ""
    return after in SPEAKS and person_like(text[toks[name.first].start:toks[name.last].end])


def clean(name: Name, sents: Sequence[Sentence], text: str) -> _Cand | None:
    """A name of the model's as a mention of the type its label says, trimmed of what the model ran into it;
    None where it names no one (a link, a button, a time zone, a portfolio, a common noun in capitals)."""
    etype = LABELS.get(name.label)
    toks = sents[name.sentence].tokens
    if etype is None and name.label == "WORK_OF_ART" and _speaks(name, toks, text):
        etype = "PERSON"  # '"...," Elon Musk told analysts': after a quote the model reads a title
    if etype is None:
        return None
    first, last = name.first, name.last
    while first <= last and (toks[first].lower in LEADING or toks[first].is_punct):
        first += 1
    while last >= first and (toks[last].text in POSSESSIVE or toks[last].is_punct or toks[last].lower in ("and", "or")):
        last -= 1  # "the Sabres and" before another name: the model ran on into the list
    # "Nicolas Jarry 6-4", "beat Argentina 2-1": the score the model ran into the name
    end = last
    while end > first and (any(ch.isdigit() for ch in toks[end].text) or toks[end].text in {"-", "–"}):
        end -= 1
    tail = [t.text for t in toks[end + 1:last + 1]]
    if etype == "PERSON" or (any(ch in "".join(tail) for ch in "-–")
                             and all(t.isdigit() or t in {"-", "–"} or SCORE.fullmatch(t) for t in tail)):
        last, etype = end, "PLACE" if etype == "GROUP" else etype  # a score follows a country, not a nationality
    while etype == "PERSON" and first < last and toks[first].text.isalpha() and toks[first].text.islower() \
            and toks[first].text not in PARTICLES:
        first += 1  # "and rang Taylor": a verb the model ran into the name (not "de Gaulle", "al-Sisi")
    if etype == "PERSON":
        # "Erik ten Hag", "Virgil van Dijk": the model stops at the particle; the name goes on past it
        while last + 2 < len(toks) and toks[last + 1].text in PARTICLES and capitalised(toks[last + 2].text) \
                and toks[last + 1].start == toks[last].end + 1 and toks[last + 2].start == toks[last + 1].end + 1:
            last += 2
    opened = [k for k in range(first + 1, last + 1) if toks[k].text == "("]
    if opened and not any(toks[k].text == ")" for k in range(opened[-1], last + 1)):
        last = opened[-1] - 1  # "the Intergovernmental Authority on Development (IGAD)": the name ends before "("
    if last < first:
        return None
    start, end = toks[first].start, toks[last].end
    surface = text[start:end]
    if surface.endswith(POSSESSIVE[:2]):
        end -= 2
        surface = surface[:-2]
    m = HONORIFIC.match(surface)
    if m and etype == "PERSON":
        start += m.end()
        surface = surface[m.end():]
    if not any(ch.isalpha() for ch in surface) or (surface.islower() and " " not in surface):
        return None
    if LINK.search(surface):
        return None  # "pic.twitter.com/4p7SXk7JPW", "https://t.co/...": a link, nobody
    if etype == "PERSON" and " " not in surface and surface.isupper() and len(surface) > 2:
        return None  # "DOWNLOAD", a button: a one-word name in capitals is no person
    if surface in TIME_ZONES:
        return None
    if etype == "PERSON" and any(ch.isdigit() for ch in surface):
        return None  # "WASP-39b", "Galaxy S23": no one's name holds a digit
    if etype == "ORG" and first == last and not surface.isupper() and last + 1 < len(toks) \
            and toks[last + 1].text in PORTFOLIO_HOLDERS:
        return None  # "Home Secretary", "Interior minister": a portfolio, no organisation
    if etype == "PLACE" and storm_word(toks, first, last):
        return None  # "Typhoon" of "Typhoon Haiyan": the storm's word, no place
    if etype in ("PLACE", "PERSON") and armed_group(surface, toks, last, etype == "PERSON"):
        etype = "ORG"  # "M23 rebels", "Boko Haram fighters"
    if etype == "PLACE" and first == last and DEMONYM.search(surface):
        etype = "GROUP"
    if surface in CONCEPTS:
        etype = "OTHER"
    if first == last and people_noun(surface):
        return None  # "Villagers said Gunmen arrived": a headline's capitals on a common noun, no name
    return _Cand(start, end, surface, etype, name.sentence, first, last)


def acronyms_plus(sents: Sequence[Sentence], cands: Sequence[_Cand]) -> list[_Cand]:
    """"OPEC+" and the like where the model named nothing: an organisation ("LGBTQ+": a group)."""
    taken = {(c.sentence, k) for c in cands for k in range(c.first, c.last + 1)}
    out = []
    for sent in sents:
        for t in sent.tokens:
            if (sent.index, t.i) not in taken and ACRONYM_PLUS.fullmatch(t.text):
                etype: EntityType = "GROUP" if PEOPLE_ACRONYM.match(t.text) else "ORG"
                out.append(_Cand(t.start, t.end, t.text, etype, sent.index, t.i, t.i))
    return out


def propagate(cands: list[_Cand], sents: Sequence[Sentence], text: str, people_only: bool = False) -> list[_Cand]:
    """A name found once is a mention wherever else it stands (the model misses repeats); with ``people_only``,
    only a person's surname or given name alone, after the vote made a person of a name the model called a place
    or a firm ("... that Hugh Lavoie will host the awards. 'Hugh seemed to be the perfect person'")."""
    by_start = {t.start: (s.index, t.i) for s in sents for t in s.tokens}
    by_end = {t.end: (s.index, t.i) for s in sents for t in s.tokens}
    covered = [False] * (len(text) + 1)
    for c in cands:
        for k in range(c.start, c.end):
            covered[k] = True
    out = list(cands)
    surfaces: set[tuple[str, EntityType]] = set() if people_only else {
        (c.text, c.type) for c in cands if len(c.text) >= 3}
    lowered = {w for w in re.findall(r"[^\W\d_]+", text) if w.islower()}
    # "Young", "Rice", "Street": a last name the text also uses as a common word is left to the model
    known = {c.text for c in cands}
    surnames: set[tuple[str, EntityType]] = {
        (n, "PERSON") for n in (_surname(c.text) for c in cands if c.type == "PERSON")
        if n is not None and n not in known and n.lower() not in lowered}
    surnames |= _given_names(cands, known | {n for n, _ in surnames}, lowered)
    for surface, etype in sorted(surfaces | surnames):
        word = surface if (surface, etype) in surnames else None  # a surname alone: check each stand
        for start, end in _whole_words(surface, text):
            if covered[start] or covered[end - 1] or start not in by_start or end not in by_end:
                continue
            (s, first), (s2, last) = by_start[start], by_end[end]
            if s != s2:
                continue
            if word is not None and not _alone(sents[s], first):
                continue  # "Wall Street" is no Mr. Street
            for k in range(start, end):
                covered[k] = True
            out.append(_Cand(start, end, surface, etype, s, first, last, 0.0))
    return out


def _given_names(cands: Sequence[_Cand], taken: set[str], lowered: set[str]) -> set[tuple[str, EntityType]]:
    """'Abiy said' after 'Prime Minister Abiy Ahmed': a first name standing alone is the one person
    the text names with it (Ethiopian and Icelandic names are cited so), if no one else shares it."""
    firsts: dict[str, set[str]] = defaultdict(set)
    for c in cands:
        if c.type == "PERSON" and _surname(c.text) is not None:
            firsts[c.text.split()[0]].add(c.key)
    return {(w, "PERSON") for w, people in firsts.items()
            if len(people) == 1 and len(w) >= 3 and w not in taken and w.lower() not in lowered and w not in CALENDAR}


def _surname(name: str) -> str | None:
    """The last word of a person's full name ("Petrides" of "John Petrides"): a later "Petrides said"
    the model left unnamed is that person. None for a one-word name or a short or odd last word."""
    words = name.split()
    last = words[-1] if len(words) >= 2 else ""
    return last if person_like(name) and len(last) >= 3 and last not in CALENDAR else None


def _alone(sent: Sentence, i: int) -> bool:
    """Whether token ``i`` stands as a name of its own, not inside another capitalised name ("Wall
    Street", "the Clinton Foundation"), though it may follow an honorific or a title ("Sen. Sessions")."""
    toks = sent.tokens
    before = toks[i - 1].text if i > 0 else ""
    after = toks[i + 1].text if i + 1 < len(toks) else ""
    return not (capitalised(before) and before not in TITLED) and not capitalised(after)


def capitalised(word: str) -> bool:
    return word[:1].isupper() and word.isalpha()


def _whole_words(surface: str, text: str) -> Iterator[tuple[int, int]]:
    """Where ``surface`` stands in ``text`` between non-word characters, left to right without
    overlaps (as ``(?<!\\w)surface(?!\\w)`` would match, without compiling a pattern per name)."""
    start = text.find(surface)
    while start >= 0:
        end = start + len(surface)
        if (start == 0 or not _word_char(text[start - 1])) and (end == len(text) or not _word_char(text[end])):
            yield start, end
            start = text.find(surface, end)
        else:
            start = text.find(surface, start + 1)


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"
