"""The tutorials in docs/tutorials/ run as written, show the pictures their code draws, and the
numbers those pictures plot are the ones the seeds' lessons print.

Each tutorial runs once per test session (in a folder of its own, where its pictures land);
the tests below read what it left.
"""

import math
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "docs"))

import lessons  # noqa: E402

from demos.datasets import HOUSE_DATA, load_vending_machine  # noqa: E402
from demos.least_squares import fit_least_squares, predict_linear  # noqa: E402
from demos.vending_machine import gradient_descent, mse_of_weight, naive_search  # noqa: E402
from nn.metrics import rmse  # noqa: E402

PAGES = {page.stem: page for page in lessons.pages()}
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)]+)\)")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([\w.-]+\.(?:svg|html))\)")


class Runs:
    """Every tutorial, run on first use (at most once a session), each in a folder of its own."""

    def __init__(self, folders: pytest.TempPathFactory) -> None:
        self.folders = folders
        self.done: dict[str, lessons.Run] = {}

    def __getitem__(self, stem: str) -> lessons.Run:
        if stem not in self.done:
            self.done[stem] = lessons.run_page(PAGES[stem], self.folders.mktemp(stem))
        return self.done[stem]


@pytest.fixture(scope="session")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    return Runs(tmp_path_factory)


def test_every_lesson_of_the_seeds_has_a_tutorial() -> None:
    topics = ["neuron", "activations", "losses", "gradient-descent", "backpropagation"]
    topics += ["batch-sizes", "optimizers", "house-prices", "digits"]
    assert [stem.split("-", 1)[1] for stem in PAGES] == topics


@pytest.mark.parametrize("stem", PAGES)
def test_tutorial_runs_as_written(stem: str, runs: Runs) -> None:
    run = runs[stem]
    assert run.examples > 0, f"{stem} has no ```pycon session"
    assert not run.failures, run.failures


@pytest.mark.parametrize("stem", PAGES)
def test_tutorial_draws_every_picture_it_shows(stem: str, runs: Runs) -> None:
    text = PAGES[stem].read_text(encoding="utf-8")
    shown = IMAGE.findall(text) + LINK.findall(text)
    assert shown, f"{stem} shows no picture"
    folder = runs[stem].folder
    drawn = {path.name for path in folder.iterdir()}
    assert set(shown) <= drawn, f"{stem} shows {set(shown) - drawn} but its code did not draw them"
    for name in shown:
        assert (folder / name).stat().st_size > 1000, f"{name} is nearly empty"


def test_tutorial_pictures_have_names_of_their_own() -> None:
    """The site puts every tutorial's pictures in one folder: two with one name would clash."""
    names = [name for page in PAGES.values() for name in IMAGE.findall(page.read_text())]
    assert len(names) == len(set(names))


def test_descent_tutorial_prints_the_seed_lesson_mse_values(runs: Runs) -> None:
    mse = runs["04-gradient-descent"].namespace["mse"]
    days = load_vending_machine()
    for w, seed_value in [(0.49, 621.41), (0.50, 671.58), (0.51, 723.72)]:
        assert round(mse(w).data, 2) == seed_value
        assert mse(w).data == pytest.approx(mse_of_weight(days, w), rel=1e-12)


def test_descent_tutorial_plots_the_demo_search_paths(runs: Runs) -> None:
    """The MSE(w) picture's two paths are the demo's: the naive search stops at w = 0.24 and
    gradient descent visits the same weights as demos.vending_machine's."""
    namespace = runs["04-gradient-descent"].namespace
    days = load_vending_machine()
    assert namespace["naive"] == naive_search(days).weights
    assert namespace["naive"][-1] == 0.24
    assert namespace["descent"] == pytest.approx(gradient_descent(days).weights, rel=1e-12)
    assert round(namespace["descent"][-1], 2) == 0.24


def test_activation_tutorial_plots_the_textbook_derivatives(runs: Runs) -> None:
    namespace = runs["02-activations"].namespace
    xs, curves = namespace["xs"], namespace["curves"]
    oracles = {
        "sigmoid": lambda x: math.exp(-x) / (1 + math.exp(-x)) ** 2,
        "tanh": lambda x: 1 / math.cosh(x) ** 2,
        "relu": lambda x: 1.0 if x > 0 else 0.0,
    }
    for name, slope in oracles.items():
        assert curves[name][1] == pytest.approx([slope(x) for x in xs], abs=1e-12)


def test_backpropagation_tutorial_gradients_are_the_hand_chain_rule(
    runs: Runs,
) -> None:
    namespace = runs["05-backpropagation"].namespace
    x, y, w, b = (namespace[name].data for name in "xywb")
    error = w * x + b - y
    assert namespace["w"].grad == 2 * error * x
    assert namespace["b"].grad == 2 * error


def test_house_price_neuron_is_as_good_as_least_squares(runs: Runs) -> None:
    namespace = runs["08-house-prices"].namespace
    X_train, y_train = namespace["X_train"], namespace["y_train"]
    X_test, y_test = namespace["X_test"], namespace["y_test"]
    assert tuple(namespace["houses"].features) == HOUSE_DATA["sacramento"].features
    weights = fit_least_squares(X_train, y_train)
    best = rmse(y_test, [predict_linear(weights, row) for row in X_test])
    neuron = rmse(y_test, namespace["predict"](namespace["neuron"], X_test))
    assert neuron == pytest.approx(best, rel=0.01)


def test_digits_confusion_matrix_counts_every_test_image(runs: Runs) -> None:
    namespace = runs["09-digits"].namespace
    confusion, y_test = namespace["confusion"], namespace["y_test"]
    assert [sum(row) for row in confusion] == [y_test.count(digit) for digit in range(10)]
    right = sum(t == p for t, p in zip(y_test, namespace["predicted"]))
    assert sum(confusion[d][d] for d in range(10)) == right


@pytest.mark.parametrize("stem", PAGES)
def test_notebook_holds_the_page_code_in_order(stem: str) -> None:
    text = PAGES[stem].read_text(encoding="utf-8")
    code = [cell.source for cell in lessons.notebook_cells(text) if cell.kind == "code"]
    sessions = "".join(session for _, session in lessons.sessions(text))
    prompts = re.findall(r"^(?:>>>|\.\.\.) ?(.*)$", sessions, flags=re.MULTILINE)
    written = [lessons.DIRECTIVE.sub("", line) for line in prompts]
    assert "\n".join(code).splitlines() == written


def test_notebook_links_lessons_to_notebooks() -> None:
    cells = lessons.notebook_cells("See [lesson 4](04-gradient-descent.md#the-learning-rate).")
    assert cells[0].source == "See [lesson 4](04-gradient-descent.ipynb#the-learning-rate)."
