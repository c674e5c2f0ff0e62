"""Authoring edits keep every other byte: whole-file comparisons before and after.

Each test writes a hand-made file, runs one edit through the core
(claimcheck.authoring) and compares the whole file afterwards with the text
worked out by hand (or with the old text plus exactly one inserted chunk).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.write.errors import AuthoringError
from claimcheck.write.ops import add_records, choose_target, make_id, set_status
from claimcheck.cli.args import build_claim, build_source
from claimcheck.base import open_base
from claimcheck.write.safe import LOCK_FILE, ChangedOnDisk

from tests.helpers import CLAIMS_YAML, SOURCES_YAML, make_base


def claim(**kw) -> dict:
    rec = {"statement": "The monitor counts 12 dead.", "claimant": "monitor", "topic": "town/killed"}
    rec.update(kw)
    return build_claim(**rec)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and p.name != LOCK_FILE}


def only_insertion(before: str, after: str) -> str:
    """The one chunk ``after`` adds to ``before``; fails if anything else changed."""
    i = 0
    while i < min(len(before), len(after)) and before[i] == after[i]:
        i += 1
    j = 0
    while j < min(len(before), len(after)) - i and before[-1 - j] == after[-1 - j]:
        j += 1
    assert before[i:len(before) - j] == "", "bytes of the old file were changed, not only added to"
    return after[i:len(after) - j]


def assert_valid(root: Path) -> None:
    base = open_base(root)
    assert [d for d in base.diagnostics if d.severity == "error"] == []


ODD = """\
# Casualty claims, town battle.   (a comment at the top)

topics:
    town/killed:   {title: People killed in the town, unit: people}   # flow mapping

claims:
-     id: gov-killed           # odd indentation: dash at 0, keys at 6
      statement: 'The ministry says 40 people were killed.'
      claimant: "gov"
      topic: town/killed
      figure: 40
      status: unverified    # not checked yet


      tags: [a,   b]
# a comment between records, at column 0
-     {id: monitor-killed, statement: "The monitor counts about 300 dead.", claimant: monitor, topic: town/killed, figure: about 300, status: unverified}

