"""Reading a large base in worker processes (claimcheck.load.parallel, and
the pieces of claimcheck.load.sharing that the main process and the workers
take in turn) gives the same base as a serial read: the same diagnostics at
the same positions, the same claims, the same files; files the fast path
refuses, files given in memory and files that vanish are read by the main
process as before."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from claimcheck.load import fast as fastload, parallel, sharing
from claimcheck.base import open_base

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from generate import generate  # noqa: E402

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")
pytest.importorskip("yaml_rs", reason="workers serve the fast path only")


def _key(d):
    return (d.path, d.line, d.column, d.end_line, d.end_column, d.code, d.severity, d.message, d.related)


def _claims(base):
    return [(c.rel, c.index, c.id, c.figure, c.reported_by, c.tags, c.notes) for c in base.claim_records]


def _open(root: Path, jobs: str, monkeypatch, **kw):
    monkeypatch.setenv(parallel.ENV_JOBS, jobs)
    return open_base(root, **kw)


@pytest.fixture()
def broken_base(tmp_path):
    generate(tmp_path, 1200, 12, None, 0.2, 0.04, seed=11)
    files = sorted((tmp_path / "claims").glob("*.yaml"))
    # One file the fast path refuses (an anchor), read by the main process.
    text = files[3].read_text("utf-8")
    files[3].write_text(text.replace("claims:\n", "claims:\n  - &first\n    id: anchored-1\n    statement: S.\n"
                                     "    claimant: nobody\n    topic: nowhere\n    status: unverified\n", 1), "utf-8")
    return tmp_path


def test_workers_give_the_serial_base(broken_base, monkeypatch):
    serial = _open(broken_base, "1", monkeypatch)
    calls = []
    real = sharing.pieces

    def spy(items, work, **kw):
        calls.append(parallel.shares(min(kw["count"], len(items)), kw["large"]))
        return real(items, work, **kw)

    monkeypatch.setattr(sharing, "pieces", spy)
    par = _open(broken_base, "3", monkeypatch)
    assert calls == [3], "two workers and the main process read the base"
    assert len(serial.diagnostics) > 30
    assert [_key(d) for d in par.diagnostics] == [_key(d) for d in serial.diagnostics]
    assert _claims(par) == _claims(serial)
    assert [f.rel for f in par.files] == [f.rel for f in serial.files]
    assert [f.data for f in par.files] == [f.data for f in serial.files]
    kinds = {f.rel: type(f) for f in par.files}
    assert kinds["claims/gen-0003.yaml"] is not fastload.FastFile  # refused by the pre-check: read strictly
    assert sum(k is fastload.FastFile for r, k in kinds.items() if r.startswith("claims/")) == 11


def test_files_given_in_memory_are_read_by_the_main_process(broken_base, monkeypatch):
    rel = "claims/gen-0005.yaml"
    new = (broken_base / rel).read_text("utf-8").replace("status: unverified", "status: bogus", 1).encode()
    serial = _open(broken_base, "1", monkeypatch, extra_files={rel: new})
    par = _open(broken_base, "2", monkeypatch, extra_files={rel: new})
    assert [_key(d) for d in par.diagnostics] == [_key(d) for d in serial.diagnostics]
    assert any(d.path == rel and "bogus" in d.message for d in par.diagnostics)


def test_a_file_a_worker_cannot_read_is_read_by_the_main_process(broken_base, monkeypatch):
    rel = "claims/gen-0007.yaml"
    (broken_base / rel).unlink()
    (broken_base / rel).mkdir()  # listed by name, but not a file: the strict loader reports it
    (broken_base / rel / "x").write_text("")
    serial = _open(broken_base, "1", monkeypatch)
    par = _open(broken_base, "2", monkeypatch)
    assert [_key(d) for d in par.diagnostics] == [_key(d) for d in serial.diagnostics]


def test_strict_parser_reads_serially(broken_base, monkeypatch):
    monkeypatch.setenv(fastload.ENV_PARSER, "strict")
    monkeypatch.setattr(sharing, "pieces", lambda *a, **k: pytest.fail("no workers under the strict parser"))
    assert _open(broken_base, "2", monkeypatch).diagnostics


@pytest.mark.parametrize(("env", "size", "files", "want"), [
    ("1", 10**9, 200, 1),          # serial on request
    ("4", 10, 200, 4),             # a number given is used even for a small base
    ("4", 10**9, 3, 3),            # never more processes than files
    ("many", 10**9, 200, 1),       # not a number: serial
    ("0", 10**9, 200, 1),
    ("", parallel.MIN_BYTES - 1, 200, 1),  # small base: serial
    ("", 10**9, 1, 1),             # one file: serial
])
def test_how_many_processes_read(env, size, files, want, monkeypatch):
    monkeypatch.setenv(parallel.ENV_JOBS, env)
    assert parallel.jobs(size, files) == want


def test_by_default_one_process_per_cpu(monkeypatch, tmp_path):
    monkeypatch.delenv(parallel.ENV_JOBS, raising=False)
    monkeypatch.setattr(parallel, "CGROUP_CPU_MAX", tmp_path / "absent")  # no container quota
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda pid: {0, 1, 2}, raising=False)
    assert parallel.jobs(parallel.MIN_BYTES, 100) == 3
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda pid: set(range(64)), raising=False)
    assert parallel.jobs(parallel.MIN_BYTES, 100) == parallel.MAX_JOBS


def _spy(monkeypatch, die_on: int | None = None) -> list[bool]:
    """Whether each file came from a worker (False: the main process read
    it), in file order. ``die_on``: a worker given that claims file (by its
    place in the sorted list) kills its own process."""
    from_workers: list[bool] = []
    real = sharing.pieces

    def spy(items, work, **kw):
        if die_on is not None:
            real_work = work

            def work(ks):
                if die_on in ks:
                    import os

                    os._exit(9)
                return real_work(ks)

        for results in real(items, work, **kw):
            from_workers.extend(type(got) is tuple for got in results)  # a worker's: (data, JSON text)
            yield results

    monkeypatch.setattr(sharing, "pieces", spy)
    return from_workers


def test_the_main_process_and_a_worker_share_the_files(broken_base, monkeypatch):
    serial = _open(broken_base, "1", monkeypatch)
    from_workers = _spy(monkeypatch)
    par = _open(broken_base, "2", monkeypatch)
    assert [_key(d) for d in par.diagnostics] == [_key(d) for d in serial.diagnostics]
    assert _claims(par) == _claims(serial)
    assert len(from_workers) == 12
    # gen-0003 holds an anchor, which the fast path refuses: never a worker's
    assert not from_workers[3]
    assert any(from_workers), "the worker read some files"


def test_a_worker_that_dies_leaves_the_rest_to_the_main_process(broken_base, monkeypatch):
    """A worker that dies (out of memory, a signal) on a file: the files it
    held are read by the main process, with the same result."""
    serial = _open(broken_base, "1", monkeypatch)
    from_workers = _spy(monkeypatch, die_on=4)  # gen-0004.yaml
    par = _open(broken_base, "3", monkeypatch)
    assert [_key(d) for d in par.diagnostics] == [_key(d) for d in serial.diagnostics]
    assert _claims(par) == _claims(serial)
    assert len(from_workers) == 12 and not from_workers[4]
    assert _no_children_left()


def test_no_worker_can_start_the_main_process_reads_everything(broken_base, monkeypatch):
    """No fork here (a sandbox, a process limit): a serial read."""
    serial = _open(broken_base, "1", monkeypatch)

    def refuse():
        raise OSError(38, "Function not implemented")

    monkeypatch.setattr(parallel.os, "fork", refuse)
    from_workers = _spy(monkeypatch)
    par = _open(broken_base, "2", monkeypatch)
    assert from_workers == [False] * 12
    assert [_key(d) for d in par.diagnostics] == [_key(d) for d in serial.diagnostics]


def _no_children_left() -> bool:
    import os

    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def _revision_items(root: Path) -> list:
    """sources.yaml and the claims files of ``root`` as ``diff`` reads a revision's: (bytes, name, path)."""
    files = [root / "sources.yaml", *sorted((root / "claims").glob("*.yaml"))]
    return [(p.read_bytes(), p.relative_to(root).as_posix(), p) for p in files]


