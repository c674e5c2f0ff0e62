"""Figure phrases -> intervals, and how figures compare (claimcheck.figures)."""
from __future__ import annotations

import itertools
import math
import subprocess
import sys
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.figures import ABOUT_TOLERANCE, PHRASES, Figure, FigureError, PhraseRule, ReversedFigure, comparable, format_interval, gap_days, gap_ratio, overlaps, parse_date, parse_figure
from claimcheck.docsgen import phrase_table_markdown

INF = None  # open high

# ---------------------------------------------------------------------------------------
# Every form in the table: (phrase, low, high, best, kind)
# ---------------------------------------------------------------------------------------

FORMS = [
    # plain numbers
    ("400", 400, 400, 400, "number"),
    ("2,000", 2000, 2000, 2000, "number"),
    ("1,200,000", 1_200_000, 1_200_000, 1_200_000, "number"),
    ("2.5", 2.5, 2.5, 2.5, "number"),
    ("1.2 million", 1_200_000, 1_200_000, 1_200_000, "number"),
    ("2.5 thousand", 2500, 2500, 2500, "number"),
    ("3 dozen", 36, 36, 36, "number"),
    ("0", 0, 0, 0, "number"),
    ("  2,000  ", 2000, 2000, 2000, "number"),
    # number words
    ("one", 1, 1, 1, "number"),
    ("twelve", 12, 12, 12, "number"),
    ("twenty", 20, 20, 20, "number"),
    ("ninety", 90, 90, 90, "number"),
    ("twenty-five", 25, 25, 25, "number"),
    ("twenty five", 25, 25, 25, "number"),
    ("hundred", 100, 100, 100, "number"),
    ("a hundred", 100, 100, 100, "number"),
    ("a thousand", 1000, 1000, 1000, "number"),
    ("two hundred", 200, 200, 200, "number"),
    ("two hundred and fifty", 250, 250, 250, "number"),
    ("one hundred fifty thousand", 150_000, 150_000, 150_000, "number"),
    ("a dozen", 12, 12, 12, "number"),
    ("two dozen", 24, 24, 24, "number"),
    ("a score", 20, 20, 20, "number"),
    ("a couple of", 2, 2, 2, "number"),
    ("a couple", 2, 2, 2, "number"),
    ("a couple of hundred", 200, 200, 200, "number"),
    ("Two Dozen", 24, 24, 24, "number"),
    # percent
    ("84 percent", 84, 84, 84, "percent"),
    ("84 per cent", 84, 84, 84, "percent"),
    ("84%", 84, 84, 84, "percent"),
    ("84 %", 84, 84, 84, "percent"),
    ("more than 84 percent", 84, 100, 84, "percent"),
    ("about 95%", 85.5, 100, 95, "percent"),
    ("10%-20%", 10, 20, None, "percent"),
    ("between 10 and 20 percent", 10, 20, None, "percent"),
    ("up to 50%", 0, 50, 50, "percent"),
    # about
    ("about 300", 270, 330, 300, "number"),
    ("around 300", 270, 330, 300, "number"),
    ("approximately 300", 270, 330, 300, "number"),
    ("approx. 300", 270, 330, 300, "number"),
    ("roughly 300", 270, 330, 300, "number"),
    ("some 300", 270, 330, 300, "number"),
    ("an estimated 300", 270, 330, 300, "number"),
    ("estimated 300", 270, 330, 300, "number"),
    ("circa 300", 270, 330, 300, "number"),
    ("~300", 270, 330, 300, "number"),
    ("some two dozen", 22, 26, 24, "number"),  # a count of whole things keeps whole bounds
    ("About 2,000", 1800, 2200, 2000, "number"),
    # nearly
    ("nearly 100", 90, 100, 100, "number"),
    ("almost 100", 90, 100, 100, "number"),
    ("close to 100", 90, 100, 100, "number"),
    # just over / under
    ("just over 100", 100, 110, 100, "number"),
    ("just above 100", 100, 110, 100, "number"),
    ("slightly more than 100", 100, 110, 100, "number"),
    ("just under 50", 45, 50, 50, "number"),
    ("just below 50", 45, 50, 50, "number"),
    ("slightly less than 50", 45, 50, 50, "number"),
    ("slightly fewer than 50", 45, 50, 50, "number"),
    # more than / at least (open)
    ("more than 400", 400, INF, 400, "number"),
    ("over 400", 400, INF, 400, "number"),
    ("above 400", 400, INF, 400, "number"),
    ("upwards of 400", 400, INF, 400, "number"),
    ("in excess of 400", 400, INF, 400, "number"),
    ("more than two dozen", 24, INF, 24, "number"),
    ("at least 30", 30, INF, 30, "number"),
    ("no fewer than 30", 30, INF, 30, "number"),
    ("no less than 30", 30, INF, 30, "number"),
    ("a minimum of 30", 30, INF, 30, "number"),
    ("30 or more", 30, INF, 30, "number"),
    ("30+", 30, INF, 30, "number"),
    # up to (best N) / ceilings (best none)
    ("up to 50", 0, 50, 50, "number"),
    ("as many as 50", 0, 50, 50, "number"),
    ("as much as 50", 0, 50, 50, "number"),
    ("at most 50", 0, 50, None, "number"),
    ("no more than 50", 0, 50, None, "number"),
    ("a maximum of 50", 0, 50, None, "number"),
    ("50 or fewer", 0, 50, None, "number"),
    ("50 or less", 0, 50, None, "number"),
    ("fewer than 10", 0, 10, None, "number"),
    ("less than 10", 0, 10, None, "number"),
    ("under 10", 0, 10, None, "number"),
    ("below 10", 0, 10, None, "number"),
    # ranges
    ("10-20", 10, 20, None, "number"),
    ("10–20", 10, 20, None, "number"),
    ("10 - 20", 10, 20, None, "number"),
    ("10 to 20", 10, 20, None, "number"),
    ("between 10 and 20", 10, 20, None, "number"),
    ("from 10 to 20", 10, 20, None, "number"),
    ("1,200-1,500", 1200, 1500, None, "number"),
    ("1.2-1.5 million", 1_200_000, 1_500_000, None, "number"),
    ("10-20 thousand", 10_000, 20_000, None, "number"),
    ("500-2 thousand", 500, 2000, None, "number"),
    ("two to three hundred", 200, 300, None, "number"),
    ("between two hundred and fifty and three hundred", 250, 300, None, "number"),
    ("ten-twenty", 10, 20, None, "number"),
    ("10-10", 10, 10, None, "number"),
    # vague quantities
    ("tens", 10, 99, None, "number"),
    ("dozens", 12, 99, None, "number"),
    ("Dozens", 12, 99, None, "number"),
    ("scores", 20, 99, None, "number"),
    ("hundreds", 100, 999, None, "number"),
    ("thousands", 1000, 9999, None, "number"),
    ("millions", 1_000_000, 9_999_999, None, "number"),
    ("tens of thousands", 10_000, 99_999, None, "number"),
    ("hundreds of thousands", 100_000, 999_999, None, "number"),
    ("tens of millions", 10_000_000, 99_999_999, None, "number"),
    ("a few", 2, 5, None, "number"),
    ("a few dozen", 24, 60, None, "number"),
    ("a few hundred", 200, 500, None, "number"),
    ("a few thousand", 2000, 5000, None, "number"),
    ("a few hundred thousand", 200_000, 500_000, None, "number"),
    ("several", 3, 9, None, "number"),
    ("several dozen", 36, 108, None, "number"),
    ("several hundred", 300, 900, None, "number"),
    ("several thousand", 3000, 9000, None, "number"),
    # qualifier + vague / range
    ("at least dozens", 12, INF, None, "number"),
    ("more than a few hundred", 200, INF, None, "number"),
    ("about 10-20", 9, 22, None, "number"),
    ("up to hundreds", 0, 999, None, "number"),
]


