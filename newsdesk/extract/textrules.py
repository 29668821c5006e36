"""Rules applied to the learned body mask of a plain-text dump: what one page teaches no model.

The line classifier (``textdump.py``) learns from 91 dev pages; some page structures occur on one
or two of them, too few for any fold to learn, yet are a priori knowledge about web pages:

- a reader-comment section ("34 Comments", "Leave a Reply", "Kommentare (3)", "コメントを書く")
  ends the article: once the article has started, nothing after its head is article;
- a related-links box ("Related articles", "Lesen Sie auch", "関連記事") is a list of headlines:
  its head and the lines after it are chrome until prose resumes;
- a table (cells joined by tabs in ``innerText``) is one unit: its rows are kept or dropped together;
- a long line that ends a sentence right next to the article is its first or last paragraph,
  unless the page repeats it;
- a short article's paragraphs run on past the breaks a page sets between them ("Advertisement",
  "Read more: <headline>"), up to its byline and date.

Each rule was judged by the trainer's cross-validation by page (``scripts/train_textdump.py``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from .textfeatures import Line
from .textmeta import is_meta_line

# Comment-section heads. A count or a verb ("leave a comment") is required: a bare "Comments" is
# as often a share-bar button in the middle of a page.
_COMMENT_WORDS = (
    r"comments?|responses?|replies|reactions?|kommentare?|kommentarer|commentaires?|comentarios?|comentários?"
    r"|commenti|commento|komentarz[ey]?|komentarzy|reacties|reactie|yorum(?:lar)?|комментари\w*|коментар\w*"
)
COMMENT_HEAD = re.compile(
    r"(?i)(?:^|\s)\d+\s+(?:" + _COMMENT_WORDS + r")\b|\b(?:" + _COMMENT_WORDS + r")\s*[(\[]\d+[)\]]"
    r"|\b(?:leave|post|add|write|submit)\s+(?:a|your|new)\s+(?:comment|reply|response)\b"
    r"|kommentar\s+(?:schreiben|verfassen|hinterlassen)|schreibe\s+einen\s+kommentar|laisser\s+un\s+commentaire"
    r"|(?:deja|dejar|escribe|escribir|publica)\s+(?:un|tu)\s+comentario|lascia\s+un\s+commento"
    r"|(?:dodaj|napisz)\s+komentarz|(?:skriv|lämna|legg\s+igjen|efterlad)\s+(?:en|din)\s+kommentar"
    r"|laat\s+een\s+reactie\s+achter|plaats\s+een\s+reactie|deixe\s+(?:um|seu|o\s+seu)\s+comentário"
    r"|(?:оставить|оставьте|написать|напишите)\s+комментарий"
    r"|コメント\s*[(（]?\d+|\d+\s*件のコメント|コメントを(?:書く|残す|投稿|する)|댓글\s*[(（]?\d+|댓글\s*(?:쓰기|달기|작성)"
    r"|评论\s*[(（]?\d+|評論\s*[(（]?\d+|\d+\s*条评论|发表评论|發表評論"
)
COMMENT_HEAD_WORDS = 10  # a head is a short line, not a sentence that mentions comments

# Related-links heads: the whole line is the head.
RELATED_HEAD = re.compile(r"""(?ix)^\W*(?:
   (?:related|similar|recommended|popular|latest|more|recent|top|trending|most\s+(?:read|popular|viewed|shared))
     \s+(?:articles?|posts?|stories|news|reads?|content|videos?|coverage|entries)
 | related | read\s+(?:more|next|also) | more\s+from\s+.{0,30} | tags?
 | (?:you|we\s+think\s+you)\s+(?:may|might|will)\s+(?:also\s+)?(?:like|enjoy|be\s+interested\s+in)
 | also\s+read | see\s+also
 | ähnliche\s+(?:artikel|beiträge|themen) | (?:mehr|weitere)\s+(?:zum\s+thema|artikel|beiträge|nachrichten)
 | das\s+könnte\s+sie\s+(?:auch\s+)?interessieren | lesen\s+sie\s+auch
 | articles?\s+(?:similaires|connexes|liés|recommandés) | à\s+lire\s+aussi | lire\s+aussi | sur\s+le\s+même\s+sujet
 | vous\s+aimerez\s+aussi | (?:artículos|noticias|entradas)\s+(?:relacionad[oa]s|similares) | te\s+puede\s+interesar
 | lee\s+también | articoli\s+correlati | potrebbe\s+interessarti | leggi\s+anche
 | (?:artigos|notícias|posts)\s+relacionad[oa]s | leia\s+também | veja\s+também
 | (?:gerelateerde|vergelijkbare)\s+(?:artikelen|berichten) | lees\s+ook | (?:powiązane|podobne)\s+(?:artykuły|wpisy)
 | czytaj\s+(?:też|także|również) | (?:relaterte|relaterade|relaterede|lignende)\s+(?:artikler|artiklar|innlegg|inlägg)
 | les\s+også | läs\s+också | læs\s+også | похожие\s+(?:статьи|новости|записи) | читайте\s+также | схожі\s+статті
 | читайте\s+також | 関連記事 | 関連する記事 | 関連エントリー | おすすめ記事 | 관련\s*기사 | 관련\s*글
 | 相关文章 | 相關文章 | 相关阅读 | 相關閱讀 | 推荐阅读 | 延伸阅读 | 延伸閱讀
)\W*$""")

# The article has started once this much of it is kept: a head above it is a byline's
# "0 Comments" or a share bar, not the end of the article.
STARTED_LINES = 2
STARTED_WORDS = 30
PROSE_WORDS = 10  # a "long" line, as in the features: prose, not a headline or a menu item
# A page's call to the reader (a newsletter box, "save to read later"): a break inside the article, never its prose.
CALL_TO_ACTION = re.compile(
    r"(?i)\b(?:sign\s*up|subscri(?:be|ber|ption)s?|newsletters?|inbox|read(?:ing)?\s+(?:it\s+)?later|reading\s+list"
    r"|(?:unlimited|digital|full)\s+access|cancel\s+any\s*time|free\s+trial"
    r"|inscri(?:vez|bete|ption)|suscr[ií]b|abonn|anmelden|abonnieren|підпис\w*|подпиш\w*|اشترك)")
BOX_LINES = 12  # the most lines a related-links box inside the article may span as one break
BREAK_LINES = 2  # short lines a page sets between two paragraphs: an ad's label, a "Read more:" link
SHORT_KEPT_WORDS = 150  # a kept body under this is a short article's remnant, to grow through its breaks
LEAD_LINES = 2  # short lines a plain article may open with: a headline, a byline
# a live blog's entry time on a line of its own ("09:14 GMT", "12.52pm")
CLOCK_LINE = re.compile(r"(?i)^\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:GMT|BST|UTC|CET|CEST|EST|EDT|PST|PDT|ET|PT)?$")


def table_units(lines: Sequence[Line], body: Sequence[bool]) -> list[bool]:
    """Rows of a table (two or more consecutive lines with tab-joined cells) share one label: body
    when at least half of them are."""
    out = list(body)
    n, i = len(lines), 0
    while i < n:
        j = i
        while j < n and "\t" in lines[j].text:
            j += 1
        if j - i >= 2:
            out[i:j] = [2 * sum(out[i:j]) >= j - i] * (j - i)
        i = max(j, i + 1)
    return out


def extend_edges(lines: Sequence[Line], body: Sequence[bool]) -> list[bool]:
    """Add the line just above or below each kept line when it is prose (ten words or more, ending
    a sentence) said once on the page: the lead or the last paragraph the classifier scored low
    because it stands next to chrome. (Also asking it to hold no chrome-lexicon word lost 0.002:
    the lexicon's words are rare in articles, not absent.)"""
    counts = Counter(x.text for x in lines)

    def prose(k: int) -> bool:
        x = lines[k]
        return (not body[k] and x.words >= PROSE_WORDS and x.ends_sentence and counts[x.text] == 1
                and not x.video)

    out = list(body)
    for i, kept in enumerate(body):
        if kept:
            for k in (i - 1, i + 1):
                if 0 <= k < len(lines) and prose(k):
                    out[k] = True
    return out


def bridge_breaks(lines: Sequence[Line], body: Sequence[bool]) -> list[bool]:
    """Grow the article through the breaks a page sets inside it ("Advertisement", "Read more: <a
    headline>", "Sign up here."): a prose line said once on the page, at most BREAK_LINES non-prose
    lines (no byline or date) from a kept line, is body, and so on from it. A short article amid much chrome is scored
    low line by line; its paragraphs between such breaks were lost but for the best one. Only such a
    page's: where the classifier kept a whole article, prose near it is a caption or a sign-up box."""
    out = list(body)
    if sum(lines[i].words for i, kept in enumerate(body) if kept) >= SHORT_KEPT_WORDS:
        return out
    counts = Counter(x.text for x in lines)
    grown = True
    while grown:
        grown = False
        for i, kept in enumerate(out):
            if not kept:
                continue
            for step in (-1, 1):
                k, reach, boxed, box = i + step, BREAK_LINES + 1, False, 0
                while 0 <= k < len(lines) and abs(k - i) <= reach:
                    # A related-links box in the body ("Recommended Stories", "list 1 of 4", its headlines) is
                    # one break when prose follows its short lines; a sign-up box or a long line ends it short.
                    boxed = boxed or (step == 1 and bool(RELATED_HEAD.search(lines[k].text)))
                    long_line = lines[k].words >= PROSE_WORDS and not _prose(lines[k])
                    if boxed and (long_line or CALL_TO_ACTION.search(lines[k].text)):
                        boxed, reach, box = False, reach - box, 0
                    if CALL_TO_ACTION.search(lines[k].text):
                        reach += 1  # a sign-up box's lines, however many and however long, are one break
                    elif boxed and not _prose(lines[k]) and box < BOX_LINES:
                        reach, box = reach + 1, box + 1
                    elif _prose(lines[k]):
                        if not out[k] and counts[lines[k].text] == 1:
                            out[k] = grown = True
                        break
                    if out[k] or is_meta_line(lines[k].text):
                        break  # the header's byline and date end the article upward: above is a standfirst
                    elif CLOCK_LINE.match(lines[k].text.strip()):
                        reach += 1  # a live blog's entry time is one more break: its headline, "Share" remain
                    k += step
    return out


def _started(lines: Sequence[Line], body: Sequence[bool], i: int) -> bool:
    kept = [lines[k].words for k in range(i) if body[k]]
    return len(kept) >= STARTED_LINES and sum(kept) >= STARTED_WORDS


def cut_related(lines: Sequence[Line], body: Sequence[bool]) -> list[bool]:
    """Drop a related-links head found after the article's start and the lines after it until
    prose resumes (a long line that ends a sentence): the box lists headlines."""
    out = list(body)
    n, i = len(lines), 0
    while i < n:
        if RELATED_HEAD.search(lines[i].text) and _started(lines, out, i):
            out[i] = False
            i += 1
            while i < n and not (lines[i].ends_sentence and lines[i].words >= PROSE_WORDS):
                out[i] = False
                i += 1
        else:
            i += 1
    return out


def cut_comments(lines: Sequence[Line], body: Sequence[bool]) -> list[bool]:
    """Drop everything from the first comment-section head after the article's start."""
    for i, x in enumerate(lines):
        if x.words <= COMMENT_HEAD_WORDS and COMMENT_HEAD.search(x.text) and _started(lines, body, i):
            return [b and k < i for k, b in enumerate(body)]
    return list(body)


def _prose(x: Line) -> bool:
    return x.words >= PROSE_WORDS and x.ends_sentence and not x.video


def plain_article(lines: Sequence[Line], body: Sequence[bool]) -> list[bool]:
    """A file of prose alone is an article without site chrome, all of whose prose is body: every
    line a sentence of PROSE_WORDS words or more, but for up to LEAD_LINES short lines at its top (a
    headline, a byline: no body, the title is picked among them) and a live blog's clock lines. The classifier learnt
    from pages with chrome around the article, where a short file's first and last lines mostly are
    chrome: it dropped the lead or the last paragraph of clean text files."""
    lead = 0
    while lead < min(LEAD_LINES, len(lines)) and not _prose(lines[lead]):
        lead += 1
    rest = [x for x in lines[lead:] if not CLOCK_LINE.match(x.text.strip())]
    if len(rest) < 2 or not all(_prose(x) for x in rest):
        return list(body)
    return [i >= lead and _prose(x) for i, x in enumerate(lines)]


def apply_rules(lines: Sequence[Line], body: Sequence[bool]) -> list[bool]:
    """All rules, in order: a plain article whole, tables whole, edges grown, then related boxes and
    comments cut."""
    mask = bridge_breaks(lines, extend_edges(lines, table_units(lines, plain_article(lines, body))))
    return cut_comments(lines, cut_related(lines, mask))
