"""Bounded resources and odd files: each documented limit holds at its value and
fails just past it with a clear diagnostic; symlinks that loop or leave the
base, pipes and undecodable names are refused, never followed or read; unusual
but valid content (BOM, CRLF, tabs, every Unicode plane, long lines) loads
exactly."""

from __future__ import annotations

import json
import os

import pytest

from claimcheck.base import open_base
from claimcheck.load.strict import MAX_DEPTH, MAX_FILE_BYTES, MAX_ITEMS, MAX_STRING, load_bytes, load_text

from tests.helpers import CLAIMS_YAML, SOURCES_YAML, cli, make_base


def codes_at(base, rel: str) -> list[str]:
    return [d.code for d in base.diagnostics if d.path == rel]


def only(lf):
    assert len(lf.diagnostics) == 1, lf.diagnostics
    return lf.diagnostics[0]


# --------------------------------------------------------------------------
# File size
# --------------------------------------------------------------------------


def _file_of(size: int) -> bytes:
    head = b"claims: []\n#"
    return head + b"x" * (size - len(head) - 1) + b"\n"


def test_file_exactly_at_size_cap_loads(tmp_path):
    raw = _file_of(MAX_FILE_BYTES)
    assert len(raw) == MAX_FILE_BYTES
    root = make_base(tmp_path, files={"claims/big.yaml": raw})
    base = open_base(root)
    assert codes_at(base, "claims/big.yaml") == []
    assert base.file("claims/big.yaml").data == {"claims": []}


def test_file_one_byte_over_size_cap_refused_unread(tmp_path):
    root = make_base(tmp_path, files={"claims/big.yaml": _file_of(MAX_FILE_BYTES + 1)})
    base = open_base(root)
    [d] = [d for d in base.diagnostics if d.path == "claims/big.yaml"]
    assert (d.code, d.line, d.column) == ("CC106", 1, 1)
    assert f"{MAX_FILE_BYTES + 1} bytes" in d.message and str(MAX_FILE_BYTES) in d.message


def test_size_cap_also_applies_to_bytes_given_in_memory():
    d = only(load_bytes(_file_of(MAX_FILE_BYTES + 1), "claims/x.yaml"))
    assert d.code == "CC106"
    assert load_bytes(_file_of(MAX_FILE_BYTES), "claims/x.yaml").diagnostics == []


# --------------------------------------------------------------------------
# Nesting depth
# --------------------------------------------------------------------------


def _nested_maps(n: int) -> str:
    return "{a: " * n + "1" + "}" * n


def test_nesting_exactly_at_depth_limit_loads():
    lf = load_text(_nested_maps(MAX_DEPTH), "x.yaml")
    assert lf.diagnostics == []
    node = lf.data
    for _ in range(MAX_DEPTH - 1):
        node = node["a"]
    assert node == {"a": 1}


def test_nesting_one_past_depth_limit_is_cc110_at_the_deepest_opening():
    d = only(load_text(_nested_maps(MAX_DEPTH + 1), "x.yaml"))
    assert d.code == "CC110"
    assert (d.line, d.column) == (1, 4 * MAX_DEPTH + 1)  # the 49th "{"
    assert f"deeper than {MAX_DEPTH} levels" in d.message


def test_block_nesting_past_limit_is_cc110():
    text = "".join("  " * i + "a:\n" for i in range(MAX_DEPTH + 1)) + "  " * (MAX_DEPTH + 1) + "x: 1\n"
    d = only(load_text(text, "x.yaml"))
    assert (d.code, d.line) == ("CC110", MAX_DEPTH + 1)


def test_flow_sequences_100000_deep_no_recursion_error(tmp_path):
    for text in ("[" * 100_000, "[" * 100_000 + "]" * 100_000, "a: " + "[" * 100_000 + "]" * 100_000):
        d = only(load_text(text, "x.yaml"))
        assert d.code == "CC110", d


def test_flow_mappings_100000_deep_no_recursion_error():
    for text in ("{a: " * 100_000, "{a: " * 100_000 + "1" + "}" * 100_000, "[{a: " * 50_000):
        d = only(load_text(text, "x.yaml"))
        assert d.code == "CC110", d
    # "{{{..." opens a mapping as a key: refused as a complex key, at once.
    d = only(load_text("{" * 100_000, "x.yaml"))
    assert (d.code, d.line, d.column) == ("CC112", 1, 2)