@pytest.mark.parametrize("phrase,low,high,best,kind", FORMS, ids=[f[0] for f in FORMS])
def test_forms(phrase, low, high, best, kind):
    f = parse_figure(phrase)
    assert f.low == pytest.approx(low)
    if high is None:
        assert f.high is None and f.open_high
    else:
        assert f.high == pytest.approx(high) and not f.open_high
    if best is None:
        assert f.best is None
    else:
        assert f.best == pytest.approx(best)
    assert f.kind == kind
    assert f.text == phrase.strip()


def test_no_float_noise_in_tolerances():
    f = parse_figure("about 300")
    assert (f.low, f.high) == (270.0, 330.0)
    assert ABOUT_TOLERANCE == 0.10


def test_numbers():
    assert parse_figure(400) == Figure("400", 400.0, 400.0, 400.0, "number")
    assert parse_figure(2.5) == Figure("2.5", 2.5, 2.5, 2.5, "number")
    assert parse_figure(0).low == 0


def test_bare_year_string_is_a_number():
    # documented: "2017" is the count 2,017; write "year 2017" or "2017-11" for dates
    assert parse_figure("2017").kind == "number"
    assert parse_figure("year 2017").kind == "date"


def test_cache_returns_same_object_and_normalises():
    assert parse_figure("about 300") is parse_figure("about 300")
    a, b = parse_figure("About   300"), parse_figure("about 300")
    assert (a.low, a.high, a.best, a.kind) == (b.low, b.high, b.best, b.kind)
    assert a.text == "About   300"


