"""Titles and roles as written next to a person's name, read from the dependency parse.

Three places hold them: words before the name in its noun phrase ("Russia's Deputy Minister of
Defense Alexander Fomin"), the noun the name is in apposition to ("Russia's lead negotiator
Vladimir Medinsky", where the parser makes the name the apposition), and an apposition after
the name ("David Arahamia, one of the Ukrainian negotiators,").
"""

from __future__ import annotations

from .entities_places import STAGE_ROLES
from .parsed import Sentence

DETERMINERS = frozenset({"the", "a", "an", "this", "that"})
SKIP_TAGS = frozenset({"DT", "PRP$", "POS", ",", "``", "''", "-LRB-", "-RRB-", ":", "CC"})
# what no title opens with: "when Mr. Buchanan" is a clause's "when" before a courtesy title
LEADING_TAGS = frozenset({"WRB", "WDT", "WP", "IN"})
MAX_WORDS = 12
HONORIFICS = frozenset({"Mr", "Mrs", "Ms", "Miss", "Mx", "Messrs"})
# words a title written before a name ends in, or holds, where the parser did not read the sentence
TITLE_WORDS = frozenset({
    "president", "minister", "secretary", "senator", "sen", "representative", "rep", "governor", "gov", "mayor",
    "justice", "judge", "chief", "chair", "chairman", "chairwoman", "director", "manager", "coach", "spokesman",
    "spokeswoman", "spokesperson", "general", "gen", "ambassador", "commissioner", "chancellor", "correspondent",
    "editor", "ceo", "leader", "king", "queen", "prince", "princess", "pope", "bishop", "archbishop", "speaker",
    "captain", "colonel", "professor", "prof", "councillor", "councilor", "lawmaker", "attorney", "prosecutor",
    "deputy", "vice", "executive", "boss", "striker", "midfielder", "defender", "goalkeeper", "quarterback",
    "actor", "actress", "singer", "author", "envoy", "negotiator", "economist", "analyst", "former", "acting",
    "interim", "prime", "foreign", "defence", "defense", "finance", "interior", "state", "party"}) | STAGE_ROLES
# what ends a title's head noun phrase: "professors at ...", "one of the ...", "Director, IIFL Securities"
CUT_AT = frozenset({"of", "at", "for", "in", "to", "with", "from", "on", "who", "and", ",", "-", "\u2014", "\u2013"})
# nouns a title may end in that end in "s" and are no plurals
SINGULAR_S = frozenset({"series", "news", "species", "headquarters", "sales", "affairs", "relations", "operations",
                        "communications", "economics", "politics", "physics", "athletics", "logistics", "works"})
# sentence openers and clause words no title holds, capitalised or not ("Then Representative ...")
CLAUSE_WORDS = frozenset({"then", "but", "and", "so", "yet", "also", "now", "meanwhile", "later", "earlier", "when",
                          "as", "after", "before", "while", "on", "in", "at", "for", "with", "by", "from", "today",
                          "yesterday", "the", "a", "an", "this", "that", "if", "because", "since", "said", "says"})


def mention_head(sent: Sentence, first: int, last: int) -> int:
    """The token of a multi-token name whose head lies outside it."""
    for i in range(last, first - 1, -1):
        h = sent.tokens[i].head
        if h == i or not first <= h <= last:
            return i
    return last


