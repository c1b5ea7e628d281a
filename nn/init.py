"""Weight initialisation: how a neuron's weights are drawn before training.

`uniform` (the default): U(-1/sqrt(nin), 1/sqrt(nin)), small weights near zero.
`xavier` (Glorot): U(-a, a) with a = sqrt(6 / (nin + nout)), suited to tanh and sigmoid.
`he` (Kaiming): N(0, sqrt(2 / nin)), suited to relu.
Biases start at 0.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable

from nn.choices import by_name

Initializer = Callable[[int, int, random.Random], float]
"""`initializer(nin, nout, rng)` draws one weight of a layer with nin inputs and nout units."""


def uniform(nin: int, nout: int, rng: random.Random) -> float:
    """U(-1/sqrt(nin), 1/sqrt(nin))."""
    bound = 1.0 / math.sqrt(nin)
    return rng.uniform(-bound, bound)


def xavier(nin: int, nout: int, rng: random.Random) -> float:
    """U(-sqrt(6 / (nin + nout)), sqrt(6 / (nin + nout)))."""
    bound = math.sqrt(6.0 / (nin + nout))
    return rng.uniform(-bound, bound)


def he(nin: int, nout: int, rng: random.Random) -> float:
    """N(0, sqrt(2 / nin))."""
    return rng.gauss(0.0, math.sqrt(2.0 / nin))


INITIALIZERS: dict[str, Initializer] = {"uniform": uniform, "xavier": xavier, "he": he}


def resolve_initializer(init: str | Initializer) -> Initializer:
    """The initializer called `init`, or `init` itself when it is a function."""
    if isinstance(init, str):
        return by_name(init, INITIALIZERS, "init", "pass a function (nin, nout, rng) -> float")
    if callable(init):
        return init
    raise TypeError(f"init must be a name or a function, got {type(init).__name__}")


def make_rng(seed: int | random.Random | None) -> random.Random:
    """A random.Random from a seed (reproducible), an existing generator, or None (fresh)."""
    if isinstance(seed, random.Random):
        return seed
    if seed is None or (isinstance(seed, int) and not isinstance(seed, bool)):
        return random.Random(seed)
    raise TypeError(f"seed must be an int, a random.Random or None, got {type(seed).__name__}")
