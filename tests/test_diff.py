"""What ``diff`` reports for each kind of change, from the core
(:func:`claimcheck.diff.diff_base`) on git repositories built here: a
conflicting claim added, a claim deleted, a status flipped, a file
reformatted without a change, a source regraded, a bias figure moved."""

from __future__ import annotations

import pytest

from claimcheck.diff import WORK_TREE, GitError, diff_base, parse_kinds

from .diff_repo import REBELS_KILLED, TOWN, TOWN_REFORMATTED, GitBase


@pytest.fixture
def repo(tmp_path):
    return GitBase(tmp_path)


def test_a_conflicting_claim_added(repo):
    first = repo.git("rev-parse", "HEAD")
    repo.write("claims/town.yaml", TOWN + REBELS_KILLED)
    second = repo.commit("rebels' toll")
    d = diff_base(repo.root, first, second)
    assert [(e.id, e.file) for e in d.claims_added] == [("rebels-killed", "claims/town.yaml")]
    assert d.claims_added[0].record["figure"] == 900
    assert d.claims_removed == [] and d.claims_changed == [] and d.status_changes == []
    assert [c.topic for c in d.conflicts_new] == ["town/killed"]
    new = d.conflicts_new[0]
    assert new.conflicting_pairs == 2 and new.severity > 10
    assert {frozenset((p.a, p.b)) for p in new.pairs} == {frozenset(("gov-killed", "rebels-killed")),
                                                            frozenset(("monitor-killed", "rebels-killed"))}
    assert d.conflicts_resolved == []
    assert {(e.id, e.old, e.new) for e in d.evidence_changes} == {
        ("gov-killed", "corroborated", "mixed"), ("monitor-killed", "corroborated", "mixed")}
    assert d.kinds() == ["new-conflict"]
    assert (d.old.label, d.old.commit, d.new.label, d.new.commit) == (first, first, second, second)


def test_the_conflict_resolved_when_the_claim_goes_again(repo):
    repo.write("claims/town.yaml", TOWN + REBELS_KILLED)
    repo.commit("rebels' toll")
    repo.write("claims/town.yaml", TOWN)
    d = diff_base(repo.root, "HEAD")
    assert [c.topic for c in d.conflicts_resolved] == ["town/killed"]
    assert d.conflicts_new == []
    assert [e.id for e in d.claims_removed] == ["rebels-killed"]
    assert set(d.kinds()) == {"removed-claim"}


def test_a_claim_deleted(repo):
    repo.remove("claims/wounded.yaml")
    d = diff_base(repo.root, "HEAD")
    assert [(e.id, e.file) for e in d.claims_removed] == [("rebels-wounded", "claims/wounded.yaml")]
    assert d.claims_removed[0].record["status"] == "unverified"
    assert d.topics_removed == ["town/wounded"] and d.topics_added == []
    assert d.kinds() == ["removed-claim"]
    assert (d.new.label, d.new.commit) == (WORK_TREE, None)


def test_a_status_flipped(repo):
    repo.edit("claims/town.yaml", "    status: unverified\n", "    status: contested\n")
    d = diff_base(repo.root, "HEAD")
    assert [(s.id, s.old, s.new) for s in d.status_changes] == [("gov-killed", "unverified", "contested")]
    assert [c.id for c in d.claims_changed] == ["gov-killed"]
    assert [(f.field, f.old, f.new) for f in d.claims_changed[0].fields] == [("status", "unverified", "contested")]
    assert d.claims_added == [] and d.claims_removed == [] and d.evidence_changes == []
    assert d.kinds() == ["status-change"]


def test_refuting_a_claim_takes_it_out_of_the_evidence(repo):
    # a refuted claim is evidence for or against nothing: its own evidence goes,
    # and the claim it agreed with loses that agreement
    repo.edit("claims/town.yaml", "    status: unverified\n", "    status: refuted\n")
    d = diff_base(repo.root, "HEAD")
    assert [(s.id, s.new) for s in d.status_changes] == [("gov-killed", "refuted")]
    changes = {e.id: (e.old, e.new) for e in d.evidence_changes}
    assert changes["gov-killed"] == ("corroborated", None)
    assert changes["monitor-killed"][0] == "corroborated" and changes["monitor-killed"][1] != "corroborated"


