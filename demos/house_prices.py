"""House prices from real sales: a linear neuron and an MLP against two honest references.

Features and prices are standardised with the training split's statistics only; test RMSE
and R^2 are compared with predicting the training mean and with closed-form least squares.
"""

from __future__ import annotations

import argparse
import math
from dataclasses import dataclass
from pathlib import Path

import nn
from demos import plots
from demos.datasets import HOUSE_DATA, HouseData
from demos.least_squares import fit_least_squares, predict_linear
from demos.options import RunOptions, Training, UsageError, make_optimizer
from demos.report import format_table, money
from demos.unscale import weights_in_data_units
from nn.data import Standardizer, train_test_split
from nn.metrics import r2, rmse

NAME = "house-prices"
SUMMARY = "house prices in Sacramento and Saratoga: linear neuron and MLP vs least squares"
DEFAULTS = Training(epochs=40, lr=0.01, optimizer="adam", batch_size=32)
QUICK = Training(epochs=12, lr=0.02, optimizer="adam", batch_size=32)
MLP_SIZES = [16, 1]
TEST_FRACTION = 0.2
QUICK_HOUSES = 400
"""--quick trains on the first houses of the shuffled data only."""


@dataclass
class Scored:
    """One model's predictions on the test split, and how good they are."""

    name: str
    predictions: list[float]
    rmse: float
    r2: float


@dataclass
class HouseResult:
    data: HouseData
    train_size: int
    test_size: int
    test_prices: list[float]
    scores: list[Scored]
    """Training mean, least squares, linear neuron, MLP: in that order."""
    linear_in_data_units: tuple[list[float], float]
    history: dict[str, nn.History]
    predict: dict[str, float]
    """Each trained model's price for --predict's house (empty without --predict)."""

    def score(self, name: str) -> Scored:
        return next(scored for scored in self.scores if scored.name == name)


def score(name: str, predictions: list[float], prices: list[float]) -> Scored:
    return Scored(name, predictions, rmse(prices, predictions), r2(prices, predictions))


def run_one(
    data: HouseData, options: RunOptions, house: dict[str, float] | None = None
) -> HouseResult:
    """Split, standardise, train the linear neuron and the MLP, score all four on the test set."""
    X, prices = data.load()
    X_train, X_test, y_train, y_test = train_test_split(
        X, prices, test_size=TEST_FRACTION, seed=options.seed
    )
    if options.quick:
        X_train, y_train = X_train[:QUICK_HOUSES], y_train[:QUICK_HOUSES]
    features, target = Standardizer(), Standardizer()
    features.fit(X_train)
    target.fit(y_train)
    inputs, test_inputs = features.transform(X_train), features.transform(X_test)
    scaled_prices = target.transform(y_train)

    mean_price = sum(y_train) / len(y_train)
    least_squares = fit_least_squares(X_train, y_train)
    scores = [
        score("predict the training mean", [mean_price] * len(y_test), y_test),
        score(
            "least squares (closed form)",
            [predict_linear(least_squares, x) for x in X_test],
            y_test,
        ),
    ]
    neuron = nn.Neuron(len(data.features), seed=options.seed)
    mlp = nn.MLP(len(data.features), MLP_SIZES, activation="relu", seed=options.seed)
    models: list[tuple[str, nn.Module]] = [
        ("linear neuron", neuron),
        (f"MLP {len(data.features)} -> {' -> '.join(map(str, MLP_SIZES))} (relu)", mlp),
    ]
    history = {}
    for name, model in models:
        history[name] = nn.fit(
            model,
            inputs,
            scaled_prices,
            loss="mse",
            optimizer=make_optimizer(options.training, model.parameters()),
            epochs=options.training.epochs,
            batch_size=options.training.batch_size,
            seed=options.seed,
            validation=(test_inputs, target.transform(y_test)),
            progress=False,
        )
        scores.append(score(name, target.inverse_transform(model.predict(test_inputs)), y_test))

    predicted = {}
    if house is not None:
        row = features.transform([[house[name] for name in data.features]])
        for name, model in models:
            predicted[name] = target.inverse_transform(model.predict(row))[0]
    return HouseResult(
        data,
        len(X_train),
        len(X_test),
        y_test,
        scores,
        weights_in_data_units(neuron, features, target),
        history,
        predicted,
    )


