"""A new claim base: ``claimcheck init``. The files it writes are templates
kept as package data (``claimcheck/write/templates/``), each a valid file of
its kind; a test holds the new base to ``validate --strict``."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from ..load.find import CLAIMS_DIR, SOURCES_FILE
from .errors import AuthoringError
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


def template_text(rel: str) -> str:
    """The text ``init`` writes at ``rel``."""
    return _template({**INIT_FILES, **INIT_OPTIONAL}[rel])


@dataclass
class InitResult:
    written: list[str]
    skipped: list[str]  # optional files left alone because they exist


def init_base(folder: Path) -> InitResult:
    """Create a new, valid claim base in ``folder`` (created if absent).
    Refuses (AuthoringError, nothing written) if any of its files exists;
    an existing ``.gitignore`` is left alone (listed in ``skipped``)."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise AuthoringError(f"{folder} exists and is not a folder", 1)
    existing = [rel for rel in INIT_FILES if (folder / rel).exists() or (folder / rel).is_symlink()]
    if (folder / CLAIMS_DIR).exists() and not (folder / CLAIMS_DIR).is_dir():
        existing.append(CLAIMS_DIR)
    if existing:
        raise AuthoringError(
            f"{', '.join(str(folder / rel) for rel in existing)} already exist{'s' if len(existing) == 1 else ''}; "
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
    for rel, name in chosen.items():
        text = _template(name)
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, text.encode("utf-8"), expected=None)
        written.append(rel)
    return InitResult(written, skipped)
