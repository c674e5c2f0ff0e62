"""Commands of this group register on claimcheck.cli.app (module filled in by its issue)."""

from __future__ import annotations
