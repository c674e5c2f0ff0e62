"""Work on an open base shared with forked workers (claimcheck.load.sharing.pieces):
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
from claimcheck.load import parallel, sharing

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from generate import generate  # noqa: E402

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")


def _shared(monkeypatch, jobs: str = "2") -> None:
    monkeypatch.setenv(parallel.ENV_JOBS, jobs)


#: (main process's pid, a file a worker creates when it takes a piece)
_SIGN: list = [0, None]


@pytest.fixture(autouse=True)
def _sign(tmp_path):
    _SIGN[:] = [os.getpid(), tmp_path / "a-worker-took-a-piece"]


def _taken() -> None:
    """In a worker: say a worker took a piece. In the main process: wait
    (a minute at most) until one did, so that the work is shared on any
    machine, however loaded (in a long test session a worker has been seen
    to take its first piece ten seconds after it was forked)."""
    main, sign = _SIGN
    if os.getpid() != main:
        sign.touch()
        return
    deadline = time.monotonic() + 60
    while not sign.exists() and time.monotonic() < deadline:
        time.sleep(0.001)


def _square_all(piece):
    return [(os.getpid(), x * x) for x in piece]


def _square_shared(piece):
    _taken()
    return _square_all(piece)


@pytest.mark.parametrize("jobs", ["2", "3"])
def test_pieces_come_in_order_and_are_shared(jobs, monkeypatch):
    _shared(monkeypatch, jobs)
    items = list(range(5000))
    shared = 0
    for _ in range(3):  # the workers take pieces too (rarely, after many other tests, this process took them all)
        got = list(sharing.pieces(items, _square_shared, large=True))
        assert len(got) == sharing.PIECES
        assert [v for part in got for _, v in part] == [x * x for x in items]
        if len({pid for part in got for pid, _ in part}) >= 2:
            shared += 1
    assert shared, "the workers did some of the pieces"


def _own_square(piece):
    if os.environ.get(parallel.ENV_JOBS) != "1":
        _taken()  # here: a worker has taken a piece first
    return ("own", [x * x for x in piece])


@pytest.mark.parametrize("jobs", ["1", "2", "3"])
def test_own_pieces_are_done_by_the_main_process_its_way(jobs, monkeypatch):
    # ``own``: what the main process does with a piece it takes; a worker's piece comes as work gave it
    _shared(monkeypatch, jobs)
    items = list(range(3000))
    got = list(sharing.pieces(items, _square_shared, own=_own_square, large=True, count=300))
    assert len(got) == (1 if jobs == "1" else 300)
    values = []
    for part in got:
        if part[0] == "own":
            values.extend(part[1])
        else:
            assert {pid for pid, _ in part} != {os.getpid()}  # a worker's
            values.extend(v for _, v in part)
    assert values == [x * x for x in items]
    if jobs != "1":
        assert any(part[0] != "own" for part in got), "a worker did some of the pieces"


def test_no_queue_the_main_process_does_every_piece(monkeypatch):
    _shared(monkeypatch, "2")

    def no_pipe():
        raise OSError(24, "Too many open files")

    monkeypatch.setattr(sharing.os, "pipe", no_pipe)
    got = list(sharing.pieces(list(range(500)), _square_all, large=True))
    assert [v for part in got for _, v in part] == [x * x for x in range(500)]
    assert {pid for part in got for pid, _ in part} == {os.getpid()}


def test_at_most_max_pieces(monkeypatch):
    _shared(monkeypatch, "2")
    got = list(sharing.pieces(list(range(5000)), _square_all, large=True, count=10**6))
    assert len(got) <= sharing.MAX_PIECES
    assert [v for part in got for _, v in part] == [x * x for x in range(5000)]


def test_small_work_or_one_job_the_main_process_does_it_all(monkeypatch):
    monkeypatch.delenv(parallel.ENV_JOBS, raising=False)
    got = list(sharing.pieces(list(range(50)), _square_all, large=False, serial=20))
    assert [len(p) for p in got] == [20, 20, 10]
    assert {pid for part in got for pid, _ in part} == {os.getpid()}
    _shared(monkeypatch, "1")
    got = list(sharing.pieces(list(range(5000)), _square_all, large=True))
    assert len(got) == 1 and {pid for pid, _ in got[0]} == {os.getpid()}
    for jobs in ("1", "2"):
        _shared(monkeypatch, jobs)
        assert list(sharing.pieces([], _square_all, large=True, serial=5)) == []
        assert [v for part in sharing.pieces([3], _square_all, large=True) for _, v in part] == [9]


def test_a_piece_that_fails_in_a_worker_is_done_again_here(monkeypatch):
    _shared(monkeypatch)
    main = os.getpid()

    def work(piece):
        _taken()
        if os.getpid() != main:
            raise ValueError("only in a worker")
        return sum(piece)

    items = list(range(4800))
    assert sum(sharing.pieces(items, work, large=True)) == sum(items)


def test_an_error_of_the_work_itself_reaches_the_caller(monkeypatch):
    _shared(monkeypatch)

    def work(piece):
        if 4000 in piece:
            raise ValueError("bad piece")
        return len(piece)

    with pytest.raises(ValueError, match="bad piece"):
        list(sharing.pieces(list(range(4800)), work, large=True))


def test_a_worker_that_dies_leaves_its_pieces_to_the_main_process(monkeypatch):
    _shared(monkeypatch, "3")
    main = os.getpid()

    def work(piece):
        _taken()
        if os.getpid() != main:
            os._exit(9)  # a worker killed (out of memory, a signal) while it holds a piece
        return list(piece)

    items = list(range(4800))
    assert [x for part in sharing.pieces(items, work, large=True) for x in part] == items


def test_no_fork_here_the_main_process_does_every_piece(monkeypatch):
    _shared(monkeypatch)

    def no_fork():
        raise OSError("fork refused")

    monkeypatch.setattr(os, "fork", no_fork)
    items = list(range(4800))
    got = list(sharing.pieces(items, _square_all, large=True))
    assert [v for part in got for _, v in part] == [x * x for x in items]


def test_stopping_early_stops_the_workers(monkeypatch):
    _shared(monkeypatch)
    gen = sharing.pieces(list(range(4800)), _square_all, large=True)
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
    monkeypatch.setattr(sharing, "SHARE_CLAIMS", 10)
    forks = []
    real = sharing._Shared._start
    monkeypatch.setattr(sharing._Shared, "_start", lambda self: (forks.append(1), real(self))[1])
    _shared(monkeypatch, "2")
    shared = _run(base_root, *args)
    assert forks, "the work was shared"
    assert shared == serial
    json.loads(shared)


# --- a worker forked early (sharing.Standby): the placing of validate's diagnostics ---

def _double(x):
    if x == "boom":
        raise ValueError(x)
    if x == "die":
        os._exit(3)
    return x * 2


def test_a_standby_worker_does_what_it_is_sent():
    w = sharing.Standby(_double)
    try:
        assert w.ready
        w.send([1, "ab", "boom", b"x" * 300_000])
        assert not w.ready
        assert w.results() == [(True, 2), (True, "abab"), (False, None), (True, b"x" * 600_000)]
    finally:
        w.close()
    assert not w.ready


def test_a_standby_worker_that_dies_gives_no_results():
    w = sharing.Standby(_double)
    try:
        w.send([1, "die", 3])
        assert w.results() is None
    finally:
        w.close()


def test_a_standby_worker_killed_before_it_is_sent_anything_refuses_the_items():
    import signal

    w = sharing.Standby(_double)
    try:
        os.kill(w.pid, signal.SIGKILL)
        os.waitpid(w.pid, 0)
        w.pid = 0  # reaped here
        assert w.send([1, 2]) is False  # not an error: the caller does the work
    finally:
        w.close()


def test_validate_places_everything_itself_when_its_worker_is_gone(broken_root, monkeypatch):
    from claimcheck.load import read

    args = ["--root", str(broken_root), "--no-cache", "validate", "--format", "json"]
    _shared(monkeypatch, "1")
    alone = CliRunner().invoke(app, args)

    def dead_on_arrival():
        w = sharing.Standby(_double)
        os.kill(w.pid, 9)
        return w

    monkeypatch.setattr(read, "placer", dead_on_arrival)
    _shared(monkeypatch, "2")
    shared = CliRunner().invoke(app, args)
    assert shared.exit_code == alone.exit_code == 1
    assert shared.stdout == alone.stdout


def test_a_standby_worker_closed_unused_leaves_nothing_behind():
    w = sharing.Standby(_double)
    w.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_no_fork_no_standby_worker(monkeypatch):
    def no_fork():
        raise OSError("fork refused")

    monkeypatch.setattr(os, "fork", no_fork)
    w = sharing.Standby(_double)
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
    real_results = sharing.Standby.results
    monkeypatch.setattr(sharing.Standby, "results", lambda self, *a: (lambda got: (answered.append(got), got)[1])(
        real_results(self, *a)))
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
    _taken()
    if os.getpid() == _SIGN[0]:
        return os.getpid(), 0, set()
    inner = list(sharing.pieces(list(range(200)), _pid, large=True))
    return os.getpid(), len(inner), {pid for part in inner for pid in part}


def test_a_worker_forks_no_workers_of_its_own(monkeypatch):
    _shared(monkeypatch)
    main = os.getpid()
    got = list(sharing.pieces(list(range(480)), _nested, large=True))
    in_workers = [(n, pids) for pid, n, pids in got if pid != main]
    assert in_workers, "the workers did some of the pieces"
    assert all(n == 1 and len(pids) == 1 for n, pids in in_workers), "serially, in the worker itself"


def test_without_a_file_in_memory_nothing_is_shared_and_nothing_goes_to_disk(monkeypatch):
    _shared(monkeypatch)
    monkeypatch.delattr(os, "memfd_create")
    got = list(sharing.pieces(list(range(4800)), _square_all, large=True))
    assert {pid for part in got for pid, _ in part} == {os.getpid()}
    w = sharing.Standby(_double)
    assert not w.ready
    w.close()


def test_the_checks_give_the_same_diagnostics_when_cc505_runs_first(broken_root):
    from claimcheck.base import open_base
    from claimcheck.rules.run import check_base

    base = open_base(broken_root)
    seen = []
    plain = check_base(base)
    first = check_base(base, lambda b, found: seen.append(list(found)))
    assert first == plain
    assert seen and seen[0] and {d.code for d in seen[0]} == {"CC505"}
    assert len({d.code for d in plain}) > 3, "other checks report too"


def test_a_piece_a_worker_stalls_on_is_done_here(monkeypatch):
    _shared(monkeypatch)
    monkeypatch.setattr(sharing, "STALL_SECONDS", 0.2)
    main = os.getpid()

    def work(piece):
        _taken()
        if os.getpid() != main:
            time.sleep(3600)  # a worker stuck (a lock held at the fork, say): never answers
        return list(piece)

    items = list(range(480))
    t = time.monotonic()
    assert [x for part in sharing.pieces(items, work, large=True) for x in part] == items
    assert time.monotonic() - t < 30, "the main process did not wait for the stalled worker"


def _sleepy(x):
    time.sleep(3600)  # a stalled worker: never answers


def test_a_standby_worker_that_stalls_gives_no_results_after_the_timeout():
    w = sharing.Standby(_sleepy)
    try:
        assert w.send([1])
        t = time.monotonic()
        assert w.results(timeout=0.2) is None
        assert time.monotonic() - t < 30
    finally:
        w.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)