# ---------------------------------------------------------------------------------------
# Mappings
# ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "mapping,low,high,best,kind",
    [
        ({"low": 10, "best": 12, "high": 15}, 10, 15, 12, "number"),
        ({"best": 12}, 12, 12, 12, "number"),
        ({"low": 10}, 10, INF, None, "number"),
        ({"high": 15}, 0, 15, None, "number"),
        ({"low": 10, "high": 15}, 10, 15, None, "number"),
        ({"low": 10, "best": 12}, 10, 12, 12, "number"),
        ({"best": 12, "high": 15}, 12, 15, 12, "number"),
        ({"low": 10, "best": 12, "high": None}, 10, INF, 12, "number"),
        ({"low": "2,000", "high": "1.2 million"}, 2000, 1_200_000, None, "number"),
        ({"low": "80%", "best": "84%"}, 80, 84, 84, "percent"),
        ({"low": "80%", "high": None}, 80, 100, None, "percent"),
        ({"low": 1.5, "high": 2}, 1.5, 2, None, "number"),
    ],
)
def test_mapping(mapping, low, high, best, kind):
    f = parse_figure(mapping)
    assert (f.low, f.high, f.best, f.kind) == (low, high, best, kind)


def test_mapping_text():
    assert parse_figure({"low": 10, "best": 12, "high": 15}).text == "low 10, best 12, high 15"
    assert parse_figure({"high": 15, "low": 10}).text == "low 10, high 15"


@pytest.mark.parametrize(
    "mapping,words",
    [
        ({"low": 15, "best": 12}, ["low", "best", "15", "12"]),
        ({"best": 20, "high": 15}, ["best", "high", "20", "15"]),
        ({"low": 20, "high": 15}, ["low", "high", "20", "15"]),
        ({"low": 20, "best": 25, "high": 15}, ["best", "high"]),
    ],
)
def test_mapping_reversed_names_the_bounds(mapping, words):
    with pytest.raises(FigureError) as e:
        parse_figure(mapping)
    for w in words:
        assert w in str(e.value)


@pytest.mark.parametrize(
    "mapping,fragment",
    [
        ({}, "at least one"),
        ({"lo": 5}, "'lo'"),
        ({"low": True}, "True"),
        ({"low": -1}, "negative"),
        ({"best": float("nan")}, "finite"),
        ({"high": "loads"}, "'loads'"),
        ({"low": "dozens"}, "'dozens'"),
        ({"low": [1]}, "[1]"),
        ({"low": "10%", "high": 20}, "mixes"),
        ({"low": "120%"}, "100"),
    ],
)
def test_mapping_errors(mapping, fragment):
    with pytest.raises(FigureError) as e:
        parse_figure(mapping)
    assert fragment in str(e.value)
    assert "\n" not in str(e.value)


# ---------------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [True, False, None, [1, 2], (1,), -1, -0.5, float("nan"), float("inf"), object()])
def test_bad_values(value):
    with pytest.raises(FigureError):
        parse_figure(value)


def test_figure_error_is_value_error():
    assert issubclass(FigureError, ValueError)


def test_huge_values():
    with pytest.raises(FigureError):
        parse_figure(10**400)
    with pytest.raises(FigureError, match="too large"):
        parse_figure("9" * 400)
    with pytest.raises(FigureError):
        parse_figure({"low": "9" * 400})


def test_bool_message():
    with pytest.raises(FigureError, match="True"):
        parse_figure(True)


def test_negative_message():
    with pytest.raises(FigureError, match="negative"):
        parse_figure(-3)


@pytest.mark.parametrize(
    "phrase",
    ["loads of", "", "   ", "-5", "many", "about", "more than", "1,2", "a", "dozens of people",
     "five twenty", "two hundred hundred", "10-", "between 10", "2017-11-09 or so", "12 apples"],
)
def test_garbage_phrase_message(phrase):
    with pytest.raises(FigureError) as e:
        parse_figure(phrase)
    msg = str(e.value)
    assert repr(phrase.strip()) in msg
    assert "\n" not in msg
    for hint in ('"2,000"', '"about 300"', '"10-20"', '"dozens"', '"2017-11-09"', "figure-phrase table"):
        assert hint in msg


