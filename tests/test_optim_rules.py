"""Each optimizer's update is its rule, written out as a loop: the same bits as the textbook
formulas (nn.optim's hand-written loops before the rules), and as calling the rule itself."""

from __future__ import annotations

import math
import random
from collections.abc import Callable

import pytest

from engine import Value
from nn import optim

Make = Callable[[list[Value]], optim.Optimizer]
Oracle = Callable[[list[float], list[float], int, dict[str, list[float]]], None]


def sgd(p: list[float], grad: list[float], t: int, state: dict[str, list[float]]) -> None:
    for i in range(len(p)):
        p[i] -= 0.05 * grad[i]


def momentum(
    nesterov: bool, decay: float
) -> Callable[[list[float], list[float], int, dict[str, list[float]]], None]:
    def oracle(p: list[float], grad: list[float], t: int, state: dict[str, list[float]]) -> None:
        velocity = state.setdefault("v", [0.0] * len(p))
        for i in range(len(p)):
            g = grad[i] + decay * p[i]
            v = 0.9 * velocity[i] + g
            velocity[i] = v
            g = g + 0.9 * v if nesterov else v
            p[i] -= 0.05 * g

    return oracle


def adagrad(p: list[float], grad: list[float], t: int, state: dict[str, list[float]]) -> None:
    totals = state.setdefault("G", [0.0] * len(p))
    for i in range(len(p)):
        g = grad[i] + 0.01 * p[i]
        totals[i] += g * g
        p[i] -= 0.05 * g / (math.sqrt(totals[i]) + 1e-10)


def rmsprop(p: list[float], grad: list[float], t: int, state: dict[str, list[float]]) -> None:
    averages = state.setdefault("s", [0.0] * len(p))
    for i in range(len(p)):
        g = grad[i] + 0.01 * p[i]
        averages[i] = 0.99 * averages[i] + (1.0 - 0.99) * g * g
        p[i] -= 0.05 * g / (math.sqrt(averages[i]) + 1e-8)


def adam(decoupled: bool) -> Oracle:
    def oracle(p: list[float], grad: list[float], t: int, state: dict[str, list[float]]) -> None:
        m = state.setdefault("m", [0.0] * len(p))
        v = state.setdefault("v", [0.0] * len(p))
        b1, b2 = 0.9, 0.999
        correction1, correction2 = 1.0 - b1**t, 1.0 - b2**t
        if decoupled:
            for i in range(len(p)):
                p[i] *= 1.0 - 0.05 * 0.01
        for i in range(len(p)):
            g = grad[i] + (0.0 if decoupled else 0.01) * p[i]
            m[i] = b1 * m[i] + (1.0 - b1) * g
            v[i] = b2 * v[i] + (1.0 - b2) * g * g
            p[i] -= 0.05 * (m[i] / correction1) / (math.sqrt(v[i] / correction2) + 1e-8)

    return oracle


CASES: dict[str, tuple[Make, Oracle]] = {
    "sgd": (lambda ps: optim.SGD(ps, lr=0.05), sgd),
    "momentum": (lambda ps: optim.SGD(ps, lr=0.05, momentum=0.9), momentum(False, 0.0)),
    "nesterov, weight decay": (
        lambda ps: optim.SGD(ps, lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01),
        momentum(True, 0.01),
    ),
    "adagrad": (lambda ps: optim.AdaGrad(ps, lr=0.05, weight_decay=0.01), adagrad),
    "rmsprop": (lambda ps: optim.RMSProp(ps, lr=0.05, weight_decay=0.01), rmsprop),
    "adam": (lambda ps: optim.Adam(ps, lr=0.05, weight_decay=0.01), adam(False)),
    "adamw": (lambda ps: optim.AdamW(ps, lr=0.05, weight_decay=0.01), adam(True)),
}


def random_steps(
    seed: int, count: int = 40, steps: int = 5
) -> tuple[list[float], list[list[float]]]:
    rng = random.Random(seed)
    start = [rng.uniform(-3.0, 3.0) for _ in range(count)]
    grads = [[rng.gauss(0.0, 2.0) for _ in range(count)] for _ in range(steps)]
    return start, grads


@pytest.mark.parametrize("name", CASES)
def test_update_gives_the_same_bits_as_the_textbook_formulas(name: str) -> None:
    make, oracle = CASES[name]
    start, grads = random_steps(seed=len(name))
    params = [Value(x) for x in start]
    optimizer = make(params)
    expected, state = list(start), {}
    for t, grad in enumerate(grads, start=1):
        for p, g in zip(params, grad):
            p.grad = g
        optimizer.step()
        oracle(expected, grad, t, state)
        assert [p.data for p in params] == expected  # exactly: the same operations in order


@pytest.mark.parametrize("name", CASES)
def test_update_gives_the_same_bits_as_calling_the_rule(name: str) -> None:
    make, _ = CASES[name]
    start, grads = random_steps(seed=100 + len(name))
    params = [Value(x) for x in start]
    optimizer = make(params)
    expected = list(start)
    states = [[0.0] * len(start) for _ in optimizer.state]
    for t, grad in enumerate(grads, start=1):
        for p, g in zip(params, grad):
            p.grad = g
        optimizer.step()
        settings = optimizer.settings(optimizer.lr, t)
        for i, g in enumerate(grad):
            new = optimizer.rule(
                expected[i], optimizer.gradient(g, expected[i]), *(s[i] for s in states), *settings
            )
            expected[i] = new[0]
            for s, value in zip(states, new[1:]):
                s[i] = value
        assert [p.data for p in params] == expected
        assert [getattr(optimizer, n) for n in optimizer.state] == states


def test_changing_a_hyperparameter_rewrites_the_update() -> None:
    params = [Value(1.0)]
    optimizer = optim.SGD(params, lr=0.5)
    params[0].grad = 2.0
    optimizer.step()
    assert params[0].data == 0.0
    optimizer.momentum = 0.5
    optimizer.step()  # v = 2.0, p = 0.0 - 0.5 * 2.0
    optimizer.step()  # v = 0.5 * 2.0 + 2.0 = 3.0, p = -1.0 - 0.5 * 3.0
    assert params[0].data == -2.5


def test_a_rule_that_looks_at_the_numbers_is_called_per_parameter() -> None:
    def sign_rule(p: float, g: float, lr: float) -> tuple[float]:
        return (p - lr * (1.0 if g > 0 else -1.0),)

    class SignSGD(optim.Optimizer):
        rule = staticmethod(sign_rule)

        def settings(self, lr: float, step: int) -> tuple[float, ...]:
            return (lr,)

    params = [Value(1.0), Value(2.0)]
    params[0].grad, params[1].grad = 3.0, -0.5
    SignSGD(params, lr=0.25).step()
    assert [p.data for p in params] == [0.75, 2.25]