def report(result: HouseResult, training: Training) -> str:
    data = result.data
    table = format_table(
        f"House prices, {data.place}: {result.train_size} training / {result.test_size} test "
        f"houses\n    features: {', '.join(data.features)} ({training.describe()})",
        ["model", "test RMSE", "test R^2"],
        [[s.name, money(s.rmse), f"{s.r2:.3f}"] for s in result.scores],
    )
    weights, bias = result.linear_in_data_units
    terms = "".join(
        f" {'-' if w < 0 else '+'} {money(abs(w))} * {name}"
        for w, name in zip(weights, data.features)
    )
    return f"{table}The linear neuron learned: price = {money(bias)}{terms}\n"


def report_prediction(result: HouseResult, house: dict[str, float]) -> str:
    described = ", ".join(f"{name}={house[name]:g}" for name in result.data.features)
    return format_table(
        f"Predicted price, {result.data.place}, for {described}",
        ["model", "price"],
        [[name, money(price)] for name, price in result.predict.items()],
    )


def parse_house(text: str) -> dict[str, float]:
    """'sqft=1500,beds=3' -> {'sqft': 1500.0, 'beds': 3.0}; argparse reports a ValueError."""
    house = {}
    for item in text.split(","):
        name, equals, value = item.partition("=")
        if not equals or not name.strip():
            raise argparse.ArgumentTypeError(
                f"{item.strip()!r} is not NAME=NUMBER: write e.g. sqft=1500,beds=3"
            )
        try:
            number = float(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name.strip()}={value!r} is not a number") from None
        if not math.isfinite(number):
            raise argparse.ArgumentTypeError(f"{name.strip()}={value} is not a finite number")
        house[name.strip()] = number
    return house


def data_for_house(house: dict[str, float], dataset: str | None) -> HouseData:
    """The data set whose features `house` names exactly (`dataset`'s, when given)."""
    candidates = [HOUSE_DATA[dataset]] if dataset else list(HOUSE_DATA.values())
    for data in candidates:
        if set(house) == set(data.features):
            return data
    closest = max(candidates, key=lambda data: len(set(house) & set(data.features)))
    unknown = [name for name in house if name not in closest.features]
    missing = [name for name in closest.features if name not in house]
    problems = [
        f"unknown {', '.join(unknown)}" if unknown else "",
        f"missing {', '.join(missing)}" if missing else "",
    ]
    expected = "; ".join(f"{data.name} takes {','.join(data.features)}" for data in candidates)
    raise UsageError(
        f"--predict needs every feature of one data set ({'; '.join(filter(None, problems))}): "
        f"{expected}"
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dataset",
        choices=sorted(HOUSE_DATA),
        help="one data set only (default: both; with --predict, the one its features name)",
    )
    parser.add_argument(
        "--predict",
        metavar="NAME=NUMBER,...",
        type=parse_house,
        help="print the trained models' price for this house, e.g. "
        "sqft=1500,beds=3,baths=2,distance_to_center_km=8",
    )


def main(options: RunOptions, args: argparse.Namespace) -> list[Path]:
    house: dict[str, float] | None = getattr(args, "predict", None)
    dataset: str | None = getattr(args, "dataset", None)
    if house is not None:
        chosen = [data_for_house(house, dataset)]
    else:
        chosen = [HOUSE_DATA[dataset]] if dataset else list(HOUSE_DATA.values())
    results = []
    for data in chosen:
        result = run_one(data, options, house)
        print(report(result, options.training))
        if house is not None:
            print(report_prediction(result, house))
        results.append(result)
    return draw_pictures(results, options.out)


def draw_pictures(results: list[HouseResult], out: Path) -> list[Path]:
    curves = {
        result.data.place: {
            name: (history.train_loss, history.validation_loss)
            for name, history in result.history.items()
        }
        for result in results
    }
    panels = {
        f"{result.data.place}: MLP": (result.test_prices, result.scores[-1].predictions)
        for result in results
    }
    return [
        plots.plot_loss_curves(
            out / "house_prices_loss.svg", "House prices: MSE of standardised prices", curves
        ),
        plots.plot_predictions(out / "house_prices_test.svg", panels),
    ]