def test_a_reformatted_file_is_no_change(repo):
    repo.write("claims/town.yaml", TOWN_REFORMATTED)
    before = repo.git("rev-parse", "HEAD")
    after = repo.commit("reformat")
    assert repo.git("diff", "--stat", before, after)  # the text did change
    d = diff_base(repo.root, before, after)
    assert d.empty and d.kinds() == []
    assert d.validation.errors == []


def test_a_source_regraded(repo):
    repo.edit("sources.yaml", "    reliability: D\n", "    reliability: E\n")
    d = diff_base(repo.root, "HEAD")
    assert [c.id for c in d.sources_changed] == ["gov"]
    assert [(f.field, f.old, f.new) for f in d.sources_changed[0].fields] == [("reliability", "D", "E")]
    assert d.sources_added == [] and d.sources_removed == []
    assert d.claims_changed == [] and d.kinds() == []


def test_part_of_and_stance_changes_reach_the_evidence(repo):
    # monitor made part of gov: the two claims on town/killed are no longer independent
    repo.edit("sources.yaml", "    kind: monitor\n", "    kind: monitor\n    part_of: gov\n")
    d = diff_base(repo.root, "HEAD")
    assert [(f.field, f.old, f.new) for f in d.sources_changed[0].fields] == [("part_of", None, "gov")]
    assert {(e.id, e.old, e.new) for e in d.evidence_changes} == {
        ("gov-killed", "corroborated", "single-source"), ("monitor-killed", "corroborated", "single-source")}


def test_sources_added_and_removed(repo):
    repo.edit("sources.yaml", "  - id: rebels\n", "  - id: militia\n    name: Militia\n    stance: opposition\n"
                                                  "  - id: rebels\n")
    d = diff_base(repo.root, "HEAD")
    assert [(e.id, e.record["name"]) for e in d.sources_added] == [("militia", "Militia")]
    repo.commit("militia")
    text = repo.read("sources.yaml")
    repo.write("sources.yaml", text.replace("  - id: militia\n    name: Militia\n    stance: opposition\n", ""))
    d = diff_base(repo.root, "HEAD")
    assert [e.id for e in d.sources_removed] == ["militia"]


def test_field_changes_list_old_and_new_values(repo):
    repo.edit("claims/town.yaml", "    figure: about 42\n", "    figure: about 45\n    notes: Recounted.\n")
    d = diff_base(repo.root, "HEAD")
    (ch,) = d.claims_changed
    assert [(f.field, f.old, f.new) for f in ch.fields] == [("figure", "about 42", "about 45"), ("notes", None, "Recounted.")]


def test_a_claim_moved_to_another_file_is_no_change(repo):
    town = repo.read("claims/town.yaml")
    head, _, monitor = town.partition("  - id: monitor-killed\n")
    repo.write("claims/town.yaml", head)
    repo.write("claims/wounded.yaml", repo.read("claims/wounded.yaml") + "  - id: monitor-killed\n" + monitor)
    d = diff_base(repo.root, "HEAD")
    assert d.empty


def test_a_number_quoted_into_text_is_a_change(repo):
    repo.edit("claims/town.yaml", "    figure: 40\n", '    figure: "40"\n')
    (ch,) = diff_base(repo.root, "HEAD").claims_changed
    assert [(f.field, f.old, f.new) for f in ch.fields] == [("figure", 40, "40")]


def test_the_order_of_outlets_and_tags_is_no_change(repo):
    repo.edit("claims/town.yaml", "      - outlet: gov-tv\n        date: 2018-05-02\n",
              "      - outlet: gov-tv\n        date: 2018-05-02\n      - outlet: monitor\n    tags: [a, b]\n")
    repo.commit("two outlets")
    repo.edit("claims/town.yaml", "      - outlet: gov-tv\n        date: 2018-05-02\n      - outlet: monitor\n    tags: [a, b]\n",
              "      - outlet: monitor\n      - date: 2018-05-02\n        outlet: gov-tv\n    tags: [b, a]\n")
    assert diff_base(repo.root, "HEAD").empty


