"""Atomic writes, the base lock and change detection (claimcheck.safewrite)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from claimcheck.write.safe import (
    LOCK_FILE, MID_WRITE_ENV, ChangedOnDisk, LockTimeout, atomic_write, base_lock, remove_stale_temps,
)

from tests.helpers import cli_env


def test_atomic_write_replaces_content_and_leaves_no_temp_file(tmp_path):
    p = tmp_path / "f.yaml"
    p.write_bytes(b"old\n")
    atomic_write(p, b"new\n")
    assert p.read_bytes() == b"new\n"
    assert sorted(x.name for x in tmp_path.iterdir()) == ["f.yaml"]


def test_atomic_write_keeps_permission_bits_of_existing_file(tmp_path):
    p = tmp_path / "f.yaml"
    p.write_bytes(b"old\n")
    os.chmod(p, 0o640)
    atomic_write(p, b"new\n")
    assert p.stat().st_mode & 0o777 == 0o640


def test_new_file_gets_umask_permissions_not_private_temp_ones(tmp_path):
    p = tmp_path / "f.yaml"
    old = os.umask(0o022)
    try:
        atomic_write(p, b"x\n", expected=None)
    finally:
        os.umask(old)
    assert p.stat().st_mode & 0o777 == 0o644


def test_write_refuses_when_file_changed_since_it_was_read(tmp_path):
    p = tmp_path / "f.yaml"
    p.write_bytes(b"read by the editor\n")
    snapshot = p.read_bytes()
    p.write_bytes(b"someone else saved this\n")
    with pytest.raises(ChangedOnDisk, match="changed on disk"):
        atomic_write(p, b"our edit\n", expected=snapshot)
    assert p.read_bytes() == b"someone else saved this\n"
    assert sorted(x.name for x in tmp_path.iterdir()) == ["f.yaml"]


def test_create_refuses_when_file_appeared_meanwhile(tmp_path):
    p = tmp_path / "f.yaml"
    p.write_bytes(b"created by another program\n")
    with pytest.raises(ChangedOnDisk, match="appeared"):
        atomic_write(p, b"ours\n", expected=None)
    assert p.read_bytes() == b"created by another program\n"


def test_write_with_matching_snapshot_goes_through(tmp_path):
    p = tmp_path / "f.yaml"
    p.write_bytes(b"a\n")
    atomic_write(p, b"b\n", expected=b"a\n")
    assert p.read_bytes() == b"b\n"


def test_lock_is_reentrant_within_one_thread(tmp_path):
    with base_lock(tmp_path, timeout=0.2):
        with base_lock(tmp_path, timeout=0.2):
            pass
        # still held by us: another process cannot take it
        r = subprocess.run(
            [sys.executable, "-c", _TRY_LOCK, str(tmp_path), "0.2"], env=cli_env(pythonpath=True), capture_output=True, text=True
        )
        assert r.returncode == 1, r.stderr
        assert "locked by another claimcheck writer" in r.stdout
    assert (tmp_path / LOCK_FILE).exists()


_TRY_LOCK = textwrap.dedent(
    """
    import sys
    from claimcheck.write.safe import base_lock, LockTimeout
    try:
        with base_lock(sys.argv[1], timeout=float(sys.argv[2])):
            print("acquired")
    except LockTimeout as e:
        print(e)
        sys.exit(1)
    """
)

_HOLD_LOCK = textwrap.dedent(
    """
    import sys, time
    from claimcheck.write.safe import base_lock
    with base_lock(sys.argv[1]):
        print("held", flush=True)
        time.sleep(600)
    """
)


def test_lock_timeout_names_the_holder_and_the_option(tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", _HOLD_LOCK, str(tmp_path)], env=cli_env(pythonpath=True), stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(LockTimeout) as e:
            with base_lock(tmp_path, timeout=0.3):
                pass
        msg = str(e.value)
        assert f"pid {holder.pid}" in msg
        assert "--lock-timeout" in msg
    finally:
        holder.kill()
        holder.wait()


def test_writer_killed_with_sigkill_leaves_the_base_unlocked(tmp_path):
    holder = subprocess.Popen([sys.executable, "-c", _HOLD_LOCK, str(tmp_path)], env=cli_env(pythonpath=True), stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    with base_lock(tmp_path, timeout=2.0):
        pass


def test_stale_temp_files_are_removed_but_claim_files_kept(tmp_path):
    (tmp_path / ".a.yaml.x1y2.tmp").write_bytes(b"torn")
    (tmp_path / "a.yaml").write_bytes(b"claims: []\n")
    (tmp_path / ".hidden").write_bytes(b"keep")
    assert remove_stale_temps(tmp_path) == 1
    assert sorted(x.name for x in tmp_path.iterdir()) == [".hidden", "a.yaml"]


_WRITE_LOOP = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from claimcheck.write.safe import atomic_write, base_lock
    root = Path(sys.argv[1])
    target = root / "claims" / "big.yaml"
    a = Path(sys.argv[2]).read_bytes()
    b = Path(sys.argv[3]).read_bytes()
    print("ready", flush=True)
    i = 0
    while True:
        with base_lock(root):
            atomic_write(target, a if i % 2 else b)
        i += 1
    """
)


