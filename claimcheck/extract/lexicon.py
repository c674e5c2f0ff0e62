"""The words the extractor reads reports by: what is counted, the verbs that
attribute a figure, units that make a number incidental, and the words that
hedge a claim. Plain data, one place; ``docs/pending/extract.md`` lists the
attribution patterns built from them.
"""

from __future__ import annotations

import re

# --------------------------------------------------------------------------
# What is counted: a measure slug and the words that signal it
# --------------------------------------------------------------------------

#: Measure slug -> words (lower case; "going back" style pairs are matched on
#: the joined words). Order matters: the first measure found wins a tie.
MEASURE_WORDS: dict[str, tuple[str, ...]] = {
    "killed": (
        "killed", "kill", "kills", "killing", "killings", "dead", "died", "die", "dies", "death", "deaths", "toll",
        "perished", "fatalities", "fatality", "lives", "bodies", "body", "corpses", "graves", "buried",
        "massacred", "slain", "victims",
    ),
    "executed": ("executed", "beheaded", "decapitated", "executions", "execution", "hanged"),
    "wounded": ("wounded", "injured", "injuries", "injury", "hurt", "treated", "hospitalised", "hospitalized",
                "admission", "admitted"),
    "missing": ("missing", "unaccounted", "disappeared", "trapped"),
    "displaced": ("displaced", "fled", "homeless", "evacuated", "uprooted", "refugees"),
    "returned": ("returned", "returning", "returnees", "going back", "went back", "gone back", "going home",
                 "returned home", "returning home"),
    "arrested": ("arrested", "arrests", "detained", "detentions", "detainees", "jailed"),
    "abducted": ("abducted", "abductions", "abduction", "kidnapped", "kidnappings", "kidnapping"),
    "captured": ("captured", "prisoners", "captives", "pows", "exchanged", "surrendered", "hostages"),
    "released": ("freed", "alive"),
    "casualties": ("casualties", "casualty"),
    "strikes": ("strikes", "strike", "airstrikes", "airstrike", "raids", "attacks", "bombings", "shelling",
                "rockets", "missiles", "drones", "shells", "sorties"),
    "destroyed": ("destroyed", "damaged", "burnt", "burned", "razed", "flattened", "demolished"),
}
MEASURE_OF: dict[str, str] = {w: m for m, ws in MEASURE_WORDS.items() for w in ws}
#: Measures about people harmed: drafts of these are the core of a base.
HARM = frozenset({"killed", "executed", "wounded", "missing", "displaced", "casualties", "abducted", "arrested"})

#: Nouns of things and people that reports count (plural and singular), with the
#: measure they bring when no measure word is near. "" = people, no measure.
COUNT_NOUNS: dict[str, str] = {}
for _w in (
    "people persons person civilians civilian residents villagers inhabitants children child women woman men man "
    "boys girls babies infants students pupils patients workers journalists reporters doctors nurses medics "
    "volunteers worshippers protesters protestors demonstrators migrants individuals families households "
    "survivors victims members recruits conscripts mercenaries combatants officers policemen guards passengers "
    "nationals foreigners citizens voters teachers"
).split():
    COUNT_NOUNS[_w] = ""
for _w in "soldiers soldier troops servicemen servicemembers personnel".split():
    COUNT_NOUNS[_w] = "troops"
for _w in ("fighters fighter militants militant insurgents insurgent rebels rebel jihadists jihadist terrorists "
           "terrorist gunmen attackers bombers suspects").split():
    COUNT_NOUNS[_w] = "fighters"
for _w in "homes home houses house buildings building dwellings shelters apartments".split():
    COUNT_NOUNS[_w] = "homes"
for _w in "villages village towns town neighbourhoods neighborhoods districts areas territories camps".split():
    COUNT_NOUNS[_w] = "areas"
for _w in ("schools hospitals clinics mosques churches bridges bases positions checkpoints sites facilities "
           "hectares acres").split():
    COUNT_NOUNS[_w] = "sites"
for _w in ("tanks vehicles trucks jets aircraft planes helicopters warplanes ships vessels boats weapons guns "
           "artillery").split():
    COUNT_NOUNS[_w] = "vehicles"
for _w in "cases incidents arrests abductions operations".split():
    COUNT_NOUNS[_w] = ""
for _w in "statements videos pictures photos images claims posts".split():
    COUNT_NOUNS[_w] = "statements"
#: Measure words that are counted themselves ("187 dead", "57 abductions", "300 airstrikes").
for _w in ("dead injured wounded missing displaced deaths fatalities bodies corpses graves casualties injuries "
           "refugees returnees detainees prisoners captives hostages strikes airstrikes raids attacks bombings "
           "rockets missiles drones shells sorties kidnappings executions").split():
    COUNT_NOUNS.setdefault(_w, "")