def test_exact_garbage_message():
    with pytest.raises(FigureError) as e:
        parse_figure("loads of")
    assert str(e.value) == (
        "cannot read figure 'loads of'; expected a number (\"2,000\", \"1.2 million\", \"84%\"), "
        "a qualifier + number (\"about 300\", \"more than 400\", \"up to 50\"), a range (\"10-20\", "
        "\"between 10 and 20\"), a vague quantity (\"dozens\", \"a few hundred\") or a date "
        "(\"2017-11-09\"); see the figure-phrase table"
    )


@pytest.mark.parametrize("phrase", ["20-10", "between 20 and 10", "hundreds to dozens", "2 thousand-500"])
def test_reversed_range(phrase):
    with pytest.raises(FigureError, match="backwards"):
        parse_figure(phrase)


@pytest.mark.parametrize("phrase", ["150%", "more than 120 percent", "90-110%"])
def test_percent_over_100(phrase):
    with pytest.raises(FigureError, match="100"):
        parse_figure(phrase)


# ---------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------

def test_parse_date_shapes():
    assert parse_date("2017-11-09") == (date(2017, 11, 9), date(2017, 11, 9))
    assert parse_date("2017-11") == (date(2017, 11, 1), date(2017, 11, 30))
    assert parse_date("2016-02") == (date(2016, 2, 1), date(2016, 2, 29))
    assert parse_date("2017-12") == (date(2017, 12, 1), date(2017, 12, 31))
    assert parse_date("2017") == (date(2017, 1, 1), date(2017, 12, 31))
    assert parse_date(" 2018-05 ") == (date(2018, 5, 1), date(2018, 5, 31))


@pytest.mark.parametrize("text", ["May 2018", "2018/05/01", "18-05", "2018-5", "2018-05-1", "", "more than 400", "20180501"])
def test_parse_date_not_a_date(text):
    assert parse_date(text) is None


@pytest.mark.parametrize("text", ["2018-02-30", "2017-02-29", "2017-13", "2017-00", "2017-04-31", "0000", "2017-11-00"])
def test_parse_date_impossible(text):
    with pytest.raises(FigureError) as e:
        parse_date(text)
    assert text in str(e.value)
    with pytest.raises(FigureError) as e:
        parse_figure(text if len(text) > 4 else f"year {text}")
    assert text in str(e.value)


def test_date_figures():
    d = parse_figure("2017-11-09")
    o = date(2017, 11, 9).toordinal()
    assert (d.kind, d.low, d.high, d.best) == ("date", o, o, o)
    m = parse_figure("2017-11")
    assert (m.kind, m.low, m.high, m.best) == ("date", date(2017, 11, 1).toordinal(), date(2017, 11, 30).toordinal(), None)
    assert parse_figure(date(2017, 11, 9)) == Figure("2017-11-09", o, o, o, "date")


def test_date_comparisons():
    day, month = parse_figure("2017-11-09"), parse_figure("2017-11")
    assert overlaps(day, month) and gap_days(day, month) is None
    later = parse_figure("2017-11-12")
    assert not overlaps(day, later)
    assert gap_days(day, later) == 3 == gap_days(later, day)
    assert gap_days(parse_figure("2017-10"), day) == 9  # 2017-10-31 -> 2017-11-09
    assert gap_ratio(day, later) is None  # dates have no ratio
    assert gap_days(parse_figure("10"), parse_figure("20")) is None  # not dates
    assert not comparable(day, parse_figure("400"))


# ---------------------------------------------------------------------------------------
# Comparisons: a hand-worked matrix
# ---------------------------------------------------------------------------------------

# hand-worked intervals for the representative phrases (None = open)
REPS = {
    "400": (400, 400),
    "more than 400": (400, None),
    "at least 1,000": (1000, None),
    "just over 100": (100, 110),
    "about 300": (270, 330),
    "nearly 100": (90, 100),
    "up to 50": (0, 50),
    "fewer than 10": (0, 10),
    "10-20": (10, 20),
    "two dozen": (24, 24),
    "dozens": (12, 99),
    "hundreds": (100, 999),
    "a few hundred": (200, 500),
    "several hundred": (300, 900),
    "thousands": (1000, 9999),
}

