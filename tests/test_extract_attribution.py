"""extract: who says each figure, for every attribution pattern the issue
names, names resolved within the report, and claimants matched to the base's
sources by name or alias."""

from __future__ import annotations

import datetime as dt

import pytest

from claimcheck.base import open_base
from claimcheck.extract import Options, extract_reports
from tests.helpers import make_base

OPTS = Options(outlet="Wire", date=dt.date(2024, 5, 14))


def claimants(text: str, base=None) -> dict[str, str | None]:
    drafts, _ = extract_reports([("r.txt", text.encode())], base, OPTS)
    return {d.figure_text: d.claimant_name for d in drafts}


@pytest.mark.parametrize("text, figure, claimant", [
    # X said
    ("The health ministry said 253 people had been killed in the attacks.", "253", "The health ministry"),
    # according to X
    ("More than 500 people were wounded in the blasts, according to the Red Cross.", "More than 500",
     "the Red Cross"),
    ("According to the KNCHR, 1,376 people were arrested.", "1,376", "the KNCHR"),
    # X put the toll at
    ("A community representative who met officials last Sunday put the death toll at 185.", "185",
     "community representative"),
    # X claimed
    ("The Islamic State claimed that it had killed more than 400 soldiers.", "more than 400", "The Islamic State"),
    # X told Y
    ("Mayor Abdulmenam al-Ghaithi told Al Arabiya television that 20,000 people could have died.", "20,000",
     "Abdulmenam al-Ghaithi"),
    # X reported that
    ("Al Masdar reported that 30 soldiers were killed in the clashes.", "30", "Al Masdar"),
    # a separate count by X
    ("A separate count by the UN relief agency put the number of dead at 35.", "35", "the UN relief agency"),
    # figures released by X
    ("Figures released by the Palestinian Red Crescent showed that 112 aid workers had been killed.", "112",
     "the Palestinian Red Crescent"),
    # X quoted Y as saying
    ("The update quoted local authorities as saying that 100 people had been killed.", "100", "local authorities"),
    # "..., X said" after a clause, and "..., said X" after a quotation
    ("Six people were later found dead, the police boss said.", "Six", "the police boss"),
    ('"We received 41 bodies," said Dr Khalil Daqran, a spokesman for the hospital.', "41", "Dr Khalil Daqran"),
    # a title is not part of the name; a rank is
    ("Inspector General of Police Douglas Kanja said 42 people had been killed.", "42", "Douglas Kanja"),
    ("Defence spokesman Brigadier General Chris Olukolade said only 37 people were killed.", "37",
     "Brigadier General Chris Olukolade"),
    # an official named by an idiom
    ("More than 200 bodies had been brought to hospitals, an official who gave his name as Dr Danish said.",
     "More than 200", "Dr Danish"),
    # the outlet's own voice where nobody is named
    ("One person was reported killed in shelling in the region.", "One", "Wire"),
])
def test_each_attribution_pattern_names_the_claimant(text, figure, claimant):
    assert claimants(text)[figure] == claimant


def test_the_statement_of_a_claimant_named_before():
    text = ("Russia's Defence Ministry claimed on Sunday that more than 600 Ukrainian servicemen had been killed.\n\n"
            '"More than 1,300 soldiers were quartered in the two buildings," the ministry\'s statement read.')
    assert claimants(text)["More than 1,300"] == "Russia's Defence Ministry"


def test_respectively_pairs_claimants_with_figures_in_order():
    got = claimants("The police and IPOA said 22 and 20 of the people reported abducted had been found alive, "
                    "respectively.")
    assert got == {"22": "The police", "20": "IPOA"}


def test_a_figure_in_a_quotation_belongs_to_its_speaker_and_he_points_back():
    text = ("The health ministry said 253 people had been killed.\n\n"
            "Anil Jasinghe, the director general of health services, cautioned that the total was an estimate. "
            '"It could be 250 or 260. I can\'t exactly say," he told Reuters.')
    assert claimants(text)["250 or 260"] == "Anil Jasinghe"


def test_a_surname_and_it_and_the_same_update_point_back():
    text = ("On Wednesday, State Minister of Defence Ruwan Wijewardene told reporters that the number of dead "
            "had risen to 359.\n\nWijewardene confirmed the revised figure of 253 on Thursday.\n\n"
            "The UN Office for the Coordination of Humanitarian Affairs (OCHA) said 3,958 people were dead. "
            "The same update said that more than 9,000 people were still missing. "
            "It added that 100 percent of homes in the district were destroyed.\n\n"
            "OCHA also said that 516 people were still missing.")
    got = claimants(text)
    assert got["359"] == got["253"] == "Ruwan Wijewardene"
    ocha = "The UN Office for the Coordination of Humanitarian Affairs"
    assert got["more than 9,000"] == got["100 percent"] == got["516"] == ocha


def test_the_foreign_ministry_is_not_the_health_ministry():
    text = ("The health ministry said 253 people had been killed.\n\n"
            "The foreign ministry had said that 40 of the victims were foreign nationals.")
    got = claimants(text)
    assert (got["253"], got["40"]) == ("The health ministry", "The foreign ministry")


def test_each_figure_takes_the_speaker_of_its_own_clause():
    text = ("On Saturday night the UN had given a preliminary figure of 320 dead, which it said was being verified, "
            "while the same update quoted local authorities as saying that 100 people had been killed and 500 injured.")
    assert claimants(text) == {"320": "the UN", "100": "local authorities", "500": "local authorities"}


def test_a_quotation_introduced_by_a_colon_keeps_its_speaker():
    text = ("Here is a clip from an article by Josh Rogin. He says:\n\n"
            "\u201cTehran is pouring thousands of fighters into newly acquired territories.\n\n"
            "Iran has stated its intention to retake all of Syria.\u201d")
    assert claimants(text)["thousands"] == "Josh Rogin"


def test_a_claimant_named_by_an_alias_gets_the_base_source_id(tmp_path):
    root = make_base(tmp_path, sources="""\
stances:
  independent: {description: No side, neutral: true}
sources:
  - id: sohr
    name: Syrian Observatory for Human Rights
    stance: independent
    aliases: [SOHR]
  - id: dillon
    name: Col. Ryan Dillon
    kind: person
    stance: independent
""")
    base = open_base(root)
    text = ("SOHR claims that just over 100 ISIS fighters have been killed.\n\n"
            "Colonel Ryan Dillon, the spokesman, said two members of the coalition were killed.")
    drafts, _ = extract_reports([("r.txt", text.encode())], base, OPTS)
    assert {d.figure_text: d.claimant for d in drafts} == {"just over 100": "sohr", "two": "dillon"}


def test_the_outlet_given_by_id_is_the_claimant_of_unattributed_figures(tmp_path):
    root = make_base(tmp_path)
    base = open_base(root)
    drafts, _ = extract_reports([("r.txt", b"Forty people were killed in the town, witnesses counted. "
                                            b"Two bodies were found on Monday.")], base,
                                Options(outlet="gov-tv", date=dt.date(2018, 5, 2)))
    d = next(d for d in drafts if d.figure_text == "Two")
    assert (d.claimant, d.claimant_name, d.outlet) == ("gov-tv", "State TV", "gov-tv")


def test_a_clause_opening_with_that_is_lowercased_in_the_statement():
    text = "That same year, 300 soldiers entered the town, the ministry said."
    drafts, _ = extract_reports([("r.txt", text.encode())], None, OPTS)
    (d,) = [d for d in drafts if d.figure_text == "300"]
    assert " that same year" in d.statement and "That" not in d.statement
