"""The museum's vending machine: predict bottles sold from visitors (and temperature).

Walks the tutorial: (1) a naive search for the one weight of `bottles = w * visitors`,
(2) gradient descent reaching the same weight in far fewer MSE evaluations, (3) two inputs
with a bias, (4) a small MLP; then compares the four.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import engine
import nn
from demos import plots
from demos.datasets import VendingMachineDays, load_vending_machine
from demos.least_squares import fit_least_squares, predict_linear
from demos.options import RunOptions, Training, UsageError, make_optimizer, positive_float
from demos.report import format_table
from demos.unscale import weights_in_data_units
from engine import Value
from nn.data import Standardizer

NAME = "vending-machine"
SUMMARY = "the museum's vending machine: from a naive search to gradient descent and an MLP"
DEFAULTS = Training(epochs=300, lr=0.05, optimizer="adam", batch_size=None)
QUICK = Training(epochs=60, lr=0.05, optimizer="adam", batch_size=None)

START_WEIGHT, SEARCH_STEP = 0.5, 0.01
DESCENT_LR, DESCENT_TOL = 0.00002, 0.0001
MLP_SIZES = [8, 1]


@dataclass
class WeightPath:
    """The weights a one-weight search visited, with the MSE at each, in order."""

    weights: list[float]
    errors: list[float]
    evaluations: int
    """How many times the MSE over all days was computed."""

    @property
    def weight(self) -> float:
        return self.weights[-1]


def mse_of_weight(days: VendingMachineDays, weight: float) -> float:
    """MSE(w) = (1/n) sum (w * visitors - bottles)^2, on plain floats."""
    pairs = zip(days.visitors, days.bottles_sold)
    return sum((weight * x - y) ** 2 for x, y in pairs) / len(days.visitors)


def naive_search(days: VendingMachineDays, start: float = START_WEIGHT) -> WeightPath:
    """From `start`, try w - 0.01 and w + 0.01; move to whichever lowers the MSE; stop when
    neither does."""
    weights, errors = [start], [mse_of_weight(days, start)]
    evaluations = 1
    while True:
        here = weights[-1]
        neighbours = [round(here - SEARCH_STEP, 2), round(here + SEARCH_STEP, 2)]
        tried = [(mse_of_weight(days, w), w) for w in neighbours]
        evaluations += len(tried)
        best_error, best_weight = min(tried)
        if best_error >= errors[-1]:
            return WeightPath(weights, errors, evaluations)
        weights.append(best_weight)
        errors.append(best_error)


def gradient_descent(
    days: VendingMachineDays, lr: float = DESCENT_LR, start: float = START_WEIGHT
) -> WeightPath:
    """w <- w - lr * dMSE/dw until w moves less than DESCENT_TOL; backward gives dMSE/dw."""
    w = Value(start, label="w")
    weights: list[float] = [start]
    errors: list[float] = []
    for _ in range(1000):
        try:
            loss = nn.losses.mse([w * x for x in days.visitors], days.bottles_sold)
        except OverflowError:  # the step before flung w so far that its MSE is past a float
            raise UsageError(
                f"gradient descent with learning rate {lr:g} diverges (the MSE overflowed): "
                "try a smaller --descent-lr"
            ) from None
        if errors and loss.data > errors[-1]:  # MSE(w) is a bowl: a rising MSE overshoots
            raise UsageError(
                f"gradient descent with learning rate {lr:g} diverges (the MSE rose from "
                f"{errors[-1]:.4g} to {loss.data:.4g}): try a smaller --descent-lr"
            )
        loss.backward()
        errors.append(loss.data)
        step = lr * w.grad
        w.data -= step
        w.grad = 0.0
        if abs(step) < DESCENT_TOL:
            return WeightPath(weights, errors, evaluations=len(errors))
        weights.append(w.data)
    raise UsageError(f"gradient descent with learning rate {lr:g} is too slow: raise --descent-lr")


@dataclass
class TrainedModel:
    """A model trained on standardised (visitors, temperature), and how well it fits."""

    model: nn.Module
    inputs: Standardizer
    target: Standardizer
    history: nn.History
    mse: float


def train_on_both_inputs(
    days: VendingMachineDays, model: nn.Module, training: Training, seed: int
) -> TrainedModel:
    """Fit `model` to bottles from visitors and temperature, all standardised (mean 0, std 1)
    so that one learning rate suits every weight."""
    rows = [[v, t] for v, t in zip(days.visitors, days.temperature_c)]
    scaler, bottles = Standardizer(), Standardizer()
    scaler.fit(rows)
    bottles.fit(days.bottles_sold)
    inputs = scaler.transform(rows)
    history = nn.fit(
        model,
        inputs,
        bottles.transform(days.bottles_sold),
        loss="mse",
        optimizer=make_optimizer(training, model.parameters()),
        epochs=training.epochs,
        batch_size=training.batch_size,
        seed=seed,
        progress=False,
    )
    predictions = bottles.inverse_transform(model.predict(inputs))
    mse = nn.losses.mse(predictions, days.bottles_sold).data
    return TrainedModel(model, scaler, bottles, history, mse)


@dataclass
class VendingMachineResult:
    days: VendingMachineDays
    naive: WeightPath
    descent: WeightPath
    descent_lr: float
    linear: TrainedModel
    linear_in_data_units: tuple[list[float], float]
    """Step (3)'s neuron as bottles = w1 * visitors + w2 * temperature + b, unscaled."""
    least_squares_mse: float
    """The two-input model's best possible MSE, from the normal equations."""
    mlp: TrainedModel
    pictures: list[Path]


