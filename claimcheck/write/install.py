"""Where claimcheck is installed from, for the CI files ``init`` writes.

claimcheck is not published on PyPI, and the name ``claimcheck`` there belongs
to another project: a workflow that runs ``pip install claimcheck`` runs a
stranger's code. The install line is therefore always a requirement that names
where claimcheck really is: its repository at a pinned commit
(``claimcheck @ git+https://host/owner/claimcheck@<commit>``), an archive URL,
or a local path. :func:`install_source` finds it from, in order: the value the
user gives (``init --install``, or ``$CLAIMCHECK_INSTALL``); how the running
claimcheck was installed (PEP 610's ``direct_url.json``); the git checkout it
runs from (its ``origin`` remote and ``HEAD`` commit). ``docs/ci.md`` states
the form once.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .errors import AuthoringError

ENV_INSTALL = "CLAIMCHECK_INSTALL"
DIST = "claimcheck"

_COMMIT_RE = re.compile(r"[0-9a-f]{7,40}")
_REMOTE_RE = re.compile(r"(?:https?://|ssh://|git@)[^\s\"'`$\\]+")
#: A requirement that says where the code is: a direct reference, a VCS URL or a path.
_WHERE_RE = re.compile(r"(?:claimcheck\s*@\s*)?(?:git\+(?:https?|ssh|file)://|https?://|file://|\.{0,2}/)[^\s\"'`$\\]+")


@dataclass(frozen=True)
class InstallSource:
    """``requirement``: what ``pip install`` is given (quoted in the file), or
    None when no source is known; ``git_url`` and ``commit``: the repository
    and commit, when it is one (the pre-commit hook pins them)."""

    requirement: str | None
    why: str
    git_url: str | None = None
    commit: str | None = None


def check_requirement(spec: str) -> str:
    """``spec`` if it names where claimcheck is (never a bare index name)."""
    s = spec.strip()
    if not _WHERE_RE.fullmatch(s):
        raise AuthoringError(
            f"--install {spec!r}: give where claimcheck is, for example "
            "'claimcheck @ git+https://example.org/you/claimcheck@<commit>' or a local path such as ./tools/claimcheck; "
            "a bare name would install the PyPI project of that name, which is not claimcheck", 2)
    return s


def _git(folder: Path, *args: str) -> str | None:
    try:
        out = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, timeout=10,
                             env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"})
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def _from_checkout(folder: Path) -> InstallSource | None:
    remote = _git(folder, "remote", "get-url", "origin")
    commit = _git(folder, "rev-parse", "HEAD")
    if not remote or not commit or not _REMOTE_RE.fullmatch(remote) or not _COMMIT_RE.fullmatch(commit):
        return None
    url = remote if "://" in remote else "ssh://" + remote.replace(":", "/", 1)  # git@host:owner/repo
    return InstallSource(f"{DIST} @ git+{url}@{commit}", f"the git checkout claimcheck runs from ({folder})", url, commit)


def _from_direct_url() -> InstallSource | None:
    try:
        text = metadata.distribution(DIST).read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    if not text:
        return None
    try:
        info = json.loads(text)
    except ValueError:
        return None
    url = info.get("url") if isinstance(info, dict) else None
    if not isinstance(url, str):
        return None
    vcs = info.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") == "git" and isinstance(vcs.get("commit_id"), str):
        commit = vcs["commit_id"]
        if _REMOTE_RE.fullmatch(url) and _COMMIT_RE.fullmatch(commit):
            return InstallSource(f"{DIST} @ git+{url}@{commit}", "how this claimcheck was installed (pip)", url, commit)
    if isinstance(info.get("archive_info"), dict) and url.startswith("https://"):
        return InstallSource(f"{DIST} @ {url}", "how this claimcheck was installed (pip)")
    return None


def install_source(given: str | None = None, environ=os.environ) -> InstallSource:
    """Where the CI files should install claimcheck from (see the module docstring)."""
    for value, why in ((given, "--install"), (environ.get(ENV_INSTALL), f"${ENV_INSTALL}")):
        if value:
            req = check_requirement(value)
            m = re.search(r"git\+(\S+?)@([0-9a-f]{7,40})$", req)
            return InstallSource(req, why, m.group(1) if m else None, m.group(2) if m else None)
    found = _from_direct_url()
    if found is None:
        here = Path(__file__).resolve().parents[2]  # the folder holding the claimcheck package
        if (here / "pyproject.toml").is_file():
            found = _from_checkout(here)
    return found or InstallSource(None, "no repository or archive of claimcheck is known here")