# a closing comment that must stay last
"""


def test_add_to_odd_file_inserts_one_block_after_the_last_claim_and_keeps_every_other_byte(tmp_path):
    root = make_base(tmp_path, files={"claims/town.yaml": ODD})
    r = add_records(root, claims=[claim(id="monitor-12")])
    assert r.ok and r.written == ["claims/town.yaml"], r.diagnostics
    after = (root / "claims/town.yaml").read_text()
    added = only_insertion(ODD, after)
    assert added == (
        "-     id: monitor-12\n"
        "      statement: The monitor counts 12 dead.\n"
        "      claimant: monitor\n"
        "      topic: town/killed\n"
        "      status: unverified\n"
    )
    # it went right after the last claim, before the closing comment
    assert after.endswith(added + "\n# a closing comment that must stay last\n")
    assert_valid(root)


def test_add_to_flow_list_on_one_line(tmp_path):
    before = "claims: [{id: a, statement: A says 1, claimant: gov, topic: town/killed, status: unverified}]  # flow\n"
    root = make_base(tmp_path, files={"claims/town.yaml": CLAIMS_YAML.split("claims:")[0] + "\n", "claims/flow.yaml": before})
    r = add_records(root, claims=[claim(id="b", figure="12")], target="claims/flow.yaml")
    assert r.ok, r.diagnostics
    after = (root / "claims/flow.yaml").read_text()
    assert after == (
        "claims: [{id: a, statement: A says 1, claimant: gov, topic: town/killed, status: unverified}, "
        '{id: b, statement: The monitor counts 12 dead., claimant: monitor, topic: town/killed, figure: 12, '
        "status: unverified}]  # flow\n"
    )


def test_add_to_multiline_flow_list_puts_the_item_on_its_own_line(tmp_path):
    before = "claims: [\n  {id: a, statement: x, claimant: gov, topic: town/killed, status: unverified},  # first\n]\n"
    root = make_base(tmp_path, files={"claims/flow.yaml": before})
    r = add_records(root, claims=[claim(id="b")], target="flow.yaml")
    assert r.ok, r.diagnostics
    assert (root / "claims/flow.yaml").read_text() == before.replace(
        "# first\n", "# first\n  {id: b, statement: The monitor counts 12 dead., claimant: monitor, topic: town/killed, status: unverified},\n"
    )


def test_add_to_indentless_list_with_crlf_bom_and_no_final_newline(tmp_path):
    before = "\ufeffclaims:\r\n- id: a\r\n  statement: x\r\n  claimant: gov\r\n  topic: town/killed\r\n  status: unverified  # last"
    root = make_base(tmp_path, files={"claims/w.yaml": before.encode("utf-8")})
    r = add_records(root, claims=[claim(id="b")], target="w.yaml")
    assert r.ok, r.diagnostics
    after = (root / "claims/w.yaml").read_bytes().decode("utf-8")
    assert after == before + (
        "\r\n- id: b\r\n  statement: The monitor counts 12 dead.\r\n  claimant: monitor\r\n"
        "  topic: town/killed\r\n  status: unverified\r\n"
    )


@pytest.mark.parametrize(
    "before, after",
    [
        ("claims: []\n", 'claims: [{id: b, statement: The monitor counts 12 dead., claimant: monitor, topic: town/killed, status: unverified}]\n'),
        ("# only a comment\nclaims:   # to fill\n", "# only a comment\nclaims:   # to fill\n  - id: b\n    statement: The monitor counts 12 dead.\n    claimant: monitor\n    topic: town/killed\n    status: unverified\n"),
        ("claims: ~  # none yet\n", "claims:   # none yet\n  - id: b\n    statement: The monitor counts 12 dead.\n    claimant: monitor\n    topic: town/killed\n    status: unverified\n"),
        ("topics:\n  town/killed: {unit: people}\n# end\n", "topics:\n  town/killed: {unit: people}\nclaims:\n  - id: b\n    statement: The monitor counts 12 dead.\n    claimant: monitor\n    topic: town/killed\n    status: unverified\n# end\n"),
        ("# nothing here yet\n", "# nothing here yet\nclaims:\n  - id: b\n    statement: The monitor counts 12 dead.\n    claimant: monitor\n    topic: town/killed\n    status: unverified\n"),
    ],
    ids=["empty-flow-list", "null-list", "tilde-null", "no-claims-key", "comment-only-file"],
)
def test_add_to_files_without_claims_yet(tmp_path, before, after):
    root = make_base(tmp_path, files={"claims/t.yaml": before})
    r = add_records(root, claims=[claim(id="b")], target="claims/t.yaml")
    assert r.ok, r.diagnostics
    assert (root / "claims/t.yaml").read_text() == after


def test_add_creates_a_new_file_when_the_target_is_absent(tmp_path):
    root = make_base(tmp_path)
    r = add_records(root, claims=[claim(id="b", topic="harbour/ships")])
    assert r.written == ["claims/harbour.yaml"]
    assert (root / "claims/harbour.yaml").read_text() == (
        "claims:\n  - id: b\n    statement: The monitor counts 12 dead.\n    claimant: monitor\n"
        "    topic: harbour/ships\n    status: unverified\n"
    )
    assert [d.code for d in r.diagnostics] == ["CC307"]  # undeclared topic: a warning, written anyway
    assert r.ok


def test_invalid_add_leaves_every_file_byte_identical(tmp_path):
    root = make_base(tmp_path, files={"claims/town.yaml": CLAIMS_YAML, "claims/odd.yaml": ODD.replace("gov-killed", "odd-killed").replace("monitor-killed", "odd-monitor")})
    before = snapshot(root)
    r = add_records(root, claims=[claim(id="x", claimant="nobody", as_of="2018-13")])
    assert not r.ok and r.written == []
    assert sorted(d.code for d in r.diagnostics) == ["CC206", "CC303"]
    assert snapshot(root) == before
    r = add_records(root, claims=[claim(id="gov-killed")])  # duplicate id
    assert [d.code for d in r.diagnostics if d.severity == "error"] == ["CC301"]
    assert snapshot(root) == before


def test_dry_run_writes_nothing_and_previews_the_record(tmp_path):
    root = make_base(tmp_path, files={"claims/town.yaml": CLAIMS_YAML})
    before = snapshot(root)
    r = add_records(root, claims=[claim(figure="about 12", outlets=["gov-tv"], dates=["2018-05-03"], quotes=["Twelve: dead # says TV"])], dry_run=True)
    assert r.ok and r.written == [] and r.ids == ["monitor-town-killed"]
    assert snapshot(root) == before
    assert r.preview == (
        "# claims/town.yaml\n"
        "  - id: monitor-town-killed\n"
        "    statement: The monitor counts 12 dead.\n"
        "    claimant: monitor\n"
        "    topic: town/killed\n"
        "    figure: about 12\n"
        "    status: unverified\n"
        "    reported_by:\n"
        "      - outlet: gov-tv\n"
        "        date: 2018-05-03\n"
        '        quote: "Twelve: dead # says TV"\n'
    )


def test_set_status_replaces_only_the_value_and_keeps_quote_style_and_comment(tmp_path):
    root = make_base(tmp_path, files={"claims/town.yaml": ODD.replace("status: unverified    #", 'status: "unverified"    #')})
    before = (root / "claims/town.yaml").read_text()
    r = set_status(root, "gov-killed", "refuted")
    assert r.ok and r.written == ["claims/town.yaml"]
    assert (root / "claims/town.yaml").read_text() == before.replace('status: "unverified"    #', 'status: "refuted"    #')


def test_set_status_in_a_flow_mapping_record_with_note(tmp_path):
    root = make_base(tmp_path, files={"claims/town.yaml": ODD})
    r = set_status(root, "monitor-killed", "contested", note="Hospital lists disagree.")
    assert r.ok, r.diagnostics
    assert (root / "claims/town.yaml").read_text() == ODD.replace(
        "figure: about 300, status: unverified}",
        "figure: about 300, status: contested, notes: Hospital lists disagree.}",
    )


def test_note_is_appended_to_existing_notes(tmp_path):
    root = make_base(tmp_path, files={"claims/town.yaml": CLAIMS_YAML})
    set_status(root, "monitor-killed", "corroborated", note="Confirmed by a second hospital.")
    assert (root / "claims/town.yaml").read_text() == CLAIMS_YAML.replace(
        "    status: unverified\n    notes: Counted from hospital records.",
        "    status: corroborated\n    notes: Counted from hospital records. Confirmed by a second hospital.",
    )


SUPERSEDE = CLAIMS_YAML + """\
  - id: gov-killed-2
    statement: The ministry now says 45 people were killed.
    claimant: gov
    topic: town/killed
    figure: 45
    as_of: 2018-05-05
    status: unverified
    tags: [revised]   # later figure
