"""Optimizers: first steps against the published update rules, worked by hand here."""

import math

import pytest

from engine import Value, is_grad_enabled
from nn import optim


def two_steps(optimizer_type, grads=(0.5, -0.2), **settings):
    """p starts at 1.0; the optimizer steps once per given gradient; returns p after each."""
    p = Value(1.0)
    optimizer = optimizer_type([p], **settings)
    seen = []
    for g in grads:
        optimizer.zero_grad()
        p.grad = g
        optimizer.step()
        seen.append(p.data)
    return seen


def test_sgd_steps_against_the_gradient():
    assert two_steps(optim.SGD, lr=0.1) == pytest.approx([1 - 0.1 * 0.5, 0.95 + 0.1 * 0.2])


def test_sgd_momentum_accumulates_velocity():
    # v1 = g1 = 0.5, p1 = 1 - 0.1 * 0.5; v2 = 0.9 * 0.5 + (-0.2) = 0.25, p2 = p1 - 0.1 * 0.25
    assert two_steps(optim.SGD, lr=0.1, momentum=0.9) == pytest.approx([0.95, 0.925])


def test_sgd_nesterov_looks_ahead_along_the_velocity():
    # step with g + mu * v: 0.5 + 0.9 * 0.5 = 0.95, then -0.2 + 0.9 * 0.25 = 0.025
    assert two_steps(optim.SGD, lr=0.1, momentum=0.9, nesterov=True) == pytest.approx(
        [1 - 0.095, 0.905 - 0.0025]
    )


def test_sgd_weight_decay_adds_decay_times_weight_to_the_gradient():
    assert two_steps(optim.SGD, grads=(0.5,), lr=0.1, weight_decay=0.1) == pytest.approx(
        [1 - 0.1 * (0.5 + 0.1 * 1.0)]
    )


def test_adagrad_divides_by_the_root_of_summed_squares():
    p1 = 1 - 0.1 * 0.5 / math.sqrt(0.25)
    p2 = p1 - 0.1 * -0.2 / math.sqrt(0.25 + 0.04)
    assert two_steps(optim.AdaGrad, lr=0.1, eps=0.0) == pytest.approx([p1, p2], rel=1e-14)


def test_rmsprop_divides_by_a_running_root_mean_square():
    s1 = 0.1 * 0.25
    s2 = 0.9 * s1 + 0.1 * 0.04
    p1 = 1 - 0.01 * 0.5 / math.sqrt(s1)
    p2 = p1 - 0.01 * -0.2 / math.sqrt(s2)
    assert two_steps(optim.RMSProp, lr=0.01, alpha=0.9, eps=0.0) == pytest.approx(
        [p1, p2], rel=1e-14
    )


def test_adam_corrects_the_bias_of_both_moments():
    m1, v1 = 0.1 * 0.5, 0.001 * 0.25
    p1 = 1 - 0.1 * (m1 / 0.1) / (math.sqrt(v1 / 0.001) + 1e-8)  # first step: about lr
    m2, v2 = 0.9 * m1 + 0.1 * -0.2, 0.999 * v1 + 0.001 * 0.04
    p2 = p1 - 0.1 * (m2 / (1 - 0.9**2)) / (math.sqrt(v2 / (1 - 0.999**2)) + 1e-8)
    assert two_steps(optim.Adam, lr=0.1) == pytest.approx([p1, p2], rel=1e-12)
    assert p1 == pytest.approx(0.9)


def test_adam_weight_decay_is_added_to_the_gradient():
    g = 0.5 + 0.1 * 1.0
    m, v = 0.1 * g, 0.001 * g * g
    expected = 1 - 0.1 * (m / 0.1) / (math.sqrt(v / 0.001) + 1e-8)
    assert two_steps(optim.Adam, grads=(0.5,), lr=0.1, weight_decay=0.1) == pytest.approx(
        [expected]
    )


def test_adamw_shrinks_the_weight_then_takes_an_adam_step():
    shrunk = 1.0 - 0.1 * 0.1 * 1.0
    expected = shrunk - 0.1 * 0.5 / (math.sqrt(0.25) + 1e-8)
    assert two_steps(optim.AdamW, grads=(0.5,), lr=0.1, weight_decay=0.1) == pytest.approx(
        [expected], rel=1e-12
    )


@pytest.mark.parametrize(
    "make",
    [
        lambda ps: optim.SGD(ps, lr=0.1),
        lambda ps: optim.SGD(ps, lr=0.05, momentum=0.9, nesterov=True),
        lambda ps: optim.AdaGrad(ps, lr=0.5),
        lambda ps: optim.RMSProp(ps, lr=0.05),
        lambda ps: optim.Adam(ps, lr=0.1),
        lambda ps: optim.AdamW(ps, lr=0.1),
    ],
    ids=["sgd", "nesterov", "adagrad", "rmsprop", "adam", "adamw"],
)
def test_every_optimizer_lowers_a_convex_loss(make):
    centre = [1.5, -2.0, 0.5]
    params = [Value(0.0) for _ in centre]
    optimizer = make(params)

    def loss():
        return sum((p - c) ** 2 + 0.5 * (p - c) ** 4 for p, c in zip(params, centre))

    start = loss().data
    for _ in range(60):
        optimizer.zero_grad()
        loss().backward()
        optimizer.step()
    assert loss().data < 0.05 * start


