"""Words of violence that name something else where they stand: a man "fired" from his job, a drunk
driver who "struck" a woman (no walkout), "attacks on workers' rights", a scandal that "toppled" a
president, and play in a story of sport ("his three fights with Holyfield", "the Jays shot 46 percent",
"City beat Arsenal 4-1"). A shooting, an arrest or a stabbing in the same story stays what it is.
"""

from __future__ import annotations

import re

from spacy.attrs import LOWER
from spacy.strings import hash_string  # type: ignore[attr-defined]  # a Cython function its stubs leave out
from spacy.tokens import Doc, Token

from newsdesk.understand import events_lexicon as lex
from newsdesk.understand.events_parties import is_party
from newsdesk.understand.events_words import lemma, pos

_lemma = lemma
_WHEN = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "day", "weekend",
                   "morning", "night", "evening", "afternoon", "eve"})


# what is fired as a shot ("shots were fired", "rounds were fired"): any other subject of a passive 'fired' was
# dismissed ("the man was fired last week")
_SHOTS = lex.PROJECTILES | lex.CROWD_WEAPONS | frozenset({"shot", "round", "bullet", "gun", "weapon", "salvo",
                                                          "volley", "warning", "cannon", "artillery", "fire"})
# who is let go from a job, and what from ("fired the coach", "fired from his post")
_STAFF = frozenset({"employee", "worker", "staff", "staffer", "coach", "manager", "executive", "chief", "director",
                    "editor", "aide", "secretary", "adviser", "advisor", "prosecutor", "attorney", "teacher", "player",
                    "man", "woman", "person", "people", "official", "ceo", "president", "head", "board"})
_JOBS = frozenset({"job", "post", "position", "role", "team", "company", "firm", "club", "network", "paper",
                   "newspaper", "show", "office", "work", "school", "board", "cabinet", "government", "administration"})
_OBJECT_PRONOUNS = frozenset({"him", "her", "them", "me", "us", "you"})


def dismissed(fire: Token) -> bool:
    """'fired' as let go: a passive whose subject is no shot and that is not fired upon ('a man who was fired
    last week'; 'shots were fired', 'he was fired upon' are shots), 'fired from' a job, a person fired."""
    kids = list(fire.children)
    preps = {c.lower_: [g for g in c.children if g.dep_ == "pobj"] for c in kids if c.dep_ == "prep" and not any(
        g.ent_type_ in ("DATE", "TIME") or _lemma(g) in _WHEN for g in c.children)}  # "on Sunday": when
    if any(_lemma(g) in _JOBS for g in preps.get("from", ())) or "as" in preps or any(
            c.dep_ == "prt" and c.lower_ == "up" for c in kids):
        return True  # "fired as head coach"; "fired up": roused
    if fire.dep_ in ("acl", "appos") and fire.tag_ in ("VBN", "VBD") and not preps.keys() & {"on", "upon", "at",
                                                                                            "into"}:
        # "the fifth coach fired this season", "O'Brien, fired on June 8" ("shots fired": shots)
        return _lemma(fire.head) in _STAFF or fire.head.ent_type_ == "PERSON"
    if preps.keys() & {"on", "upon", "at", "into", "toward", "towards"} or any(
            c.dep_ == "prt" and c.lower_ in ("upon", "on") for c in kids):
        return False
    subj = next((c for c in kids if c.dep_ == "nsubjpass"), None)
    if subj is not None or any(c.dep_ == "auxpass" for c in kids):
        return subj is None or _lemma(subj) not in _SHOTS
    return any(c.dep_ == "dobj" and (c.lower_ in _OBJECT_PRONOUNS or c.ent_type_ == "PERSON" or _lemma(c) in _STAFF)
               for c in kids)


