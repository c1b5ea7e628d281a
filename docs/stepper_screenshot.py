"""Write docs/stepper.png: the stepper as a 1024x768 projector shows it, mid-way back.

`python docs/stepper_screenshot.py` (needs playwright and Chromium at /usr/bin/chromium).
"""

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

import engine
import nn
from engine import Value

HERE = Path(__file__).resolve().parent
CHROMIUM = sys.argv[1] if len(sys.argv) > 1 else "/usr/bin/chromium"


def loss() -> Value:
    """One tanh neuron's squared error on one example: inputs, parameters and constants."""
    neuron = nn.Neuron(2, "tanh", seed=1)
    prediction = neuron([Value(2.0, "x1"), Value(-1.0, "x2")])
    prediction.label = "prediction"
    error = (prediction - 0.5) ** 2
    error.label = "loss"
    return error


def main() -> None:
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        page_path = engine.stepper(loss(), Path(folder) / "backprop.html")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1024, "height": 768})
        page.goto(page_path.resolve().as_uri())
        while not page.is_disabled("#next"):
            page.click("#next")  # the last step: the neuron's sum sends gradients to w, x and b
        page.screenshot(path=str(HERE / "stepper.png"))
        browser.close()


if __name__ == "__main__":
    main()