def test_a_revisions_files_read_by_workers_are_read_as_alone(broken_base, monkeypatch):
    from claimcheck.load.read import read_many_bytes

    items = _revision_items(broken_base)
    monkeypatch.setenv(parallel.ENV_JOBS, "1")
    serial = read_many_bytes(items)
    from_workers = _spy(monkeypatch)
    monkeypatch.setenv(parallel.ENV_JOBS, "3")
    par = read_many_bytes(items)
    assert any(from_workers), "workers read some of the files"
    assert [[_key(d) for d in fr.diagnostics] for fr in par] == [[_key(d) for d in fr.diagnostics] for fr in serial]
    assert [fr.lf.data for fr in par] == [fr.lf.data for fr in serial]
    assert [fr.model() for fr in par[1:]] == [fr.model() for fr in serial[1:]]
    assert _no_children_left()


def test_an_error_while_building_stops_the_workers(broken_base, monkeypatch):
    from claimcheck.load import read as base_module

    def fails(base, lf, topics, claims):
        raise RuntimeError("a bug")

    monkeypatch.setattr(base_module, "add_claims", fails)
    with pytest.raises(RuntimeError):
        _open(broken_base, "3", monkeypatch)
    assert _no_children_left()


def test_a_worker_that_dies_on_a_revisions_file_leaves_it_to_the_main_process(broken_base, monkeypatch):
    from claimcheck.load.read import read_many_bytes

    items = _revision_items(broken_base)
    monkeypatch.setenv(parallel.ENV_JOBS, "1")
    serial = read_many_bytes(items)
    from_workers = _spy(monkeypatch, die_on=5)
    monkeypatch.setenv(parallel.ENV_JOBS, "2")
    par = read_many_bytes(items)
    assert len(from_workers) == len(items) and not from_workers[5]
    assert [[_key(d) for d in fr.diagnostics] for fr in par] == [[_key(d) for d in fr.diagnostics] for fr in serial]
    assert _no_children_left()


