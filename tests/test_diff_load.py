"""The loader's entry point for files read elsewhere (what ``diff`` builds
each side from): a base built from files given as bytes is the base
``open_base`` reads from a folder, diagnostics and positions included, and
positions come from the bytes, never from what the disk now holds."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from claimcheck.base import open_base, open_files
from claimcheck.load.fast import FastFile
from claimcheck.load.read import read_bytes, read_disk_file

from .helpers import CLAIMS_YAML, SOURCES_YAML, make_base

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from generate import generate  # noqa: E402

BROKEN = CLAIMS_YAML + """\
  - id: rebels-killed
    statement: The rebels say 900 were killed.
    claimant: rebelz
    topic: town/killed
    figure: 900
    status: maybe
"""


def _from_bytes(root: Path):
    files = {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*.yaml")}
    sources = read_bytes(files.pop("sources.yaml"), "sources.yaml", root / "sources.yaml")
    claims = [read_bytes(files[rel], rel, root / rel) for rel in sorted(files)]
    return open_files(root, sources, claims)


@pytest.mark.parametrize("parser", ["fast", "strict"])
def test_a_base_built_from_bytes_is_the_base_read_from_its_folder(tmp_path, monkeypatch, parser):
    if parser == "strict":
        monkeypatch.setenv("CLAIMCHECK_PARSER", "strict")
    root = make_base(tmp_path, files={"claims/a.yaml": BROKEN, "claims/b.yaml": "claims: [\n"})
    read = open_base(root)
    built = _from_bytes(root)
    assert [d.as_dict() for d in built.diagnostics] == [d.as_dict() for d in read.diagnostics]
    assert {d.code for d in built.diagnostics} >= {"CC101", "CC205", "CC303"}
    assert list(built.claims) == list(read.claims)
    assert built.sources == read.sources


def test_positions_come_from_the_bytes_not_from_the_disk(tmp_path):
    root = make_base(tmp_path, files={"claims/a.yaml": BROKEN})
    expected = [d.as_dict() for d in open_base(root).diagnostics]
    fr = read_bytes((root / "claims/a.yaml").read_bytes(), "claims/a.yaml", root / "claims/a.yaml")
    assert isinstance(fr.lf, FastFile)
    sources = read_disk_file(root / "sources.yaml", "sources.yaml")
    # the file on disk now holds something else: the positions must not move
    (root / "claims/a.yaml").write_text("# moved\n\n\n" + BROKEN.replace("    ", "      "), encoding="utf-8")
    built = open_files(root, sources, [fr])
    assert [d.as_dict() for d in built.diagnostics] == expected
    assert any(d.code == "CC303" and d.line > 1 for d in built.diagnostics)


def test_one_reading_serves_two_bases(tmp_path):
    root = make_base(tmp_path, files={"claims/a.yaml": CLAIMS_YAML})
    src = read_disk_file(root / "sources.yaml", "sources.yaml")
    fr = read_disk_file(root / "claims/a.yaml", "claims/a.yaml")
    one = open_files(root, src, [fr])
    two = open_files(root, src, [fr], check=False)
    assert one.claims.keys() == two.claims.keys() == {"gov-killed", "monitor-killed"}
    # each base its own maps; the records, never changed once built, are built once and shared
    assert one.claims is not two.claims and one.claim_records is not two.claim_records
    assert one.claims["gov-killed"] is two.claims["gov-killed"]
    assert one.files[1] is two.files[1] is fr.lf
    assert fr.diagnostics == []  # building bases leaves the shared reading as it was


def test_the_sources_file_is_checked_as_sources(tmp_path):
    root = make_base(tmp_path, sources=SOURCES_YAML.replace("stance: opposition", "stance: 12"))
    fr = read_bytes((root / "sources.yaml").read_bytes(), "sources.yaml", root / "sources.yaml")
    assert [d.code for d in fr.diagnostics] == [d.code for d in open_base(root).diagnostics if d.path == "sources.yaml"]
    assert fr.diagnostics


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forked workers")
def test_files_given_as_bytes_read_the_same_by_workers(tmp_path, monkeypatch):
    from claimcheck.diagnostics import place
    from claimcheck.load.read import read_many_bytes

    root = tmp_path / "gen"
    generate(root, 1500, 6, None, 0.1, 0.03, seed=5, warnings=0.05)
    (root / "claims" / "gen-0002.yaml").write_bytes(b"claims: [\n")  # the strict loader's to report
    paths = [root / "sources.yaml", *sorted((root / "claims").glob("*.yaml"))]
    items = [(p.read_bytes(), p.relative_to(root).as_posix(), p) for p in paths]
    got = {}
    for jobs in ("1", "2"):
        monkeypatch.setenv("CLAIMCHECK_JOBS", jobs)
        reads = read_many_bytes(items)
        got[jobs] = [(fr.lf.rel, fr.lf.data, place(fr.diagnostics, lambda rel, fr=fr: fr.lf)) for fr in reads]
    assert got["1"] == got["2"]
    assert any(diags for _, _, diags in got["1"])