# hand-worked relations: "agree" or the expected gap ratio (upper's low / lower's high)
PAIRS = [
    ("dozens", "a few hundred", 200 / 99),  # the issue's example, about 2.02
    ("more than 400", "just over 100", 400 / 110),
    ("more than 400", "at least 1,000", "agree"),  # two open bounds always overlap
    ("more than 400", "a few hundred", "agree"),
    ("more than 400", "several hundred", "agree"),
    ("more than 400", "dozens", 400 / 99),
    ("more than 400", "thousands", "agree"),
    ("more than 400", "up to 50", 8.0),
    ("more than 400", "fewer than 10", 40.0),
    ("more than 400", "400", "agree"),  # touching
    ("at least 1,000", "several hundred", 1000 / 900),
    ("at least 1,000", "thousands", "agree"),
    ("at least 1,000", "hundreds", 1000 / 999),  # hundreds tops out at 999: just disjoint
    ("up to 50", "fewer than 10", "agree"),
    ("up to 50", "dozens", "agree"),
    ("fewer than 10", "dozens", 1.2),
    ("fewer than 10", "10-20", "agree"),  # touching at 10
    ("10-20", "dozens", "agree"),
    ("10-20", "two dozen", 1.2),
    ("two dozen", "dozens", "agree"),
    ("dozens", "hundreds", 100 / 99),
    ("hundreds", "thousands", 1000 / 999),
    ("about 300", "a few hundred", "agree"),
    ("about 300", "several hundred", "agree"),
    ("about 300", "dozens", 270 / 99),
    ("about 300", "just over 100", 270 / 110),
    ("nearly 100", "just over 100", "agree"),  # touching at 100
    ("nearly 100", "hundreds", "agree"),
    ("nearly 100", "dozens", "agree"),
    ("just over 100", "a few hundred", 200 / 110),
    ("a few hundred", "several hundred", "agree"),
    ("a few hundred", "thousands", 2.0),
    ("several hundred", "thousands", 1000 / 900),
]


@pytest.mark.parametrize("phrase,interval", REPS.items(), ids=list(REPS))
def test_representative_intervals(phrase, interval):
    f = parse_figure(phrase)
    assert (f.low, f.high) == interval


@pytest.mark.parametrize("a,b,expected", PAIRS, ids=[f"{a} vs {b}" for a, b, _ in PAIRS])
def test_hand_worked_pairs(a, b, expected):
    fa, fb = parse_figure(a), parse_figure(b)
    for x, y in ((fa, fb), (fb, fa)):  # symmetric
        if expected == "agree":
            assert overlaps(x, y)
            assert gap_ratio(x, y) is None
        else:
            assert not overlaps(x, y)
            assert gap_ratio(x, y) == pytest.approx(expected)


def test_issue_example_ratio():
    assert round(gap_ratio(parse_figure("dozens"), parse_figure("a few hundred")), 2) == 2.02


def _oracle(a: tuple, b: tuple):
    (al, ah), (bl, bh) = a, b
    ah = math.inf if ah is None else ah
    bh = math.inf if bh is None else bh
    if al <= bh and bl <= ah:
        return None
    lo_high, up_low = (ah, bl) if ah < bl else (bh, al)
    return math.inf if lo_high == 0 else up_low / lo_high


@pytest.mark.parametrize(
    "a,b", list(itertools.combinations_with_replacement(REPS, 2)), ids=lambda x: x
)
def test_full_matrix_against_hand_intervals(a, b):
    expected = _oracle(REPS[a], REPS[b])
    fa, fb = parse_figure(a), parse_figure(b)
    assert overlaps(fa, fb) is (expected is None)
    assert overlaps(fb, fa) is (expected is None)
    got = gap_ratio(fa, fb)
    if expected is None:
        assert got is None
    else:
        assert got == pytest.approx(expected) and got > 1


def test_open_bounds_always_overlap():
    opens = ["more than 400", "at least 1,000", "over 5", "30+", "at least dozens", "more than a few hundred"]
    for a, b in itertools.product(opens, repeat=2):
        assert overlaps(parse_figure(a), parse_figure(b))


def test_gap_ratio_zero_high_is_inf():
    assert gap_ratio(parse_figure("0"), parse_figure("5")) == math.inf
    assert gap_ratio(parse_figure({"low": 0, "high": 0}), parse_figure("dozens")) == math.inf


def test_kinds_not_comparable():
    pct, num = parse_figure("84%"), parse_figure("84")
    assert not comparable(pct, num)
    assert comparable(pct, parse_figure("more than 50 percent"))
    assert gap_ratio(parse_figure("10%"), parse_figure("500")) is None
    assert gap_ratio(parse_figure("10%"), parse_figure("50%")) == 5.0