def mention_titles(sent: Sentence, first: int, last: int, named: frozenset[int] = frozenset(),
                   others: frozenset[int] = frozenset()) -> list[str]:
    """Titles written next to the name spanning tokens ``first``..``last`` (none if unparsed).

    ``named``: the tokens of this sentence inside any name; a title needs a noun outside them
    ("Russia's" alone is no title, "President" is). ``others``: the tokens of other people's names;
    a phrase holding one is no title ("Hawaii Rep. Tulsi Gabbard, businessman Andrew Yang and Steyer"
    of a list the parse hung on Cory Booker).
    """
    if not sent.parsed:
        title = _written_before(sent, first, others) or _apposed_before(sent, first, last, others) \
            or _apposed_after(sent, last, others)
        return [title] if title and not _group_noun(title) and not _score(title) else []
    toks = sent.tokens
    head = mention_head(sent, first, last)
    found: list[tuple[int, int]] = []
    left = [i for i in sent.subtree(head) if i < first]
    if left and left == list(range(left[0], first)):
        found.append((left[0], first - 1))
    h = toks[head]
    # "the ministry's spokesman, John Smith" - not "sex trafficker Jeffrey Epstein, BBC's Emily
    # Maitlis", where the parse hung one name on another
    dateline = toks[h.head].text.isupper() and h.head <= 2  # "HANOI, Vietnam (AP) — ... Mark Esper"
    noun = h.head
    if h.dep == "appos" and noun in named and toks[noun].dep == "pobj" and toks[toks[noun].head].lower == "of":
        noun = toks[toks[noun].head].head  # "the mayor of Jackson, Chokwe Antar Lumumba": the parse hangs it on Jackson
    if h.dep == "appos" and noun < first and toks[noun].tag.startswith("NN") and noun not in named \
            and not dateline:
        own = set(sent.subtree(head))
        span = [i for i in sent.subtree(noun) if i not in own and i < first
                and toks[i].dep not in {"relcl", "acl"}]
        if span:
            found.append((min(span), max(span)))
    for c in h.children:
        if toks[c].dep == "appos" and c > last:
            sub = sent.subtree(c)
            found.append((min(sub), max(sub)))
    out: list[str] = []
    for lo, hi in found:
        if any(lo <= i <= hi and not _belongs(sent, i, others) for i in others):
            continue
        title = _clean(sent, lo, hi, named)
        if title:
            out.append(title)
    if not out and first > 0 and toks[first - 1].tag.startswith("NN"):
        title = _written_before(sent, first, others)  # "Sudan's army chief Abdel Fattah al-Burhan": two subjects
        out += [title] if title else []
    return [t for t in out if not _group_noun(t) and not _score(t)]


def _score(title: str) -> bool:
    """Whether a "title" is a few capitalised words and a number: a recap's score line ("Senators 4, Red Wings 3:"),
    no one's role (not "the owner of the Ekawat Nava 5")."""
    words = title.split()
    return 1 < len(words) <= 4 and words[-1].isdigit() and all(w[:1].isupper() for w in words[:-1])


def _group_noun(title: str) -> bool:
    """Whether a title's head noun (its last word before "of", "at", a comma ...) is a plural: the people the
    name is one of or listed with ("the judges", "founding members", "professors at the American University",
    "Goo Goo Dolls"), no one person's title; "one of the negotiators" is one."""
    words: list[str] = []
    for w in title.replace(",", " , ").split():
        if w.lower() in CUT_AT:
            break
        words.append(w)
    head = words[-1].lower().replace("\u2019", "'") if words else ""
    return len(head) > 3 and head.endswith("s") and not head.endswith(("ss", "us", "is", "'s")) \
        and head not in SINGULAR_S


def _written_before(sent: Sentence, first: int, others: frozenset[int]) -> str | None:
    """In a sentence the parser skipped, the title words right before a name ("Representative
    Alexandria Ocasio-Cortez took the stage", "Liverpool manager Arne Slot"): capitalised words and
    role words back from a role word, not past a word of the clause ("Then", "the")."""
    toks = sent.tokens
    if first == 0 or toks[first - 1].lower.rstrip(".") not in TITLE_WORDS:
        return None
    lo = first - 1
    while lo > 0 and first - lo < MAX_WORDS // 2:
        t = toks[lo - 1]
        word = t.lower.rstrip(".")
        if lo - 1 in others or word in CLAUSE_WORDS or not t.text[:1].isalpha() \
                or not (word in TITLE_WORDS or t.text[:1].isupper()):
            break
        lo -= 1
    lo = _owner(sent, lo, others)
    text = sent_text(sent, lo, first - 1)
    return None if text.rstrip(".") in HONORIFICS else text


def _owner(sent: Sentence, lo: int, others: frozenset[int]) -> int:
    """Where a title opening at token ``lo`` starts with the common words before it that its owner or an article
    opens ("Venezuela's opposition leader", "the junta chief"); ``lo`` where no owner or article comes first."""
    toks = sent.tokens
    k = lo
    while k > 0 and lo - k < 3 and toks[k - 1].text.isalpha() and toks[k - 1].text.islower() \
            and toks[k - 1].lower not in CLAUSE_WORDS:
        k -= 1
    before = toks[k - 1].text.replace("\u2019", "'") if k > 0 else ""
    if before == "'s" and k > 1 and toks[k - 2].text[:1].isupper() and k - 2 not in others:
        return k - 2  # "Venezuela's opposition leader"
    return k if k == 0 or before.lower() in DETERMINERS else lo