#: Units after which a number is a duration, a distance, a size, a price or a
#: temperature, never a count of what reports dispute.
UNITS = frozenset(
    "second seconds sec secs minute minutes min mins hour hours hr hrs day days week weeks month months year years "
    "decade decades century centuries am pm a.m p.m gmt utc "
    "km kms kilometre kilometres kilometer kilometers mile miles metre metres meter meters m cm mm feet foot ft "
    "yard yards inch inches "
    "kg kilogram kilograms kilos tonne tonnes ton tons pound pounds lb lbs gram grams litre litres liter liters "
    "gallons barrels "
    "dollars dollar euros euro cents pence shillings naira rupees yuan yen dinars riyals lira pesos francs "
    "degrees °c °f celsius fahrenheit "
    "times fold percentages points point".split()
)
CURRENCY_SIGNS = frozenset("$ € £ ¥ ₹ ₦ us$".split())
#: A number right after one of these is a label (No. 47, Issue 1,482), not a count.
LABELS = frozenset(
    "no no. nos number issue page pages box tel tel. phone fax room floor flight route highway article bill "
    "resolution chapter section vol vol. volume hostel unit block gate platform channel magnitude scale level "
    "code ext ext. version grade class".split()
)

# --------------------------------------------------------------------------
# Attribution: verbs and phrases that name who says a figure
# --------------------------------------------------------------------------

#: Verbs whose subject is the claimant (any tense the report uses).
SAY_VERBS = frozenset(
    "said says say told tells tell claimed claims claim reported reports report announced announces announce "
    "stated states state added adds estimated estimates confirmed confirms acknowledged acknowledges admitted "
    "admits alleged alleges allege wrote writes noted notes explained explains insisted insists warned warns "
    "cautioned cautions revealed reveals disclosed discloses declared declares tallied tallies counted counts "
    "recorded records documented documents registered registers put puts gave gives given revised revises "
    "raised raises lowered lowers cut cuts updated updates maintained maintains believes believe thinks think "
    "estimate asserted asserts argued argues suggested suggests indicated indicates showed shows put "
    "read reads quoted quotes cited cites accused accuses blamed blames calculated calculates "
    "explain confirm acknowledge admit add note warn insist reveal declare announce".split()
)
#: Of SAY_VERBS, those that are also common nouns: a verb only before "that",
#: a quote, or a clause (never after a determiner).
AMBIGUOUS_VERBS = frozenset("claims claim reports report states state counts records documents notes estimate "
                            "estimates updates cut cuts put puts read reads shows maintained maintains note add "
                            "declare".split())
#: "put" and "gave" attribute only with a figure word after them ("put the toll at").
FIGURE_OBJECTS = frozenset("toll figure figures number numbers count tally estimate death casualties dead it them "
                           "total preliminary".split())
AUXILIARIES = frozenset("has had have also later earlier previously then again repeatedly separately initially "
                        "first now still only already just officially publicly late reportedly flatly subsequently "
                        "did does do would will could may might".split())
PASSIVE = frozenset("was were is are be been being".split())
DETERMINERS = frozenset("the a an such these those this that its their his her our my your any some no each every"
                        .split())
#: "a separate count by X": nouns of counts, after which "by X" / "from X" names the claimant.
COUNT_BY = frozenset("count counts tally tallies figure figures toll estimate estimates data report reports survey "
                     "statement statements update assessment records record census list".split())
#: Verbs of passing on a figure: "figures released by X", "attributed to X".
AGENT_VERBS = frozenset("released issued provided published given compiled verified announced reported confirmed "
                        "attributed supplied gathered collected".split())
PERSON_PRONOUNS = frozenset("he she him his her".split())
ORG_PRONOUNS = frozenset("it its they their them".split())
#: Head nouns of a definite description that points back to an organisation named before.
ORG_HEADS = frozenset(
    "ministry commission authority authorities agency organisation organization report statement update group "
    "military army government police monitor observatory administration office committee council department "
    "body team mission service coalition company force forces command headquarters council court newspaper "
    "outlet paper agency network channel broadcaster centre center institute fund programme program union "
    "alliance movement party watchdog".split()
)
#: Words that make a name an organisation's.
ORG_WORDS = frozenset(
    "ministry office commission authority authorities organization organisation agency army forces force police "
    "service council committee department administration government observatory crescent cross court bank fund "
    "programme program institute center centre group coalition command headquarters corps network union party "
    "news times journal post press media tv television radio foundation association society watch amnesty "
    "international nations un who ocha unicef unhcr iom icrc msf state daily agency guard brigade battalion "
    "division militia front movement alliance council assembly parliament senate congress university hospital "
    "observers mission republic kingdom rights affairs management culture information development relief "
    "security justice resources migration humanitarian emergency statistics disasters disaster welfare "
    "protection coordination operations intelligence affairs ministries services authority's".split()
)
#: Titles and offices stripped from a person's name ("Kramatorsk mayor Oleksandr
#: Honcharenko" -> "Oleksandr Honcharenko"); military ranks and honorifics are kept.
OFFICES = frozenset(
    "president vice prime minister ministers deputy state secretary general director governor mayor spokesman "
    "spokeswoman spokesperson chief head commissioner inspector police defence defense interior foreign health "
    "information cabinet cs ig cia fbi senior acting former then chairman chairperson chairwoman chair "
    "ambassador envoy commander official officer representative leader speaker mp senator sen sen. "
    "regional provincial district county city national federal assistant executive".split()
)
RANKS = frozenset("colonel col col. general gen gen. lieutenant lt lt. major maj maj. captain capt capt. sergeant "
                  "sgt sgt. brigadier admiral commodore dr dr. mr mr. mrs mrs. ms ms. prof prof. sheikh".split())