def test_an_error_on_the_new_side(repo):
    repo.edit("claims/town.yaml", "    claimant: monitor\n", "    claimant: monitr\n")
    d = diff_base(repo.root, "HEAD")
    assert "error" in d.kinds()
    assert [(x.path, x.code) for x in d.validation.errors] == [("claims/town.yaml", "CC303")]
    assert (d.validation.errors[0].line, d.validation.errors[0].column) == (18, 15)
    # a revision's errors are placed in the revision's file, whatever the work tree holds now
    repo.commit("typo")
    repo.write("claims/town.yaml", "# three\n# more\n# lines\n" + repo.read("claims/town.yaml"))
    d = diff_base(repo.root, "HEAD~1", "HEAD")
    assert [(x.path, x.line, x.column) for x in d.validation.errors] == [("claims/town.yaml", 18, 15)]


def test_an_error_only_on_the_old_side_is_not_reported(repo):
    repo.edit("claims/town.yaml", "    claimant: monitor\n", "    claimant: monitr\n")
    repo.commit("broken")
    repo.edit("claims/town.yaml", "    claimant: monitr\n", "    claimant: monitor\n")
    d = diff_base(repo.root, "HEAD")
    assert d.validation.errors == [] and "error" not in d.kinds()


def test_a_topic_added(repo):
    repo.write("claims/later.yaml", "topics:\n  town/missing: {title: Missing}\nclaims:\n"
               "  - id: monitor-missing\n    statement: Ten are missing.\n    claimant: monitor\n"
               "    topic: town/missing\n    figure: 10\n    status: unverified\n")
    d = diff_base(repo.root, "HEAD")
    assert d.topics_added == ["town/missing"]
    assert [e.id for e in d.claims_added] == ["monitor-missing"]


def _bias_claims(gov_figures: list[int]) -> str:
    out = ["claims:\n"]
    for i, g in enumerate(gov_figures):
        out.append(f"  - {{id: gov-t{i}, statement: S, claimant: gov, topic: t/{i}, figure: {g}, status: unverified}}\n"
                   f"  - {{id: monitor-t{i}, statement: S, claimant: monitor, topic: t/{i}, figure: 10, status: unverified}}\n")
    return "".join(out)


def test_a_bias_figure_that_moved(tmp_path):
    from .diff_repo import FILES

    repo = GitBase(tmp_path, files={"sources.yaml": FILES["sources.yaml"], "claims/t.yaml": _bias_claims([20, 20, 20])})
    repo.write("claims/t.yaml", _bias_claims([20, 20, 80]))
    d = diff_base(repo.root, "HEAD")
    gov = [b for b in d.bias if b.claimant == "gov"]
    assert len(gov) == 1
    assert gov[0].old == pytest.approx(2.0) and gov[0].new == pytest.approx((2 * 2 * 8) ** (1 / 3))
    assert (gov[0].old_comparisons, gov[0].new_comparisons) == (3, 3)
    # below the threshold: not reported
    repo.write("claims/t.yaml", _bias_claims([20, 20, 21]))
    assert [b.claimant for b in diff_base(repo.root, "HEAD").bias if b.claimant == "gov"] == []
    assert [b.claimant for b in diff_base(repo.root, "HEAD", bias_threshold=0.01).bias if b.claimant == "gov"] == ["gov"]


def test_the_base_in_a_subfolder(tmp_path):
    repo = GitBase(tmp_path, sub="data/claims-base")
    repo.write("README", "not part of the base\n")
    repo.edit("claims/town.yaml", "    status: unverified\n", "    status: contested\n")
    d = diff_base(repo.root, "HEAD")
    assert d.base == "data/claims-base"
    assert [s.id for s in d.status_changes] == ["gov-killed"]
    assert [c.file for c in d.claims_changed] == ["claims/town.yaml"]


def test_the_default_is_the_merge_base_with_main(repo):
    repo.git("checkout", "-q", "-b", "topic")
    repo.edit("claims/town.yaml", "    status: unverified\n", "    status: contested\n")
    repo.commit("on a branch")
    repo.remove("claims/wounded.yaml")
    d = diff_base(repo.root)
    assert d.old.label == "merge-base(HEAD, main)"
    assert d.old.commit == repo.git("rev-parse", "main")
    assert [s.id for s in d.status_changes] == ["gov-killed"]  # committed on the branch
    assert [e.id for e in d.claims_removed] == ["rebels-wounded"]  # not committed yet