def _apposed_after(sent: Sentence, last: int, others: frozenset[int]) -> str | None:
    """In a sentence the parser skipped, a title in apposition after a name, set off by commas ("Ihor Zhovkva, the
    deputy head of the presidential office, spoke"): an article or "one of" opening it, a role word in it."""
    toks = sent.tokens
    if last + 3 >= len(toks) or toks[last + 1].text != "," or toks[last + 2].lower not in DETERMINERS | {"one"}:
        return None
    end = next((k for k in range(last + 2, min(len(toks), last + 2 + MAX_WORDS)) if toks[k].text in (",", ";")), None)
    if end is None or any(k in others for k in range(last + 2, end)):
        return None
    words = [t.lower for t in toks[last + 2:end]]
    if not any(w in TITLE_WORDS or w.rstrip("s") in TITLE_WORDS for w in words[:6]) \
            or any(w in CLAUSE_WORDS - DETERMINERS - {"on", "in", "at", "for"} for w in words):
        return None  # "Smith, a town north of Goma," no role; "Smith, the one who said", a clause
    lo = last + 2 + (0 if words[0] == "one" else 1)
    return sent_text(sent, lo, end - 1)


def _apposed_before(sent: Sentence, first: int, last: int, others: frozenset[int]) -> str | None:
    """In a sentence the parser skipped, a title set off by commas before a name set off by them ("Haiti's interim
    prime minister, Garry Conille, was sacked"; "the mayor of Jackson, Chokwe Antar Lumumba,"): the words back from
    a role word to its owner, an article or the sentence's start."""
    toks = sent.tokens
    after = toks[last + 1].text if last + 1 < len(toks) else "."
    if first < 2 or toks[first - 1].text != "," or after not in (",", "."):
        return None
    hi = first - 2
    lo = hi
    while lo > 0 and hi - lo < 4 and toks[lo - 1].lower in TITLE_WORDS | {"of", "the"} and lo - 1 not in others:
        lo -= 1  # "mayor of Jackson": back over "of" to the role
    role = next((k for k in range(lo, hi + 1) if toks[k].lower in TITLE_WORDS), None)
    if role is None or any(k in others for k in range(lo, hi + 1)):
        return None
    start = _owner(sent, role, others)
    if start == role and not (role == 0 or toks[role - 1].lower in DETERMINERS | TITLE_WORDS):
        return None  # "... attacked the town, Garry Conille said": no title before the comma
    while start < role and toks[start].lower in DETERMINERS:
        start += 1
    return sent_text(sent, start, hi)


def _belongs(sent: Sentence, i: int, name: frozenset[int]) -> bool:
    """Whether the name at token ``i`` (of the tokens ``name``) is one the title relates to, not a
    second person beside it: a possessor ("Ford's sister"), an "of" phrase's ("son of ..."), or a
    modifier of the role ("Penn State quarterback", where the model took the club for a person)."""
    toks = sent.tokens
    while toks[i].dep in {"compound", "flat"} and toks[i].head != i and toks[i].head in name:
        i = toks[i].head
    after = toks[i + 1].text if i + 1 < len(toks) else ""
    modifier = toks[i].dep in {"compound", "nmod", "amod"} and toks[toks[i].head].text[:1].islower()
    return toks[i].dep in {"poss", "pobj"} or after in {"'s", "\u2019s", "'", "\u2019"} or modifier


def _clean(sent: Sentence, lo: int, hi: int, named: frozenset[int]) -> str | None:
    toks = sent.tokens
    while lo <= hi and ((toks[lo].tag in SKIP_TAGS and toks[lo].tag != "PRP$") or toks[lo].lower in DETERMINERS
                        or toks[lo].tag in LEADING_TAGS):
        lo += 1
    while hi >= lo and (toks[hi].tag in SKIP_TAGS or toks[hi].is_punct):
        hi -= 1
    if hi < lo or hi - lo + 1 > MAX_WORDS:
        return None
    if not any(toks[i].tag.startswith("NN") and i not in named for i in range(lo, hi + 1)):
        return None
    text = sent_text(sent, lo, hi)
    if text.rstrip(".") in HONORIFICS:
        return None  # "Mr Albanese", "Mr. Trump": a courtesy, no title
    return text if any(ch.isalpha() for ch in text) else None


def sent_text(sent: Sentence, lo: int, hi: int) -> str:
    """The words of tokens ``lo``..``hi`` with the spacing they have in the text."""
    parts: list[str] = []
    for i in range(lo, hi + 1):
        t = sent.tokens[i]
        if parts and i > lo and sent.tokens[i - 1].end < t.start:
            parts.append(" ")
        parts.append(t.text)
    return "".join(parts).replace("\u00a0", " ")
