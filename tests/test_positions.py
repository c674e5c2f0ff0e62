"""Positions found by scanning a fast-path file's lines (claimcheck.load.positions)
are those the strict loader gives, for every node, key and missing field of
every claim record; where the scan cannot tell, it says so (None) and the
strict parser answers. Checked on generated bases, the bundled base, records
written to be awkward, and records hypothesis writes."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimcheck.load.fast import FastFile, fast_data
from claimcheck.load.positions import FileScan
from claimcheck.load.strict import load_text, walk_shadow

pytest.importorskip("yaml_rs", reason="the scan serves files the fast path read")

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from generate import generate  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def _pointers(node, path=()):
    """Every node of a shadow tree, and a step past each (a missing key or
    index, a step into a scalar)."""
    _, child = node
    yield path
    if isinstance(child, dict):
        for k, (_, vp, c) in child.items():
            yield from _pointers((vp, c), path + (k,))
        yield path + ("no-such-key",)
    elif isinstance(child, list):
        for i, (vp, c) in enumerate(child):
            yield from _pointers((vp, c), path + (i,))
        yield path + (len(child),)
    else:
        yield path + ("past",)


def check_text(text: str) -> tuple[int, int]:
    """(positions the scan found, pointers it left to the strict parser);
    fails on any position that differs from the strict loader's."""
    ok, data = fast_data(text)
    if not ok or not isinstance(data.get("claims"), list):
        return 0, 0
    lf = load_text(text, "x.yaml")
    assert lf.shadow is not None
    scan = FileScan(text, data["claims"])
    if not scan.items:
        return 0, 0
    found = left = 0
    root_pos, root = lf.shadow
    for i, node in enumerate(root["claims"][2]):
        for ptr in _pointers(node):
            for target in ("value", "key", "record"):
                got = scan.locate(i, ptr, target)
                if got is None:
                    left += 1
                    continue
                want = walk_shadow(root_pos, root, ("claims", i) + ptr, target)
                assert got == want, (i, ptr, target, text)
                found += 1
    return found, left


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    root = tmp_path_factory.mktemp("gen")
    generate(root / "a", 400, 2, None, 0.2, 0.1, seed=31, warnings=0.1)
    generate(root / "b", 300, 2, None, 0.1, 0.0, seed=32)
    return root


def test_generated_bases_are_scanned_as_the_strict_loader_places_them(generated):
    found = left = 0
    for p in sorted(generated.rglob("claims/*.yaml")):
        f, n = check_text(p.read_text("utf-8"))
        found += f
        left += n
    assert found > 50_000
    assert left < found / 50  # folded notes and the like: rare


def test_the_bundled_base_is_scanned_as_the_strict_loader_places_it():
    found = 0
    for p in sorted((REPO / "claims").glob("*.yaml")):
        found += check_text(p.read_text("utf-8"))[0]
    assert found > 5000


AWKWARD = {
    "comments and blank lines": """claims:
  # first
  - id: a   # the id
    status: corroborated # a comment

    # between keys
    topic: t/x
  # before the next

  - id: b
    status: 'it''s'
""",
    "quoted and flow": """claims:
  - id: "a"
    statement: "He said: \\"no\\""
    figure: {low: 10, best: 12, high: 20}
    tags: [x, y, ]
    empty: []
    map: {}
    reported_by:
      - outlet: o
        date: 2018-05
      - {outlet: p}
  - id: b
    figure: [1, 2]
""",
    "indentless sequence and nested mapping": """claims:
- id: a
  reported_by:
  - outlet: o
    quote: q
  - outlet: p
  figure:
    low: 1
    high: 3
  status: x
- id: b
  status: y
""",
    "block scalars and multi-line scalars": """claims:
  - id: a
    notes: >-
      folded text
      status: not a key
    statement: plain text that goes
      on to a second line
    status: ok
  - id: b
    quote: |
      - not an item
    status: fine
""",
    "a quoted scalar over lines": """claims:
  - id: a
    statement: "one
      status: two"
    status: real
  - id: b
    statement: 'three
      four'
    reported_by:
      - outlet: "x
          y"
""",
    "a quoted scalar over lines, at the keys' indentation": """claims:
  - id: a
    statement: "one
    status: two"
    topic: real
""",
    "a comment at the very end, no final line break": "claims:\n  - a:\n      - a: a\n    aa:\n      - a: a\n    # c",
    "the last record, then other keys": """claims:
  - id: a
    status: x
topics:
    t/a: {title: T}
""",
    "no final line break": "claims:\n  - id: a\n    status: x\n  - id: b\n    status: y",
    "empty values and odd keys": """claims:
  - id: a
    about:
    status: ~
    notes: null
    9lives: yes
    dotted.key: 1.5
    under_score: -3
  - id: b
    status: "x" # c
""",
    "unicode": """claims:
  - id: é
    statement: 'ééé — “quoted”'
    status: ✓
  - id: 名
    status: 名前
""",
    "wider indentation": """claims:
    -   id: a
        status: x
        reported_by:
            -   outlet: o
                date: 2019
    -   id: b
        status: y
""",
}


