"""What authoring renders loads back to the same values (round trip through the
strict loader), whatever the text holds."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimcheck.write.emit import double_quoted, plain_ok, render_flow, render_record, render_scalar
from claimcheck.load.strict import load_text

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)
SCALAR = st.one_of(
    TEXT,
    st.integers(min_value=-(10**18), max_value=10**18),
    st.floats(allow_nan=False),
    st.booleans(),
)


def load(text: str):
    lf = load_text(text, "t.yaml")
    assert lf.ok, (text, lf.diagnostics)
    return lf.data


@given(SCALAR)
def test_block_scalar_round_trip(value):
    assert load(f"k: {render_scalar(value)}\n") == {"k": value}


@given(SCALAR)
def test_flow_scalar_round_trip(value):
    assert load(f"k: [{render_scalar(value, flow=True)}, x]\n") == {"k": [value, "x"]}


RECORD = st.fixed_dictionaries(
    {"id": TEXT, "statement": TEXT},
    optional={
        "figure": st.one_of(st.integers(0, 10**9), TEXT, st.fixed_dictionaries({"low": st.integers(0, 100), "high": st.integers(100, 200)})),
        "tags": st.lists(TEXT, max_size=4),
        "reported_by": st.lists(st.fixed_dictionaries({"outlet": TEXT}, optional={"quote": TEXT}), min_size=1, max_size=3),
    },
)


@given(RECORD)
def test_whole_record_round_trip_in_block_and_flow_style(rec):
    assert load("claims:\n" + render_record(rec)) == {"claims": [rec]}
    assert load("claims: [" + render_flow(rec) + "]\n") == {"claims": [rec]}


@pytest.mark.parametrize(
    "text",
    ["no", "Yes", "ON", "off", "~", "null", "true", "1.5", "0x1f", "1_000", "12:30", ".inf", "=", "- x", "a: b", "a #b",
     "#x", "[x]", "{x}", "*x", "&x", "!x", "|", ">", "'x", '"x', "%x", "@x", "`x", " x", "x ", "", "a\nb", "x:"],
)
def test_text_that_yaml_readers_would_misread_is_quoted(text):
    assert not plain_ok(text)
    assert render_scalar(text).startswith('"')


def test_control_characters_and_bidi_overrides_are_escaped_not_written_raw():
    s = "a\x1b[31mb\u202ec\x85d\u2028e\x00"
    r = double_quoted(s)
    assert r == '"a\\x1b[31mb\\u202ec\\x85d\\u2028e\\x00"'
    assert load(f"k: {r}\n") == {"k": s}


def test_dates_and_ordinary_sentences_stay_plain():
    for s in ("2018-05", "2018-05-03", "The monitor counts 12 dead.", "more than 400", "Amaq News Agency"):
        assert render_scalar(s) == s
    assert render_scalar("2018") == '"2018"'