def test_step_records_no_graph():
    p = Value(1.0)
    seen = []

    class Spy(optim.Optimizer):
        def update(self, lr):
            seen.append(is_grad_enabled())

    Spy([p], lr=0.1).step()
    assert seen == [False]


def test_step_decay_halves_every_few_epochs():
    schedule = optim.StepDecay(0.1, factor=0.5, every=2)
    assert [schedule(e) for e in range(5)] == pytest.approx([0.1, 0.1, 0.05, 0.05, 0.025])


def test_exponential_decay_multiplies_each_epoch():
    assert optim.ExponentialDecay(1.0, rate=0.9)(3) == pytest.approx(0.729)
    assert optim.ConstantLR(0.3)(100) == 0.3


def test_optimizer_follows_its_schedule_epoch_by_epoch():
    optimizer = optim.SGD([Value(1.0)], lr=optim.StepDecay(0.1, factor=0.1, every=1))
    assert optimizer.lr == 0.1
    optimizer.next_epoch()
    assert optimizer.lr == pytest.approx(0.01)


def test_bad_settings_are_explained():
    p = [Value(1.0)]
    with pytest.raises(ValueError, match=r"lr must be a positive finite number, got -0\.1"):
        optim.SGD(p, lr=-0.1)
    with pytest.raises(ValueError, match="nesterov=True needs a momentum above 0"):
        optim.SGD(p, lr=0.1, nesterov=True)
    with pytest.raises(ValueError, match=r"SGD's momentum must be in \[0, 1\), got 1.5"):
        optim.SGD(p, lr=0.1, momentum=1.5)
    with pytest.raises(ValueError, match="got no parameters to optimize"):
        optim.Adam([])
    with pytest.raises(TypeError, match="parameters must be Values, got float at position 0"):
        optim.Adam([1.0])
    with pytest.raises(ValueError, match="got the same parameter at positions 0 and 1"):
        optim.Adam([p[0], p[0]])


def test_optimizer_by_name_uses_default_settings():
    sgd = optim.make_optimizer("SGD", [Value(1.0)])
    assert isinstance(sgd, optim.SGD) and sgd.lr == 0.01
    with pytest.raises(ValueError, match="unknown optimizer 'lbfgs'"):
        optim.make_optimizer("lbfgs", [Value(1.0)])


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: optim.StepDecay(0.1, "a"), r"StepDecay's factor must be a number in \(0, 1\]"),
        (lambda: optim.StepDecay(0.1, True), r"StepDecay's factor .* got True"),
        (lambda: optim.StepDecay(0.1, every="a"), r"StepDecay's every must be a positive int"),
        (lambda: optim.StepDecay(0.1, every=2.5), r"StepDecay's every must be a positive int"),
        (lambda: optim.StepDecay(float("nan")), r"StepDecay's lr must be a positive finite"),
        (lambda: optim.ExponentialDecay(0.1, float("nan")), r"rate must be a number in \(0, 1\]"),
        (lambda: optim.ExponentialDecay(0.1, "x"), r"ExponentialDecay's rate must be a number"),
        (lambda: optim.ConstantLR(-1.0), r"ConstantLR's lr must be a positive finite"),
    ],
)
def test_schedules_reject_bad_settings(make, message):
    with pytest.raises(ValueError, match=message):
        make()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: optim.Adam(p, lr=-1.0), r"Adam's lr must be a positive finite number"),
        (lambda p: optim.RMSProp(p, lr=float("inf")), r"RMSProp's lr must be a positive"),
        (lambda p: optim.AdaGrad(p, lr=True), r"AdaGrad's lr must be a positive finite"),
        (lambda p: optim.SGD(p, lr="0.1"), r"SGD's lr must be a positive finite number"),
        (lambda p: optim.SGD(p, 0.1, momentum="a"), r"SGD's momentum must be a number in"),
        (lambda p: optim.SGD(p, 0.1, momentum=float("nan")), r"SGD's momentum must be a num"),
        (lambda p: optim.Adam(p, betas=(float("nan"), 0.9)), r"Adam's betas\[0\] must be"),
        (lambda p: optim.Adam(p, eps=float("nan")), r"Adam's eps must be a non-negative"),
        (lambda p: optim.AdamW(p, weight_decay="1"), r"AdamW's weight_decay must be"),
    ],
)
def test_optimizers_reject_bad_hyper_parameters(make, message):
    with pytest.raises(ValueError, match=message):
        make([Value(1.0)])


def test_a_schedule_giving_a_bad_rate_is_caught():
    optimizer = optim.SGD([Value(1.0)], lr=lambda epoch: 0.1 if epoch < 1 else -0.1)
    with pytest.raises(ValueError, match=r"SGD's learning rate at epoch 1 must be a positive"):
        optimizer.next_epoch()


def test_one_table_of_names_serves_fit_and_the_demos():
    params = [Value(1.0)]
    momentum = optim.make_optimizer("momentum", params, 0.5)
    assert isinstance(momentum, optim.SGD) and momentum.momentum == 0.9
    assert optim.make_optimizer("adam", params, 0.25).lr == 0.25
    assert optim.make_optimizer("sgd", params).lr == 0.01