def test_the_default_follows_the_upstream_branch(repo, tmp_path):
    first = repo.git("rev-parse", "HEAD")
    repo.git("branch", "-q", "trunk")
    repo.git("checkout", "-q", "trunk")
    repo.edit("claims/town.yaml", "    status: unverified\n", "    status: contested\n")
    repo.commit("trunk moves")
    repo.git("checkout", "-q", "-b", "work", first)
    repo.git("branch", "-q", "--set-upstream-to", "trunk")
    d = diff_base(repo.root)
    assert d.old.label == "merge-base(HEAD, trunk)" and d.old.commit == first


def test_the_work_tree_is_not_touched(repo):
    repo.edit("claims/town.yaml", "    status: unverified\n", "    status: contested\n")
    before = repo.read("claims/town.yaml")
    status = repo.git("status", "--porcelain")
    diff_base(repo.root, "HEAD~0")
    assert repo.read("claims/town.yaml") == before
    assert repo.git("status", "--porcelain") == status


@pytest.mark.parametrize("name, message", [
    ("no-such-rev", "unknown revision 'no-such-rev'"),
    ("-p", "starts with '-'"),
    ("HEAD\nHEAD", "control character"),
])
def test_revision_names_are_checked(repo, name, message):
    with pytest.raises(GitError, match=message):
        diff_base(repo.root, name)
    with pytest.raises(GitError, match=message):
        diff_base(repo.root, "HEAD", name)


def test_outside_a_repository(tmp_path):
    from .helpers import make_base

    root = make_base(tmp_path)
    with pytest.raises(GitError, match="not in a git repository"):
        diff_base(root, "HEAD")


def test_no_upstream_and_no_main(tmp_path):
    repo = GitBase(tmp_path)
    repo.git("branch", "-m", "main", "trunk")
    with pytest.raises(GitError, match="no branch 'main'"):
        diff_base(repo.root)


def test_parse_kinds():
    assert parse_kinds("removed-claim, error,removed-claim") == ["removed-claim", "error"]
    with pytest.raises(ValueError, match="did you mean 'new-conflict'"):
        parse_kinds("new-conflicts")
    with pytest.raises(ValueError, match="no kind"):
        parse_kinds(" , ")


def test_files_the_sides_share_are_read_once(repo, monkeypatch):
    from claimcheck.diff import git
    from claimcheck.diff.sides import read_sides, revisions

    asked: list[list[str]] = []
    real = git.read_blobs
    monkeypatch.setattr(git, "read_blobs", lambda r, blobs: asked.append(list(blobs)) or real(r, blobs))
    repo.edit("claims/town.yaml", "    status: unverified\n", "    status: contested\n")
    store: dict = {}
    old, new = read_sides(repo.root, revisions(repo.root, "HEAD"), files=store)
    assert old.reads["claims/wounded.yaml"] is new.reads["claims/wounded.yaml"]
    assert old.reads["sources.yaml"] is new.reads["sources.yaml"]
    assert old.reads["claims/town.yaml"] is not new.reads["claims/town.yaml"]
    assert asked == [[old.blobs["claims/town.yaml"]]]  # only the file that differs comes from git
    assert len(store) == 4  # three files in the work tree, one more in HEAD
    # two revisions: each distinct file read once, from one cat-file run
    repo.commit("contested")
    asked.clear()
    old, new = read_sides(repo.root, revisions(repo.root, "HEAD~1", "HEAD"))
    assert old.reads["claims/wounded.yaml"] is new.reads["claims/wounded.yaml"]
    assert len(asked) == 1 and sorted(asked[0]) == sorted({*old.blobs.values(), *new.blobs.values()})


@pytest.mark.parametrize("object_format", ["sha1", "sha256"])
def test_work_tree_files_are_hashed_as_git_hashes_them(tmp_path, object_format):
    import subprocess

    from claimcheck.diff import git

    from .diff_repo import git_env

    p = subprocess.run(["git", "init", "-q", f"--object-format={object_format}", str(tmp_path / "r")],
                       env=git_env(tmp_path), capture_output=True)
    if p.returncode != 0:
        pytest.skip(f"this git cannot make a {object_format} repository")
    raw = "claims:\n  - id: x\n    statement: é\n".encode()
    (tmp_path / "r" / "f.yaml").write_bytes(raw)
    want = subprocess.run(["git", "hash-object", "f.yaml"], cwd=tmp_path / "r", env=git_env(tmp_path),
                          capture_output=True, text=True, check=True).stdout.strip()
    repo = git.repo_of(tmp_path / "r")
    assert repo.object_format == object_format
    assert git.blob_id(raw, repo.object_format) == want