#: Nouns of people speaking for something: a role mentioned instead of a name.
ROLE_NOUNS = frozenset(
    "spokesman spokeswoman spokesperson minister mayor governor official officials chief boss director secretary "
    "commander officer representative head chairperson chairman chairwoman senator envoy ambassador president "
    "lawmaker mp witness resident doctor source sources activist activists analyst leader general colonel".split()
)
NAME_PARTICLES = frozenset("al al- el el- bin ibn abu de da di van von der du la le ben bint".split())

# --------------------------------------------------------------------------
# Hedges
# --------------------------------------------------------------------------

HEDGES = (
    "could not be independently verified", "cannot be independently verified", "could not be verified",
    "can not be verified", "cannot be verified", "could not independently verify", "impossible to independently verify",
    "impossible to verify", "difficult to verify", "has not been verified", "have not been verified",
    "not independently verified", "unverified", "unconfirmed", "reportedly", "allegedly", "purportedly",
    "supposedly", "apparently", "it is claimed", "is said to", "are said to", "was said to", "were said to",
    "believed to", "thought to", "according to unconfirmed", "preliminary", "may have", "might have",
)
HEDGE_RE = re.compile(r"\b(?:" + "|".join(re.escape(h) for h in sorted(HEDGES, key=len, reverse=True)) + r")\b", re.I)
#: A sentence right after the figure's that hedges "this figure" (it counts too).
HEDGE_BACKREF_RE = re.compile(r"\b(?:this|the|these|that|those|such) (?:figure|figures|number|numbers|toll|tally|"
                              r"claim|claims|count|estimate|report|reports|account|accounts)\b", re.I)

# --------------------------------------------------------------------------
# Calendar
# --------------------------------------------------------------------------

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
TIME_WORDS = frozenset(
    list(MONTHS) + list(WEEKDAYS) + "morning afternoon evening night today yesterday tonight week month year "
    "weekend day days weeks months years earlier later last same next previous overnight".split()
)
#: Events whose date is a figure ("dates of captures, and the like"): verb -> measure slug.
EVENT_VERBS = {
    "captured": "capture-date", "capture": "capture-date", "seized": "capture-date", "fell": "capture-date",
    "liberated": "capture-date", "overran": "capture-date", "took": "capture-date",
    "recaptured": "recapture-date", "recapture": "recapture-date", "retook": "recapture-date",
    "entered": "entry-date", "abandoned": "withdrawal-date", "withdrew": "withdrawal-date",
    "launched": "start-date", "began": "start-date", "started": "start-date", "begun": "start-date",
}
#: An event date is drafted only in a sentence about war: one of these words.
WAR_WORDS = frozenset(
    "army forces troops soldiers militants fighters jihadists rebels insurgents militia militias offensive attack "
    "operation assault campaign battle siege war conflict invasion stronghold town city base regime military "
    "garrison front frontline caliphate".split()
)

# --------------------------------------------------------------------------
# Sentences and page furniture
# --------------------------------------------------------------------------

ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen lt col maj capt sgt cpl pvt adm brig cmdr gov sen rep rev st mt ft no nos vol jan feb "
    "mar apr jun jul aug sep sept oct nov dec inc ltd co corp jr sr vs approx est dept univ e.g i.e u.s u.k u.n "
    "a.m p.m etc al fig".split()
)
FURNITURE_RE = re.compile(
    r"^\W{0,3}(?:photo|photo caption|photograph|caption|image|image credit|picture|pictured|related|related coverage|"
    r"read more|see also|more from|also read|watch|listen|advertisement|sponsored|subscribe|sign up|follow us|share|"
    r"comments?|tags?|topics?|filed under|credit|copyright|©|\(c\)|all rights reserved|\(?reporting by|editing by|"
    r"writing by|additional reporting|updated|published|posted|tel\b|phone|fax|e-?mail|p\.? ?o\.? box|page \d|"
    r"by [A-Z][\w.'-]*(?: [A-Z][\w.'-]*)*(?:,|\s*$| ·| -| —| staff))",
    re.I,
)
FURNITURE_ANYWHERE_RE = re.compile(
    r"all rights reserved|©|free articles? left|read time|min read|\bpage \d+ of \d+", re.I)
#: In a short block only: words of a page's promotions.
FURNITURE_SHORT_RE = re.compile(r"cookie|newsletter|subscribe|subscriber|sign up|sign in|log in|advertisement|"
                                r"follow us|download (?:the|our) app", re.I)
