"""Browser tests skip with a reason where there is no Chromium; under CI's variable they fail."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BROWSER_TEST = "tests/test_stepper.py::test_clicking_next_to_the_end_shows_the_engines_gradients"


def run_browser_test(tmp_path: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "CHAINRULE_CHROMIUM": str(tmp_path / "no-such-chromium")}
    environment.pop("CHAINRULE_REQUIRE_BROWSER", None)
    environment.update(variables)
    return subprocess.run(
        [sys.executable, "-m", "pytest", BROWSER_TEST, "-rs", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_missing_browser_skips_with_a_reason(tmp_path):
    run = run_browser_test(tmp_path)
    assert run.returncode == 0, run.stdout
    assert "1 skipped" in run.stdout
    assert "needs Chromium" in run.stdout


def test_a_missing_browser_fails_when_ci_requires_it(tmp_path):
    run = run_browser_test(tmp_path, CHAINRULE_REQUIRE_BROWSER="1")
    assert run.returncode == 1, run.stdout
    assert "CHAINRULE_REQUIRE_BROWSER=1 but no browser was found" in run.stdout
