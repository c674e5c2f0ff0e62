"""One small test per diagnostic code: each asserts the file, line, column and
code of the problem, on a hand-made base whose problem sits at a known place."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.base import open_base
from claimcheck.diagnostics import CODES

from tests.helpers import SD_SOURCES as SOURCES, SD_TOPICS as TOPICS, make_base, sd_claim as claim


def diags(root: Path):
    return [(d.path, d.line, d.column, d.code) for d in open_base(root).diagnostics]


def only(root: Path, code: str):
    found = [d for d in open_base(root).diagnostics if d.code == code]
    assert found, f"no {code} in {diags(root)}"
    return found


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setenv("CLAIMCHECK_TODAY", "2026-11-21")


def test_clean_base_has_no_diagnostics(tmp_path):
    root = make_base(tmp_path, {"claims/a.yaml": TOPICS + "claims:\n" + claim()}, sources=SOURCES)
    assert diags(root) == []


# --- CC1xx: reading files ---------------------------------------------------

def test_cc101_syntax_error_points_at_the_problem(tmp_path):
    root = make_base(tmp_path, {"claims/a.yaml": "claims:\n  - id: [unclosed\n"}, sources=SOURCES)
    (d,) = only(root, "CC101")
    assert (d.path, d.line) == ("claims/a.yaml", 3)


def test_cc102_duplicate_key_at_second_key_naming_first_line(tmp_path):
    text = TOPICS + "claims:\n" + claim(extra="    status: refuted\n")
    root = make_base(tmp_path, {"claims/a.yaml": text}, sources=SOURCES)
    (d,) = only(root, "CC102")
    assert (d.path, d.line, d.column) == ("claims/a.yaml", 11, 5)
    assert "first at line 10" in d.message


@pytest.mark.parametrize(
    "text,line,col",
    [
        ("claims: &a []\nx: *a\n", 1, 9),
        ("a: 1\nb: *x\n", 2, 4),
        ("topics:\n  t: {title: x}\nclaims:\n  - <<: {id: x}\n", 4, 5),
    ],
)
def test_cc103_anchors_aliases_and_merge_keys_refused(tmp_path, text, line, col):
    root = make_base(tmp_path, {"claims/a.yaml": text}, sources=SOURCES)
    (d,) = only(root, "CC103")
    assert (d.line, d.column) == (line, col)


def test_cc104_tags_refused(tmp_path):
    root = make_base(tmp_path, {"claims/a.yaml": "claims:\n  - !!python/object:os.system {}\n"}, sources=SOURCES)
    (d,) = only(root, "CC104")
    assert (d.line, d.column) == (2, 5)
    assert "!!python/object" in d.message


def test_cc105_invalid_utf8_with_its_line(tmp_path):
    root = make_base(tmp_path, {"claims/a.yaml": b"claims:\n  - id: caf\xe9\n"}, sources=SOURCES)
    (d,) = only(root, "CC105")
    assert (d.line, d.column) == (2, 12)


def test_cc105_nul_byte(tmp_path):
    root = make_base(tmp_path, {"claims/a.yaml": b"claims: []\n\x00\n"}, sources=SOURCES)
    (d,) = only(root, "CC105")
    assert (d.line, d.column) == (2, 1)


def test_cc106_file_over_the_size_cap(tmp_path, monkeypatch):
    import claimcheck.load.strict as yl

    monkeypatch.setattr(yl, "MAX_FILE_BYTES", 1000)  # sources.yaml is smaller
    root = make_base(tmp_path, {"claims/a.yaml": "claims: []\n" + "# pad\n" * 200}, sources=SOURCES)
    (d,) = only(root, "CC106")
    assert (d.path, d.line) == ("claims/a.yaml", 1)


@pytest.mark.parametrize("text", ["", "   \n\n", "# only a comment\n", "---\n...\n"])
def test_cc107_empty_file(tmp_path, text):
    root = make_base(tmp_path, {"claims/a.yaml": text}, sources=SOURCES)
    assert only(root, "CC107")[0].path == "claims/a.yaml"


def test_cc108_several_documents(tmp_path):
    root = make_base(tmp_path, {"claims/a.yaml": "claims: []\n---\nclaims: []\n"}, sources=SOURCES)
    (d,) = only(root, "CC108")
    assert d.line == 2


@pytest.mark.parametrize("text", ["- a\n- b\n", "just text\n", "42\n"])
def test_cc109_top_level_not_a_mapping(tmp_path, text):
    root = make_base(tmp_path, {"claims/a.yaml": text}, sources=SOURCES)
    (d,) = only(root, "CC109")
    assert (d.path, d.line, d.column) == ("claims/a.yaml", 1, 1)


def test_cc110_nesting_too_deep(tmp_path):
    root = make_base(tmp_path, {"claims/a.yaml": "claims: " + "[" * 200 + "]" * 200 + "\n"}, sources=SOURCES)
    (d,) = only(root, "CC110")
    assert d.line == 1


def test_cc111_symlink_out_of_the_base_refused(tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text("claims: []\n")
    (tmp_path / "base").mkdir()
    root = make_base(tmp_path / "base", {}, sources=SOURCES)
    (root / "claims" / "link.yaml").symlink_to(outside)
    (d,) = only(root, "CC111")
    assert d.path == "claims/link.yaml"


def test_cc112_complex_key(tmp_path):
    root = make_base(tmp_path, {"claims/a.yaml": "? [a, b]\n: c\n"}, sources=SOURCES)
    (d,) = only(root, "CC112")
    assert (d.line, d.column) == (1, 3)


# --- CC2xx: schema --------------------------------------------------------

def test_cc201_unknown_field_at_the_key_with_did_you_mean(tmp_path):
    text = TOPICS + "claims:\n" + claim(extra="    claimnt: isis\n")
    root = make_base(tmp_path, {"claims/a.yaml": text}, sources=SOURCES)
    (d,) = only(root, "CC201")
    assert (d.line, d.column) == (11, 5)
    assert "did you mean 'claimant'" in d.message


def test_cc202_missing_field_at_the_record(tmp_path):
    text = TOPICS + "claims:\n  - id: c1\n    claimant: isis\n    topic: sd/killed/gov\n    status: unverified\n"
    root = make_base(tmp_path, {"claims/a.yaml": text}, sources=SOURCES)
    (d,) = only(root, "CC202")
    assert (d.line, d.column) == (6, 5)
    assert "statement" in d.message


@pytest.mark.parametrize("value,shown", [("no", None), ("123", "123"), ("true", "true"), ("3.5", "3.5")])
def test_cc203_number_or_bool_where_text_expected_says_quote_it(tmp_path, value, shown):
    text = TOPICS + "claims:\n" + claim(extra=f"    notes: {value}\n")
    root = make_base(tmp_path, {"claims/a.yaml": text}, sources=SOURCES)
    found = [d for d in open_base(root).diagnostics if d.code == "CC203"]
    if shown is None:  # `no` is a string in YAML 1.2: the Norway problem does not arise
        assert found == []
        assert open_base(root).claims["c1"].notes == "no"
    else:
        (d,) = found
        assert (d.line, d.column) == (11, 12)
        assert "quote it" in d.message


def test_cc204_bad_id(tmp_path):
    root = make_base(tmp_path, {"claims/a.yaml": TOPICS + "claims:\n" + claim(id="Bad_ID")}, sources=SOURCES)
    (d,) = only(root, "CC204")
    assert (d.line, d.column) == (6, 9)


def test_cc205_bad_status_value(tmp_path):
    root = make_base(tmp_path, {"claims/a.yaml": TOPICS + "claims:\n" + claim(status="corroborate")}, sources=SOURCES)
    (d,) = only(root, "CC205")
    assert (d.line, d.column) == (10, 13)
    assert "did you mean 'corroborated'" in d.message


@pytest.mark.parametrize("value", ["2018-02-30", "2018-13", "May 2018", "18-05-01"])
def test_cc206_impossible_or_malformed_date(tmp_path, value):
    root = make_base(tmp_path, {"claims/a.yaml": TOPICS + "claims:\n" + claim(extra=f"    as_of: {value}\n")}, sources=SOURCES)
    (d,) = only(root, "CC206")
    assert (d.line, d.column) == (11, 12)


def test_cc207_bad_url(tmp_path):
    extra = "    reported_by:\n      - outlet: sohr\n        url: javascript:alert(1)\n"
    root = make_base(tmp_path, {"claims/a.yaml": TOPICS + "claims:\n" + claim(extra=extra)}, sources=SOURCES)
    (d,) = only(root, "CC207")
    assert (d.line, d.column) == (13, 14)


def test_cc208_empty_statement(tmp_path):
    text = TOPICS + "claims:\n" + claim().replace("Something was said.", "''")
    root = make_base(tmp_path, {"claims/a.yaml": text}, sources=SOURCES)
    (d,) = only(root, "CC208")
    assert (d.line, d.column) == (7, 16)


def test_cc210_ignore_of_an_error_code(tmp_path):
    text = TOPICS + "claims:\n" + claim(extra="    ignore:\n      CC401: the figure is fine\n")
    root = make_base(tmp_path, {"claims/a.yaml": text})
    (d,) = only(root, "CC210")
    assert (d.severity, d.line, d.column) == ("error", 12, 7)


# --- CC3xx: references ----------------------------------------------------

def test_cc301_duplicate_claim_id_names_both_places(tmp_path):
    root = make_base(tmp_path, {
        "claims/a.yaml": TOPICS + "claims:\n" + claim(),
        "claims/b.yaml": "claims:\n" + claim(),
    }, sources=SOURCES)
    (d,) = only(root, "CC301")
    assert (d.path, d.line, d.column) == ("claims/b.yaml", 2, 9)
    assert "claims/a.yaml:6:9" in d.message
    assert d.related == (("claims/a.yaml", 6, 9),)


def test_cc302_duplicate_source_id(tmp_path):
    sources = SOURCES + "  - id: isis\n    name: Again\n    stance: jihadist\n"
    root = make_base(tmp_path, {}, sources=sources)
    (d,) = only(root, "CC302")
    assert (d.path, d.line, d.column) == ("sources.yaml", 22, 9)
    assert "sources.yaml:6:9" in d.message


def test_cc303_unknown_claimant_with_did_you_mean(tmp_path):
    root = make_base(tmp_path, {"claims/a.yaml": TOPICS + "claims:\n" + claim(claimant="isiss")}, sources=SOURCES)
    (d,) = only(root, "CC303")
    assert (d.line, d.column) == (8, 15)
    assert "did you mean 'isis'" in d.message


def test_cc303_alias_used_as_outlet_suggests_the_id(tmp_path):
    extra = "    reported_by:\n      - outlet: SOHR\n"
    root = make_base(tmp_path, {"claims/a.yaml": TOPICS + "claims:\n" + claim(extra=extra)}, sources=SOURCES)
    found = [d for d in open_base(root).diagnostics if d.code in ("CC303", "CC204")]
    assert any(d.code == "CC303" and "'sohr'" in d.message and d.line == 12 for d in found)


def test_cc304_unknown_stance(tmp_path):
    sources = SOURCES.replace("stance: independent", "stance: independant")
    root = make_base(tmp_path, {}, sources=sources)
    (d,) = only(root, "CC304")
    assert (d.line, d.column) == (19, 13)
    assert "did you mean 'independent'" in d.message


def test_cc305_supersedes_unknown_claim(tmp_path):
    root = make_base(tmp_path, {"claims/a.yaml": TOPICS + "claims:\n" + claim(extra="    supersedes: c0\n")}, sources=SOURCES)
    (d,) = only(root, "CC305")
    assert (d.line, d.column) == (11, 17)


def test_cc306_part_of_cycle(tmp_path):
    sources = SOURCES.replace("    reliability: E\n", "    reliability: E\n    part_of: amaq\n", 1)
    root = make_base(tmp_path, {}, sources=sources)
    (d,) = only(root, "CC306")
    assert d.path == "sources.yaml" and d.line in (11, 16)
    assert "isis" in d.message and "amaq" in d.message


def test_cc307_undeclared_topic_warns_with_nearest(tmp_path):
    root = make_base(tmp_path, {"claims/a.yaml": TOPICS + "claims:\n" + claim(topic="sd/killed/gv")}, sources=SOURCES)
    (d,) = only(root, "CC307")
    assert (d.severity, d.line, d.column) == ("warning", 9, 12)
    assert "did you mean 'sd/killed/gov'" in d.message


def test_cc308_topic_declared_twice_differently(tmp_path):
    root = make_base(tmp_path, {
        "claims/a.yaml": TOPICS + "claims: []\n",
        "claims/b.yaml": TOPICS.replace("soldiers", "people") + "claims: []\n",
    }, sources=SOURCES)
    (d,) = only(root, "CC308")
    assert (d.path, d.line, d.column) == ("claims/b.yaml", 2, 3)


def test_topic_declared_twice_identically_is_fine(tmp_path):
    root = make_base(tmp_path, {"claims/a.yaml": TOPICS + "claims: []\n", "claims/b.yaml": TOPICS + "claims: []\n"}, sources=SOURCES)
    assert diags(root) == []


def test_cc309_publisher_missing_url(tmp_path):
    root = make_base(tmp_path, {}, sources=SOURCES + "publisher:\n  name: Desk\n")
    (d,) = only(root, "CC309")
    assert (d.path, d.line) == ("sources.yaml", 23)


# --- CC4xx: figures -------------------------------------------------------

def test_cc401_unreadable_figure_shows_phrase_and_forms(tmp_path):
    root = make_base(tmp_path, {"claims/a.yaml": TOPICS + "claims:\n" + claim(extra="    figure: loads of\n")}, sources=SOURCES)
    (d,) = only(root, "CC401")
    assert (d.line, d.column) == (11, 13)
    assert "'loads of'" in d.message and "more than 400" in d.message


@pytest.mark.parametrize("figure", ["{low: 50, best: 10, high: 60}", "20-10"])
def test_cc402_reversed_interval(tmp_path, figure):
    extra = f"    figure: {figure}\n"
    root = make_base(tmp_path, {"claims/a.yaml": TOPICS + "claims:\n" + claim(extra=extra)}, sources=SOURCES)
    (d,) = only(root, "CC402")
    assert (d.line, d.column) == (11, 13)


# --- CC5xx: consistency ---------------------------------------------------

def test_cc501_supersedes_another_claimants_claim(tmp_path):
    text = TOPICS + "claims:\n" + claim(status="superseded") + claim(id="c2", claimant="sohr", extra="    supersedes: c1\n")
    root = make_base(tmp_path, {"claims/a.yaml": text}, sources=SOURCES)
    (d,) = only(root, "CC501")
    assert (d.line, d.column) == (16, 17)


def test_cc502_superseded_by_two(tmp_path):
    text = (TOPICS + "claims:\n" + claim(status="superseded")
            + claim(id="c2", extra="    supersedes: c1\n") + claim(id="c3", extra="    supersedes: c1\n"))
    root = make_base(tmp_path, {"claims/a.yaml": text}, sources=SOURCES)
    (d,) = only(root, "CC502")
    assert (d.line, d.column) == (22, 17)


def test_cc503_superseded_without_successor(tmp_path):
    root = make_base(tmp_path, {"claims/a.yaml": TOPICS + "claims:\n" + claim(status="superseded")}, sources=SOURCES)
    (d,) = only(root, "CC503")
    assert (d.line, d.column) == (10, 13)


def test_cc504_future_date(tmp_path):
    root = make_base(tmp_path, {"claims/a.yaml": TOPICS + "claims:\n" + claim(extra="    as_of: 2031-01-01\n")}, sources=SOURCES)
    (d,) = only(root, "CC504")
    assert (d.line, d.column) == (11, 12)


def test_cc506_supersedes_itself(tmp_path):
    root = make_base(tmp_path, {"claims/a.yaml": TOPICS + "claims:\n" + claim(extra="    supersedes: c1\n")}, sources=SOURCES)
    assert only(root, "CC506")[0].line == 11


def test_cc507_superseded_claim_keeps_old_status(tmp_path):
    text = TOPICS + "claims:\n" + claim() + claim(id="c2", extra="    supersedes: c1\n")
    root = make_base(tmp_path, {"claims/a.yaml": text}, sources=SOURCES)
    (d,) = only(root, "CC507")
    assert (d.severity, d.line, d.column) == ("warning", 10, 13)


# --- reviews ----------------------------------------------------------------

REVIEWERS = SOURCES + """\
  - id: politifact
    name: PolitiFact
    kind: fact-checker
    stance: independent
  - id: snopes
    name: Snopes
    kind: fact-checker
    stance: independent
