"""Unique-prefix resolution of ids: a start of one id only names it, in
``show``, ``source`` and ``set-status``; a start several ids share exits 1
listing them; the resolution is one core function (claimcheck.ids.resolve_id)."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.ids import AmbiguousId, resolve_id

from .helpers import CLAIMS_YAML, cli, make_base

ROOT = Path(__file__).resolve().parents[1]
IDS = ["isis", "isis-media", "sohr-killed", "sohr-killed-2", "pompeo-russians-killed-deir-ezzor"]


#: CLAIMS_YAML and a second claim of the monitor's: 'monitor' begins two ids, 'monitor-k' one.
TWO_MONITOR_CLAIMS = CLAIMS_YAML + """\
  - id: monitor-wounded
    statement: The monitor counts 80 wounded.
    claimant: monitor
    topic: town/wounded
    figure: 80
    status: unverified
"""


def run(root, *args):
    return cli("--root", root, *args)


@pytest.mark.parametrize("text,want", [
    ("isis", "isis"),  # an id that begins another is itself
    ("pompeo", "pompeo-russians-killed-deir-ezzor"),
    ("pompeo-russians-killed-deir-ezzor", "pompeo-russians-killed-deir-ezzor"),
    ("sohr-killed-", "sohr-killed-2"),
    ("nobody", None),
    ("", None),
])
def test_a_unique_prefix_names_its_id(text, want):
    assert resolve_id(text, IDS) == want


def test_a_shared_prefix_is_ambiguous_and_lists_every_candidate_sorted():
    with pytest.raises(AmbiguousId) as e:
        resolve_id("is", IDS)
    assert e.value.candidates == ["isis", "isis-media"]
    assert e.value.message("claim") == "'is' begins 2 claim ids: isis, isis-media; give more of the id"
    many = [f"x-{i:02}" for i in range(12)]
    with pytest.raises(AmbiguousId) as e:
        resolve_id("x", many)
    assert e.value.message("source").endswith("x-09 and 2 more; give more of the id")


def test_show_resolves_a_unique_prefix():
    r = run(ROOT, "show", "pompeo-russians")
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("pompeo-russians-killed-deir-ezzor-2018-02-07  ")


def test_show_lists_the_candidates_of_an_ambiguous_prefix():
    r = run(ROOT, "show", "sohr-abu")
    assert r.exit_code == 1
    assert r.stderr == ("claimcheck: 'sohr-abu' begins 2 claim ids: sohr-abu-kamal-abandoned-2017-11-09, "
                        "sohr-abu-kamal-taken-by-pro-assad-forces; give more of the id\n")
    assert r.stdout == ""


def test_show_unknown_id_still_suggests():
    r = run(ROOT, "show", "pompeo-russians-kiled")
    assert r.exit_code == 1 and "did you mean" in r.stderr


def test_source_resolves_an_id_a_name_then_a_prefix():
    assert run(ROOT, "source", "long-war").stdout.startswith("FDD's Long War Journal  long-war-journal")
    assert run(ROOT, "source", "hezbollah").stdout.startswith("Hezbollah  hezbollah")  # an id before a prefix
    assert run(ROOT, "source", "Islamic State").stdout.startswith("Islamic State  isis")  # a name
    r = run(ROOT, "source", "hez")
    assert r.exit_code == 1
    assert "'hez' begins 2 source ids: hezbollah, hezbollah-social-media" in r.stderr


def test_set_status_resolves_a_unique_prefix(tmp_path):
    root = make_base(tmp_path, files={"claims/town.yaml": TWO_MONITOR_CLAIMS})
    r = run(root, "set-status", "monitor-k", "corroborated")
    assert r.exit_code == 0, r.output
    assert "changed claim monitor-killed" in r.stdout
    text = (root / "claims/town.yaml").read_text()
    block = text[text.index("id: monitor-killed"):]
    assert "status: corroborated" in block.split("- id:")[0]


def test_set_status_refuses_an_ambiguous_prefix_and_writes_nothing(tmp_path):
    root = make_base(tmp_path, files={"claims/town.yaml": TWO_MONITOR_CLAIMS})
    before = (root / "claims/town.yaml").read_bytes()
    r = run(root, "set-status", "monitor", "refuted")
    assert r.exit_code == 1
    assert "'monitor' begins 2 claim ids: monitor-killed, monitor-wounded; give more of the id" in r.stderr
    assert (root / "claims/town.yaml").read_bytes() == before