@pytest.mark.parametrize("name", sorted(AWKWARD))
def test_awkward_records_are_scanned_right_or_left_to_the_strict_parser(name):
    found, left = check_text(AWKWARD[name])
    assert found + left > 0 or not fast_data(AWKWARD[name])[0]


_words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=6)
_plain = st.one_of(_words, st.integers(-999, 99999).map(str), st.sampled_from(["true", "null", "1.5", "2018-05", "a b c", "x-y"]))
_scalar = st.one_of(
    _plain,
    _plain.map(lambda s: f'"{s}"'),
    _plain.map(lambda s: f"'{s}'"),
    st.lists(_words, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"),
    st.sampled_from(["{low: 1, high: 2}", "", "# only a comment", ">-\n{i}  folded\n{i}  text", "plain\n{i}  more"]),
)


@st.composite
def _record(draw, indent: int) -> str:
    keys = draw(st.lists(_words, min_size=1, max_size=6, unique=True))
    pad = " " * indent
    lines = []
    for n, k in enumerate(keys):
        head = pad[:-2] + "- " if n == 0 else pad
        kind = draw(st.integers(0, 5))
        if kind == 0:  # a list of mappings
            lines.append(f"{head}{k}:")
            for m in range(draw(st.integers(1, 3))):
                inner = draw(st.lists(_words, min_size=1, max_size=3, unique=True))
                sub = draw(st.sampled_from([indent + 2, indent]))
                for j, ik in enumerate(inner):
                    lead = " " * sub + "- " if j == 0 else " " * (sub + 2)
                    lines.append(f"{lead}{ik}: {draw(_plain)}")
        else:
            v = draw(_scalar).replace("{i}", pad)
            lines.append(f"{head}{k}: {v}".rstrip() if v else f"{head}{k}:")
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from(["", pad + "# c", "# c"])))
    return "\n".join(lines)


@given(st.lists(st.integers(2, 4).flatmap(lambda i: _record(i * 2)), min_size=1, max_size=4), st.booleans())
def test_records_hypothesis_writes_are_scanned_as_the_strict_loader_places_them(records, tail):
    indents = {r.index("-") for r in records}
    if len(indents) != 1:  # one list: every item at one indentation
        records = [r for r in records if r.index("-") == min(indents)]
    text = "claims:\n" + "\n".join(records) + ("\n" if tail else "")
    check_text(text)


def test_many_diagnostics_of_one_file_read_it_once(tmp_path, monkeypatch):
    root = tmp_path / "g"
    generate(root, 400, 1, None, 0.1, 0.0, seed=3)
    path = root / "claims" / "gen-0000.yaml"
    ok, data = fast_data(path.read_text("utf-8"))
    lf = FastFile(path, "claims/gen-0000.yaml", data)
    reads = []
    real = Path.read_bytes

    def counting(self):
        reads.append(self)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", counting)
    wanted = [(("claims", i, "status"), "value") for i in range(0, 400, 3)]
    got = lf.locate_many(wanted)
    assert len(reads) == 1
    strict = load_text(real(path).decode("utf-8"), "x")
    assert got == [strict.locate(p, t) for p, t in wanted]


@pytest.mark.parametrize("args", [["conflicts", "--format", "json"], ["claims", "--format", "json"], ["sources"],
                                  ["bias", "--format", "json"], ["conflicts"]])
def test_a_command_that_prints_no_diagnostic_finds_no_position(args, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from claimcheck.cli import app
    from claimcheck.load import entry, strict

    root = tmp_path / "g"
    generate(root, 600, 3, None, 0.2, 0.02, seed=12, warnings=0.1)

    def no(*a, **k):
        raise AssertionError("a position was looked for")

    for cls, name in ((FastFile, "locate_many"), (strict.LoadedFile, "locate"), (entry.CachedFile, "locate_many")):
        monkeypatch.setattr(cls, name, no)
    env = {"COLUMNS": "100", "NO_COLOR": "1", "CLAIMCHECK_TODAY": "2026-01-01"}
    for pre in (["--no-cache"], []):
        r = CliRunner().invoke(app, ["--root", str(root), *pre, *args], env=env)
        assert r.exit_code == 0, r.output
        assert "the claim base has" in r.stderr  # it counted the errors (without placing them)
