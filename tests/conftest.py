"""Hypothesis profiles, and the browser that the page tests drive.

Profiles: `ci` (more examples, derandomized: reproducible) and `dev` (fast), chosen by
HYPOTHESIS_PROFILE; `ci` when CI=true, `dev` otherwise.
"""

import os
import shutil

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=300,
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=60, deadline=None)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") == "true" else "dev")
)


BROWSER_VARIABLE = "CHAINRULE_CHROMIUM"
"""Overrides where the browser tests look for Chromium (default: Debian's /usr/bin/chromium)."""
REQUIRE_VARIABLE = "CHAINRULE_REQUIRE_BROWSER"
""".ci/run sets this to 1: there a missing browser fails the browser tests instead of skipping."""


def find_chromium() -> str | None:
    """The Chromium the browser tests drive, or None where this machine has none."""
    path = os.environ.get(BROWSER_VARIABLE) or shutil.which("chromium") or "/usr/bin/chromium"
    return path if os.path.isfile(path) and os.access(path, os.X_OK) else None


@pytest.fixture
def chromium() -> str:
    """The Chromium to drive; without one the test skips (fails under CI's variable)."""
    path = find_chromium()
    if path is None:
        reason = (
            "needs Chromium (Debian's package 'chromium', or set CHAINRULE_CHROMIUM to a "
            "Chromium binary); .ci/run installs it"
        )
        if os.environ.get(REQUIRE_VARIABLE) == "1":
            pytest.fail(f"{REQUIRE_VARIABLE}=1 but no browser was found: {reason}")
        pytest.skip(reason)
    return path
