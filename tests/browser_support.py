"""How every browser test starts Chromium: headless, sandbox off (CI runs as root), and no
background networking, which this machine's closed network would refuse."""

from __future__ import annotations

from pathlib import Path
from typing import Any

SCREEN = {"width": 1024, "height": 768}
"""The classroom projector the pages are tested at."""

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def launch(playwright: Any, chromium: str, profile: Path | None = None, **options: Any) -> Any:
    """A headless Chromium at `chromium`: a browser, or with `profile` (a fresh folder) a
    persistent context using it as its --user-data-dir. `options` go to Playwright."""
    if profile is None:
        return playwright.chromium.launch(
            executable_path=chromium, headless=True, args=CHROMIUM_FLAGS, **options
        )
    return playwright.chromium.launch_persistent_context(
        profile, executable_path=chromium, headless=True, args=CHROMIUM_FLAGS, **options
    )
