"""The suite needs nothing outside the repository: the data it reads is vendored
under tests/fixtures/ (each folder described in its README), and no test reaches
for the workspace's shared folder beside the repository."""

from __future__ import annotations

import re

from tests.helpers import FIXTURES, REPO

TESTS = REPO / "tests"
# Spelled in pieces, so that this file does not hold what it looks for.
OUTSIDE = ("../" + "shared", "shared/" + "seeds", "shared/" + "yaml-test-suite")
# A path joined from parts (REPO.parent, then the folder's name) holds neither
# string above: catch the part.
OUTSIDE_PART = re.compile(r"""/\s*["']""" + "shared" + r"""["']""")


def test_no_test_reads_the_shared_folder_beside_the_repository():
    found = []
    for p in sorted(TESTS.rglob("*")):
        if p.suffix not in (".py", ".md") or FIXTURES in p.parents:
            continue
        text = p.read_text(encoding="utf-8")
        found += [f"{p.relative_to(REPO)}: {word}" for word in OUTSIDE if word in text]
        found += [f"{p.relative_to(REPO)}: {m.group(0)}" for m in OUTSIDE_PART.finditer(text)]
    assert found == []


def test_the_search_above_finds_what_it_looks_for():
    word = "sha" + "red"
    assert any(w in f'SEEDS = "../{word}/seeds"' for w in OUTSIDE)
    assert OUTSIDE_PART.search(f'REPO.parent / "{word}" / "seeds"')
    assert not OUTSIDE_PART.search(f'"a {word} scale"')


def test_every_fixture_folder_is_described_in_the_readme():
    readme = (FIXTURES / "README.md").read_text(encoding="utf-8")
    for p in sorted(FIXTURES.iterdir()):
        if p.is_dir():
            assert f"## {p.name}/" in readme, p.name
    for p in sorted((FIXTURES / "bases").iterdir()):
        assert f"`{p.name}/`" in readme, p.name
    for p in sorted((FIXTURES / "feeds").iterdir()):
        assert f"`{p.name}`" in readme, p.name


def test_the_seed_reports_are_the_five_the_base_was_built_from():
    assert sorted(p.name for p in (FIXTURES / "seeds").iterdir()) == [
        "000_c2f35dc8823ef30c.txt", "001_397921b937e88dd4.txt", "002_ae5cb57c015c28b7.txt",
        "003_5b797f9544c21d53.txt", "004_716605168448cc35.txt",
    ]
