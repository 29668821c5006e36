"""Quotes on small texts written here: marks, cues next to a quote, split quotes, scare quotes."""

from __future__ import annotations

from test_understand_support import analysed, entity, quotes_of
from test_understand_support import speakers as speakers_of

from newsdesk.errors import AnalysisError
from newsdesk.types import Article, Quote, paragraph_spans
from newsdesk.understand import Analyzer
from newsdesk.understand.marks import quoted_spans


def test_a_closing_mark_that_starts_a_line_opens_a_quote() -> None:
    text = "\u201dFear. I am truly afraid.\u201d \u2015 Edwin Monroy\n\u201cHe is clueless.\u201d"
    spans = quoted_spans(text, paragraph_spans(text))
    assert [text[q.inner_start:q.inner_end] for q in spans] == ["Fear. I am truly afraid.", "He is clueless."]
    assert all(q.closed for q in spans)


def test_a_closing_mark_inside_a_word_still_closes() -> None:
    text = "He called it \u201ca con\u201d and left."
    spans = quoted_spans(text, paragraph_spans(text))
    assert [text[q.inner_start:q.inner_end] for q in spans] == ["a con"]


def test_marks_inside_a_markup_tag_are_not_quotes() -> None:
    text = ('<tweet pic="" author="realDonaldTrump" tweet_id="7600">Mr. Khan attacked me.</tweet>. '
            'He called it \u201ca disgrace\u201d.')
    spans = quoted_spans(text, paragraph_spans(text))
    assert [text[q.inner_start:q.inner_end] for q in spans] == ["a disgrace"]


def test_a_name_after_a_dash_glued_to_the_mark_is_the_speaker(analyzer: Analyzer) -> None:
    text = ("Readers wrote in after the debate.\n\n"
            "\u201cDuring the debate he said nothing about jobs. He is ignorant of our lives.\u201d"
            "\u2015 Pamela Padilla\n"
            "\u201cI am so ashamed of this campaign and of what it says about us.\u201d\u00a0\u2015 Jacklyn Ashley")
    quotes = quotes_of(analyzer, text)
    by_text = {q.text[:12]: q for q in quotes if q.kind == "direct"}
    assert by_text["During the d"].speaker is not None
    assert by_text["During the d"].speaker.name == "Pamela Padilla"
    speaker = by_text["I am so asha"].speaker
    assert speaker is not None and text[speaker.start:speaker.end] == "Jacklyn Ashley"


def test_a_short_sentence_after_the_cue_goes_on_with_the_quote(analyzer: Analyzer) -> None:
    text = ("Melanie watched the speech at home.\n\n"
            "\u201cI would,\u201d Melanie Austin said to the TV. \u201cI would, Donald.\u201d")
    quotes = [q for q in quotes_of(analyzer, text) if q.kind == "direct"]
    assert len(quotes) == 1
    assert quotes[0].text == "I would. I would, Donald."  # the comma before the cue ended a sentence
    assert text[quotes[0].start:quotes[0].end].endswith("Donald.\u201d")


def test_a_scare_quoted_term_is_not_a_quote(analyzer: Analyzer) -> None:
    text = "The talks turned to \u201csecurity guarantees\u201d for Ukraine on Tuesday.\n\nNothing was signed."
    assert not any("security" in q.text for q in quotes_of(analyzer, text))


def test_a_cue_with_its_own_content_does_not_take_the_quote_before_it(analyzer: Analyzer) -> None:
    text = ('Japan branded North Korea an "outlaw nation in the neighborhood." Russia insisted that '
            'Pyongyang "stop its dangerous escapades."\n\nI had to change my answer: "Of course I believe in '
            'the devil. I was just kidding." To which she said, "Thank God you still believe in the devil."')
    quotes = quotes_of(analyzer, text)
    assert not any("outlaw" in q.text and "escapades" in q.text for q in quotes)
    assert not any("kidding" in q.text and "Thank God" in q.text for q in quotes)
    thank = next(q for q in quotes if "Thank God" in q.text)
    assert thank.cue == "say"