def test_deep_nesting_through_the_cli_is_a_diagnostic(tmp_path):
    root = make_base(tmp_path, files={
        "claims/seq.yaml": "claims: " + "[" * 100_000 + "]" * 100_000 + "\n",
        "claims/map.yaml": "claims: " + "{a: " * 100_000 + "1" + "}" * 100_000 + "\n",
        "claims/block.yaml": "".join("  " * i + "- \n" for i in range(2000)),
    })
    r = cli("--root", root, "validate")
    assert r.exit_code == 1
    for name in ("seq", "map", "block"):
        assert f"claims/{name}.yaml:" in r.stdout and "CC110" in r.stdout


@pytest.mark.slow
def test_python_recursion_limit_is_not_what_stops_deep_nesting(monkeypatch):
    # The builder is iterative: a limit far above the recursion limit would
    # still load (checked with the limit raised temporarily in the module).
    # PyYAML's pure-Python parser is used: libyaml (PyYAML 6.0.4 and later)
    # stops at 1,000 levels itself.
    import yaml

    import claimcheck.load.strict as yl

    monkeypatch.setattr(yl, "MAX_DEPTH", 5000)
    monkeypatch.setattr(yl, "_loader_class", lambda: yaml.SafeLoader)
    lf = load_text("[" * 4000 + "]" * 4000, "x.yaml")
    assert lf.diagnostics == []
    depth, node = 0, lf.data
    while isinstance(node, list):
        depth += 1
        node = node[0] if node else None
    assert depth == 4000


# --------------------------------------------------------------------------
# String length
# --------------------------------------------------------------------------


def test_string_exactly_at_length_limit_loads_exactly():
    s = "é" * MAX_STRING
    lf = load_text(f'statement: "{s}"\n', "x.yaml")
    assert lf.diagnostics == []
    assert lf.data == {"statement": s}


def test_string_one_past_length_limit_is_cc110():
    lf = load_text("a: b\nstatement: " + "x" * (MAX_STRING + 1) + "\n", "x.yaml")
    d = only(lf)
    assert (d.code, d.line, d.column) == ("CC110", 2, 12)
    assert f"{MAX_STRING + 1} characters" in d.message and f"limit {MAX_STRING}" in d.message


def test_long_key_past_length_limit_is_cc110():
    d = only(load_text("k" * (MAX_STRING + 1) + ": 1\n", "x.yaml"))
    assert d.code == "CC110"


# --------------------------------------------------------------------------
# Entries per list or mapping (claims per file)
# --------------------------------------------------------------------------


def test_list_exactly_at_item_limit_loads():
    lf = load_text("claims:\n" + "- x\n" * MAX_ITEMS, "x.yaml")
    assert lf.diagnostics == []
    assert len(lf.data["claims"]) == MAX_ITEMS


def test_claims_one_past_item_limit_is_cc110_at_the_extra_claim(tmp_path):
    body = "claims:\n" + "- {}\n" * (MAX_ITEMS + 1)
    root = make_base(tmp_path, files={"claims/many.yaml": body})
    base = open_base(root)
    [d] = [d for d in base.diagnostics if d.path == "claims/many.yaml"]
    assert (d.code, d.line, d.column) == ("CC110", MAX_ITEMS + 2, 3)
    assert f"more than {MAX_ITEMS} entries" in d.message
    assert base.claims == {}


def test_mapping_at_and_past_item_limit():
    ok = "".join(f"k{i}: 1\n" for i in range(MAX_ITEMS))
    assert load_text(ok, "x.yaml").diagnostics == []
    d = only(load_text(ok + "extra: 1\n", "x.yaml"))
    assert (d.code, d.line, d.column) == ("CC110", MAX_ITEMS + 1, 1)  # at the extra key


# --------------------------------------------------------------------------
# Aliases, anchors, merge keys
# --------------------------------------------------------------------------


def test_alias_refused_cc103_at_the_alias():
    d = only(load_text("a: &x hello\nb: *x\n", "x.yaml"))
    assert (d.code, d.line, d.column) == ("CC103", 1, 4)  # the anchor comes first


def test_billion_laughs_refused_at_first_anchor_without_expansion():
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    d = only(load_text("\n".join(lines) + "\n", "x.yaml"))
    assert (d.code, d.line) == ("CC103", 1)


def test_bare_alias_and_merge_key_refused():
    assert only(load_text("a: *nowhere\n", "x.yaml")).code in ("CC103", "CC101")
    d = only(load_text("a:\n  <<: {b: 1}\n", "x.yaml"))
    assert (d.code, d.line, d.column) == ("CC103", 2, 3)


# --------------------------------------------------------------------------
# Symlinks and odd files under claims/
# --------------------------------------------------------------------------


