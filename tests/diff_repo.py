"""A claim base in a git repository of its own, for the tests of ``diff``:
``GitBase(tmp_path)`` writes the files of :data:`FILES`, commits them, and
lets a test change files and commit again. Git runs with a fixed author and
without the user's or the system's configuration."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from .helpers import SOURCES_YAML

TOWN = """\
topics:
  town/killed:
    title: People killed in the town
    unit: people
claims:
  - id: gov-killed
    statement: The ministry says 40 people were killed.
    claimant: gov
    topic: town/killed
    figure: 40
    as_of: 2018-05-01
    status: unverified
    reported_by:
      - outlet: gov-tv
        date: 2018-05-02
  - id: monitor-killed
    statement: The monitor counts about 42 dead.
    claimant: monitor
    topic: town/killed
    figure: about 42
    status: corroborated
"""

WOUNDED = """\
topics:
  town/wounded:
    title: People wounded in the town
claims:
  - id: rebels-wounded
    statement: The rebels say 100 were wounded.
    claimant: rebels
    topic: town/wounded
    figure: 100
    status: unverified
"""

#: The same claims as TOWN: keys reordered, flow style, other quoting, a comment, records swapped.
TOWN_REFORMATTED = """\
# reformatted: nothing in it changed
claims:
  - {id: monitor-killed, claimant: monitor, topic: "town/killed", figure: 'about 42',
     statement: "The monitor counts about 42 dead.", status: corroborated}
  - id: gov-killed
    status: unverified
    figure: 40
    statement: >-
      The ministry says 40 people were killed.
    claimant: gov
    topic: town/killed
    as_of: "2018-05-01"
    reported_by: [{outlet: gov-tv, date: 2018-05-02}]
    notes:
topics:
  town/killed: {unit: people, title: People killed in the town}
"""

#: A claim on town/killed that conflicts with both others.
REBELS_KILLED = """\
  - id: rebels-killed
    statement: The rebels say 900 were killed.
    claimant: rebels
    topic: town/killed
    figure: 900
    status: unverified
"""

FILES = {"sources.yaml": SOURCES_YAML, "claims/town.yaml": TOWN, "claims/wounded.yaml": WOUNDED}


def git_env(home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_AUTHOR_NAME="Test", GIT_AUTHOR_EMAIL="test@example.org", GIT_COMMITTER_NAME="Test",
               GIT_COMMITTER_EMAIL="test@example.org", GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull,
               HOME=str(home))
    return env


class GitBase:
    """A repository at ``tmp_path/repo`` holding a claim base at ``sub``
    (the repository's top by default), committed once."""

    def __init__(self, tmp_path: Path, sub: str = "", files: dict[str, str] | None = None) -> None:
        self.top = tmp_path / "repo"
        self.root = self.top / sub if sub else self.top
        self.root.mkdir(parents=True)
        self.env = git_env(tmp_path)
        self.git("init", "-q", "-b", "main")
        for rel, text in (FILES if files is None else files).items():
            self.write(rel, text)
        self.commit("a base")

    def git(self, *args: str) -> str:
        p = subprocess.run(["git", *args], cwd=self.top, env=self.env, capture_output=True, text=True, check=True)
        return p.stdout.strip()

    def write(self, rel: str, text: str) -> None:
        p = self.root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")

    def read(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8")

    def edit(self, rel: str, old: str, new: str) -> None:
        text = self.read(rel)
        assert old in text, old
        self.write(rel, text.replace(old, new, 1))

    def remove(self, rel: str) -> None:
        (self.root / rel).unlink()

    def commit(self, message: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD")