def test_a_quoted_title_is_not_what_the_speaker_said(analyzer: Analyzer) -> None:
    text = ("On an episode of \u201cThe Steve Harvey Morning Show,\u201d the senator said she wanted to speak "
            "\u201cdirectly to white people\u201d about the police.")
    quotes = quotes_of(analyzer, text)
    assert quotes and not any("Steve Harvey" in text[q.start:q.end] for q in quotes)


def test_a_line_opened_by_a_speaker_label_is_what_the_speaker_said(analyzer: Analyzer) -> None:
    text = ("Lindsey Graham: Trump is destroying the party's chance to win the election\n\n"
            "WALLACE: But, Governor, I have got to ask you about the tax returns.\n\n"
            "The pattern is clear: nobody in the room wanted to answer the question.")
    quotes = quotes_of(analyzer, text)
    graham = next(q for q in quotes if q.text.startswith("Trump is destroying"))
    assert graham.speaker is not None and text[graham.speaker.start:graham.speaker.end] == "Lindsey Graham"
    wallace = next(q for q in quotes if q.text.startswith("But, Governor"))
    assert wallace.speaker is not None and wallace.speaker.name == "WALLACE"
    assert not any(q.text.startswith("nobody in the room") for q in quotes)


def test_a_mixed_quote_ends_before_a_comment_on_it(analyzer: Analyzer) -> None:
    text = ("Sanders said he was \u201cencouraged\u201d by the plan \u2014 a modest boost for Obama since 2009.\n\n"
            "Trump said the person would \u201cnot get beat up\u201d at his rally, a swipe at the recent disturbances.")
    spans = [text[q.start:q.end] for q in quotes_of(analyzer, text) if q.kind == "mixed"]
    assert "he was \u201cencouraged\u201d by the plan" in spans
    assert "the person would \u201cnot get beat up\u201d at his rally" in spans


def test_what_stands_after_a_colon_is_the_quote_not_the_clause_before(analyzer: Analyzer) -> None:
    text = 'Kall said Trump will probably use the encounter to make news: "I feel like he has got a surprise."'
    quotes = [q for q in quotes_of(analyzer, text) if "surprise" in q.text]
    assert len(quotes) == 1 and quotes[0].kind == "direct"
    assert text[quotes[0].start:quotes[0].end] == '"I feel like he has got a surprise."'


def test_a_cue_noun_gives_its_that_clause_and_its_possessor(analyzer: Analyzer) -> None:
    # not under a cue of its own ('He repeated his suggestion that ...' nests it: see test_a_cue_nested_...)
    text = ("Donald Trump said on Monday that he would win. His suggestion that the election is rigged against "
            "him drew criticism.")
    noun = [q for q in quotes_of(analyzer, text) if q.cue == "suggestion"]
    assert len(noun) == 1 and noun[0].text == "that the election is rigged against him"
    assert noun[0].speaker is not None and noun[0].speaker.name == "Donald Trump"


def test_a_belief_opens_the_parse_gate_by_itself() -> None:
    # "believe" is a cue below the old gate (prior 0.24 < 0.3): this sentence was never parsed
    analyzer = Analyzer(events=False)
    text = ("The vote is next week.\n\n"
            "Most Republican senators believe that the tax bill will pass before Christmas.\n\n"
            "The bill is long.")
    assert analyzer.lexicon.opens_gate(["most", "republican", "senators", "believe"])
    quotes = [q for q in quotes_of(analyzer, text) if q.kind == "indirect"]
    assert [q.text for q in quotes] == ["that the tax bill will pass before Christmas"]
    assert quotes[0].speaker is not None and quotes[0].speaker.name == "Most Republican senators"