def thing_did_it(verb: Token) -> bool:
    """Whether the verb's subject (through 'that' or 'which' to the noun it stands for) is a thing, no party:
    'the Watergate scandal that toppled a president', 'the crisis toppled the government'."""
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is not None and subj.lower_ in ("that", "which") and verb.dep_ == "relcl":
        subj = verb.head
    return subj is not None and pos(subj) == "NOUN" and not is_party(subj)


# what workers strike ('struck the plant', 'struck GM'); any other object of 'strike' is hit ('struck her')
WORKPLACES = frozenset({"plant", "factory", "company", "employer", "mine", "port", "mill", "warehouse", "studio",
                         "studios", "network", "firm", "hospital", "school", "railway", "airline"})
# words only a story of a labour dispute has ('the union', 'a walkout', 'picket lines'): a strike there is one
_DISPUTE = frozenset({"walkout", "walkouts", "picket", "pickets", "picketing", "unionized", "unionised", "union",
                      "unions"})


def labour_story(doc: Doc) -> bool:
    """Whether the article is about a labour dispute: a strike 'on Hollywood' there is a walkout (read once an
    article, as the story tests below)."""
    if "newsdesk_labour_story" not in doc.user_data:  # lower case: not the European Union (unparsed sentences count)
        doc.user_data["newsdesk_labour_story"] = any(t.text in _DISPUTE for t in doc)
    return bool(doc.user_data["newsdesk_labour_story"])


# what one fights that is no one ('battled mental illness', 'fought back tears', 'fighting accusations'), and
# what one executes that is no one ('execute code', 'executed the plan')
_ADVERSITIES = frozenset({"illness", "disease", "cancer", "leukemia", "addiction", "depression", "tear", "tears",
                          "emotion", "emotions", "accusation", "accusations", "allegation", "allegations", "charge",
                          "charges", "virus", "poverty", "corruption", "inflation", "obesity", "injury", "odds",
                          "battle", "fire", "fires", "blaze", "flames", "case", "lawsuit", "ruling", "decision"})
_TASKS = frozenset({"code", "plan", "order", "orders", "strategy", "warrant", "contract", "trade", "philosophy",
                    "play", "operation", "maneuver", "manoeuvre", "move", "search", "script", "command"})
_OBJECTS = {"fight": _ADVERSITIES, "battle": _ADVERSITIES, "combat": _ADVERSITIES, "execute": _TASKS,
            "execution": _TASKS}
# what kind of 'attack' is a turn of the body ('a heart attack', 'an asthma attack')
_ILLNESS = frozenset({"heart", "asthma", "panic", "anxiety", "migraine", "seizure", "gout", "allergy"})


def figurative(tok: Token) -> bool:
    """A blow at a value, an institution of speech or a plan ('attacked press freedom', 'an assault on
    democracy'): the object of the verb (or the noun a participle qualifies), or of the noun's 'on'; a fight
    with an illness or tears, code executed, a heart attack."""
    word = _lemma(tok)
    mods = {c.lower_ for c in tok.children if c.dep_ in ("compound", "amod", "nmod")}
    if (word == "attack" and mods & _ILLNESS) or (word == "execution" and "code" in mods):
        return True
    hit = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    if tok.dep_ == "acl" and tok.tag_ == "VBN":
        hit.append(tok.head)  # "the efforts attacked by Palin"
    if not hit:  # "attacks on workers' rights" ("execute code on their PCs": the code)
        hit = [g for p in tok.children if p.dep_ == "prep" and p.lower_ in ("on", "against", "upon")
               for g in p.children if g.dep_ == "pobj"]
    things = lex.VALUES | _OBJECTS.get(word, frozenset())
    return bool(hit) and all(_lemma(h) in things or h.lower_ in things for h in hit)


_NO_ONE = frozenset({"nobody", "none", "no-one", "noone"})


def no_one(subj: Token) -> bool:
    """'nobody', 'no one', 'no-one' (the parse's 'one' after 'No -'), 'no arrests'."""
    return subj.lower_ in _NO_ONE or subj.doc[max(subj.i - 2, 0)].lower_ == "no" or any(
        g.dep_ == "det" and g.lower_ == "no" for g in subj.children)


