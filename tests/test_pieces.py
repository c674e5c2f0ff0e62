"""Work on an open base shared with forked workers (claimcheck.load.parallel.pieces):
the results come in order and equal a serial run's, whoever did each piece;
a piece whose worker failed or died is done by the main process; the
answers of conflicts, claims and the evidence are the same byte for byte."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.load import parallel
from claimcheck.records import encode
from claimcheck.xref import conflicts, evidence

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from generate import generate  # noqa: E402

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")


def _shared(monkeypatch, jobs: str = "2") -> None:
    monkeypatch.setenv(parallel.ENV_JOBS, jobs)


def _square_all(piece):
    time.sleep(0.002)  # long enough for the workers to take pieces too
    return [(os.getpid(), x * x) for x in piece]


@pytest.mark.parametrize("jobs", ["2", "3"])
def test_pieces_come_in_order_and_are_shared(jobs, monkeypatch):
    _shared(monkeypatch, jobs)
    items = list(range(5000))
    got = list(parallel.pieces(items, _square_all, at_least=10))
    assert len(got) == parallel.PIECES
    flat = [v for part in got for _, v in part]
    assert flat == [x * x for x in items]
    pids = {pid for part in got for pid, _ in part}
    assert len(pids) >= 2, "the workers did some of the pieces"


def test_below_the_threshold_or_with_one_job_the_main_process_does_it_all(monkeypatch):
    _shared(monkeypatch, "2")
    got = list(parallel.pieces(list(range(50)), _square_all, at_least=100, serial=20))
    assert [len(p) for p in got] == [20, 20, 10]
    assert {pid for part in got for pid, _ in part} == {os.getpid()}
    _shared(monkeypatch, "1")
    got = list(parallel.pieces(list(range(5000)), _square_all, at_least=10))
    assert len(got) == 1 and {pid for pid, _ in got[0]} == {os.getpid()}
    assert list(parallel.pieces([], _square_all, at_least=0, serial=5)) == []


def test_a_piece_that_fails_in_a_worker_is_done_again_here(monkeypatch):
    _shared(monkeypatch)
    main = os.getpid()

    def work(piece):
        time.sleep(0.002)
        if os.getpid() != main:
            raise ValueError("only in a worker")
        return sum(piece)

    items = list(range(4800))
    assert sum(parallel.pieces(items, work, at_least=10)) == sum(items)


def test_an_error_of_the_work_itself_reaches_the_caller(monkeypatch):
    _shared(monkeypatch)

    def work(piece):
        if 4000 in piece:
            raise ValueError("bad piece")
        return len(piece)

    with pytest.raises(ValueError, match="bad piece"):
        list(parallel.pieces(list(range(4800)), work, at_least=10))


def test_a_worker_that_dies_leaves_its_pieces_to_the_main_process(monkeypatch):
    _shared(monkeypatch, "3")
    main = os.getpid()

    def work(piece):
        time.sleep(0.002)
        if os.getpid() != main:
            os._exit(9)  # a worker killed (out of memory, a signal) while it holds a piece
        return list(piece)

    items = list(range(4800))
    assert [x for part in parallel.pieces(items, work, at_least=10) for x in part] == items


def test_no_fork_here_the_main_process_does_every_piece(monkeypatch):
    _shared(monkeypatch)

    def no_fork():
        raise OSError("fork refused")

    monkeypatch.setattr(os, "fork", no_fork)
    items = list(range(4800))
    got = list(parallel.pieces(items, _square_all, at_least=10))
    assert [v for part in got for _, v in part] == [x * x for x in items]


def test_stopping_early_stops_the_workers(monkeypatch):
    _shared(monkeypatch)
    gen = parallel.pieces(list(range(4800)), _square_all, at_least=10)
    next(gen)
    gen.close()  # reaps the workers: none is left as a zombie or running
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


@pytest.fixture(scope="module")
def base_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("shared")
    generate(root, 3000, 12, 60, 0.0, 0.08, seed=5)
    return root


def _run(root: Path, *args: str) -> str:
    r = CliRunner().invoke(app, ["--root", str(root), "--no-cache", *args])
    assert r.exit_code == 0, r.output
    return r.stdout


@pytest.mark.parametrize("args", [
    ("conflicts", "--format", "json"),
    ("conflicts", "--format", "json", "--all", "--best", "neutral"),
    ("conflicts", "--format", "json", "--min-ratio", "3", "--limit", "7"),
    ("claims", "--format", "json"),
])
def test_answers_shared_with_workers_are_the_serial_answers(base_root, args, monkeypatch):
    _shared(monkeypatch, "1")
    serial = _run(base_root, *args)
    monkeypatch.setattr(conflicts, "PARALLEL_TOPICS", 5)
    monkeypatch.setattr(evidence, "PARALLEL_TOPICS", 5)
    monkeypatch.setattr(encode, "PARALLEL_AT", 10)
    forks = []
    real = parallel._Shared._start
    monkeypatch.setattr(parallel._Shared, "_start", lambda self: (forks.append(1), real(self))[1])
    _shared(monkeypatch, "2")
    shared = _run(base_root, *args)
    assert forks, "the work was shared"
    assert shared == serial
    json.loads(shared)


# --- a worker forked early (parallel.Standby): the placing of validate's diagnostics ---

def _double(x):
    if x == "boom":
        raise ValueError(x)
    if x == "die":
        os._exit(3)
    return x * 2


def test_a_standby_worker_does_what_it_is_sent():
    w = parallel.Standby(_double)
    try:
        assert w.ready
        w.send([1, "ab", "boom", b"x" * 300_000])
        assert not w.ready
        assert w.results() == [(True, 2), (True, "abab"), (False, None), (True, b"x" * 600_000)]
    finally:
        w.close()
    assert not w.ready


def test_a_standby_worker_that_dies_gives_no_results():
    w = parallel.Standby(_double)
    try:
        w.send([1, "die", 3])
        assert w.results() is None
    finally:
        w.close()


def test_a_standby_worker_closed_unused_leaves_nothing_behind():
    w = parallel.Standby(_double)
    w.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_no_fork_no_standby_worker(monkeypatch):
    def no_fork():
        raise OSError("fork refused")

    monkeypatch.setattr(os, "fork", no_fork)
    w = parallel.Standby(_double)
    assert not w.ready
    w.close()


@pytest.fixture(scope="module")
def broken_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("broken")
    generate(root, 3000, 12, 60, 0.05, 0.1, seed=9)
    return root


@pytest.mark.parametrize("cached", [False, True])
def test_validate_places_with_a_worker_as_it_does_alone(broken_root, cached, monkeypatch, tmp_path):
    from claimcheck.load.fast import FastFile

    args = ["--root", str(broken_root)] + ([] if cached else ["--no-cache"]) + ["validate", "--format", "json"]
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(tmp_path / "c1"))
    _shared(monkeypatch, "1")
    alone = CliRunner().invoke(app, args)
    told, answered = [], []
    real = FastFile.know
    monkeypatch.setattr(FastFile, "know", lambda self, r, f: (told.append(len(r)), real(self, r, f))[1])
    real_results = parallel.Standby.results
    monkeypatch.setattr(parallel.Standby, "results", lambda self: (lambda got: (answered.append(got), got)[1])(
        real_results(self)))
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(tmp_path / "c2"))
    _shared(monkeypatch, "2")
    shared = CliRunner().invoke(app, args)
    assert alone.exit_code == shared.exit_code == 1
    assert len(json.loads(alone.stdout)["diagnostics"]) > 300
    assert shared.stdout == alone.stdout
    assert answered and answered[0] and all(ok for ok, _ in answered[0]), "the worker placed some files"
    assert len(told) > len(answered[0]), "and this process the others"


def _pid(piece):
    return [os.getpid()] * len(piece)


def _nested(piece):
    time.sleep(0.005)
    if os.getpid() == _MAIN[0]:
        return os.getpid(), 0, set()
    inner = list(parallel.pieces(list(range(200)), _pid, at_least=10))
    return os.getpid(), len(inner), {pid for part in inner for pid in part}


_MAIN = [0]


def test_a_worker_forks_no_workers_of_its_own(monkeypatch):
    _shared(monkeypatch)
    main = _MAIN[0] = os.getpid()
    got = list(parallel.pieces(list(range(480)), _nested, at_least=10))
    in_workers = [(n, pids) for pid, n, pids in got if pid != main]
    assert in_workers, "the workers did some of the pieces"
    assert all(n == 1 and len(pids) == 1 for n, pids in in_workers), "serially, in the worker itself"