def test_who_said_is_the_person_just_named(analyzer: Analyzer) -> None:
    text = ("The Ukrainian delegation was led by David Arakhamia, the head of the ruling party's parliamentary "
            "faction, who said Kyiv would not trade away people, land or sovereignty.")
    quote = next(q for q in quotes_of(analyzer, text) if "trade away" in q.text)
    assert quote.speaker is not None and quote.speaker.name == "David Arakhamia"
    assert text[quote.speaker.start:quote.speaker.end] == "who"  # the local mention, resolved by name


def test_a_speaker_the_parse_hung_on_the_content_is_cut_from_it(analyzer: Analyzer) -> None:
    text = ("Outside the city of Mykolaiv, Russian missiles struck the regional administration building, "
            "killing at least twelve people, the regional governor Vitaliy Kim said.")
    quote = next(q for q in quotes_of(analyzer, text) if "missiles struck" in q.text)
    assert quote.speaker is not None and quote.speaker.name == "Vitaliy Kim"
    assert "governor" not in quote.text and "Vitaliy" not in quote.text


def test_who_was_told_is_not_who_spoke(analyzer: Analyzer) -> None:
    text = ("Floodwater poured over the levee on Wednesday. Residents of Lismore were told to evacuate as the "
            "river rose again, and officials said the town centre would flood.")
    speakers = {q.speaker.name for q in quotes_of(analyzer, text) if q.speaker is not None}
    assert not any("Residents" in s or "Lismore" in s or "Floodwater" in s for s in speakers)
    assert any("officials" in s for s in speakers)


def test_it_said_is_the_organisation_just_named(analyzer: Analyzer) -> None:
    text = ("Amnesty International published a report on Monday about the prisons. It said the guards had "
            "beaten detainees for months.")
    quote = next(q for q in quotes_of(analyzer, text) if "guards" in q.text)
    assert quote.speaker is not None and quote.speaker.name == "Amnesty International"
    assert text[quote.speaker.start:quote.speaker.end] == "It"


def direct_of(analyzer: Analyzer, text: str) -> list[Quote]:
    return [q for q in quotes_of(analyzer, text) if q.kind == "direct"]


def test_the_subject_next_to_the_cue_speaks_not_one_inside_the_quote(analyzer: Analyzer) -> None:
    # the parse hangs the quote's "I" on "said" as a second subject
    text = ("Rubio stayed calm.\n\n\u201cI\u2019m not telling you he didn\u2019t deserve it, but that\u2019s not "
            "who I am and that\u2019s not what I want to be,\u201d Rubio said to Fox News\u2019 Megyn Kelly.")
    quotes = direct_of(analyzer, text)
    assert len(quotes) == 1 and quotes[0].speaker is not None
    assert text[quotes[0].speaker.start:quotes[0].speaker.end] == "Rubio"


def test_an_opening_curly_mark_after_a_word_closes_a_quote() -> None:
    text = ("\u201cIt's unusual,\u201c said Larry Noble, an attorney. "
            "\u201cIt's a hard thing to do and pull off.\u201d")
    spans = quoted_spans(text, paragraph_spans(text))
    assert [text[q.inner_start:q.inner_end] for q in spans] == ["It's unusual,",
                                                               "It's a hard thing to do and pull off."]
    assert all(q.closed for q in spans)


def test_any_verb_after_a_quote_ending_in_a_comma_is_its_cue(analyzer: Analyzer) -> None:
    text = ("The vote was partisan.\n\n\u201cIf they were serious about making progress on this, I think they would "
            "have gone to the only bill that has bipartisan support,\u201d Toomey fumed on Tuesday.")
    quotes = direct_of(analyzer, text)
    assert len(quotes) == 1 and quotes[0].speaker is not None
    assert text[quotes[0].speaker.start:quotes[0].speaker.end] == "Toomey"