# what a defendant pleads ('pleaded guilty', 'a not guilty plea'), and what a star hosts ('hosted the Oscars')
_PLEAS = frozenset({"guilty", "innocent", "contest", "insanity", "fifth"})
_SHOWS = frozenset({"show", "shows", "awards", "award", "ceremony", "program", "programme", "event", "party",
                    "festival", "concert", "game", "games", "tournament", "olympics", "cup", "championship", "gala",
                    "dinner", "telethon", "broadcast", "podcast", "series", "episode", "oscars", "emmys", "night"})


def courtroom(tok: Token) -> bool:
    """A plea in court ('pleaded guilty', 'a not guilty plea was entered', 'no plea was entered') or a show
    hosted ('to host the Oscars', 'hosting that award show'): no appeal to anyone, no talks."""
    word = _lemma(tok)
    near = {c.lower_ for c in tok.children} | {g.lower_ for c in tok.children for g in c.children}
    if word in ("plead", "plea"):
        return bool(near & _PLEAS) or (tok.dep_ in ("nsubjpass", "dobj") and _lemma(tok.head) == "enter")
    if word == "host":
        objs = [c for c in tok.children if c.dep_ == "dobj"]
        return any(o.lower_ in _SHOWS or _lemma(o) in _SHOWS or o.ent_type_ in ("EVENT", "WORK_OF_ART")
                   for o in objs)
    return False


# who marches alone: one person ('a gunman who marched into the party'), not a crowd, a union or a party
_COLLECTIVES = lex.PROTESTERS | lex.GROUP_HEADS | frozenset({"union", "party", "movement", "opposition", "army",
                                                             "force", "column", "procession", "convoy", "team"})


def walked_alone(verb: Token) -> bool:
    """A march by one person (a singular subject that is no group, or he or she): walking, no protest."""
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is not None and subj.lower_ in ("who", "that") and verb.dep_ == "relcl":
        subj = verb.head
    if subj is None or any(c.dep_ == "conj" for c in subj.children) or any(
            c.dep_ == "prep" and c.lower_ in ("with", "alongside", "among") for c in verb.children):
        return False  # "he marched with the crowd"
    if subj.tag_ == "PRP":
        return subj.lower_ in ("he", "she", "i")
    return subj.tag_ in ("NN", "NNP") and subj.ent_type_ not in ("ORG", "NORP", "GPE") and \
        _lemma(subj) not in _COLLECTIVES


def impression(tok: Token) -> bool:
    """'struck me as odd', 'strikes many as a bluff': 'as' right after the verb's object, opening no
    clause ('struck Hamas positions as the ceasefire collapsed' is a strike)."""
    doc = tok.doc
    objs = [c for c in tok.children if c.dep_ == "dobj"]
    k = objs[-1].right_edge.i + 1 if objs else len(doc)
    return k < len(doc) and doc[k].lower_ == "as" and doc[k].dep_ != "mark"


