"""`claimcheck add` killed with SIGKILL at random moments: the claims file holds
the old content or the old content plus the whole new record, never a torn or
empty file, and the base is never left locked."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from claimcheck.base import open_base
from claimcheck.write.safe import base_lock

from tests.helpers import CLAIMS_YAML, make_base

REPO = Path(__file__).resolve().parents[1]

MANY = CLAIMS_YAML + "".join(
    f"  - id: filler-{i}\n    statement: Filler claim {i}.\n    claimant: monitor\n    topic: town/filler\n"
    f"    figure: {i}\n    status: unverified\n"
    for i in range(2000)
)


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("CLAIMCHECK_ROOT", None)
    return env


def test_add_killed_at_random_moments_leaves_old_or_new_file_and_no_lock(tmp_path):
    rng = random.Random(6)
    root = make_base(tmp_path, files={"claims/town.yaml": MANY})
    path = root / "claims/town.yaml"
    landed = 0
    for i in range(20):
        before = path.read_bytes()
        p = subprocess.Popen(
            [sys.executable, "-m", "claimcheck", "--root", str(root), "add", "-s", f"Killed writer {i}.",
             "-c", "monitor", "-t", "town/killed", "--id", f"killed-{i}"],
            env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.1, 0.9))
        os.kill(p.pid, signal.SIGKILL)
        p.wait()
        after = path.read_bytes()
        if after != before:
            added = after[len(before):].decode("utf-8")
            assert after.startswith(before), "old bytes changed"
            assert added == (
                f"  - id: killed-{i}\n    statement: Killed writer {i}.\n    claimant: monitor\n"
                "    topic: town/killed\n    status: unverified\n"
            ), "torn record"
            landed += 1
        with base_lock(root, timeout=2.0):  # a killed writer never leaves the base locked
            pass
    base = open_base(root)
    assert [d for d in base.diagnostics if d.severity == "error"] == []
    assert len(base.claims) == 2 + 2000 + landed
    leftovers = [p.name for p in (root / "claims").iterdir() if p.name != "town.yaml"]
    assert all(n.startswith(".town.yaml.") and n.endswith(".tmp") for n in leftovers)  # hidden, never read
