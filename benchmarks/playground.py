"""How fast the playground trains in the browser: `python -m benchmarks.playground`.

Opens the page in headless Chromium (playwright, /usr/bin/chromium or CHAINRULE_BROWSER)
and reports milliseconds per epoch of per-sample SGD for a 2-8-8-2 network on 500 training
points, the issue's target being under 20 ms. A measurement, never a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

from nn.playground import playground_page

TARGET_MS = 20.0
SETTINGS = "#data=circle&points=1000&ratio=50&layers=8.tanh,8.tanh&loss=cross_entropy&batch=1"
"""1000 points, half of them for training: 500 per-sample SGD steps an epoch."""


def browser_path() -> str:
    path = os.environ.get("CHAINRULE_BROWSER") or "/usr/bin/chromium"
    if not Path(path).is_file():
        raise SystemExit(f"no Chromium at {path}: install it or set CHAINRULE_BROWSER")
    return path


def measure(epochs: int, repeats: int) -> list[float]:
    """Milliseconds per epoch, one number per repeat, each after a warm-up epoch."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        page_path = Path(folder) / "playground.html"
        page_path.write_text(playground_page(), encoding="utf-8")
        browser = playwright.chromium.launch(
            executable_path=browser_path(), args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page()
            page.goto(page_path.resolve().as_uri() + SETTINGS)
            shape = page.inner_text("#shape")
            samples = len(page.evaluate("chainrule.trainingSet().X"))
            print(f"{shape}, {samples} training points, per-sample SGD")
            page.evaluate("chainrule.benchmark(1)")  # warm-up: let V8 optimise
            times: list[float] = [
                page.evaluate(f"chainrule.benchmark({epochs})") for _ in range(repeats)
            ]
            drawing = page.evaluate("chainrule.drawTime(20)")
            print(f"redrawing heat maps, network and curves: {drawing:.1f} ms a frame")
        finally:
            browser.close()
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one short repeat (a smoke run)")
    args = parser.parse_args(argv)
    times = measure(epochs=2 if args.quick else 10, repeats=1 if args.quick else 5)
    best, median = min(times), statistics.median(times)
    print(
        f"playground epoch: best {best:.1f} ms, median {median:.1f} ms "
        f"(target under {TARGET_MS:.0f} ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