def test_as_someone_puts_it_is_a_cue(analyzer: Analyzer) -> None:
    text = ("Garland looks dead on arrival.\n\nAs The Post's Dana Milbank puts it, "
            "\"Senate Republicans are unmoved, and liberal activists are uninspired.\"")
    quotes = direct_of(analyzer, text)
    assert len(quotes) == 1 and quotes[0].speaker is not None
    assert "Milbank" in text[quotes[0].speaker.start:quotes[0].speaker.end]


def test_a_name_after_a_dash_on_the_next_line_is_the_speaker(analyzer: Analyzer) -> None:
    text = ("We review assertions in debates.\n\n\"[Americans are] worried about the future of their kids, and yet "
            "almost all new income and wealth is going to the top 1 percent.\"\n\n- Bernie Sanders.\n\n"
            "\"The whole idea is something that we hear about all the time, and it needs to stop.\"\n\n"
            "-Michelle Marks, Philadelphia.")
    speakers = [q.speaker.name if q.speaker else "" for q in direct_of(analyzer, text)]
    assert len(speakers) == 2
    assert speakers[0] == "Bernie Sanders" and "Michelle Marks" in speakers[1]


def test_a_title_after_a_possessive_names_a_show(analyzer: Analyzer) -> None:
    text = ("Speaking Sunday on ABC\u2019s \u201cThis Week,\u201d Carson admitted that the course name in his book "
            "was inaccurate.")
    assert not any("This Week" in q.text and q.kind == "direct" for q in quotes_of(analyzer, text))


def test_a_mixed_quote_ends_before_a_second_verb_joined_by_and(analyzer: Analyzer) -> None:
    text = ("Ryan spoke after the meeting.\n\nRyan said he found Trump to be \u201cvery charming\u201d and called "
            "his standing in the crowded candidate field \u201cunheard of.\u201d")
    said = [q for q in quotes_of(analyzer, text) if q.kind == "mixed" and q.cue == "say"]
    assert len(said) == 1
    assert text[said[0].start:said[0].end] == "he found Trump to be \u201cvery charming\u201d"


def test_a_cue_nested_in_a_quote_is_not_a_second_quote(analyzer: Analyzer) -> None:
    text = ("Pakistan's parliament was dissolved on Sunday.\n\nMinutes later, Imran Khan said in a televised address "
            "that he had asked President Arif Alvi to dissolve the assembly and call early elections.")
    quotes = quotes_of(analyzer, text)
    assert [q.cue for q in quotes] == ["say"]
    assert quotes[0].text.endswith("call early elections")


def test_a_nested_speech_verb_of_another_speaker_stays(analyzer: Analyzer) -> None:
    text = ("The talks ended late.\n\nOfficials in Paris said Vladimir Putin had warned Emmanuel Macron that the siege "
            "of the city would not end before the talks resumed next week.")
    cues = sorted(q.cue or "" for q in quotes_of(analyzer, text))
    assert cues == ["say", "warn"]


def test_according_to_keeps_the_outer_attribution(analyzer: Analyzer) -> None:
    text = ("Factories halted production.\n\nThe carmaker said it would suspend work for four days at its plant, "
            "according to a notice seen by employees.")
    quotes = quotes_of(analyzer, text)
    assert [q.cue for q in quotes] == ["according to"]


def test_a_pronoun_speaker_takes_the_organisation_before_it(analyzer: Analyzer) -> None:
    text = ("OPEC+ agreed on Thursday to stick to a modest increase in oil output for May.\n\n"
            "The group, which includes Saudi Arabia and Russia, will raise its output target by 432,000 barrels "
            "a day, it said after a brief video meeting.")
    said = [q for q in quotes_of(analyzer, text) if q.cue == "say"]
    assert len(said) == 1 and said[0].speaker is not None
    assert said[0].speaker.name == "OPEC+"
    assert text[said[0].speaker.start:said[0].speaker.end] == "it"  # the offsets stay on the source's words