def test_format_interval():
    assert format_interval(parse_figure("dozens")) == "[12..99]"
    assert format_interval(parse_figure("more than 400")) == "[400..open)"
    assert format_interval(parse_figure("more than 84%")) == "[84..100]%"
    assert format_interval(parse_figure("2017-11")) == "[2017-11-01..2017-11-30]"
    assert format_interval(parse_figure("2017-11-09")) == "[2017-11-09]"
    assert format_interval(parse_figure("1.2 million")) == "[1,200,000..1,200,000]"


# ---------------------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------------------

def test_phrase_table_lists_every_rule():
    md = phrase_table_markdown()
    lines = md.strip().splitlines()
    assert lines[0] == "| Forms | Interval | Best | Source | Example |"
    assert len(lines) == 2 + len(PHRASES)
    for rule, line in zip(PHRASES, lines[2:]):
        assert isinstance(rule, PhraseRule)
        for cell in (rule.forms, rule.interval, rule.best, rule.source):
            assert cell.replace("|", "\\|") in line
        assert f"`{rule.example}`" in line
    assert md == phrase_table_markdown()  # deterministic (docs/figures.md embeds it verbatim)


def test_every_rule_has_content_and_parsable_example():
    for rule in PHRASES:
        assert rule.forms and rule.interval and rule.best and rule.source and rule.example
        if not rule.example.startswith("{"):
            parse_figure(rule.example)


def test_table_cites_conventions():
    md = phrase_table_markdown()
    assert "ACLED" in md and "UCDP" in md and "claimcheck convention" in md
    assert "`dozens` → [12..99]" in md
    assert "`a few hundred` → [200..500]" in md


def test_docs_embed_the_table():
    from pathlib import Path

    doc = Path(__file__).resolve().parent.parent / "docs" / "figures.md"
    assert phrase_table_markdown() in doc.read_text(encoding="utf-8")


def test_module_is_light():
    code = "import sys, claimcheck.figures; bad = {'typer', 'rich', 'yaml'} & set(sys.modules); print(sorted(bad))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# ---------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------

_numbers = st.integers(min_value=0, max_value=10**7)
_qualifiers = st.sampled_from(
    ["", "about ", "nearly ", "just over ", "just under ", "more than ", "at least ", "up to ",
     "fewer than ", "some ", "no more than ", "as many as ", "over "]
)
_vague = st.sampled_from(
    ["dozens", "scores", "hundreds", "a few hundred", "several hundred", "thousands", "tens of thousands",
     "a few dozen", "several thousand", "hundreds of thousands", "millions", "a few", "several", "a dozen",
     "two dozen", "a couple of"]
)


@st.composite
def phrases(draw):
    kind = draw(st.sampled_from(["num", "range", "vague", "mapping", "raw", "pct"]))
    q = draw(_qualifiers)
    if kind == "num":
        n = draw(_numbers)
        fmt = draw(st.sampled_from(["{:,}", "{}"]))
        return q + fmt.format(n)
    if kind == "pct":
        n = draw(st.integers(0, 100))
        return q + f"{n}" + draw(st.sampled_from(["%", " percent", " per cent"]))
    if kind == "range":
        a, b = sorted((draw(_numbers), draw(_numbers)))
        return q + draw(st.sampled_from(["{}-{}", "{} to {}", "between {} and {}", "{}–{}"])).format(a, b)
    if kind == "vague":
        return q + draw(_vague)
    if kind == "raw":
        return draw(st.one_of(_numbers, st.floats(min_value=0, max_value=1e9, allow_nan=False)))
    vals = sorted(draw(st.lists(_numbers, min_size=3, max_size=3)))
    keys = draw(st.lists(st.sampled_from(["low", "best", "high"]), min_size=1, max_size=3, unique=True))
    return {k: vals[["low", "best", "high"].index(k)] for k in keys}


@settings(max_examples=300, deadline=None)
@given(phrases())
def test_property_bounds_ordered(value):
    f = parse_figure(value)
    assert f.low >= 0
    if f.best is not None:
        assert f.low <= f.best
        if f.high is not None:
            assert f.best <= f.high
    if f.high is not None:
        assert f.low <= f.high
    if f.kind == "percent":
        assert f.high is not None and f.high <= 100


@settings(max_examples=300, deadline=None)
@given(phrases(), phrases())
def test_property_comparisons(a, b):
    fa, fb = parse_figure(a), parse_figure(b)
    assert overlaps(fa, fb) == overlaps(fb, fa)
    assert overlaps(fa, fa)
    r1, r2 = gap_ratio(fa, fb), gap_ratio(fb, fa)
    assert r1 == r2
    if comparable(fa, fb):
        assert (r1 is None) == overlaps(fa, fb)
        if r1 is not None:
            assert r1 >= 1
    else:
        assert r1 is None


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
       st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_property_dates(d1, d2):
    a, b = parse_figure(d1.isoformat()), parse_figure(d2.isoformat()[:7])
    assert a.low <= a.high and b.low <= b.high
    g = gap_days(a, b)
    assert g == gap_days(b, a)
    assert (g is None) == overlaps(a, b)
    if g is not None:
        assert g >= 1