def run(options: RunOptions, descent_lr: float = DESCENT_LR) -> VendingMachineResult:
    days = load_vending_machine()
    naive = naive_search(days)
    descent = gradient_descent(days, descent_lr)
    neuron = nn.Neuron(2, seed=options.seed)
    linear = train_on_both_inputs(days, neuron, options.training, options.seed)
    mlp_model = nn.MLP(2, MLP_SIZES, activation="tanh", seed=options.seed)
    mlp = train_on_both_inputs(days, mlp_model, options.training, options.seed)
    rows = [[v, t] for v, t in zip(days.visitors, days.temperature_c)]
    weights = fit_least_squares(rows, days.bottles_sold)
    least_squares_mse = sum(
        (predict_linear(weights, x) - y) ** 2 for x, y in zip(rows, days.bottles_sold)
    ) / len(rows)
    in_data_units = weights_in_data_units(neuron, linear.inputs, linear.target)
    result = VendingMachineResult(
        days, naive, descent, descent_lr, linear, in_data_units, least_squares_mse, mlp, []
    )
    result.pictures = draw_pictures(result, options.out)
    return result


def draw_neuron_graph(linear: TrainedModel, days: VendingMachineDays, path: Path) -> Path:
    """The computation graph of step (3)'s neuron on day 1, with the squared error's gradients:
    loss = (w.0 * visitors + w.1 * temperature + b - bottles)^2, all standardised."""
    visitors, temperature = linear.inputs.transform([[days.visitors[0], days.temperature_c[0]]])[0]
    bottles = linear.target.transform([days.bottles_sold[0]])[0]
    x = [Value(visitors, label="visitors"), Value(temperature, label="temperature")]
    prediction = linear.model(x)
    assert isinstance(prediction, Value)  # a Neuron has one output
    prediction.label = "prediction"
    loss = (prediction - Value(bottles, label="bottles")) ** 2
    loss.label = "loss"
    linear.model.zero_grad()
    loss.backward()
    title = "Day 1 through the two-input neuron: loss = (prediction - bottles)^2, standardised"
    picture = engine.draw(loss, title=title)
    try:
        return picture.save(path)
    except engine.RenderError as error:  # no Graphviz here: keep the graph as DOT text
        print(f"Cannot render {path.name} ({error}); wrote its DOT source instead.")
        return picture.save(path.with_suffix(".dot"))


def draw_pictures(result: VendingMachineResult, out: Path) -> list[Path]:
    days = result.days
    grid = [0.1 + i * 0.005 for i in range(81)]
    return [
        draw_neuron_graph(result.linear, days, out / "neuron_graph.svg"),
        plots.plot_fitted_line(
            out / "vending_machine_fit.svg",
            days.visitors,
            days.bottles_sold,
            days.temperature_c,
            result.naive.weight,
        ),
        plots.plot_mse_curve(
            out / "vending_machine_mse.svg",
            (grid, [mse_of_weight(days, w) for w in grid]),
            {
                f"naive search ({result.naive.evaluations} MSE evaluations)": (
                    result.naive.weights,
                    result.naive.errors,
                ),
                f"gradient descent ({result.descent.evaluations} evaluations)": (
                    result.descent.weights,
                    [mse_of_weight(days, w) for w in result.descent.weights],
                ),
            },
        ),
        plots.plot_loss_curves(
            out / "vending_machine_loss.svg",
            "Vending machine: MSE of standardised bottles, all 50 days",
            {
                "steps (3) and (4)": {
                    "two inputs + bias": (result.linear.history.train_loss, []),
                    "MLP 2 -> 8 -> 1": (result.mlp.history.train_loss, []),
                }
            },
        ),
    ]


