"""Property tests: whatever a claims file or sources.yaml holds, ``validate``
answers with exit 0 or 1 and diagnostics, never a traceback, never a hang.

Inputs: arbitrary bytes; arbitrary YAML documents (nested data dumped with
``yaml.safe_dump``, then mutated as text); documents shaped like claim bases
with fields drawn from the schema and values both plausible and absurd; and
mutated copies of valid claim and source files.

The number of examples comes from the hypothesis profile (tests/conftest.py):
``ci`` by default, ``long`` for a campaign (docs/limits.md, "Running the fuzz tests").
Through typer's test runner an exception surfaces as ``result.exception``
(the installed ``main()`` would turn it into exit 3): any exception fails.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from claimcheck.base import open_base
from claimcheck.diagnostics import CODES
from claimcheck.schema.fields import CLAIM, KINDS, SOURCE, STATUSES, TOPIC

from tests.helpers import CLAIMS_YAML, SOURCES_YAML, cli, make_base

FORMATS = ("text", "json", "github", "sarif")
UNSAFE = set(map(chr, [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0),
                       *range(0x202A, 0x202F), *range(0x2066, 0x206A)]))


@pytest.fixture(scope="module")
def fuzz_root():
    tmp = Path(tempfile.mkdtemp(prefix="claimcheck-fuzz-"))
    yield make_base(tmp)
    shutil.rmtree(tmp, ignore_errors=True)


def check_validate(root: Path, claims: bytes | None, sources: bytes | None = None, fmt: str = "text") -> None:
    """Write the files, validate in-process and through the CLI, and check the
    invariant."""
    (root / "sources.yaml").write_bytes(SOURCES_YAML.encode() if sources is None else sources)
    target = root / "claims" / "fuzz.yaml"
    if claims is None:
        target.unlink(missing_ok=True)
    else:
        target.write_bytes(claims)

    base = open_base(root)
    for d in base.diagnostics:
        assert d.code in CODES and d.line >= 1 and d.column >= 1, d

    r = cli("--root", root, "validate", "--format", fmt)  # fails on an exception or a traceback
    assert r.exit_code in (0, 1), (r.exit_code, r.output)
    errors = sum(1 for d in base.diagnostics if d.severity == "error")
    assert r.exit_code == (1 if errors else 0)
    out = r.stdout
    if fmt == "json":
        doc = json.loads(out)
        assert doc["ok"] is (r.exit_code == 0)
        assert len(doc["diagnostics"]) == len(base.diagnostics)
    elif fmt == "sarif":
        assert len(json.loads(out)["runs"][0]["results"]) == len(base.diagnostics)
    else:
        assert not (set(out) & UNSAFE - {"\n"}), repr(out)
        if fmt == "github":
            lines = out.splitlines()
            assert len(lines) == len(base.diagnostics) + 1
            assert all(line.startswith(("::error ", "::warning ")) for line in lines[:-1])


# --------------------------------------------------------------------------
# Strategies
# --------------------------------------------------------------------------

# Text with the characters that matter: YAML syntax, controls, ESC, C1,
# bidi overrides, rich markup, GitHub command syntax, and the odd plane.
nasty_chars = st.sampled_from(
    list(":-[]{}#&*!|>'\"%@`,?\\/ \t\n\r") + ["\x1b", "\x9b", "\x85", "\u202e", "\u2066", "\x00", "\x07",
                                              "\ufeff", "é", "\U0001f600", "\U0010fffd", "[bold]", "[/x]", "::"]
)
nasty_text = st.lists(st.one_of(nasty_chars, st.characters(codec="utf-8")), max_size=30).map("".join)
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12),
    st.floats(allow_nan=True, allow_infinity=True), nasty_text, st.text(max_size=20),
)
yaml_data = st.recursive(
    scalars,
    lambda kids: st.one_of(st.lists(kids, max_size=5), st.dictionaries(st.text(max_size=10), kids, max_size=5)),
    max_leaves=25,
)

ids = st.sampled_from(["gov", "gov-tv", "monitor", "rebels", "nobody", "a", "Bad Id", "x" * 40, ""])
claim_ids = st.sampled_from(["c1", "c2", "c3", "gov-killed", "monitor-killed", "C1", "c1 "])
topics = st.sampled_from(["town/killed", "town/other", "town", "Town/Killed", "a//b", "t/" + "x" * 30])
figures = st.one_of(
    st.sampled_from(["40", "about 300", "more than 400", "dozens", "1,200", "between 5 and 2", "84%", "up to 0",
                     "2018-05-01", "a few hundred", "nonsense", "", "-5", "1e999", "tens of thousands"]),
    st.integers(-10**6, 10**18), st.floats(allow_nan=True, allow_infinity=True),
    st.fixed_dictionaries({}, optional={"low": scalars, "best": scalars, "high": scalars}),
    scalars,
)
dates = st.one_of(st.sampled_from(["2018-05-01", "2018-05", "2018", "2018-02-30", "2099-01-01", "0000-00-00", "18"]),
                  st.integers(0, 99999), scalars)


def record(fields: dict, values: dict) -> st.SearchStrategy:
    """A dict with a subset of the schema's fields, each with a plausible or
    absurd value, sometimes an unknown field."""
    names = sorted(fields)
    return st.builds(
        lambda picked, vals, extra: {**{n: v for n, v in zip(picked, vals)}, **extra},
        st.lists(st.sampled_from(names), unique=True, max_size=len(names)),
        st.lists(st.one_of(*values.values()) if values else scalars, min_size=len(names), max_size=len(names)),
        st.dictionaries(st.sampled_from(["claimnt", "figures", "x"]), scalars, max_size=1),
    ).flatmap(lambda d: st.fixed_dictionaries({k: _value_for(k, values, v) for k, v in d.items()}))


def _value_for(name: str, values: dict, fallback) -> st.SearchStrategy:
    return st.one_of(values.get(name, st.just(fallback)), st.just(fallback))


appearance = st.fixed_dictionaries({"outlet": ids}, optional={"date": dates, "quote": nasty_text, "url": st.sampled_from(
    ["https://example.org/a", "javascript:alert(1)", "http://", "ftp://x", ""])})
claim_values = {
    "id": claim_ids, "statement": nasty_text, "claimant": ids, "topic": topics, "about": ids,
    "figure": figures, "as_of": dates, "status": st.sampled_from([*STATUSES, "Unverified", "", "true"]),
    "reported_by": st.lists(st.one_of(appearance, scalars), max_size=3),
    "supersedes": claim_ids, "tags": st.lists(scalars, max_size=3), "notes": nasty_text,
    "ignore": st.one_of(st.dictionaries(st.sampled_from(["CC505", "CC307", "CC401", "CC999", "x"]), scalars, max_size=2),
                        scalars),
}
topic_values = {"title": nasty_text, "unit": nasty_text, "cumulative": scalars, "notes": nasty_text}
source_values = {
    "id": ids, "name": nasty_text, "kind": st.sampled_from([*KINDS, "blog"]), "stance": ids,
    "reliability": st.sampled_from(["A", "B", "E", "F", "G", "a", ""]), "part_of": ids,
    "url": st.sampled_from(["https://example.org", "not a url"]), "aliases": st.lists(scalars, max_size=2),
    "notes": nasty_text,
}
# Claims whose required fields are usable, so the checks between claims
# (references, revisions, evidence) run on them.
usable_claim = st.fixed_dictionaries(
    {
        "id": st.sampled_from(["c1", "c2", "c3", "c4"]),
        "statement": nasty_text.filter(lambda s: s.strip()),
        "claimant": st.sampled_from(["gov", "gov-tv", "monitor", "rebels"]),
        "topic": st.sampled_from(["town/killed", "town/other"]),
        "status": st.sampled_from(STATUSES),
    },
    optional={k: claim_values[k] for k in ("about", "figure", "as_of", "reported_by", "supersedes", "tags", "notes",
                                           "ignore")}
    | {"figure": st.one_of(st.integers(0, 10**6), figures), "supersedes": st.sampled_from(["c1", "c2", "c3", "c4"])},
)
claims_doc = st.fixed_dictionaries(
    {},
    optional={
        "topics": st.dictionaries(topics, st.one_of(record(TOPIC, topic_values), scalars), max_size=3),
        "claims": st.lists(st.one_of(usable_claim, record(CLAIM, claim_values)), max_size=6),
        "extra": scalars,
    },
)
sources_doc = st.fixed_dictionaries(
    {},
    optional={
        "stances": st.dictionaries(st.sampled_from(["government", "opposition", "independent", "Bad"]),
                                   st.one_of(nasty_text, st.fixed_dictionaries({"description": nasty_text},
                                                                                optional={"neutral": scalars})),
                                   max_size=3),
        "sources": st.lists(record(SOURCE, source_values), max_size=5),
        "publisher": st.one_of(scalars, st.dictionaries(st.sampled_from(["name", "url", "logo"]), scalars)),
    },
)


@st.composite
def mutated(draw, text: str) -> bytes:
    """A copy of ``text`` with a few text-level mutations."""
    s = text
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["delete", "insert", "replace", "dup_line", "swap_lines", "indent", "truncate", "bytes"]))
        lines = s.split("\n")
        if op == "delete" and s:
            i = draw(st.integers(0, len(s) - 1))
            s = s[:i] + s[i + draw(st.integers(1, 20)):]
        elif op == "insert":
            i = draw(st.integers(0, len(s)))
            s = s[:i] + draw(nasty_text) + s[i:]
        elif op == "replace" and s:
            i = draw(st.integers(0, len(s) - 1))
            s = s[:i] + draw(nasty_chars) + s[i + 1:]
        elif op == "dup_line":
            i = draw(st.integers(0, len(lines) - 1))
            lines.insert(i, lines[i])
            s = "\n".join(lines)
        elif op == "swap_lines" and len(lines) > 1:
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            s = "\n".join(lines)
        elif op == "indent":
            i = draw(st.integers(0, len(lines) - 1))
            lines[i] = draw(st.sampled_from(["", " ", "  ", "\t", "      "])) + lines[i].lstrip(" ")
            s = "\n".join(lines)
        elif op == "truncate":
            s = s[: draw(st.integers(0, len(s)))]
        elif op == "bytes":
            raw = bytearray(s.encode("utf-8"))
            if raw:
                raw[draw(st.integers(0, len(raw) - 1))] = draw(st.integers(0, 255))
            return bytes(raw)
    return s.encode("utf-8")


def dumped(data, draw_flow: bool, unicode: bool) -> bytes:
    return yaml.safe_dump(data, default_flow_style=draw_flow, allow_unicode=unicode, sort_keys=False).encode("utf-8")


# --------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------


@pytest.mark.slow  # hypothesis drives the whole CLI: seconds per test
@given(raw=st.binary(max_size=2000), fmt=st.sampled_from(FORMATS))
@example(raw=b"", fmt="text")
@example(raw=b"\xef\xbb\xbf", fmt="json")
@example(raw=b"claims: [\x00]", fmt="github")
@example(raw=b"\xff\xfe", fmt="sarif")
def test_arbitrary_bytes_as_claims_file(fuzz_root, raw, fmt):
    check_validate(fuzz_root, raw, fmt=fmt)


@pytest.mark.slow
@given(raw=st.binary(max_size=2000), fmt=st.sampled_from(FORMATS))
def test_arbitrary_bytes_as_sources_file(fuzz_root, raw, fmt):
    check_validate(fuzz_root, CLAIMS_YAML.encode(), sources=raw, fmt=fmt)


@pytest.mark.slow
@given(data=yaml_data, flow=st.booleans(), uni=st.booleans(), fmt=st.sampled_from(FORMATS))
def test_arbitrary_yaml_documents(fuzz_root, data, flow, uni, fmt):
    check_validate(fuzz_root, dumped(data, flow, uni), fmt=fmt)


@pytest.mark.slow
@given(data=yaml_data, uni=st.booleans(), st_data=st.data())
def test_arbitrary_yaml_documents_mutated_as_text(fuzz_root, data, uni, st_data):
    text = dumped(data, False, uni).decode("utf-8")
    check_validate(fuzz_root, st_data.draw(mutated(text)), fmt=st_data.draw(st.sampled_from(FORMATS)))


@pytest.mark.slow
@given(claims=claims_doc, flow=st.booleans(), fmt=st.sampled_from(FORMATS))
def test_claim_shaped_documents(fuzz_root, claims, flow, fmt):
    check_validate(fuzz_root, dumped(claims, flow, True), fmt=fmt)


@pytest.mark.slow
@given(claims=claims_doc, sources=sources_doc, fmt=st.sampled_from(FORMATS))
def test_claim_and_source_shaped_documents_together(fuzz_root, claims, sources, fmt):
    check_validate(fuzz_root, dumped(claims, False, True), sources=dumped(sources, False, True), fmt=fmt)


@pytest.mark.slow
@given(claims=mutated(CLAIMS_YAML), fmt=st.sampled_from(FORMATS))
def test_mutated_valid_claims_file(fuzz_root, claims, fmt):
    check_validate(fuzz_root, claims, fmt=fmt)


@pytest.mark.slow
@given(sources=mutated(SOURCES_YAML), fmt=st.sampled_from(FORMATS))
def test_mutated_valid_sources_file(fuzz_root, sources, fmt):
    check_validate(fuzz_root, CLAIMS_YAML.encode(), sources=sources, fmt=fmt)


def test_unmutated_fixture_files_validate_clean(fuzz_root):
    """The seeds of the mutation tests are themselves valid, so a mutant's
    diagnostics come from the mutation."""
    check_validate(fuzz_root, CLAIMS_YAML.encode())
    assert open_base(fuzz_root).diagnostics == []