# ---------------------------------------------------------------------------------------
# Reporting forms: half a dozen, a handful, N or M, 1.5k, "X, possibly Y", dates in words
# ---------------------------------------------------------------------------------------

def _d(s: str) -> float:
    return float(date.fromisoformat(s).toordinal())


NEWS_FORMS = [
    ("half a dozen", 6, 6, 6, "number"),
    ("Half a million", 500_000, 500_000, 500_000, "number"),
    ("a handful", 2, 5, None, "number"),
    ("eleven or twelve", 11, 12, None, "number"),
    ("11 or 12", 11, 12, None, "number"),
    ("two or three hundred", 200, 300, None, "number"),
    ("1.5k", 1500, 1500, 1500, "number"),
    ("2k", 2000, 2000, 2000, "number"),
    ("3.5m", 3_500_000, 3_500_000, 3_500_000, "number"),
    ("3.5M", 3_500_000, 3_500_000, 3_500_000, "number"),
    ("2bn", 2e9, 2e9, 2e9, "number"),
    ("1.5-2k", 1500, 2000, None, "number"),
    ("about 1.5k", 1350, 1650, 1500, "number"),
    ("more than 2k", 2000, None, 2000, "number"),
    ("20 or so", 18, 22, 20, "number"),
    ("dozens, possibly hundreds", 12, 999, None, "number"),
    ("dozens if not hundreds", 12, 999, None, "number"),
    ("dozens, if not hundreds", 12, 999, None, "number"),
    ("dozens or even hundreds", 12, 999, None, "number"),
    ("at least 40, perhaps 60", 40, None, None, "number"),
    ("40%, possibly 60%", 40, 60, None, "percent"),
    ("March 2024", _d("2024-03-01"), _d("2024-03-31"), None, "date"),
    ("Mar. 2024", _d("2024-03-01"), _d("2024-03-31"), None, "date"),
    ("2 March 2024", _d("2024-03-02"), _d("2024-03-02"), _d("2024-03-02"), "date"),
    ("March 2, 2024", _d("2024-03-02"), _d("2024-03-02"), _d("2024-03-02"), "date"),
    ("by 2024-03-02", 1, _d("2024-03-02"), None, "date"),
    ("no later than March 2024", 1, _d("2024-03-31"), None, "date"),
    ("before 2024-03-02", 1, _d("2024-03-01"), None, "date"),
    ("by 2024", 1, _d("2024-12-31"), None, "date"),
    ("since March 2024", _d("2024-03-01"), None, None, "date"),
    ("after 2024-03-02", _d("2024-03-03"), None, None, "date"),
    ("2024-03-01 to 2024-03-05", _d("2024-03-01"), _d("2024-03-05"), None, "date"),
    ("2024-03-01 - 2024-03-05", _d("2024-03-01"), _d("2024-03-05"), None, "date"),
    ("2024-03-01\u20132024-03-05", _d("2024-03-01"), _d("2024-03-05"), None, "date"),
    ("between 2024-03-01 and 2024-03-05", _d("2024-03-01"), _d("2024-03-05"), None, "date"),
    ("from March 2024 to May 2024", _d("2024-03-01"), _d("2024-05-31"), None, "date"),
]


@pytest.mark.parametrize("phrase,low,high,best,kind", NEWS_FORMS, ids=[f[0] for f in NEWS_FORMS])
def test_reporting_forms(phrase, low, high, best, kind):
    f = parse_figure(phrase)
    assert (f.low, f.high, f.best, f.kind) == (low, high, best, kind)


@pytest.mark.parametrize("phrase,expected", [
    ("by 2024-03-02", "[open..2024-03-02]"),
    ("since March 2024", "[2024-03-01..open]"),
    ("2024-03-01 to 2024-03-05", "[2024-03-01..2024-03-05]"),
])
def test_open_date_intervals_read_open(phrase, expected):
    f = parse_figure(phrase)
    assert format_interval(f) == expected
    assert f.open_low is phrase.startswith("by")


def test_a_bare_year_stays_a_number_unless_a_date_word_says_otherwise():
    assert parse_figure("2015 to 2017").kind == "number"
    assert parse_figure("2017").kind == "number"
    assert parse_figure("since 2015").kind == "date"


