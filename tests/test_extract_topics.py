"""extract: suggested topics that keep apart what a report counts apart (soldiers
and fighters, executions and battle deaths, villages and areas, an attack's
date and an offensive's) and put each figure where its paragraph, its heading
or its own sentence says it happened, so that `conflicts` after --into shows
the report's disputes and not figures of different events side by side."""

from __future__ import annotations

import datetime as dt

import pytest

from claimcheck.extract import Options, extract_reports
from tests.test_extract_into import conflict_pairs, claims_of, run, write
from tests.helpers import make_base

DAY = dt.date(2018, 5, 8)


def topics(text: str, name: str = "r.txt", when: dt.date | None = DAY) -> dict[str, str]:
    drafts, _ = extract_reports([(name, text.encode())], None, Options(outlet="Wire", date=when))
    return {d.figure_text: d.topic for d in drafts}


def test_a_report_that_counts_soldiers_and_fighters_killed_splits_them():
    got = topics("The battle for Testville has raged for weeks.\n\n"
                 "The militants allege that they have killed more than 400 soldiers in Testville.\n\n"
                 "The monitor says just over 100 fighters have been killed in Testville.\n\n"
                 "A hospital in Testville said 30 people were killed.\n")
    assert got["more than 400"] == "testville-2018/killed/soldiers"
    assert got["just over 100"] == "testville-2018/killed/fighters"
    assert got["30"] == "testville-2018/killed"  # no group named: the topic of the report's toll


def test_one_group_counted_does_not_split_a_dispute():
    got = topics("Russia said more than 600 Ukrainian soldiers were killed in the strike on Testville.\n\n"
                 "The mayor of Testville wrote that nobody had been killed in the strike on Testville.\n")
    assert got["more than 600"] == got["nobody"] == "testville-2018/killed"


def test_a_people_named_by_a_proper_plural_is_a_group():
    got = topics("In Testville, 40 soldiers were killed in the clashes.\n\n"
                 "In Testville, dozens of Russians were reportedly killed in the clashes.\n")
    assert (got["40"], got["dozens"]) == ("testville-2018/killed/soldiers", "testville-2018/killed/russians")


def test_the_place_named_earlier_in_the_paragraph_is_carried():
    got = topics("The war in Testville goes on. The army shelled Testville again on Monday.\n\n"
                 "Last year, the air force bombed positions in an area of Otherton. "
                 "Dozens of Russians were reportedly killed in the bombing. "
                 "An official said that a few hundred Russians perished.\n\n"
                 "The ministry said 40 people were killed.\n")
    assert got["Dozens"] == got["a few hundred"] == "otherton-2018/killed"
    assert got["40"] == "testville-2018/killed"  # a new paragraph: the report's main place again


def test_a_speakers_place_or_a_nationality_is_not_carried():
    got = topics("The floods in Testville were the worst in a century. Testville's port was closed.\n\n"
                 "\u201cWe are shocked,\u201d its spokesman told AFP from Otherton. "
                 "Estimates from Libyan officials ranged widely. "
                 "The mayor said deaths could reach 20,000.\n")
    assert got["20,000"] == "testville-2018/killed"


def test_a_sentence_that_opens_with_a_place_and_harm_in_a_place_set_the_topic():
    got = topics("The offensive on Testville goes on, and Testville is surrounded.\n\n"
                 "In the central region of Otherton ISIS holds a few small areas.\n\n"
                 "Two members of the coalition were killed in Manbij earlier this year.\n")
    assert got["a few"] == "otherton-2018/territory"
    assert got["Two"] == "manbij-2018/killed"


def test_a_heading_names_the_place_of_the_paragraphs_under_it():
    text = ("# Fighting in Testville\n\nThe army said 40 people were killed in Testville.\n\n"
            "## Fighting in Otherton\n\nThe monitor said 12 people were killed.\n\n"
            "Officials said 300 people had fled.\n")
    got = topics(text, "r.md")
    assert got["12"] == "otherton-2018/killed"
    assert got["300"] == "otherton-2018/displaced"


@pytest.mark.parametrize("sentence, figure, measure", [
    ("An article showed the corpses of several decapitated soldiers in Testville.", "several", "executed"),
    ("The group beheaded 12 people in Testville.", "12", "executed"),
    ("The militants held some two dozen villages around Testville.", "some two dozen", "villages"),
    ("The coalition said the militants held two areas in Testville.", "two", "territory"),
])
def test_what_is_counted_names_the_topic(sentence, figure, measure):
    assert topics("Testville report\n\n" + sentence)[figure].split("/")[1] == measure


def test_a_start_date_names_what_began():
    got = topics("The war in Testville goes on.\n\n"
                 "Then, on Feb. 7, pro-regime forces launched an attack against a base in Testville.\n\n"
                 "Since the regime offensive in Testville began on Apr. 19, the group has issued 40 statements.\n")
    assert got["Feb. 7"] == "testville-2018/attack-start-date"
    assert got["Apr. 19"] == "testville-2018/offensive-start-date"


def test_a_date_inside_a_caption_is_not_the_reports_date():
    text = ("Testville offensive looms\n\n"
            "An army flag is seen near a barricade in Testville, on April 10, 2015. The camp has been fought over.\n\n"
            "The monitor said on Thursday that 40 people were killed in Testville.\n")
    drafts, _ = extract_reports([("r.txt", text.encode())], None, Options(outlet="Wire"))
    (d,) = [d for d in drafts if d.figure_text == "40"]
    assert (d.report_date, d.as_of) == (None, None)  # 2015 would make "Thursday" a day in April 2015


REPORT = """\
Testville offensive grinds on

Since the regime offensive in Testville began on Apr. 19, the group has issued dozens of statements. \
In total, the militants allege that they have killed more than 400 soldiers.

The monitor claims that just over 100 fighters have been killed during the battle.

In Sept. 2016, the air force bombed the army in an area of Otherton. Then, on Feb. 7, pro-regime forces \
launched an attack against a base there. Dozens of Russians were reportedly killed in the bombing. \
The CIA director said that a few hundred Russians perished.

He explained that two members of the coalition were killed in Manbij earlier this year.
"""


def test_after_into_conflicts_shows_the_dispute_and_no_figures_of_other_events(tmp_path):
    root = make_base(tmp_path)
    r = run("--root", str(root), "extract", write(tmp_path, "r.txt", REPORT), "--outlet", "Wire",
            "--into", "claims/extracted.yaml")
    assert r.exit_code == 0, r.output
    ids = {c["figure"]: c["id"] for c in claims_of(root)}
    pairs = {frozenset((a, b)) for _, a, b in conflict_pairs(root)}
    assert pairs == {frozenset((ids["Dozens"], ids["a few hundred"]))}
