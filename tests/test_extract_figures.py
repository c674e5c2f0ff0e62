"""extract: figure phrases found in sentences and read by the figure grammar,
incidental numbers set aside, capture dates drafted, and a phrase form the
grammar learns picked up without a change to the extractor."""

from __future__ import annotations

import datetime as dt

import pytest

import claimcheck.extract.figures as F
from claimcheck.extract.dates import find_dates
from claimcheck.extract.figures import event_dates, find_figures, tokens
from claimcheck.figures import Figure, parse_figure


def kept(sentence: str) -> list[tuple[str, float, float | None]]:
    return [(m.text, m.low, m.high) for m in find_figures(sentence) if not m.reason]


@pytest.mark.parametrize("sentence, text, low, high", [
    ("Officials said 400 people were killed.", "400", 400, 400),
    ("The ministry said 2,053 people had been killed.", "2,053", 2053, 2053),
    ("The agency said 1.2 million people had fled their homes.", "1.2 million", 1.2e6, 1.2e6),
    ("Two soldiers died in the attack.", "Two", 2, 2),
    ("The army said twenty-five civilians were wounded.", "twenty-five", 25, 25),
    ("A dozen fighters were killed, the group said.", "A dozen", 12, 12),
    ("Dozens of Russians were reportedly killed in the bombing.", "Dozens", 12, 99),
    ("He said hundreds of civilians were buried under debris.", "hundreds", 100, 999),
    ("Pompeo said that a few hundred Russians perished.", "a few hundred", 200, 500),
    ("He said it killed tens of thousands of its people.", "tens of thousands", 10_000, 99_999),
    ("Pictures showed several decapitated soldiers.", "several", 3, 9),
    ("The ministry said more than 600 soldiers were killed.", "more than 600", 600, None),
    ("The IOM said at least 30,000 people were displaced.", "at least 30,000", 30_000, None),
    ("Its spokesman said nearly 20,000 homes had been destroyed.", "nearly 20,000", 18_000, 20_000),
    ("The storm killed around 170 people, the minister said.", "around 170", 153, 187),
    ("The shelter housed up to 50 people, the agency said.", "up to 50", 0, 50),
    ("Officials said between 10 and 20 people were killed.", "between 10 and 20", 10, 20),
    ("The mayor said deaths could reach 18,000 to 20,000.", "18,000 to 20,000", 18_000, 20_000),
    ("Medics said 10-20 people died overnight.", "10-20", 10, 20),
    ("SOHR claims that just over 100 fighters have been killed.", "just over 100", 100, 110),
    ("The Red Cross said 187 dead have been buried.", "187", 187, 187),
    ("The report said 100 percent of homes were destroyed.", "100 percent", 100, 100),
])
def test_each_figure_form_is_found_and_read_by_the_grammar(sentence, text, low, high):
    assert (text, low, high) in kept(sentence)


def test_two_figures_joined_by_or_are_one_range():
    assert kept('"It could be 250 or 260 dead," he said.') == [("250 or 260", 250, 260)]


def test_a_verb_of_surpassing_opens_the_interval_above():
    (m,) = [m for m in find_figures("He said the death toll had exceeded 7,000.") if not m.reason]
    assert (m.text, m.low, m.high, m.grammar) == ("exceeded 7,000", 7000, None, False)


@pytest.mark.parametrize("sentence, text", [
    ("The mayor wrote that nobody had been killed in the attacks.", "nobody"),
    ("He said the attack caused no casualties.", "no casualties"),
    ("Officials said no one was killed.", "no one"),
])
def test_zero_figures_are_drafted_as_zero(sentence, text):
    zs = [m for m in find_figures(sentence) if m.zero]
    assert [(m.text, m.low, m.high) for m in zs] == [(text, 0, 0)]


@pytest.mark.parametrize("sentence", [
    "The quake struck 35 kilometres northwest of the city.",  # a distance
    "He was 45 years old.",  # an age
    "Dhami Brindya, 13, was among the dead.",  # an age between commas
    "The 10-year-old girl survived.",
    "Libya has been split since 2014.",  # a year
    "The storm struck on September 10.",  # a date
    "Windows were broken at Hostel No. 47.",  # a label
    "SOUTH ASIA BRIEFING - Issue 1,482",
    "Tel. +234 9 461 2200",  # a phone number
    "OCHA approved a $5 million allocation.",  # money
    "His figure is roughly six times the military's count.",  # a ratio
    "It was followed by aftershocks of magnitude 6.3, 5.9 and 5.5.",
    "A 36-hour ceasefire ended on Sunday.",  # a duration
    "It was one of the deadliest attacks.",  # a selection, not a count
    "Reporters went to the two college dormitories.",  # a reference to things named before
    "You have 3 free articles left this month.",  # counts nothing a report disputes
    "The image is at https://cdn.example/x5y1692883516.jpg",
    "The officials cut the toll by more than a hundred on Thursday.",  # a change, not a figure
    "Lashio, a city of some 150,000 people, fell.",  # a population
])
def test_incidental_numbers_are_not_figures(sentence):
    assert kept(sentence) == []


