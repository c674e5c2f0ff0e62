"""A new claim base: ``claimcheck init``. The files it writes are templates
kept as package data (``claimcheck/write/templates/``), each a valid file of
its kind; a test holds the new base to ``validate --strict``."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from ..load.find import CLAIMS_DIR, SOURCES_FILE
from .errors import AuthoringError
from .install import InstallSource, install_source
from .safe import atomic_write


def _template(name: str) -> str:
    return files(__package__).joinpath("templates", name).read_text(encoding="utf-8")


#: base-relative path -> template name
INIT_FILES: dict[str, str] = {
    SOURCES_FILE: "sources.yaml",
    f"{CLAIMS_DIR}/example.yaml": "example.yaml",
    ".pre-commit-config.yaml": "pre-commit-config.yaml",
    ".github/workflows/claims.yml": "claims.yml",
}
#: written only where absent
INIT_OPTIONAL: dict[str, str] = {".gitignore": "gitignore"}


_KNOWN_STEP = """\
      # claimcheck is not on PyPI (another project owns that name there): it is
      # installed from its repository at a pinned commit (docs/ci.md in claimcheck's repository).
      - run: pip install "{requirement}"
"""
_UNKNOWN_STEP = """\
      # claimcheck is not on PyPI (another project owns that name there). Replace the
      # next step by the line claimcheck's docs/ci.md gives, for example:
      #   - run: pip install "claimcheck @ git+https://<host>/<owner>/claimcheck@<commit>"
      # (or run claimcheck init --install ...). Until then the job stops here rather
      # than install a stranger's package.
      - run: 'echo "claimcheck is not installed - set its install line in this workflow (claimcheck docs/ci.md)" >&2; exit 1'
"""


#: The files that must sit at the top of the repository (pre-commit and GitHub look there).
AT_REPOSITORY_TOP = (".pre-commit-config.yaml", ".github/workflows/claims.yml")


def template_text(rel: str, install: InstallSource | None = None, prefix: str = "") -> str:
    """The text ``init`` writes at ``rel``. The CI files name where claimcheck
    is installed from (``install``, else :func:`install_source`) and, for a
    base in a subfolder of its repository, that folder (``prefix``, such as
    ``news/base/``: their paths and ``--root``)."""
    name = {**INIT_FILES, **INIT_OPTIONAL}[rel]
    if name not in ("claims.yml", "pre-commit-config.yaml"):
        return _template(name)
    src = install if install is not None else install_source()
    root_option = f" --root {prefix.rstrip('/')}" if prefix else ""
    if name == "pre-commit-config.yaml":
        if src.git_url and src.commit:
            overrides = ""
            if prefix:
                overrides = (f"        entry: claimcheck{root_option} validate\n"
                             f"        files: '^{re.escape(prefix)}(sources\\.yaml|claims/.*\\.ya?ml)$'\n")
            return (_template("pre-commit-remote.yaml").replace("__REPO__", src.git_url)
                    .replace("__REV__", src.commit).replace("__REMOTE_OVERRIDES__", overrides))
        return _template(name).replace("__ROOT__", root_option).replace("__PREFIX_RE__", re.escape(prefix))
    step = _KNOWN_STEP.format(requirement=src.requirement) if src.requirement else _UNKNOWN_STEP
    return (_template(name).replace("__INSTALL_STEP__\n", step).replace("__PREFIX__", prefix)
            .replace("__ROOT__", root_option))


@dataclass
class InitResult:
    written: list[str]
    skipped: list[str]  # optional files left alone because they exist


def init_base(folder: Path, install: InstallSource | None = None, repo_top: Path | None = None) -> InitResult:
    """Create a new, valid claim base in ``folder`` (created if absent).
    Refuses (AuthoringError, nothing written) if any of its files exists;
    an existing ``.gitignore`` is left alone (listed in ``skipped``). When
    ``folder`` lies in a subfolder of the repository whose top is
    ``repo_top``, the pre-commit and workflow files go to the top, naming the
    subfolder. ``written`` lists paths relative to ``folder``."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise AuthoringError(f"{folder} exists and is not a folder", 1)
    prefix = ""
    if repo_top is not None:
        top, here = Path(repo_top).resolve(), (folder if folder.is_absolute() else Path.cwd() / folder).resolve()
        if here != top and here.is_relative_to(top):
            prefix = here.relative_to(top).as_posix() + "/"

    def place(rel: str) -> Path:
        return Path(repo_top) / rel if prefix and rel in AT_REPOSITORY_TOP else folder / rel

    existing = [str(place(rel)) for rel in INIT_FILES if place(rel).exists() or place(rel).is_symlink()]
    if (folder / CLAIMS_DIR).exists() and not (folder / CLAIMS_DIR).is_dir():
        existing.append(str(folder / CLAIMS_DIR))
    if existing:
        raise AuthoringError(
            f"{', '.join(existing)} already exist{'s' if len(existing) == 1 else ''}; "
            "claimcheck init never overwrites: nothing was written",
            1,
        )
    written: list[str] = []
    skipped: list[str] = []
    folder.mkdir(parents=True, exist_ok=True)
    chosen = dict(INIT_FILES)
    for rel, name in INIT_OPTIONAL.items():
        if (folder / rel).exists() or (folder / rel).is_symlink():
            skipped.append(rel)
        else:
            chosen[rel] = name
    src = install if install is not None else install_source()
    for rel in chosen:
        text = template_text(rel, src, prefix)
        path = place(rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, text.encode("utf-8"), expected=None)
        written.append(os.path.relpath(path, folder) if prefix and rel in AT_REPOSITORY_TOP else rel)
    return InitResult(written, skipped)