def report(result: VendingMachineResult, training: Training) -> str:
    days, naive, descent = result.days, result.naive, result.descent
    sections = []
    start = naive.weights[0]
    sections.append(
        format_table(
            f"Vending machine: {len(days.visitors)} days, bottles = w * visitors\n"
            f"(1) naive search: from w = {start:.2f}, step to w +- {SEARCH_STEP} while the MSE "
            "falls",
            ["w", "MSE(w)", "note"],
            [
                [f"{w:.2f}", f"{mse_of_weight(days, w):.2f}", note]
                for w, note in [
                    (start + SEARCH_STEP, "worse: go the other way"),
                    (start, "start"),
                    (start - SEARCH_STEP, "better: step 1"),
                    (naive.weight + SEARCH_STEP, f"step {len(naive.weights) - 2}"),
                    (
                        naive.weight,
                        f"step {len(naive.weights) - 1}: both neighbours are worse, stop",
                    ),
                    (naive.weight - SEARCH_STEP, "worse"),
                ]
            ],
        )
    )
    shown = _steps_to_show(len(descent.weights))
    sections.append(
        format_table(
            f"(2) gradient descent: w <- w - lr * dMSE/dw, lr = {result.descent_lr:g}, until w "
            f"moves less than {DESCENT_TOL:g}",
            ["step", "w", "MSE(w)"],
            [[str(i), f"{descent.weights[i]:.4f}", f"{descent.errors[i]:.2f}"] for i in shown],
        )
        + f"\nw = {descent.weight:.4f} (0.24 to two decimals) after {descent.evaluations} MSE "
        f"evaluations (each with one backward pass); the naive search needed {naive.evaluations}.\n"
    )
    sections.append(_compare(result, training))
    return "\n".join(sections)


def _steps_to_show(count: int) -> list[int]:
    return list(range(count)) if count <= 8 else [*range(4), *range(count - 3, count)]


def _compare(result: VendingMachineResult, training: Training) -> str:
    visitors_only = result.descent.errors[-1]
    lower = 1 - result.linear.mse / visitors_only
    (per_visitor, per_degree), bias = result.linear_in_data_units
    sign = "+" if bias >= 0 else "-"
    table = format_table(
        "(3) two inputs with a bias and (4) an MLP, trained on standardised data\n"
        f"    ({training.describe()})",
        ["model", "parameters", "MSE (all 50 days)"],
        [
            ["(1) w * visitors, naive search", "1", f"{result.naive.errors[-1]:.2f}"],
            ["(2) w * visitors, gradient descent", "1", f"{visitors_only:.2f}"],
            [
                "(3) w1 * visitors + w2 * temperature + b",
                str(result.linear.model.num_parameters),
                f"{result.linear.mse:.2f}",
            ],
            ["    the same, closed-form least squares", "3", f"{result.least_squares_mse:.2f}"],
            [
                f"(4) MLP 2 -> {' -> '.join(map(str, MLP_SIZES))} (tanh)",
                str(result.mlp.model.num_parameters),
                f"{result.mlp.mse:.2f}",
            ],
        ],
    )
    return (
        f"{table}(3) learned: bottles = {per_visitor:.3f} * visitors + {per_degree:.3f} * "
        f"temperature {sign} {abs(bias):.2f}\n"
        f"Temperature carries real signal: it lowers the MSE by {lower:.0%}.\n"
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--descent-lr",
        type=positive_float,
        default=DESCENT_LR,
        help=f"step (2)'s learning rate on raw visitor counts (default: {DESCENT_LR:g})",
    )


def main(options: RunOptions, args: argparse.Namespace) -> list[Path]:
    result = run(options, getattr(args, "descent_lr", DESCENT_LR))
    print(report(result, options.training))
    return result.pictures