def test_a_figure_among_incidental_numbers_is_still_found():
    s = "Three days after the quake, 35 kilometres from Herat, officials said 2,053 people had been killed."
    assert kept(s) == [("2,053", 2053, 2053)]


def test_what_is_counted_comes_from_the_noun_or_the_nearest_measure_word():
    ms = {m.text: m for m in find_figures("Sayeeq said 2,053 people had been killed, 9,240 injured and 1,329 "
                                          "houses damaged or destroyed.")}
    assert (ms["2,053"].measure, ms["9,240"].measure, ms["1,329"].measure) == ("killed", "wounded", "destroyed")
    assert ms["1,329"].category == "homes"


def test_a_capture_date_is_drafted_as_a_date_figure():
    s = "On Monday, Lebanese media reported that the Syrian army recaptured the city of Abu Kamal."
    ds = find_dates(s, dt.date(2017, 11, 24))
    (m,) = event_dates(s, tokens(s), ds)
    assert (m.kind, m.measure, m.date_first) == ("date", "recapture-date", dt.date(2017, 11, 20))


@pytest.mark.parametrize("sentence", [
    "Russia and Ukraine carried out a prisoner exchange on Sunday, handing over 50 captured soldiers.",
    "It was the largest loss since the invasion began on 24 February last year.",
    "The U.S. began bombing ISIS in 2014 and abandoned CIA support for the rebels.",
])
def test_dates_used_as_context_are_not_capture_dates(sentence):
    assert event_dates(sentence, tokens(sentence), find_dates(sentence, dt.date(2023, 1, 8))) == []


def test_the_start_of_the_reports_own_event_is_drafted_even_after_since():
    s = "Since the Assad regime offensive in southern Damascus began on Apr. 19, the group issued 40 statements."
    ds = find_dates(s, dt.date(2018, 5, 8))
    (m,) = event_dates(s, tokens(s), ds, own_place="Damascus")
    assert (m.text, m.measure, m.date_first) == ("Apr. 19", "start-date", dt.date(2018, 4, 19))
    # the same sentence in a report about another place: the start of a wider event is context
    assert event_dates(s, tokens(s), ds, own_place="Aleppo") == []
    wider = "It was the largest loss since the invasion began on 24 February last year."
    assert event_dates(wider, tokens(wider), find_dates(wider, dt.date(2023, 1, 8)), own_place="Kramatorsk") == []


def test_a_phrase_form_the_grammar_learns_is_found_without_a_change(monkeypatch):
    """The extractor tries spans against parse_figure: a form the grammar learns
    ("a gaggle", made up here) is found as soon as the grammar reads it and the
    phrase table names its words."""
    assert kept("Officials said a gaggle of soldiers were killed.") == []

    def grammar_with_gaggle(value):
        if isinstance(value, str) and value.strip().lower() == "a gaggle":
            return Figure(value.strip(), 3.0, 9.0, None)
        return parse_figure(value)

    rule = type(F.PHRASES[0])("a gaggle", "[3..9]", "none", "test", "a gaggle")
    monkeypatch.setattr(F, "parse_figure", grammar_with_gaggle)
    monkeypatch.setattr(F, "PHRASES", (*F.PHRASES, rule))
    monkeypatch.setattr(F, "_FAILED", set())
    monkeypatch.setattr(F, "_WORDS", {})
    assert kept("Officials said a gaggle of soldiers were killed.") == [("a gaggle", 3, 9)]
    # and "a handful", a form the grammar learned after the extractor was written
    assert kept("Officials said a handful of soldiers were killed.") == [("a handful", 2, 5)]


def test_a_sentence_of_numbers_costs_a_bounded_number_of_tries():
    s = " ".join(str(i) for i in range(5000))
    ms = find_figures(s)
    assert len(ms) <= F.MAX_ANCHORS