def struck_by(verb: Token) -> bool:
    """'Russian missiles hit an apartment block', 'the school was hit by an airstrike': a weapon strikes."""
    agents = [g for a in verb.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"]
    return any(_lemma(s) in lex.STRIKERS for s in (*agents, *(c for c in verb.children if c.dep_ == "nsubj")))


# what a side pulls out or back when it retreats: its forces and envoys ('pulled out its troops')
_WITHDRAWN = lex.PERSONNEL | lex.MILITARY | frozenset({"ambassador", "envoy", "diplomat", "staff", "personnel",
                                                       "mission", "delegation", "citizen", "national"})


def drawn(verb: Token, key: tuple[str, str]) -> bool:
    """'pulled out a .357 revolver', 'pulled it back' (an offer), 're-signing Teixeira': a thing drawn or a
    player signed again, no retreat ('pulled out its troops', 'pulled out of the talks' are)."""
    objs = [c for c in verb.children if c.dep_ == "dobj"]
    if key in (("pull", "out"), ("pull", "back")):
        return bool(objs) and not any(_lemma(o) in _WITHDRAWN for o in objs)
    return False


def questioned(ask: Token) -> bool:
    """'asked if he understood', 'asked whether', 'asked how she felt', 'asked about the appeal', a bare
    'Arians asked.': a question put, no request ('asked him to pose', 'asked for help', 'asked that someone
    open the door' are requests)."""
    kids = list(ask.children)
    if any(c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ == "for") for c in kids):
        return False
    clauses = [c for c in kids if c.dep_ in ("ccomp", "advcl")]
    if any(g.dep_ == "mark" and g.lower_ == "that" for c in clauses for g in c.children):
        return False
    return any(c.dep_ == "prep" and c.lower_ == "about" for c in kids) or not clauses or any(
        g.lower_ in ("if", "whether") or g.tag_ in ("WRB", "WP", "WDT") for c in clauses for g in c.children)


# what is visited or deployed on a computer ('visit a site', 'deploy this update')
_SOFTWARE = frozenset({"update", "patch", "software", "fix", "version", "page", "blog", "app", "thing"})


def person_handled(verb: Token, word: str) -> bool:
    """Verbs of relations whose object says they are something else: a person recognized (identified, not a
    state recognized) or signed (a player), 'backing up' with no object (reversing), ties that are cables
    ('an anchor severed the cables'), a site visited, an update deployed, a thing that appeals or supports."""
    objs = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    if word in ("recognize", "recognise", "sign"):
        return any(o.ent_type_ == "PERSON" or o.lower_ in ("him", "her", "me") for o in objs) or (
            word != "sign" and any(c.dep_ == "prep" and c.lower_ == "as" for c in verb.children))  # regarded as
    if word == "back":
        return not objs and any(c.dep_ == "prt" and c.lower_ in ("up", "away") for c in verb.children)
    if word == "sever":
        return bool(objs) and not any(_lemma(o) in lex.TIES | lex.COOPERATION for o in objs)
    if word in ("visit", "deploy"):  # "entice victims to visit a crafted site", "test and deploy this update"
        online = lex.CYBER_TARGETS | _SOFTWARE if cyber_story(verb.doc) else lex.CYBER_TARGETS - {"site"} | _SOFTWARE
        return any(_lemma(o) in online for o in objs)
    if word in ("appeal", "support", "back"):  # "those factors appealed to him", "no record to support claims"
        return thing_did_it(verb)
    return False


def dated(verb: Token) -> bool:
    """A verb with its own date ('will be sentenced May 3', 'on Friday'): a step scheduled, no threat."""
    return any(t.ent_type_ == "DATE" for c in verb.children if c.dep_ in ("npadvmod", "prep", "tmod")
               for t in c.subtree)


# verbs of winning a contest that the lexicon reads as blows ("beat", "defeat"), and what says contest
_CONTEST_VERBS = frozenset({"beat", "defeat", "rout", "thrash", "trounce", "crush", "overpower", "outplay"})
_CONTEST_WORDS = frozenset({"match", "game", "games", "season", "series", "victory", "win", "wins", "goal", "goals",
                            "saves", "points", "tournament", "championship", "league", "cup", "innings", "sets",
                            "title", "election", "elections", "primary", "runoff", "vote", "votes", "seat", "seats",
                            "ballot", "polls", "semifinal", "quarterfinal", "playoff", "playoffs"})
# what a contest verb outdoes that no one is hurt by: "beating Wall Street expectations", "beat the odds"
_MEASURES = frozenset({"expectation", "expectations", "estimate", "estimates", "forecast", "forecasts", "consensus",
                       "projection", "projections", "prediction", "predictions", "odds", "record", "deadline",
                       "benchmark", "target", "targets", "guidance", "average"})
