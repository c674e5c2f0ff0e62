"""Why an edit of the base was refused."""

from __future__ import annotations

class AuthoringError(Exception):
    """An edit refused before anything was written. ``code`` is the exit code
    the CLI should use (1: a named thing not found or not editable; 2: usage)."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code
