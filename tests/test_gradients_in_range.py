"""A gradient whose exact value is a finite float must not overflow on the way there."""

from fractions import Fraction

import engine
from engine import Value


def exact(q: Fraction) -> float:
    return float(q)  # Fraction -> float rounds correctly


def test_log_at_a_tiny_input_with_a_tiny_upstream_gives_the_finite_gradient():
    x = Value(1e-310)
    y = x.log() * 1e-300  # d y/dx = 1e-300 / 1e-310
    y.backward()
    assert x.grad == exact(Fraction(1e-300) / Fraction(1e-310))


def test_division_by_a_tiny_number_with_a_tiny_upstream_gives_finite_gradients():
    a, b = Value(1e-300), Value(1e-310)
    y = (a / b) * 1e-300  # d/da = 1e-300 / b, d/db = -1e-300 * (a/b) / b
    y.backward()
    assert a.grad == exact(Fraction(1e-300) / Fraction(1e-310))
    quotient = Fraction(a.data / b.data)  # the forward value a / b, as rounded
    assert b.grad == exact(-Fraction(1e-300) * quotient / Fraction(1e-310))


def test_grad_gives_the_finite_gradient_too():
    x = Value(1e-310)
    assert engine.grad(x.log() * 1e-300, [x]) == [exact(Fraction(1e-300) / Fraction(1e-310))]


def test_a_truly_infinite_gradient_stays_infinite():
    x = Value(1e-310)
    x.log().backward()
    assert x.grad == float("inf")
