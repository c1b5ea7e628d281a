"""Losses against their formulas, by gradcheck, and softmax's stability."""

import math

import pytest

import nn
from engine import Value, gradcheck
from nn import losses


def test_quadratic_loss_of_the_tutorials_has_gradient_8():
    # 1/2 (y - w x)^2 with w = 5, x = 2, y = 6: d/dw = (w x - y) x = 8
    w = Value(5.0)
    loss = losses.sse(w * 2.0, 6.0, half=True)
    loss.backward()
    assert loss.data == 8.0
    assert w.grad == 8.0


def test_mse_is_the_mean_of_squared_errors():
    assert losses.mse([1.0, 2.0, 4.0], [0.0, 2.0, 1.0]).data == pytest.approx((1 + 0 + 9) / 3)


def test_mse_of_one_sample_is_its_squared_error():
    assert losses.mse(Value(3.0), 1.0).data == 4.0


def test_mse_averages_over_every_output_of_a_batch():
    predictions = [[Value(1.0), Value(0.0)], [Value(2.0), Value(2.0)]]
    assert losses.mse(predictions, [[0.0, 0.0], [0.0, 0.0]]).data == pytest.approx(9 / 4)


def test_sse_sums_without_the_half():
    assert losses.sse([1.0, 3.0], [0.0, 0.0]).data == 10.0


def test_mae_is_the_mean_absolute_error():
    assert losses.mae([1.0, -2.0], [0.0, 1.0]).data == 2.0


def test_binary_cross_entropy_matches_its_formula():
    p, y = [0.9, 0.2, 0.6], [1.0, 0.0, 0.3]
    expected = -sum(t * math.log(q) + (1 - t) * math.log(1 - q) for q, t in zip(p, y)) / 3
    assert losses.binary_cross_entropy(p, y).data == pytest.approx(expected, rel=1e-14)


def test_binary_cross_entropy_clamps_certain_wrong_predictions():
    loss = losses.binary_cross_entropy([0.0], [1.0])
    assert loss.data == pytest.approx(-math.log(1e-7))


def test_binary_cross_entropy_with_logits_equals_it_on_sigmoid_and_stays_finite():
    z, y = [2.0, -1.0, 0.5], [1.0, 0.0, 0.3]
    p = [1 / (1 + math.exp(-v)) for v in z]
    expected = losses.binary_cross_entropy(p, y).data
    assert losses.binary_cross_entropy_with_logits(z, y).data == pytest.approx(expected, rel=1e-12)
    assert losses.binary_cross_entropy_with_logits([-1000.0], [1.0]).data == 1000.0


def test_cross_entropy_is_minus_log_softmax_of_the_class():
    logits = [1.0, 2.0, 0.5]
    expected = -math.log(math.exp(2.0) / sum(math.exp(v) for v in logits))
    assert losses.cross_entropy(logits, 1).data == pytest.approx(expected, rel=1e-14)


def test_cross_entropy_of_a_batch_is_the_mean():
    one = losses.cross_entropy([1.0, 2.0], 0).data
    two = losses.cross_entropy([3.0, -1.0], 1).data
    batch = losses.cross_entropy([[1.0, 2.0], [3.0, -1.0]], [0, 1]).data
    assert batch == pytest.approx((one + two) / 2)


def test_cross_entropy_is_finite_for_huge_logits():
    assert losses.cross_entropy([1000.0, 0.0], 1).data == pytest.approx(1000.0)


def test_cross_entropy_rejects_a_class_out_of_range():
    with pytest.raises(ValueError, match=r"class index 3 is out of range for 3 logits \(0 to 2\)"):
        losses.cross_entropy([1.0, 2.0, 3.0], 3)


def test_hinge_is_the_mean_margin_violation():
    assert losses.hinge([2.0, 0.5, -0.5], [1, 1, 1]).data == pytest.approx((0 + 0.5 + 1.5) / 3)
    with pytest.raises(ValueError, match="hinge needs labels -1 or \\+1, got 0"):
        losses.hinge([1.0], [0])


def test_losses_reject_mismatched_lengths():
    with pytest.raises(ValueError, match="mse needs one target per prediction, got 2 predictions"):
        losses.mse([1.0, 2.0], [1.0])


def test_binary_cross_entropy_rejects_targets_outside_0_1():
    with pytest.raises(ValueError, match=r"targets between 0 and 1, got 2\.0"):
        losses.binary_cross_entropy([0.5], [2.0])


@pytest.mark.parametrize(
    ("loss", "targets", "point"),
    [
        (losses.mse, [0.5, -1.0], [0.3, 0.2]),
        (lambda p, t: losses.sse(p, t, half=True), [0.5, -1.0], [0.3, 0.2]),
        (losses.mae, [0.5, -1.0], [0.3, 0.2]),
        (losses.binary_cross_entropy, [1.0, 0.3], [0.7, 0.4]),
        (losses.binary_cross_entropy_with_logits, [1.0, 0.3], [0.7, -0.4]),
        (losses.hinge, [1, -1], [0.3, 0.2]),
    ],
)
def test_elementwise_losses_pass_gradcheck(loss, targets, point):
    assert gradcheck(lambda a, b: loss([a, b], targets), point)


def test_cross_entropy_passes_gradcheck():
    assert gradcheck(lambda a, b, c: losses.cross_entropy([a, b, c], 2), [0.3, -1.2, 0.8])


def test_loss_by_name_and_unknown_name():
    assert losses.resolve_loss("mse") is losses.mse
    with pytest.raises(ValueError, match="unknown loss 'l2': choose one of mse"):
        losses.resolve_loss("l2")


def test_softmax_sums_to_one_and_is_stable_at_large_inputs():
    probabilities = nn.softmax([1000.0, 1000.0, 0.0])
    assert [p.data for p in probabilities] == pytest.approx([0.5, 0.5, 0.0])
    assert sum(p.data for p in nn.softmax([0.1, -2.0, 3.0])) == pytest.approx(1.0)


def test_log_softmax_is_the_log_of_softmax():
    logits = [0.1, -2.0, 3.0]
    expected = [math.log(p.data) for p in nn.softmax(logits)]
    assert [v.data for v in nn.log_softmax(logits)] == pytest.approx(expected, rel=1e-13)
    assert nn.log_softmax([-1000.0, 0.0])[0].data == pytest.approx(-1000.0)


def test_softmax_and_log_softmax_pass_gradcheck():
    assert gradcheck(lambda a, b, c: nn.softmax([a, b, c])[1], [0.3, -1.2, 0.8])
    assert gradcheck(lambda a, b, c: nn.log_softmax([a, b, c])[0], [0.3, -1.2, 0.8])


def test_maximum_is_the_largest_value_with_gradient_one_there():
    from nn.softmax import maximum

    z = [Value(0.5), Value(3.0), Value(-2.0)]
    largest = maximum(z)
    largest.backward()
    assert largest.data == 3.0
    assert [v.grad for v in z] == [0.0, 1.0, 0.0]
