"""Pytest configuration: the hypothesis profiles and the ``slow`` marker.

The helpers the tests share (running the CLI, building small claim bases,
reading fixture files) are in tests/helpers.py.

Hypothesis profiles: ``ci`` (the default: bounded, so the fuzz tests stay well
under a minute on two cores) and ``long`` (a campaign). Pick one with
``HYPOTHESIS_PROFILE=long`` or ``pytest --hypothesis-profile=long``.
"""

from __future__ import annotations

import os
from datetime import timedelta

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=60,
    deadline=timedelta(seconds=5),  # one small example taking 5 s is a hang
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile(
    "long",
    max_examples=20_000,
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
