"""extract: dates in a sentence, relative ones resolved against --date (or the
date the page gives itself), never guessed when there is nothing to resolve
them against."""

from __future__ import annotations

import datetime as dt

import pytest

from claimcheck.extract import Options, extract_reports
from claimcheck.extract.dates import find_dates, text_year
from claimcheck.extract.drafts import YEAR_FROM_TEXT

MONDAY = dt.date(2023, 9, 18)


@pytest.mark.parametrize("sentence, text, iso", [
    ("The ministry said on Sunday that 40 people died.", "Sunday", "2023-09-17"),
    ("On Monday, officials said 12 people were killed.", "Monday", "2023-09-18"),  # the report's own day
    ("Last Wednesday, the mayor said 20,000 could have died.", "Last Wednesday", "2023-09-13"),
    ("Last Monday, the mayor said 20,000 could have died.", "Last Monday", "2023-09-11"),
    ("Officials said yesterday that 30 people died.", "yesterday", "2023-09-17"),
    ("The offensive began last month.", "last month", "2023-08"),
    ("The war began last year.", "last year", "2022"),
    ("Storm Daniel struck on September 10.", "September 10", "2023-09-10"),
    ("The town fell on November 9.", "November 9", "2022-11-09"),  # a date after the report is last year's
    ("Syria's army announced Thursday (November 9) the capture.", "November 9", "2022-11-09"),
    ("The strike came on 8 January 2023.", "8 January 2023", "2023-01-08"),
    ("Then, on Feb. 7, pro-regime forces attacked.", "Feb. 7", "2023-02-07"),
    ("He launched his campaign in September 2015.", "September 2015", "2015-09"),
    ("The army entered the city on 2017-11-09.", "2017-11-09", "2017-11-09"),
])
def test_dates_are_resolved_against_the_report_date(sentence, text, iso):
    ds = find_dates(sentence, MONDAY)
    assert [(d.text, d.iso) for d in ds] == [(text, iso)]


def test_that_same_year_takes_the_year_named_before():
    (d,) = find_dates("That same year, Russia entered the conflict.", None, context_year=2015)
    assert (d.iso, d.precision) == ("2015", "year")


@pytest.mark.parametrize("sentence", ["On Thursday, officials said 12 died.", "It fell on November 9.",
                                      "The strike came last month."])
def test_without_a_report_date_relative_dates_are_left_unresolved(sentence):
    assert [d.iso for d in find_dates(sentence, None)] == [None]


def test_since_marks_the_edge_of_a_period():
    (d,) = find_dates("Boko Haram has carried out attacks since 2009.", MONDAY)
    assert d.since


def _as_of(text: bytes, name: str = "r.txt", when: dt.date | None = MONDAY) -> dict[str, str | None]:
    drafts, _ = extract_reports([(name, text)], None, Options(outlet="Wire", date=when))
    return {d.figure_text: d.as_of for d in drafts}


def test_as_of_is_the_date_of_the_attribution():
    got = _as_of(b"In its latest update on Sunday, OCHA said the floods had left 3,958 people dead.\n\n"
                 b"Last Wednesday, the mayor told Al Arabiya that 20,000 people could have died.\n\n"
                 b"The IOM said at least 30,000 people were displaced.")
    assert got == {"3,958": "2023-09-17", "20,000": "2023-09-13", "at least 30,000": None}


def test_without_date_the_page_date_resolves_relative_dates():
    page = (b'<html><head><meta property="article:published_time" content="2023-09-18T09:15:00+02:00"></head>'
            b"<body><article><p>OCHA said on Sunday that 3,958 people were dead.</p></article></body></html>")
    assert _as_of(page, "r.html", None) == {"3,958": "2023-09-17"}


def test_without_any_date_a_weekday_gives_no_as_of():
    assert _as_of(b"OCHA said on Sunday that 3,958 people were dead.", when=None) == {"3,958": None}


def test_the_dateline_of_a_plain_text_report_is_its_date():
    text = b"THE WIRE\nSunday 8 January 2023, 21:40 GMT\n\nThe ministry said on Sunday that 600 soldiers were killed.\n"
    assert _as_of(text, when=None) == {"600": "2023-01-08"}


@pytest.mark.parametrize("texts, year", [
    (["In Sept. 2016, the US bombed the army.", "Fighters moved north in early 2018."], 2018),  # the latest, not the last
    (["The war began in 2011.", "He was elected on 4 May 2014."], 2014),  # a full date counts
    (["The city fell in 2017.", "Elections are planned by 2030."], 2017),  # "by 2030" may look ahead
    (["No year here.", "On Thursday, 12 died."], None),
    # a weekday the text gives with a month and day refutes a year it does not fit
    (["The army announced Thursday (November 9) the capture.", "They rampaged across the region in 2014."], None),
    (["The army announced Thursday (November 9) the capture.", "They rampaged across the region in 2017."], 2017),
    (["On Thursday, 9 November, the town fell.", "That was in 2017."], 2017),
])
def test_the_year_of_a_report_without_a_date_is_the_latest_its_text_names(texts, year):
    assert text_year(texts) == year


def test_a_month_and_day_take_the_text_year_only_without_a_report_date():
    (d,) = find_dates("Then, on Feb. 7, pro-regime forces attacked.", None, year_hint=2018)
    assert (d.iso, d.year_from_text) == ("2018-02-07", True)
    (d,) = find_dates("Then, on Feb. 7, pro-regime forces attacked.", MONDAY, year_hint=2018)
    assert (d.iso, d.year_from_text) == ("2023-02-07", False)  # --date or the page's date decides
    # a weekday or "last month" needs the report's day, not only its year
    assert [d.iso for d in find_dates("On Thursday, 12 died last month.", None, year_hint=2018)] == [None, None]


def _drafts(text: bytes, when: dt.date | None = None):
    drafts, _ = extract_reports([("r.txt", text)], None, Options(outlet="Wire", date=when))
    return {d.figure_text: d for d in drafts}


REPORT = (b"Many fighters had moved north in early 2018.\n\n"
          b"Then, on Feb. 7, pro-regime forces launched an attack on the town of Khasham, the army said.\n\n"
          b"The army said on March 3 that 40 soldiers had been killed.\n")


def test_a_date_without_a_year_takes_the_reports_year_with_a_hedge():
    got = _drafts(REPORT)
    date, toll = got["Feb. 7"], got["40"]
    assert (date.low, date.as_of) == (dt.date(2018, 2, 7).toordinal(), None)
    assert YEAR_FROM_TEXT in date.hedges and YEAR_FROM_TEXT in toll.hedges
    assert toll.as_of == "2018-03-03"
    dated = _drafts(REPORT, dt.date(2018, 5, 8))  # the same report with its date: no hedge, higher confidence
    assert YEAR_FROM_TEXT not in dated["Feb. 7"].hedges
    assert dated["Feb. 7"].confidence > date.confidence and dated["40"].confidence > toll.confidence


def test_a_year_the_text_refutes_resolves_nothing():
    got = _drafts(b"Syria's army announced Thursday (November 9) the capture of the town of Albu Kamal.\n\n"
                  b"The militants had rampaged across the region in 2014.\n\n"
                  b"The capture of the town of Al-Qaim on November 3 left the militants with little.\n")
    assert [d for d in got.values() if d.kind == "date"] == []
