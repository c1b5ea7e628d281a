"""Hypothesis profiles: `ci` (more examples, derandomized: reproducible) and `dev` (fast).

Chosen by HYPOTHESIS_PROFILE; `ci` when CI=true, `dev` otherwise.
"""

import importlib.util
import os
from collections.abc import Mapping
from pathlib import Path

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


BROWSER_ENV = "CHAINRULE_BROWSER"
"""Path of the Chromium the browser tests drive; point it nowhere to simulate "no browser"."""
REQUIRE_BROWSER_ENV = "CHAINRULE_REQUIRE_BROWSER"
"""Set to 1 (as .ci/run does) to make a missing browser a failure instead of a skip."""
DEFAULT_BROWSERS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")


def find_browser(environ: Mapping[str, str]) -> tuple[str | None, str]:
    """The Chromium to drive, or None with the reason none was found."""
    override = environ.get(BROWSER_ENV)
    if override:
        if Path(override).is_file():
            return override, ""
        return None, f"{BROWSER_ENV}={override!r} is not a file"
    for candidate in DEFAULT_BROWSERS:
        if Path(candidate).is_file():
            return candidate, ""
    return None, (
        f"no Chromium at {' or '.join(DEFAULT_BROWSERS)}: install it (apt-get install chromium) "
        f"or set {BROWSER_ENV} to its path"
    )


def browser_required(environ: Mapping[str, str]) -> bool:
    """True when a missing browser must fail the run (CI) rather than skip its tests."""
    return environ.get(REQUIRE_BROWSER_ENV, "") not in ("", "0")


@pytest.fixture(scope="session")
def chromium() -> str:
    """Path of a Chromium for playwright's `executable_path`; skips (or fails in CI) without one."""
    path, reason = find_browser(os.environ)
    if importlib.util.find_spec("playwright") is None:
        path, reason = None, 'playwright is not installed: pip install ".[test]"'
    if path is None:
        if browser_required(os.environ):
            pytest.fail(f"{reason} ({REQUIRE_BROWSER_ENV} is set, so this is a failure)")
        pytest.skip(reason)
    return path
