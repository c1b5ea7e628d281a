"""nn.metrics against their definitions."""

import math

import pytest

from engine import Value
from nn import metrics


def test_rmse_and_mae():
    assert metrics.rmse([1.0, 2.0], [2.0, 4.0]) == pytest.approx(math.sqrt(2.5))
    assert metrics.mae([1.0, 2.0], [2.0, 4.0]) == 1.5


def test_r2_is_one_for_perfect_and_zero_for_the_mean():
    assert metrics.r2([1.0, 2.0, 3.0], [1.0, 2.0, 3.0]) == 1.0
    assert metrics.r2([1.0, 2.0, 3.0], [2.0, 2.0, 2.0]) == 0.0


def test_metrics_read_values_as_floats():
    assert metrics.rmse([1.0], [Value(3.0)]) == 2.0


def test_accuracy_is_the_fraction_correct():
    assert metrics.accuracy([0, 1, 2, 1], [0, 2, 2, 1]) == 0.75


def test_confusion_matrix_rows_are_true_classes():
    assert metrics.confusion_matrix([0, 1, 1, 2], [0, 2, 1, 2]) == [[1, 0, 0], [0, 1, 1], [0, 0, 1]]


def test_argmax_picks_the_predicted_class():
    assert metrics.argmax([Value(0.1), Value(2.0), Value(-1.0)]) == 1


def test_mismatched_lengths_are_errors():
    with pytest.raises(ValueError, match="rmse needs as many predictions as targets, got 1 and 2"):
        metrics.rmse([1.0, 2.0], [1.0])