def test_calling_elections_is_not_speech(analyzer: Analyzer) -> None:
    text = "The president called early elections for June after the assembly was dissolved."
    assert not any(q.cue == "call" for q in quotes_of(analyzer, text))


def test_a_person_described_by_a_body_is_not_that_body(analyzer: Analyzer) -> None:
    text = ("The deputy speaker of Pakistan's National Assembly blocked a no-confidence vote against Prime "
            "Minister Imran Khan on Sunday, ruling that the opposition motion was part of a foreign conspiracy.")
    ruled = [q for q in quotes_of(analyzer, text) if q.cue == "rule"]
    assert len(ruled) == 1 and ruled[0].speaker is not None
    assert ruled[0].speaker.name.lower().startswith("the deputy speaker")
    assert ruled[0].speaker.entity is None


def test_adding_to_an_amount_is_no_statement(analyzer: Analyzer) -> None:
    text = ("Oil prices fell on Friday after members of the International Energy Agency agreed to release more oil "
            "from their stocks, adding to the record release announced by the United States.")
    assert not [q for q in quotes_of(analyzer, text) if q.cue == "add"]
    said = ('Clinton tweeted congratulations to Sanders, adding "to all the voters and volunteers who poured your '
            'hearts into this campaign: Forward!"')
    assert [q for q in quotes_of(analyzer, said) if q.cue == "add"]


def test_a_subject_the_parse_left_in_the_clause_before_speaks(analyzer: Analyzer) -> None:
    text = ("Shanghai began locking down the western half of the city on Friday, as residents in Pudong complained "
            "of food shortages and officials admitted that the response had fallen short.")
    quotes = quotes_of(analyzer, text)
    admitted = [q for q in quotes if q.cue == "admit"]
    assert admitted and admitted[0].speaker is not None and admitted[0].speaker.name == "officials"
    complained = [q for q in quotes if q.cue == "complain"]
    assert complained and complained[0].text == "food shortages"


def test_a_closing_mark_after_a_direction_mark_or_before_an_ellipsis_opens_a_quote() -> None:
    text = ("\u202a\u201dIsis will burn in hell for it!\u201d wrote Pete Hidalgo.\n\n"
            "\u201d \u2026 the Cruz train has already left the station,\u201d wrote Time magazine.")
    spans = quoted_spans(text, paragraph_spans(text))
    assert [text[q.inner_start:q.inner_end] for q in spans] == [
        "Isis will burn in hell for it!", " \u2026 the Cruz train has already left the station,"]
    assert all(q.closed for q in spans)


def test_a_spaced_hyphen_after_a_mixed_quote_is_a_dash(analyzer: Analyzer) -> None:
    text = ('He promises the government will help "up-skill" workers - and he makes sure to include coal '
            'workers.')
    spans = [text[q.start:q.end] for q in quotes_of(analyzer, text) if q.kind == "mixed"]
    assert spans == ['the government will help "up-skill" workers']


def test_a_markup_tag_name_is_no_cue(analyzer: Analyzer) -> None:
    text = ('<tweet pic="" author="realDonaldTrump" timestamp="1468512000" tweet_id="753720863606775809">'
            'Another horrific attack, this time in Nice, France. Many dead and injured.</tweet>.')
    assert not [q for q in quotes_of(analyzer, text) if q.cue == "tweet"]


def test_a_that_clause_parsed_as_a_relative_clause_is_the_cue_s_content(analyzer: Analyzer) -> None:
    text = ("Sanders said following a vote in 2001 that he had \u201cvery serious concerns about the long-term "
            "goals of an increasingly powerful and profit-motivated biotechnology industry.\u201d")
    quotes = quotes_of(analyzer, text)
    assert [text[q.start:q.end][:25] for q in quotes] == ["that he had \u201cvery serious"]
    assert quotes[0].speaker is not None and quotes[0].speaker.name.endswith("Sanders")