_SCORE = re.compile(r"(?<![\w.-])\d{1,3} ?[-\u2013] ?\d{1,3}(?![\w-])|\b[A-Z][a-z]+ \d{1,2}, [A-Z][a-z]+ \d{1,2}\b")


def contest_won(verb: Token) -> bool:
    """A win in a game or an election, not a blow: "City beat Arsenal 4-1", "Carolina beat Chicago for
    their fourth straight victory", "Russia beat Croatia" in an article of scores, "rallied to beat"."""
    lemma = _lemma(verb)
    if lemma == "rally":
        return any(c.dep_ in ("xcomp", "advcl") and _lemma(c) in _CONTEST_VERBS for c in verb.children)
    if lemma not in _CONTEST_VERBS:
        return False
    if any(c.dep_ == "dobj" and (c.lower_ in _MEASURES or _lemma(c) in _MEASURES) for c in verb.children):
        return True  # "beating expectations": a figure outdone, no blow
    sent = verb.sent
    if _SCORE.search(sent.text) or any(t.lower_ in _CONTEST_WORDS for t in sent):
        return True
    doc = verb.doc
    if "newsdesk_scores" not in doc.user_data:  # an article of scores: read once, not at each verb
        doc.user_data["newsdesk_scores"] = len(_SCORE.findall(doc.text))
    return int(doc.user_data["newsdesk_scores"]) >= 2


# what a court or a legislature strikes down: rules, not people or aircraft
_RULES = frozenset({"law", "ban", "rule", "ruling", "policy", "action", "act", "measure", "order", "mandate",
                    "statute", "provision", "program", "programme", "decision", "regulation", "requirement",
                    "restriction", "limit", "plan", "bill", "tariff", "tariffs", "precedent", "amendment", "clause"})


def strikes_down_a_rule(verb: Token) -> bool:
    """'struck down the law', 'shot down the proposal' of a rule: a verb with 'down' and a rule as object."""
    if not any(c.dep_ == "prt" and c.lower_ == "down" for c in verb.children):
        return False
    objs = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    return any(_lemma(o) in _RULES or o.lower_ in _RULES for o in objs)


# words only stories of sport use often (three different ones make one): boxing, ball games, their tables
SPORT_WORDS = frozenset({
    "boxing", "boxer", "boxers", "heavyweight", "heavyweights", "bout", "bouts", "knockout", "knockouts", "kos",
    "referee", "referees", "championship", "playoff", "playoffs", "play-offs", "quarterback", "touchdown",
    "touchdowns", "rebounds", "nba", "nfl", "nhl", "mlb", "tournament", "innings", "inning", "halftime",
    "coach", "coaches", "league", "scored", "points", "yards", "rushing", "fumble", "dunk", "jab", "undefeated",
    "preseason", "postseason", "goalkeeper", "striker", "midfielder", "wicket", "wickets", "champion"})
# trigger lemmas that name play in a story of sport
PLAY = frozenset({"fight", "fighting", "battle", "bout", "attack", "assault", "beat", "defeat", "bomb", "neutralize",
                  "neutralise", "execution", "execute", "strike", "clash", "crush", "rout", "dominate", "torture",
                  "rally", "march", "threaten", "threat", "warning", "warn", "shut", "occupy", "force",
                  "shoot", "fire", "shot", "firing", "shooting", "injure", "hurt", "wound", "meet", "defend",
                  "break"})
# who may really be shot, even in a story of sport ("Collier was shot in September", "shot a man")
_SHOT_AT = frozenset({"shoot", "fire", "shot", "firing", "shooting", "injure", "hurt", "wound"})
# what a player shoots or fires: a figure (the parse's object of "shot 46 percent") or these
_BALLS = frozenset({"pass", "passes", "ball", "puck", "jumper", "three", "three-pointer", "pointer", "free", "throw",
                    "basket", "bucket", "strike", "strikes", "blank", "blanks", "percent"})