"""


def test_set_status_superseded_records_supersedes_on_the_newer_claim(tmp_path):
    root = make_base(tmp_path, files={"claims/town.yaml": SUPERSEDE})
    r = set_status(root, "gov-killed", "superseded", by="gov-killed-2")
    assert r.ok, r.diagnostics
    after = (root / "claims/town.yaml").read_text()
    expected = SUPERSEDE.replace(
        "    as_of: 2018-05-01\n    status: unverified", "    as_of: 2018-05-01\n    status: superseded"
    ).replace("    tags: [revised]   # later figure\n", "    tags: [revised]   # later figure\n    supersedes: gov-killed\n")
    assert after == expected
    assert_valid(root)


def test_superseded_needs_by_and_by_must_not_already_supersede_another(tmp_path):
    root = make_base(tmp_path, files={"claims/town.yaml": SUPERSEDE})
    with pytest.raises(AuthoringError) as e:
        set_status(root, "gov-killed", "superseded")
    assert e.value.code == 2 and "--by" in str(e.value)
    with pytest.raises(AuthoringError) as e:
        set_status(root, "gov-kiled", "refuted")
    assert e.value.code == 1 and "did you mean 'gov-killed'" in str(e.value)


def test_add_with_supersedes_marks_the_old_claim_superseded_in_the_same_operation(tmp_path):
    root = make_base(tmp_path, files={"claims/town.yaml": CLAIMS_YAML})
    r = add_records(root, claims=[claim(id="monitor-killed-2", supersedes="monitor-killed", figure="about 320")])
    assert r.ok, r.diagnostics
    after = (root / "claims/town.yaml").read_text()
    assert "    figure: about 300\n    status: superseded\n" in after
    assert after.endswith("    figure: about 320\n    status: unverified\n    supersedes: monitor-killed\n")
    assert_valid(root)


def test_add_source_and_stance_keep_comments_of_sources_yaml(tmp_path):
    src = SOURCES_YAML.replace("stances:\n", "stances:   # the vocabulary\n") + "  # more sources below\n\n# end of file\n"
    root = make_base(tmp_path, sources=src)
    r = add_records(root, sources=[build_source(id="tv2", name="Yes TV", stance="watchdog", part_of="gov-tv", aliases=["no", "TV 2"])], stances={"watchdog": "Press watchdogs"})
    assert r.ok, r.diagnostics
    after = (root / "sources.yaml").read_text()
    assert after == src.replace(
        "  independent: {description: No side in the conflict, neutral: true}\n",
        "  independent: {description: No side in the conflict, neutral: true}\n  watchdog: Press watchdogs\n",
    ).replace(
        "    reliability: E\n",
        '    reliability: E\n  - id: tv2\n    name: Yes TV\n    stance: watchdog\n    part_of: gov-tv\n    aliases: ["no", TV 2]\n',
    )
    assert_valid(root)


def test_add_source_with_unknown_stance_or_part_of_is_refused(tmp_path):
    root = make_base(tmp_path)
    before = snapshot(root)
    r = add_records(root, sources=[build_source(id="x", name="X", stance="nope", part_of="nobody")])
    assert not r.ok
    assert sorted(d.code for d in r.diagnostics) == ["CC303", "CC304"]
    assert snapshot(root) == before


def test_target_rule_declared_topic_then_most_claims_then_first_segment(tmp_path):
    root = make_base(
        tmp_path,
        files={
            "claims/a.yaml": "claims:\n  - {id: a1, statement: s, claimant: gov, topic: port/ships, status: unverified}\n",
            "claims/b.yaml": "claims:\n"
            "  - {id: b1, statement: s, claimant: gov, topic: port/ships, status: unverified}\n"
            "  - {id: b2, statement: s, claimant: gov, topic: port/ships, status: unverified}\n",
            "claims/z.yaml": "topics:\n  town/killed: {unit: people}\n",
            "claims/y.yaml": CLAIMS_YAML.split("topics:")[0] + "claims:\n  - {id: y1, statement: s, claimant: gov, topic: town/killed, status: unverified}\n",
        },
    )
    base = open_base(root)
    assert choose_target(base, "town/killed") == "claims/z.yaml"  # declares it
    assert choose_target(base, "port/ships") == "claims/b.yaml"  # most claims on it
    assert choose_target(base, "Harbour/ships") == "claims/harbour.yaml"


def test_generated_ids_are_unique_with_a_counter(tmp_path):
    assert make_id("town/killed", "monitor", set()) == "monitor-town-killed"
    assert make_id("town/killed", "monitor", {"monitor-town-killed", "monitor-town-killed-2"}) == "monitor-town-killed-3"
    long = make_id("a-very-long-topic-name/with-many/segments-that-go-on/and-on-and-on", "monitor", set())
    assert len(long) <= 60 and not long.endswith("-")
    root = make_base(tmp_path, files={"claims/town.yaml": CLAIMS_YAML})
    r1 = add_records(root, claims=[claim()])
    r2 = add_records(root, claims=[claim()])
    assert (r1.ids, r2.ids) == (["monitor-town-killed"], ["monitor-town-killed-2"])
    assert_valid(root)


def test_a_file_changed_by_another_program_during_the_edit_is_not_overwritten(tmp_path, monkeypatch):
    import claimcheck.write.ops as authoring

    root = make_base(tmp_path, files={"claims/town.yaml": CLAIMS_YAML})
    path = root / "claims/town.yaml"
    real_verify = authoring._Workspace.verify
    calls = []

    def editor_saves_meanwhile(self):
        calls.append(1)
        if len(calls) == 1:  # an editor saves once, between our read and our write
            path.write_text(path.read_text() + "# saved by an editor\n")
        return real_verify(self)

    monkeypatch.setattr(authoring._Workspace, "verify", editor_saves_meanwhile)
    r = add_records(root, claims=[claim(id="n1")])
    assert r.written == ["claims/town.yaml"] and len(calls) == 2  # recomputed on the new bytes
    text = path.read_text()
    assert "# saved by an editor\n" in text and "  - id: n1\n" in text

    def editor_keeps_saving(self):
        path.write_text(path.read_text() + "# again\n")
        return real_verify(self)

    monkeypatch.setattr(authoring._Workspace, "verify", editor_keeps_saving)
    with pytest.raises(ChangedOnDisk, match="changed on disk"):
        add_records(root, claims=[claim(id="n2")])
    assert "n2" not in path.read_text()
    assert path.read_text().endswith("# again\n# again\n# again\n")


def test_a_target_file_with_errors_is_not_edited(tmp_path):
    root = make_base(tmp_path, files={"claims/bad.yaml": "claims:\n  - id: a\n    id: b\n"})
    before = snapshot(root)
    with pytest.raises(AuthoringError, match="has errors"):
        add_records(root, claims=[claim()], target="claims/bad.yaml")
    assert snapshot(root) == before


def test_file_option_outside_claims_is_a_usage_error(tmp_path):
    root = make_base(tmp_path)
    for bad in ("../x.yaml", "claims/x.txt", "/etc/x.yaml"):
        with pytest.raises(AuthoringError) as e:
            add_records(root, claims=[claim()], target=bad)
        assert e.value.code == 2


def test_errors_the_base_already_had_do_not_block_an_edit_that_moves_them(tmp_path):
    dup = CLAIMS_YAML + "  - {id: gov-killed, statement: s, claimant: gov, topic: town/killed, status: unverified}\n"
    root = make_base(tmp_path, files={"claims/town.yaml": dup})
    r = set_status(root, "gov-killed", "contested", note="Disputed by the monitor.")  # inserts a line above the duplicate
    assert r.ok and r.diagnostics == [] and r.earlier_errors == 1
    assert r.written == ["claims/town.yaml"]