def test_a_speakerless_attribution_gives_way_to_the_sourced_one_inside_it(analyzer: Analyzer) -> None:
    quotes = quotes_of(analyzer, 'There appeared to be tangible progress, with Russia declaring that it would '
                                 '"drastically reduce" its offensive around Kyiv.')
    assert [(q.speaker.name if q.speaker else None, q.cue) for q in quotes] == [("Russia", "declare")]
    assert quotes[0].text.startswith("that it would")


def test_a_statement_carrying_a_mixed_quote_gives_way_to_it(analyzer: Analyzer) -> None:
    # the carrier's content stops before the closing mark the mixed quote runs to
    quotes = quotes_of(analyzer, 'The ministry of defense issued a statement saying it would "reduce military '
                                 'activity" in order to "create the necessary conditions for further negotiations."')
    assert [(q.cue, q.kind) for q in quotes] == [("say", "mixed")]


def test_an_article_the_model_cannot_read_costs_only_itself(analyzer: Analyzer) -> None:
    texts = ["Putin said the talks had failed.", "A lone surrogate \ud800 breaks the tokenizer.",
             "Zelensky said the talks had gone well."]
    articles = [Article(id=f"a{k}", title=None, text=t, paragraphs=paragraph_spans(t)) for k, t in enumerate(texts)]
    first, bad, last = analyzer.results(articles, n_process=1)
    assert isinstance(first, Article) and [q.speaker.name for q in first.quotes if q.speaker] == ["Putin"]
    assert isinstance(bad, AnalysisError) and bad.input == "a1" and "language model failed" in bad.reason
    assert isinstance(last, Article) and [q.speaker.name for q in last.quotes if q.speaker] == ["Zelensky"]


def test_an_indirect_quote_cut_short_inside_another_quote_s_marks_gives_way(analyzer: Analyzer) -> None:
    text = ("The senator said he is proud of his campaign and expects to leave Nevada with a "
            "\"solid share of the delegates.\"")
    quotes = quotes_of(analyzer, text)
    assert [(q.kind, q.cue) for q in quotes if "delegates" in q.text] == [("mixed", "expect")]


def test_an_excerpt_credited_in_brackets_is_the_outlet_s_quote(analyzer: Analyzer) -> None:
    text = ("TOP STORIES.\n\nHOW CHINA'S DECLINE AFFECTS THE REST OF THE WORLD \u201cChina's economic slowdown "
            "and financial mayhem are fostering a cycle of decline across much of the world.\u201d [WaPo.]\n\n"
            "WHAT'S BREWING.")
    [quote] = quotes_of(analyzer, text)
    assert quote.kind == "direct" and quote.text.startswith("China's economic slowdown")
    assert quote.speaker is not None and quote.speaker.name == "WaPo"


def test_the_inner_quote_of_a_belief_keeps_the_speaker_who_reported_it(analyzer: Analyzer) -> None:
    text = ("The senator said he is proud of his campaign and expects to leave Nevada with a "
            "\"solid share of the delegates.\"")
    [quote] = [q for q in quotes_of(analyzer, text) if "delegates" in q.text]
    assert quote.cue == "expect" and quote.speaker is not None and quote.speaker.name == "The senator"


def test_an_inner_cue_seldom_a_cue_gives_way_to_the_outer_quote_run_on_to_its_mark(analyzer: Analyzer) -> None:
    text = 'Ryan said allies wanted to know if the U.S. is "still in the game."'
    [quote] = quotes_of(analyzer, text)
    assert (quote.cue, quote.kind) == ("say", "mixed") and text[quote.start:quote.end].endswith('game."')
    assert quote.speaker is not None and quote.speaker.name == "Ryan"


def test_a_quote_opening_its_line_takes_the_words_after_it_where_no_cue_is_parsed(analyzer: Analyzer) -> None:
    text = ("The editors aimed their Friday editorial at Clinton.\n\n\u201cIf she wants to be the next president, "
            "Hillary Clinton should act like one, and come to Louisiana,\u201d the editorial read.\n\n"
            "The newspaper said she should visit.")
    quote = next(q for q in quotes_of(analyzer, text) if "Louisiana" in q.text)
    assert quote.kind == "direct" and quote.cue == "read"
    assert quote.speaker is not None and quote.speaker.name == "the editorial"


