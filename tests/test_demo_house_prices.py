"""The house-price demo: a linear neuron matches closed-form least squares on real sales."""

import argparse

import pytest

from demos import house_prices
from demos.datasets import HOUSE_DATA
from demos.least_squares import fit_least_squares
from demos.options import RunOptions, UsageError


@pytest.fixture(scope="module", params=sorted(HOUSE_DATA))
def result(request, tmp_path_factory) -> house_prices.HouseResult:
    options = RunOptions(house_prices.QUICK, 0, tmp_path_factory.mktemp("houses"), quick=True)
    return house_prices.run_one(HOUSE_DATA[request.param], options)


def test_linear_neuron_test_rmse_is_within_1_percent_of_least_squares(result):
    linear = result.score("linear neuron").rmse
    assert linear == pytest.approx(result.score("least squares (closed form)").rmse, rel=0.01)


def test_least_squares_beats_predicting_the_training_mean(result):
    mean = result.score("predict the training mean")
    least_squares = result.score("least squares (closed form)")
    assert abs(mean.r2) < 0.02
    assert least_squares.r2 > 0.4
    assert least_squares.rmse < 0.8 * mean.rmse


def test_mlp_is_scored_on_the_same_test_houses(result):
    mlp = result.scores[-1]
    assert mlp.name.startswith("MLP")
    assert len(mlp.predictions) == result.test_size == len(result.test_prices)
    assert mlp.r2 > 0.4


def test_report_lists_the_four_models_and_the_learned_prices(result):
    text = house_prices.report(result, house_prices.QUICK)
    assert "predict the training mean" in text and "least squares" in text
    assert "The linear neuron learned: price = $" in text


def test_least_squares_recovers_an_exact_plane():
    rows = [[1.0, 2.0], [2.0, 0.5], [3.0, 1.0], [4.0, 3.0]]
    targets = [3 * a - 2 * b + 5 for a, b in rows]
    assert fit_least_squares(rows, targets) == pytest.approx([3.0, -2.0, 5.0])


def test_predict_string_parses_names_and_numbers():
    assert house_prices.parse_house("sqft=1500, beds=3") == {"sqft": 1500.0, "beds": 3.0}


@pytest.mark.parametrize("text", ["sqft", "sqft=big", "=3", "sqft=nan"])
def test_malformed_predict_string_is_an_argparse_error(text):
    with pytest.raises(argparse.ArgumentTypeError):
        house_prices.parse_house(text)


def test_predict_features_pick_their_data_set():
    house = house_prices.parse_house("livingArea=1800,bedrooms=3,bathrooms=2,age=20,lotSize=0.5")
    assert house_prices.data_for_house(house, None).name == "saratoga"


def test_unknown_and_missing_features_are_named_with_the_expected_ones():
    house = house_prices.parse_house("sqft=1500,beds=3,distance=8")
    with pytest.raises(UsageError) as error:
        house_prices.data_for_house(house, None)
    message = str(error.value)
    assert "unknown distance" in message
    assert "missing baths, distance_to_center_km" in message
    assert "sacramento takes sqft,beds,baths,distance_to_center_km" in message