@pytest.mark.slow
def test_sigkill_at_random_moments_never_leaves_a_torn_file_or_a_stale_lock(tmp_path):
    rng = random.Random(20180503)
    (tmp_path / "claims").mkdir()
    target = tmp_path / "claims" / "big.yaml"
    a = b"claims:\n" + b"".join(b"  - id: a%06d\n" % i for i in range(60000))
    b = b"claims:\n" + b"".join(b"  - id: b%06d\n" % i for i in range(50000))
    (tmp_path / "a.bin").write_bytes(a)
    (tmp_path / "b.bin").write_bytes(b)
    target.write_bytes(a)
    for _ in range(20):
        p = subprocess.Popen(
            [sys.executable, "-c", _WRITE_LOOP, str(tmp_path), str(tmp_path / "a.bin"), str(tmp_path / "b.bin")],
            env=cli_env(pythonpath=True), stdout=subprocess.PIPE, text=True,
        )
        assert p.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.05))
        os.kill(p.pid, signal.SIGKILL)
        p.wait()
        content = target.read_bytes()
        assert content in (a, b), f"torn file of {len(content)} bytes"
        with base_lock(tmp_path, timeout=2.0):  # never left locked
            pass
    # only hidden temp files can remain, and the next writer sweeps them
    leftovers = [x.name for x in (tmp_path / "claims").iterdir() if x.name != "big.yaml"]
    assert all(n.startswith(".big.yaml.") and n.endswith(".tmp") for n in leftovers)
    remove_stale_temps(tmp_path / "claims")
    assert [x.name for x in (tmp_path / "claims").iterdir()] == ["big.yaml"]


_ATOMIC_WRITE = "import sys; from claimcheck.write.safe import atomic_write; atomic_write(sys.argv[1], b'new\\n')"


def test_mid_write_hook_notes_the_complete_temp_file_and_stops_before_the_rename(tmp_path):
    """The test hook the kill test relies on (CLAIMCHECK_TEST_MID_WRITE)."""
    p = tmp_path / "f.yaml"
    p.write_bytes(b"old\n")
    note = tmp_path / "note"
    w = subprocess.Popen([sys.executable, "-c", _ATOMIC_WRITE, str(p)],
                         env=cli_env({MID_WRITE_ENV: str(note)}, pythonpath=True))
    try:
        _, status = os.waitpid(w.pid, os.WUNTRACED)
        assert os.WIFSTOPPED(status) and os.WSTOPSIG(status) == signal.SIGSTOP
        pid, tmp = note.read_text(encoding="utf-8").split()
        assert int(pid) == w.pid
        assert Path(tmp).parent == tmp_path and Path(tmp).read_bytes() == b"new\n"  # complete...
        assert p.read_bytes() == b"old\n"  # ...and not renamed yet
        os.kill(w.pid, signal.SIGCONT)
        assert w.wait(timeout=60) == 0
    finally:
        if w.poll() is None:
            w.kill()
            w.wait()
    assert p.read_bytes() == b"new\n"
    assert sorted(x.name for x in tmp_path.iterdir()) == ["f.yaml", "note"]


def test_without_the_hook_variable_nothing_is_noted_and_nothing_stops(tmp_path):
    p = tmp_path / "f.yaml"
    r = subprocess.run([sys.executable, "-c", _ATOMIC_WRITE, str(p)], env=cli_env({MID_WRITE_ENV: None}, pythonpath=True),
                       timeout=60)
    assert r.returncode == 0 and p.read_bytes() == b"new\n"
    assert sorted(x.name for x in tmp_path.iterdir()) == ["f.yaml"]
