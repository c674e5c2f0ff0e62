"""The fast reading path (claimcheck.fastload) against the strict loader.

The strict event-based loader is the reference: wherever the fast path keeps
a file, the data must be identical (types included); everything the strict
loader refuses or resolves differently must be sent to it by the pre-check or
the data check; and diagnostics of a file read fast must carry the same
positions as the strict loader's. The YAML test-suite cases are the vendored
ones (tests/fixtures/yaml-test-suite, documented in tests/test_yaml_suite.py).
"""

from __future__ import annotations

import math
import random
import sys
from pathlib import Path

import pytest

from claimcheck.load import fast as fastload, strict as yamlload
from claimcheck.base import open_base
from claimcheck.load.strict import load_file, load_text

from tests.helpers import fixture_path

yaml_rs = pytest.importorskip("yaml_rs", reason="yaml-rs not installed: the fast path is off and the strict loader reads everything")

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from generate import generate  # noqa: E402

SUITE = fixture_path("yaml-test-suite")
CASES = sorted(p.parent.relative_to(SUITE).as_posix() for p in SUITE.rglob("in.yaml"))


def same(a, b) -> bool:
    """Equal data with equal types all the way down (NaN equals NaN)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return a == b


def fast(text: str):
    ok, data = fastload.fast_data(text)
    return data if ok else None


# --- identical data ---------------------------------------------------------


def test_suite_cases_the_fast_path_keeps_read_exactly_as_the_strict_loader():
    kept = 0
    for case in CASES:
        raw = (SUITE / case / "in.yaml").read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        data = fast(text)
        if data is None:
            continue
        kept += 1
        strict = load_text(text, "x")
        assert strict.ok, f"{case}: fast path kept a file the strict loader refuses: {strict.diagnostics}"
        assert same(data, strict.data), f"{case}: {data!r} != {strict.data!r}"
    assert kept > 30  # the comparison is not vacuous


def test_generated_bases_read_identically(tmp_path):
    generate(tmp_path, 600, 3, None, 0.2, 0.02, seed=11)
    files = [tmp_path / "sources.yaml", *sorted((tmp_path / "claims").glob("*.yaml"))]
    for p in files:
        text = p.read_text("utf-8")
        data = fast(text)
        assert data is not None, f"{p.name}: {fastload.strict_reason(text)}"
        assert same(data, load_text(text, p.name).data)


# --- every pre-check trigger sends the file to the strict loader ------------

TRIGGERS = {
    "anchor and alias": "a: &x 1\nb: *x\n",
    "alias in flow": "a: [1, *x]\n",
    "tag": "a: !!str 1\n",
    "local tag": "a: !foo x\n",
    "non-specific tag": "a: ! x\n",
    "merge key": "a: {b: 1}\nc:\n  <<: {b: 2}\n",
    "directive": "%YAML 1.2\n---\na: 1\n",
    "document start": "---\na: 1\n",
    "several documents": "a: 1\n---\nb: 2\n",
    "document end": "a: 1\n...\n",
    "BOM": "\ufeffa: 1\n",
    "tab": "a:\n\tb: 1\n",
    "carriage return": "a: 1\r\nb: 2\r\n",
    "control character": "a: x\x07y\n",
    "DEL": "a: x\x7f\n",
    "NEL": "a: b\x85c: d\n",
    "line separator": "a: x\u2028y\n",
    "non-character": "a: \ufffe\n",
    "escaped surrogate pair": 'a: "\\ud83d\\ude00"\n',
    "escaped lone surrogate": 'a: "\\ud800"\n',
    "digit separator": "a: 1_000\n",
    "trailing underscore": "a: 3.28_\n",
    "leading underscore": "a: _25\n",
    "exponent underscore": "a: 1e_4\n",
    "binary": "a: 0b101\n",
    "signed hex": "a: +0x1F\n",
    "signed octal": "a: -0o17\n",
    "upper-case hex": "a: 0X1F\n",
    "upper-case octal": "a: 0O17\n",
    "number in flow": "a: [0b1, 2]\n",
    "long line": "a: " + "x" * (fastload.MAX_FAST_LINE + 1) + "\n",
}


@pytest.mark.parametrize("name", sorted(TRIGGERS))
def test_pre_check_sends_the_file_to_the_strict_loader(name, tmp_path):
    text = TRIGGERS[name]
    assert fastload.strict_reason(text) is not None, name
    p = tmp_path / "f.yaml"
    p.write_bytes(text.encode("utf-8"))
    lf = fastload.read_fast(p, "f.yaml")
    assert not isinstance(lf, fastload.FastFile)
    ref = yamlload.load_file(p, "f.yaml")
    assert [(d.line, d.column, d.code) for d in lf.diagnostics] == [(d.line, d.column, d.code) for d in ref.diagnostics]
    assert same(lf.data, ref.data)


AFTER_PARSE = {
    "duplicate key": "a: 1\na: 2\n",
    "duplicate flow key": "a: {x: 1, x: 2}\n",
    "integer key": "1: a\n",
    "boolean key": "true: a\n",
    "null key": "null: a\n",
    "complex key": "? [a]\n: 1\n",
    "top level list": "- a\n",
    "top level scalar": "x\n",
    "empty": "",
    "comment only": "# c\n",
    "too deep": "a: " + "[" * (yamlload.MAX_DEPTH + 2) + "]" * (yamlload.MAX_DEPTH + 2) + "\n",
    "deep block nesting": "".join(" " * i + f"k{i}:\n" for i in range(yamlload.MAX_DEPTH + 2)),
    "syntax error": "a: [1, 2\n",
}


@pytest.mark.parametrize("name", sorted(AFTER_PARSE))
def test_what_the_data_check_refuses_goes_to_the_strict_loader(name, tmp_path):
    text = AFTER_PARSE[name]
    p = tmp_path / "f.yaml"
    p.write_bytes(text.encode("utf-8"))
    lf = fastload.read_fast(p, "f.yaml")
    assert not isinstance(lf, fastload.FastFile)
    ref = yamlload.load_file(p, "f.yaml")
    assert [(d.line, d.column, d.code, d.message) for d in lf.diagnostics] == \
        [(d.line, d.column, d.code, d.message) for d in ref.diagnostics]


def test_limits_below_the_cap_follow_the_strict_loader(tmp_path, monkeypatch):
    monkeypatch.setattr(yamlload, "MAX_STRING", 10)
    monkeypatch.setattr(yamlload, "MAX_ITEMS", 3)
    for text in ("a: abcdefghijkl\n", "a: [1, 2, 3, 4]\n", "a: 1\nb: 2\nc: 3\nd: 4\n"):
        assert fast(text) is None, text
    assert fast("a: [1, 2, 3]\n") == {"a": [1, 2, 3]}


def test_plain_scalars_the_fast_path_keeps_resolve_as_yaml_1_2_core():
    """Every short plain scalar over number-like characters: where yaml_rs
    reads it otherwise than resolve_plain, the pre-check must catch it."""
    rnd = random.Random(8)
    alphabet = "0123456789+-._eExXoObB~nNaAiIfFtTrRuUlL"
    tokens = {"".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 7))) for _ in range(20000)}
    tokens |= {"1_000", "0b101", "+0x1F", "-0o17", "0X1F", "0O17", ".inf", "-.Inf", ".NaN", "0o17", "0x1f",
               "1e3", "1.", ".5", "-0", "+1", "0777", "yes", "No", "on", "~", "Null", "TRUE", "2018-05-03", "1:20"}
    for t in sorted(tokens):
        text = f"k: {t}\n"
        data = fast(text)
        if data is None:
            continue
        strict = load_text(text, "x")
        assert strict.ok and same(data, strict.data), f"{t!r}: fast {data!r}, strict {strict.data!r}"


def test_claimcheck_parser_strict_forces_the_strict_loader(monkeypatch):
    monkeypatch.setenv("CLAIMCHECK_PARSER", "strict")
    assert fastload.reader() is load_file
    monkeypatch.delenv("CLAIMCHECK_PARSER")
    assert fastload.reader() is fastload.read_fast


# --- positions ----------------------------------------------------------------


def _key(d):
    return (d.path, d.line, d.column, d.end_line, d.end_column, d.code, d.severity, d.message, d.related)


def test_diagnostics_of_broken_generated_files_have_the_strict_positions(tmp_path, monkeypatch):
    generate(tmp_path, 1500, 3, None, 0.2, 0.05, seed=5)
    strict = open_base(tmp_path, reader=load_file)
    full_rereads = []
    original = yamlload.LoadedFile._load_positions
    monkeypatch.setattr(yamlload.LoadedFile, "_load_positions", lambda self: (full_rereads.append(self.rel), original(self))[1])
    quick = open_base(tmp_path)
    assert any(isinstance(f, fastload.FastFile) for f in quick.files)
    assert len(strict.diagnostics) > 60
    assert [_key(d) for d in quick.diagnostics] == [_key(d) for d in strict.diagnostics]
    # every position came from the record-level locator, none from re-reading a whole file
    assert full_rereads == []


def test_positions_in_an_irregular_file_fall_back_to_the_strict_loader(tmp_path):
    """A quoted "claims" key is not the simple block form the record locator
    indexes: the whole file is re-read strictly, with the same result."""
    (tmp_path / "claims").mkdir()
    (tmp_path / "sources.yaml").write_text(
        "stances:\n  s: A side\nsources:\n  - id: a\n    name: A\n    stance: s\n", "utf-8")
    (tmp_path / "claims" / "x.yaml").write_text(
        "topics:\n  t: {title: T}\n\"claims\":\n  - {id: c1, statement: S., claimant: a, topic: t, status: bogus}\n"
        "  - id: c2\n    statement: S.\n    claimant: nobody\n    topic: t\n    status: unverified\n", "utf-8")
    strict = open_base(tmp_path, reader=load_file)
    quick = open_base(tmp_path)
    assert isinstance(quick.file("claims/x.yaml"), fastload.FastFile)
    assert [_key(d) for d in quick.diagnostics] == [_key(d) for d in strict.diagnostics]
    assert {d.code for d in quick.diagnostics} >= {"CC205", "CC303"}