@pytest.mark.parametrize("phrase,fragment,reversed_", [
    ("hundreds, possibly dozens", "the second figure of 'X, possibly Y' must be the larger", True),
    ("2024-03-05 to 2024-03-01", "the range of dates runs backwards (2024-03-05 > 2024-03-01)", True),
    ("twelve or eleven", "the range runs backwards (12 > 11)", True),
    ("February 30, 2024", "impossible date (day is out of range for month)", False),
    ("March 2024, possibly April 2024", "both figures of 'X, possibly Y' must be counts", False),
    ("a handful of dozen", "expected a number", False),
])
def test_reporting_forms_that_cannot_be_read(phrase, fragment, reversed_):
    with pytest.raises(FigureError) as e:
        parse_figure(phrase)
    assert fragment in str(e.value) and repr(phrase) in str(e.value)
    assert isinstance(e.value, ReversedFigure) is reversed_
    assert e.value.brief.startswith(repr(phrase) + " - ")


def test_every_news_form_has_a_row_in_the_phrase_table():
    md = phrase_table_markdown()
    for example in ("`half a dozen` → [6..6], best 6", "`a handful` → [2..5]", "`eleven or twelve` → [11..12]",
                    "`1.5k` → [1,500..1,500], best 1,500", "`dozens, possibly hundreds` → [12..999]",
                    "`March 2024` → [2024-03-01..2024-03-31]", "`by 2024-03-02` → [open..2024-03-02]",
                    "`2024-03-01 to 2024-03-05` → [2024-03-01..2024-03-05]"):
        assert example in md, example


# --- the fast path of the commonest figures ------------------------------------

def _general(s: str):
    """What _parse_normalised gives without its fast path."""
    from claimcheck.figures import parse as P

    real = P._simple
    P._simple = lambda s: None
    try:
        return P._parse_normalised.__wrapped__(s)
    except P._Unreadable as e:
        return ("unreadable", e.reason)
    finally:
        P._simple = real


def _same(got, want) -> bool:
    return got == want and all(type(a) is type(b) for a, b in zip(got, want))


_WHOLE = st.one_of(
    st.integers(0, 10**12).map(str),
    st.integers(0, 10**12).map(lambda n: f"{n:,}"),
    st.sampled_from(["007", "00", "2017", "1999", "20170509", "9" * 30, "1" * 400, "1,00", "1,0000", "12,34,567"]),
)


@settings(max_examples=600, deadline=None)
@given(q=st.sampled_from([None, *sorted(__import__("claimcheck.figures.parse", fromlist=["_QUALIFIERS"])._QUALIFIERS)]),
       n=_WHOLE)
def test_the_fast_path_reads_a_qualified_whole_number_as_the_general_one_does(q, n):
    from claimcheck.figures import parse as P

    s = n if q is None else f"{q} {n}"
    got = P._simple(s)
    if got is not None:
        assert _same(got, _general(s)), s


@settings(max_examples=400, deadline=None)
@given(form=st.sampled_from(["between {} and {}", "from {} to {}"]), a=_WHOLE, b=_WHOLE)
def test_the_fast_path_reads_a_range_of_two_whole_numbers_as_the_general_one_does(form, a, b):
    from claimcheck.figures import parse as P

    s = form.format(a, b)
    got = P._simple(s)
    if got is not None:
        assert _same(got, _general(s)), s


def test_the_fast_path_takes_the_common_forms_and_leaves_the_rest():
    from claimcheck.figures import parse as P

    for s in ["1,063", "400", "about 300", "more than 400", "up to 50", "at most 12", "just over 99", "nearly 10",
              "between 2006 and 2438", "from 1,000 to 2,000"]:
        assert P._simple(s) is not None, s
        assert _same(P._simple(s), _general(s)), s
    for s in ["~400", "1.5", "1,00", "400+", "dozens", "10-20", "2017-05", "since 2017", "by 2017", "84%", "1" * 400,
              "between 20 and 10", "between 1.5 and 2", "between 2017-01 and 2017-03"]:
        assert P._simple(s) is None, s


@pytest.mark.parametrize("q", ["about", "just over", "around"])
def test_a_qualifier_that_widens_past_the_largest_float_is_too_large_not_a_crash(q):
    from claimcheck.figures import parse as P

    text = f"{q} 17" + "0" * 307  # 1.7e308: widened by 10% it is no float
    with pytest.raises(FigureError, match="too large"):
        parse_figure(text)
    assert P._simple(P._normalise(text)) is None