def test_a_quote_after_the_content_the_parse_cut_short_finishes_it(analyzer: Analyzer) -> None:
    text = ("Republicans reacted on Tuesday.\n\nMcConnell says that the American people are seeking a leader to "
            "counter terrorist threats from Islamic State militants, but instead Obama is giving them \u201clectures, "
            "distractions, and attempts to undermine their fundamental Second Amendment rights.\u201d")
    quote = next(q for q in quotes_of(analyzer, text) if "lectures" in q.text)
    assert quote.kind == "mixed" and quote.cue == "say"
    assert text[quote.start:quote.end].startswith("that the American people")
    assert text[quote.start:quote.end].endswith("rights.\u201d")


def test_a_relative_pronoun_s_noun_speaks_and_the_pronoun_is_the_local_mention(analyzer: Analyzer) -> None:
    text = ("The debate drew many posts.\n\nAmong many references to Clinton\u2019s private email server was this "
            "tweet from Rikkie Wells who tweeted, \u201cYou see, Hillary and her staff never, ever pay attention to "
            "the rules.\u201d")
    quote = next(q for q in quotes_of(analyzer, text) if "rules" in q.text)
    assert quote.speaker is not None and quote.speaker.name == "Rikkie Wells"
    assert text[quote.speaker.start:quote.speaker.end] == "who"
    text = ("The listing was replaced at mid-morning Thursday by a message that said, \"Sorry, but the item you "
            "have requested is no longer in the system.\"")
    quote = next(q for q in quotes_of(analyzer, text) if "Sorry" in q.text)
    assert quote.speaker is not None and quote.speaker.name == "a message"


def test_a_quote_no_cue_claims_goes_to_a_low_scored_frame_that_holds_it(analyzer: Analyzer) -> None:
    text = ("Cruz is giving away a shotgun.\n\nThe GOP presidential candidate sent out an email to supporters "
            "Tuesday inviting them to enter the contest for free, to \u201cwin my engraved shotgun!\u201d")
    quote = next(q for q in quotes_of(analyzer, text) if "shotgun!" in q.text)
    assert quote.kind == "mixed" and quote.cue == "invite"
    text = ("The group has several options. One would be a leadership PAC, while a third would be what Sroka "
            "called a \"let a thousand flowers bloom\" approach.")
    quote = next(q for q in quotes_of(analyzer, text) if "flowers" in q.text)
    assert quote.speaker is not None and quote.speaker.name == "Sroka"
    # a low-scored frame with no source is mostly a title, and no one would be said to have said it
    text = ("How did such an arcane proposal even make it into Mrs. Clinton's tax plan?\n\nThe plan is lifted almost "
            "whole cloth from a paper published shortly before Mrs. Clinton's N.Y.U. speech titled ''How to Foster "
            "Long-Term Innovation Investment'' by Neera Tanden and Blair Effron.")
    assert not any("Innovation" in q.text for q in quotes_of(analyzer, text))


def test_a_paragraph_quote_after_a_quote_and_its_cue_goes_on_with_it(analyzer: Analyzer) -> None:
    text = ("The singer was blunt about the race.\n\n"
            "\u201cNo one is writing songs for Hillary. Obama had will.i.am. Hillary has nobody like that,\u201d "
            "he said.\n\n\u201cRight now, the vote is against Trump. It\u2019s not for Hillary. I still think "
            "she\u2019s going to win.\u201d")
    quotes = [q for q in quotes_of(analyzer, text) if q.kind == "direct"]
    assert len(quotes) == 1
    assert text[quotes[0].start:quotes[0].end].startswith("\u201cNo one")
    assert text[quotes[0].start:quotes[0].end].endswith("going to win.\u201d")
    # not after a short quoted term: '"medical problem," a doctor had typed ...'
    text = ("On her discharge papers, in a box labeled \u201cmedical problem,\u201d a doctor had typed \u201chomicidal "
            "ideation.\u201d\n\n\"Melanie thought the whole thing was outrageous. She wasn\u2019t a person with "
            "homicidal ideation. She was anxious, sure. Enraged, definitely.")
    assert not any("medical" in q.text and "Melanie" in q.text for q in quotes_of(analyzer, text))