"""


def review(reviewer, rating, url=None, date=None):
    out = f"      - reviewer: {reviewer}\n"
    if url:
        out += f"        url: {url}\n"
    if date:
        out += f"        date: {date}\n"
    return out + f"        rating: {rating}\n"


def test_cc209_rating_value_outside_its_scale(tmp_path):
    extra = "    reviews:\n" + review("politifact", "{name: Mostly False, value: 7, best: 6, worst: 1}")
    root = make_base(tmp_path, {"claims/a.yaml": TOPICS + "claims:\n" + claim(extra=extra)}, sources=REVIEWERS)
    (d,) = only(root, "CC209")
    assert (d.line, d.column) == (13, 45)
    assert "above its best 6" in d.message


def test_cc209_reversed_scale_and_a_value_below_worst(tmp_path):
    extra = ("    reviews:\n" + review("politifact", "{value: 1, best: 1, worst: 6}")
             + review("snopes", "{value: 0, best: 5, worst: 1}"))
    root = make_base(tmp_path, {"claims/a.yaml": TOPICS + "claims:\n" + claim(extra=extra)}, sources=REVIEWERS)
    a, b = only(root, "CC209")
    assert "reversed" in a.message and a.line == 13
    assert "below its worst 1" in b.message and b.line == 15


def test_review_fields_are_checked_like_any_record(tmp_path):
    extra = ("    reviews:\n" + review("politifact", "{name: False!, value: '2'}", url="not-a-url")
             + "        sumary: typo\n")
    root = make_base(tmp_path, {"claims/a.yaml": TOPICS + "claims:\n" + claim(extra=extra)}, sources=REVIEWERS)
    got = sorted((d.line, d.code) for d in open_base(root).diagnostics)
    assert got == [(13, "CC207"), (14, "CC203"), (15, "CC201")]


def test_cc303_unknown_reviewer(tmp_path):
    extra = "    reviews:\n" + review("snoopes", "{name: 'False'}")
    root = make_base(tmp_path, {"claims/a.yaml": TOPICS + "claims:\n" + claim(extra=extra)}, sources=REVIEWERS)
    (d,) = only(root, "CC303")
    assert (d.line, d.column) == (12, 19)
    assert "reviewer 'snoopes'" in d.message and "did you mean 'snopes'" in d.message


def test_cc504_future_review_date(tmp_path):
    extra = "    reviews:\n" + review("snopes", "{name: 'False'}", date="2031-01-01")
    root = make_base(tmp_path, {"claims/a.yaml": TOPICS + "claims:\n" + claim(extra=extra)}, sources=REVIEWERS)
    (d,) = only(root, "CC504")
    assert (d.line, d.column) == (13, 15) and "review date" in d.message


def test_cc509_reviewers_who_contradict_each_other_name_both(tmp_path):
    extra = ("    reviews:\n" + review("politifact", "{name: Pants on Fire!, value: 1, best: 6, worst: 1}")
             + review("snopes", "{name: Mostly True}"))
    root = make_base(tmp_path, {"claims/a.yaml": TOPICS + "claims:\n" + claim(extra=extra)}, sources=REVIEWERS)
    (d,) = only(root, "CC509")
    assert (d.severity, d.line, d.column) == ("warning", 14, 19)
    assert d.message == ("claim 'c1': reviewers disagree: politifact 'Pants on Fire!' (1 of 1..6) (refuted) "
                         "against snopes 'Mostly True' (corroborated)")


@pytest.mark.parametrize("ratings", [
    ("{name: 'False'}", "{name: Half True}"),  # a difference of degree
    ("{name: 'False'}", "{name: Mostly False}"),  # agreement in other words
    ("{name: 'False'}", "{name: Recall notice}"),  # a text the table does not know: no verdict
])
def test_cc509_not_for_reviews_that_do_not_contradict(tmp_path, ratings):
    extra = "    reviews:\n" + review("politifact", ratings[0]) + review("snopes", ratings[1])
    root = make_base(tmp_path, {"claims/a.yaml": TOPICS + "claims:\n" + claim(extra=extra)}, sources=REVIEWERS)
    assert [d for d in open_base(root).diagnostics if d.code == "CC509"] == []


def test_cc509_not_for_one_reviewer_who_changed_its_rating(tmp_path):
    extra = "    reviews:\n" + review("politifact", "{name: 'False'}") + review("politifact", "{name: 'True'}")
    root = make_base(tmp_path, {"claims/a.yaml": TOPICS + "claims:\n" + claim(extra=extra)}, sources=REVIEWERS)
    assert diags(root) == []


def test_every_code_is_exercised_by_this_file():
    """A new code must come with its own test here."""
    src = Path(__file__).read_text(encoding="utf-8")
    missing = [c for c in CODES if c.lower() not in src and c not in src]
    # CC505 (status vs evidence) is tested with the cross-referencing rules.
    assert [c for c in missing if c != "CC505"] == []


def test_one_run_reports_every_problem_in_every_file(tmp_path):
    root = make_base(tmp_path, {
        "claims/a.yaml": "claims:\n  - id: [\n",
        "claims/b.yaml": b"\xff\xfe",
        "claims/c.yaml": TOPICS + "claims:\n" + claim(claimant="nobody", extra="    claimnt: x\n"),
        "claims/d.yaml": "a: 1\na: 2\n",
    }, sources=SOURCES)
    codes = {(p, c) for p, _, _, c in diags(root)}
    assert {("claims/a.yaml", "CC101"), ("claims/b.yaml", "CC105"), ("claims/c.yaml", "CC303"),
            ("claims/c.yaml", "CC201"), ("claims/d.yaml", "CC102")} <= codes


def test_diagnostics_are_sorted_by_position(tmp_path):
    text = TOPICS + "claims:\n" + claim(claimant="x1", status="nope", extra="    claimnt: y\n")
    root = make_base(tmp_path, {"claims/a.yaml": text}, sources=SOURCES)
    found = diags(root)
    assert found == sorted(found)


def test_cc508_percentage_among_counts_on_one_topic(tmp_path):
    text = (TOPICS + "claims:\n" + claim(extra="    figure: 100\n") + claim(id="c2", claimant="sohr", extra="    figure: 90\n")
            + claim(id="c3", claimant="sohr", extra="    figure: 10%\n"))
    root = make_base(tmp_path, {"claims/a.yaml": text}, sources=SOURCES)
    (d,) = only(root, "CC508")
    assert (d.severity, d.line, d.column) == ("warning", 23, 13)
    assert "'c3'" in d.message and "percent" in d.message


@pytest.mark.parametrize("url", ["https://e.org/\\e[31mred", "https://e.org/\\u202egnp.exe", "https://e.org/a\\x9bb"])
def test_cc207_url_with_control_or_bidi_characters(tmp_path, url):
    extra = f'    reported_by:\n      - outlet: sohr\n        url: "{url}"\n'
    root = make_base(tmp_path, {"claims/a.yaml": TOPICS + "claims:\n" + claim(extra=extra)}, sources=SOURCES)
    (d,) = only(root, "CC207")
    assert (d.line, d.column) == (13, 14)