_KEY = "newsdesk_sport_story"


def sport_story(doc: Doc) -> bool:
    """Whether an article is a story of sport: three different words of sport in it (parsed or not)."""
    return _story(doc, _KEY, SPORT_WORDS, 3)


def play(tok: Token) -> bool:
    """A trigger word that names play in a story of sport. A shot or a firing counts only where what is shot
    is a figure or a ball ('the Jays shot 46 percent', 'firing pass after pass'): a shot at someone, or by
    someone unnamed ('who fired', 'he was shot'), stays one."""
    word = lemma(tok)
    if word not in PLAY or (tok.tag_.startswith("NN") and word in _SHOT_AT):
        return False  # "the shooting", "a shot" as nouns: kept where the lexicon has them
    if word in ("shoot", "fire", "shot", "firing", "shooting"):
        return any(c.dep_ == "dobj" and (c.tag_ == "CD" or lemma(c) in _BALLS) for c in tok.children)
    return True


CYBER_BLOWS = frozenset({"attack", "assault", "hijack", "hack"})  # what hackers do, in a story of computers


def cyber_target(verb: Token) -> bool:
    """'hackers attacked the websites of ...', 'attacked the ministry's servers': an attack on computers
    (what is hit, the head of the object, not a word naming where: 'shot three people at an accounting firm')."""
    hit = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")] + [
        g for p in verb.children if p.dep_ == "prep" and p.lower_ in ("on", "against") for g in p.children
        if g.dep_ == "pobj"]
    hit = [verb.head if o.lower_ in ("that", "which") and verb.dep_ == "relcl" else o for o in hit]  # "sites that"
    return any(_lemma(o) in lex.CYBER_TARGETS for o in hit) or any(
        c.dep_ == "nsubj" and _lemma(c) in ("hacker", "hackers") for c in verb.children)


# words of stories of computer attacks ('a vulnerability in the browser', 'malware'): an attack there is a
# cyber operation (COERCE), no blow
CYBER_WORDS = frozenset({"hacker", "hackers", "malware", "vulnerability", "vulnerabilities", "exploit", "exploits",
                         "patch", "browser", "browsers", "virus", "trojan", "phishing", "cyber", "cyberattack",
                         "ransomware", "botnet", "spyware", "password", "passwords", "software", "flaw", "malicious"})
# words of stories of natural disasters: harm no one is named for there is nature's ('three people were killed')
DISASTER_WORDS = frozenset({"earthquake", "earthquakes", "quake", "quakes", "tremor", "tremors", "temblor",
                            "aftershock", "aftershocks", "magnitude", "richter", "epicenter", "epicentre", "hurricane",
                            "typhoon", "cyclone", "tsunami", "tornado", "flood", "floods", "flooding", "landslide",
                            "mudslide", "wildfire", "eruption", "avalanche"})


def _story(doc: Doc, key: str, words: frozenset[str], least: int) -> bool:
    if key not in doc.user_data:
        doc.user_data[key] = len(_lowered(doc) & {hash_string(w) for w in words}) >= least
    return bool(doc.user_data[key])


def _lowered(doc: Doc) -> frozenset[int]:
    """The article's lower-cased words, as string hashes: counted once in C for every story test (a Token
    made for each word of a long article, per test, cost more than coding its events)."""
    if "newsdesk_lowered" not in doc.user_data:
        doc.user_data["newsdesk_lowered"] = frozenset(doc.count_by(LOWER))
    return frozenset(doc.user_data["newsdesk_lowered"])


def cyber_story(doc: Doc) -> bool:
    """Whether an article is about computer attacks: three different words of them in it."""
    return _story(doc, "newsdesk_cyber_story", CYBER_WORDS, 3)


def disaster_story(doc: Doc) -> bool:
    """Whether an article is about a natural disaster: two different words of one in it."""
    return _story(doc, "newsdesk_disaster_story", DISASTER_WORDS, 2)