def test_which_in_a_relative_clause_speaks_for_its_noun(analyzer: Analyzer) -> None:
    text = ("TNG50 is the latest simulation created by the IllustrisTNG Project, which aims to build a complete "
            "picture of how our universe evolved since the Big Bang.")
    quote = next(q for q in quotes_of(analyzer, text) if "picture" in q.text)
    assert quote.speaker is not None and quote.speaker.name == "IllustrisTNG Project"
    assert text[quote.speaker.start:quote.speaker.end] == "which"  # the local mention, as PolNeAR marks it


def test_who_is_told_after_the_cue_is_not_the_speaker(analyzer: Analyzer) -> None:
    text = ("\u201cStadia has been built from the ground up to be a cloud platform,\u201d Jack Buser, director for "
            "games at Google, tells The Hollywood Reporter.")
    quote = next(q for q in quotes_of(analyzer, text) if "Stadia" in q.text)
    assert quote.speaker is not None and quote.speaker.name == "Jack Buser"


def test_a_split_quote_reads_as_one_quote(analyzer: Analyzer) -> None:
    text = ("\u201cThe talks,\u201d Medinsky said, \u201cwere constructive.\u201d Later he added: \u201cWe will "
            "see.\u201d\n\n\u201cWe tried,\u201d Zhang said. \u201cNobody came.\u201d")
    texts = {q.text for q in quotes_of(analyzer, text) if q.kind == "direct"}
    assert {"The talks were constructive.", "We tried. Nobody came."} <= texts


def test_a_last_name_alone_is_the_person_named_in_full(analyzer: Analyzer) -> None:
    text = ("The deal could start a trend, says John Petrides, portfolio manager at Tocqueville Asset Management."
            "\n\n\u201cShelf space has basically become infinite,\u201d Petrides said during the segment.\n\n"
            "Hillary Clinton did not comment. Shares of the Clinton Foundation's partners rose.")
    article = analysed(analyzer, text)
    quote = next(q for q in article.quotes if "Shelf" in q.text)
    assert quote.speaker is not None and quote.speaker.name == "John Petrides"
    (person,) = [e for e in article.entities if e.name == "John Petrides"]
    assert [m.text for m in person.mentions] == ["John Petrides", "Petrides"]
    clinton = entity(article, "Hillary Clinton")
    assert [m.text for m in clinton.mentions] == ["Hillary Clinton"]  # not the foundation's "Clinton"


def test_a_name_after_an_inserted_cue_speaks(analyzer: Analyzer) -> None:
    text = ("Tuft cells are odd.\n\nThis system, says Richard Locksley, an immunologist at the University of "
            "California, San Francisco, helps direct a systematic response to potential dangers throughout the body.")
    quote = next(q for q in quotes_of(analyzer, text) if "response" in q.text)
    assert quote.speaker is not None and quote.speaker.name == "Richard Locksley"


def test_the_words_after_a_quote_opening_its_line_speak_before_the_quote_before_it(analyzer: Analyzer) -> None:
    text = ('Mayor Ann Lee said the budget "would hold through the winter."\n\n'
            '"Nothing in this budget adds up," the editorial read.')
    assert speakers_of(analyzer, text) == [("Ann Lee", 'the budget "would hold through the winter."'),
                                        ("the editorial", "Nothing in this budget adds up")]