def test_symlink_loop_refused(tmp_path):
    root = make_base(tmp_path, files={"claims/ok.yaml": CLAIMS_YAML})
    (root / "claims/self.yaml").symlink_to("self.yaml")
    (root / "claims/a.yaml").symlink_to("b.yaml")
    (root / "claims/b.yaml").symlink_to("a.yaml")
    base = open_base(root)
    for rel in ("claims/self.yaml", "claims/a.yaml", "claims/b.yaml"):
        [d] = [d for d in base.diagnostics if d.path == rel]
        assert d.code == "CC111" and "loops" in d.message
    assert codes_at(base, "claims/ok.yaml") == []
    assert len(base.claims) == 2


def test_symlink_out_of_base_refused_and_not_read(tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text("claims: [{id: SECRET}]\n")
    root = make_base(tmp_path, files={"claims/ok.yaml": CLAIMS_YAML})
    (root / "claims/leak.yaml").symlink_to(outside)
    base = open_base(root)
    [d] = [d for d in base.diagnostics if d.path == "claims/leak.yaml"]
    assert d.code == "CC111" and "out of the claim base" in d.message
    assert all("SECRET" not in x.message for x in base.diagnostics)
    assert [f.rel for f in base.files] == ["sources.yaml", "claims/ok.yaml"]


def test_symlinked_folders_not_followed(tmp_path):
    out_dir = tmp_path / "outside"
    out_dir.mkdir()
    (out_dir / "x.yaml").write_text("claims: [{id: SECRET}]\n")
    root = make_base(tmp_path)
    (root / "claims/ext").symlink_to(out_dir, target_is_directory=True)
    (root / "claims/sub").mkdir()
    (root / "claims/sub/up").symlink_to("..", target_is_directory=True)  # a folder loop
    base = open_base(root)
    by_path = {d.path: d for d in base.diagnostics}
    assert by_path["claims/ext"].code == "CC111" and "out of the claim base" in by_path["claims/ext"].message
    assert by_path["claims/sub/up"].code == "CC111"
    assert [f.rel for f in base.files] == ["sources.yaml"]


def test_claims_folder_itself_symlinked_out_of_base_refused(tmp_path):
    out_dir = tmp_path / "elsewhere"
    out_dir.mkdir()
    (out_dir / "x.yaml").write_text("claims: [{id: SECRET}]\n")
    root = make_base(tmp_path)
    (root / "claims").rmdir()
    (root / "claims").symlink_to(out_dir, target_is_directory=True)
    base = open_base(root)
    assert [(d.path, d.code) for d in base.diagnostics] == [("claims", "CC111")]
    assert [f.rel for f in base.files] == ["sources.yaml"]


def test_symlink_inside_base_is_read(tmp_path):
    root = make_base(tmp_path, files={"data/real.yaml": CLAIMS_YAML})
    (root / "claims/link.yaml").symlink_to(root / "data/real.yaml")
    base = open_base(root)
    assert base.diagnostics == []
    assert set(base.claims) == {"gov-killed", "monitor-killed"}


def test_fifo_named_yaml_refused_not_read(tmp_path):
    root = make_base(tmp_path)
    os.mkfifo(root / "claims/pipe.yaml")
    r = cli("--root", root, "validate")  # would block forever if the pipe were opened
    assert r.exit_code == 1
    assert "claims/pipe.yaml:1:1: CC111 not a regular file" in r.stdout


def test_undecodable_file_name_shown_escaped_in_every_format(tmp_path):
    root = make_base(tmp_path)
    name = os.fsdecode(b"claims/bad\xff\x1b[31m.yaml")
    (root / name).write_text("claims: 3\n")
    base = open_base(root)
    [d] = base.diagnostics
    assert d.path == "claims/bad\\xff\x1b[31m.yaml"  # ESC is the renderers' job
    r = cli("--root", root, "validate")
    assert r.exit_code == 1 and "claims/bad\\xff\\x1b[31m.yaml:1:9: CC203" in r.stdout
    assert "\x1b" not in r.stdout
    doc = json.loads(cli("--root", root, "validate", "--format", "json").stdout)
    assert doc["diagnostics"][0]["path"] == "claims/bad\\xff\x1b[31m.yaml"
    sarif = json.loads(cli("--root", root, "validate", "--format", "sarif").stdout)
    uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "claims/bad%5Cxff%1B%5B31m.yaml"


@pytest.mark.slow
def test_thousands_of_empty_or_non_yaml_files_one_diagnostic_each(tmp_path):
    files = {}
    for i in range(2000):
        kind = i % 4
        files[f"claims/f{i:04d}.yaml"] = (b"", b"   \n# only a comment\n", b"[unclosed", b"\xff\xfe\x00binary")[kind]
    root = make_base(tmp_path, files=files)
    base = open_base(root)
    assert len(base.diagnostics) == 2000
    assert sorted(d.path for d in base.diagnostics) == sorted(files)
    want = {0: "CC107", 1: "CC107", 2: "CC101", 3: "CC105"}
    for d in base.diagnostics:
        assert d.code == want[int(d.path[8:12]) % 4], d
    r = cli("--root", root, "validate")
    assert r.exit_code == 1
    assert r.stdout.count("\n") == 2001  # one line per file and the summary


def test_directory_named_like_a_yaml_file_is_walked_not_read(tmp_path):
    root = make_base(tmp_path, files={"claims/dir.yaml/inner.yaml": CLAIMS_YAML})
    base = open_base(root)
    assert base.diagnostics == []
    assert len(base.claims) == 2


# --------------------------------------------------------------------------
# Unusual but valid content
# --------------------------------------------------------------------------

PLANES = {
    0: "é中\u00a0",  # Latin-1, CJK, no-break space
    1: "\U0001d518\U0001f600",  # mathematical fraktur U, grinning face
    2: "\U00020000",  # CJK extension B
    3: "\U00030000",  # CJK extension G
    14: "\U000e0100",  # variation selector 17
    15: "\U000f0000",  # supplementary private use area A
    16: "\U0010fffd",  # supplementary private use area B
}


def _unusual_claims(statement_expr: str, long_quote: str) -> str:
    return (
        "claims:\n"
        "  - id: odd\n"
        f"    statement: {statement_expr}\n"
        "    claimant: gov\n"
        "    topic: town/killed\n"
        "    status: unverified\n"
        "    notes: \"tab\there\\tand escaped\"\n"
        "    reported_by:\n"
        "      - outlet: gov-tv\n"
        f"        quote: {long_quote}\n"
        "topics:\n"
        "  town/killed:\n"
        "    title: Folded\n"
        "      over two lines\n"
    )


def test_bom_crlf_tabs_every_plane_and_long_lines_load_exactly(tmp_path):
    planes = "".join(PLANES.values())
    long_quote = "q" * (MAX_STRING - 10) + planes[:3]
    text = _unusual_claims(f"'Plane test: {planes} ''quoted'''", long_quote)
    raw = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
    root = make_base(tmp_path, sources=b"\xef\xbb\xbf" + open_sources_crlf(), files={"claims/odd.yaml": raw})
    base = open_base(root)
    assert base.diagnostics == []
    c = base.claims["odd"]
    assert c.statement == f"Plane test: {planes} 'quoted'"
    assert c.notes == "tab\there\tand escaped"
    assert c.reported_by[0].quote == long_quote
    assert base.topics["town/killed"].title == "Folded over two lines"
    assert len(base.sources) == 4
    for plane, chars in PLANES.items():
        assert all(ord(ch) >> 16 == plane for ch in chars)


def open_sources_crlf() -> bytes:
    return SOURCES_YAML.replace("\n", "\r\n").encode("utf-8")


def test_every_plane_statement_through_the_cli_json(tmp_path):
    planes = "".join(PLANES.values())
    root = make_base(tmp_path, files={"claims/odd.yaml": _unusual_claims(f'"{planes}"', "short")})
    r = cli("--root", root, "validate", "--format", "json")
    assert r.exit_code == 0, r.stdout
    assert json.loads(r.stdout)["claims"] == 1
    assert open_base(root).claims["odd"].statement == planes


def test_lone_surrogate_escape_is_cc105_not_a_crash():
    # libyaml rejects it as CC101; the pure-Python parser would accept it.
    import yaml

    import claimcheck.load.strict as yl

    for loader in (yl._loader_class(), yaml.SafeLoader):
        old = yl._loader_class
        yl._loader_class = lambda: loader
        try:
            d = only(load_text('a: "\\ud800"\n', "x.yaml"))
        finally:
            yl._loader_class = old
        assert d.code in ("CC101", "CC105") and d.line == 1


# --------------------------------------------------------------------------
# Each limit gives one exact diagnostic, from both readers, whatever the
# installed parser's own limits (libyaml in PyYAML 6.0.4 stops nesting at
# 1,000 levels and reads up to 1,024 characters ahead of the events it gives).
# --------------------------------------------------------------------------

_DEEP = MAX_DEPTH  # the root mapping is the first level
LIMIT_CASES = {
    # name: (file text, (code, line, column))
    "flow sequences 100,000 deep": ("claims: " + "[" * 100_000 + "]" * 100_000 + "\n", ("CC110", 1, 9 + _DEEP - 1)),
    "flow sequences 100,000 deep, never closed": ("claims: " + "[" * 100_000 + "\n", ("CC110", 1, 9 + _DEEP - 1)),
    "flow sequences just past the limit": ("claims: " + "[" * (_DEEP + 5) + "]" * (_DEEP + 5) + "\n", ("CC110", 1, 9 + _DEEP - 1)),
    "flow mappings 100,000 deep": ("claims: " + "{a: " * 100_000 + "1" + "}" * 100_000 + "\n", ("CC110", 1, 9 + 4 * (_DEEP - 1))),
    "sequences of mappings 50,000 deep": ("claims: " + "[{a: " * 50_000 + "\n", ("CC110", 1, 9 + 5 * ((_DEEP - 1) // 2) + 1)),
    "a mapping as a key, 100,000 deep": ("claims: " + "{" * 100_000 + "\n", ("CC112", 1, 10)),
    "block sequences 2,000 deep": (
        "claims:\n" + "".join("  " * i + "-\n" for i in range(2000)) + "  " * 2000 + "- 1\n",
        ("CC110", _DEEP + 1, 2 * (_DEEP - 1) + 1)),
    "block mappings just past the limit": (
        "claims:\n" + "".join("  " * (i + 1) + "a:\n" for i in range(_DEEP)) + "  " * (_DEEP + 1) + "x: 1\n",
        ("CC110", _DEEP + 1, 2 * _DEEP + 1)),
    "a plain string one past the length limit": ("claims: []\nnotes: " + "x" * (MAX_STRING + 1) + "\n", ("CC110", 2, 8)),
    "a quoted string one past the length limit": ('claims: []\nnotes: "' + "é" * (MAX_STRING + 1) + '"\n', ("CC110", 2, 8)),
    "one entry past the list limit": ("claims:\n" + "- 1\n" * (MAX_ITEMS + 1), ("CC110", MAX_ITEMS + 2, 3)),
    "one key past the mapping limit": (
        "topics:\n" + "".join(f"  t{i}: 1\n" for i in range(MAX_ITEMS + 1)), ("CC110", MAX_ITEMS + 2, 3)),
    "one byte past the file size cap": (
        "claims: []\n#" + "x" * (MAX_FILE_BYTES - 12) + "\n", ("CC106", 1, 1)),
}


def _readers():
    from claimcheck.load.fast import _fast_loads, read_fast
    from claimcheck.load.strict import load_file

    assert _fast_loads() is not None, "yaml_rs, a declared dependency, is not importable"
    return {"strict": load_file, "fast": read_fast}


@pytest.mark.parametrize("reader", ["strict", "fast"])
@pytest.mark.parametrize("case", list(LIMIT_CASES))
def test_each_limit_gives_the_same_exact_diagnostic_from_both_readers(tmp_path, case, reader):
    text, expected = LIMIT_CASES[case]
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    lf = _readers()[reader](path, "claims/x.yaml")
    got = [(d.code, d.line, d.column) for d in lf.diagnostics]
    assert got == [expected]
    assert lf.data is None


@pytest.mark.parametrize("reader", ["strict", "fast"])
def test_nesting_exactly_at_the_limit_loads_from_both_readers(tmp_path, reader):
    path = tmp_path / "x.yaml"
    path.write_text("claims: " + "[" * (_DEEP - 1) + "]" * (_DEEP - 1) + "\n", encoding="utf-8")
    lf = _readers()[reader](path, "claims/x.yaml")
    assert lf.diagnostics == []
    node, lists = lf.data["claims"], 0
    while isinstance(node, list):
        node, lists = (node[0] if node else None), lists + 1
    assert lists + 1 == _DEEP  # the root mapping and 47 lists


def test_a_parsers_own_nesting_limit_is_never_a_syntax_error(monkeypatch):
    # With claimcheck's limit raised above libyaml's own (1,000 levels in
    # PyYAML 6.0.4), the parser's refusal is mapped to the limit code, not
    # passed through as CC101; older parsers read the text whole.
    import claimcheck.load.strict as yl

    monkeypatch.setattr(yl, "MAX_DEPTH", 5000)
    lf = load_text("[" * 4000 + "]" * 4000, "x.yaml")
    assert [d.code for d in lf.diagnostics] in ([], ["CC110"])
