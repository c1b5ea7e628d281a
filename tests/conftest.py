"""Hypothesis profiles: `ci` (more examples, derandomized: reproducible) and `dev` (fast).

Chosen by HYPOTHESIS_PROFILE; `ci` when CI=true, `dev` otherwise.
"""

import os

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