@pytest.mark.parametrize(("cpu_max", "want"), [("max 100000\n", 6), ("100000 100000\n", 1), ("150000 100000", 2),
                                                ("20000 100000", 1), ("garbage", 6), (None, 6)])
def test_a_container_cpu_quota_caps_the_processes(cpu_max, want, tmp_path, monkeypatch):
    f = tmp_path / "cpu.max"
    if cpu_max is not None:
        f.write_text(cpu_max)
    monkeypatch.setattr(parallel, "CGROUP_CPU_MAX", f)
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda pid: set(range(6)), raising=False)
    assert parallel.cpus() == want


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_given_in_memory_is_placed_in_its_own_bytes_not_in_the_disk(broken_base, tmp_path, monkeypatch, jobs):
    import shutil

    rel = "claims/gen-0005.yaml"
    old = (broken_base / rel).read_text("utf-8")
    # three lines more at the top of the file, and a new problem: every position in it moves
    new = ("# a\n# b\n# c\n" + old.replace("status: unverified", "status: bogus", 1)).encode()
    truth = tmp_path / "truth"
    shutil.copytree(broken_base, truth)
    (truth / rel).write_bytes(new)
    want = [_key(d) for d in _open(truth, jobs, monkeypatch).diagnostics if d.path == rel]
    got = [_key(d) for d in _open(broken_base, jobs, monkeypatch, extra_files={rel: new}).diagnostics if d.path == rel]
    assert got == want
    assert any("bogus" in k[7] for k in got) and all(k[1] > 3 for k in got)
