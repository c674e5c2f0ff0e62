"""`claimcheck add` killed with SIGKILL in the middle of its write: the claims
file holds exactly the old bytes, or exactly the new ones when the writer is let
through, never a torn or empty file; the base is never left locked; and the
temporary files the killed writers left are gone after the next write.

Every kill lands mid-write, by construction rather than by timing: with
CLAIMCHECK_TEST_MID_WRITE naming a file (claimcheck.write.safe.MID_WRITE_ENV),
atomic_write notes its temporary file there once that file is complete and
stops its own process (SIGSTOP) before renaming it over the claims file;
waitpid(WUNTRACED) returns exactly when the writer has stopped there."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from claimcheck.write.safe import MID_WRITE_ENV, base_lock
from tests.helpers import CLAIMS_YAML, cli_env, make_base, open_valid

KILLED = 3
FILLERS = 200  # any size: the kill lands mid-write by construction, not during a long write
MANY = CLAIMS_YAML + "".join(
    f"  - id: filler-{i}\n    statement: Filler claim {i}.\n    claimant: monitor\n    topic: town/filler\n"
    f"    figure: {i}\n    status: unverified\n"
    for i in range(FILLERS)
)


def record(i: int) -> bytes:
    """What `add` appends for writer i."""
    return (f"  - id: killed-{i}\n    statement: Killed writer {i}.\n    claimant: monitor\n"
            "    topic: town/killed\n    status: unverified\n").encode("utf-8")


def start_add(root: Path, i: int, note: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "claimcheck", "--root", str(root), "add", "-s", f"Killed writer {i}.",
         "-c", "monitor", "-t", "town/killed", "--id", f"killed-{i}"],
        env=cli_env({MID_WRITE_ENV: str(note)}, pythonpath=True), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )


def wait_mid_write(p: subprocess.Popen, note: Path) -> Path:
    """Wait until writer p has stopped mid-write; return its temporary file."""
    _, status = os.waitpid(p.pid, os.WUNTRACED)
    assert os.WIFSTOPPED(status), f"the writer ended before its write: {p.stderr.read().decode()}"
    pid, tmp = note.read_text(encoding="utf-8").split()
    assert int(pid) == p.pid
    return Path(tmp)


def finish(p: subprocess.Popen) -> None:
    if p.poll() is None:  # still running or stopped: a failed assertion must not leave it behind
        p.kill()
    p.wait()
    p.stderr.close()


def temps(folder: Path) -> list[str]:
    return sorted(x.name for x in folder.iterdir() if x.name.endswith(".tmp"))


@pytest.mark.slow
def test_add_killed_mid_write_leaves_the_old_bytes_and_the_next_write_sweeps_its_temp_file(tmp_path):
    root = make_base(tmp_path, files={"claims/town.yaml": MANY})
    path = root / "claims" / "town.yaml"
    note = tmp_path / "mid-write"
    for i in range(KILLED):
        before = path.read_bytes()
        note.unlink(missing_ok=True)
        p = start_add(root, i, note)
        try:
            tmp = wait_mid_write(p, note)
            # mid-write: the new file is whole in the temporary file, not yet renamed
            assert tmp.parent == path.parent and tmp.name.startswith(".town.yaml.") and tmp.name.endswith(".tmp")
            assert tmp.read_bytes() == before + record(i)
            assert path.read_bytes() == before
            # and the one temporary file: the previous killed writer's is swept
            assert temps(path.parent) == [tmp.name]
            os.kill(p.pid, signal.SIGKILL)
            p.wait()
            assert p.returncode == -signal.SIGKILL
        finally:
            finish(p)
        assert path.read_bytes() == before, "a writer killed mid-write changed the file"
        assert tmp.exists()  # left by the killed writer until the next write; hidden, never read
        with base_lock(root, timeout=2.0):  # a killed writer never leaves the base locked
            pass
    assert len(open_valid(root).claims) == 2 + FILLERS

    # the next writer, stopped mid-write too and then let through: exactly the new bytes
    before = path.read_bytes()
    note.unlink()
    p = start_add(root, KILLED, note)
    try:
        tmp = wait_mid_write(p, note)
        assert temps(path.parent) == [tmp.name]  # the last killed writer's file is swept
        os.kill(p.pid, signal.SIGCONT)
        assert p.wait(timeout=60) == 0, p.stderr.read().decode()
    finally:
        finish(p)
    assert path.read_bytes() == before + record(KILLED)
    assert temps(path.parent) == []
    assert len(open_valid(root).claims) == 2 + FILLERS + 1
