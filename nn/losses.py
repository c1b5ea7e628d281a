"""Loss functions: predictions and targets in, one Value out (a mean over the batch).

Each loss takes one sample (a Value and a number) or a batch (lists, or lists of lists for
models with several outputs) and returns a Value to call `backward()` on.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Sequence
from typing import Any, Literal

import engine
from engine import Value
from nn.choices import by_name
from nn.softmax import logsumexp

__all__ = [
    "BATCH_REDUCTIONS",
    "LOSSES",
    "Loss",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "cross_entropy",
    "hinge",
    "mae",
    "mse",
    "resolve_loss",
    "sse",
]


def __dir__() -> list[str]:
    """What `dir()` lists: the public names, not the modules this one imports."""
    return sorted(__all__)


Scalar = Value | float
Loss = Callable[[Any, Any], Value]
"""`loss(predictions, targets) -> Value`."""


_SCALARS = (Value, float, int)


def _flatten(items: Any, what: str) -> list[Any]:
    """A Value, a number, or (nested) lists of them, as one flat list."""
    if isinstance(items, _SCALARS) and not isinstance(items, bool):
        return [items]
    if isinstance(items, str) or not isinstance(items, Sequence):
        raise TypeError(f"{what} must be numbers, Values or lists of them, got {items!r}")
    flat: list[Any] = []
    for item in items:
        if isinstance(item, _SCALARS) and not isinstance(item, bool):
            flat.append(item)
        else:
            flat.extend(_flatten(item, what))
    return flat


def _pairs(predictions: Any, targets: Any, who: str) -> tuple[list[Any], list[Any]]:
    predicted = _flatten(predictions, f"{who}'s predictions")
    wanted = _flatten(targets, f"{who}'s targets")
    if len(predicted) != len(wanted):
        raise ValueError(
            f"{who} needs one target per prediction, got {len(predicted)} predictions and "
            f"{len(wanted)} targets"
        )
    if not predicted:
        raise ValueError(f"{who} needs at least one prediction")
    return predicted, wanted


def _mean(terms: list[Value]) -> Value:
    return terms[0] if len(terms) == 1 else engine.sum(terms) / len(terms)


def _value(x: Scalar) -> Value:
    return x if isinstance(x, Value) else Value(x)


def mse(predictions: Any, targets: Any) -> Value:
    """Mean squared error: `(1/n) sum_i (y_hat_i - y_i)**2`.

    Examples:
        >>> import nn
        >>> from engine import Value
        >>> nn.losses.mse([Value(2.0), Value(5.0)], [1.0, 3.0]).data  # (1 + 4) / 2
        2.5
    """
    if isinstance(predictions, Value) and type(targets) in (float, int):  # one sample: hot path
        error: Value = predictions - targets
        return error**2
    predicted, wanted = _pairs(predictions, targets, "mse")
    return _mean([(_value(p) - t) ** 2 for p, t in zip(predicted, wanted)])


def sse(predictions: Any, targets: Any, half: bool = False) -> Value:
    """Sum of squared errors: `sum_i (y_i - y_hat_i)**2`, times 1/2 with `half=True`.

    The half is the tutorials' quadratic loss: `d/dy_hat 1/2 (y - y_hat)**2 = y_hat - y`.
    """
    predicted, wanted = _pairs(predictions, targets, "sse")
    squares = [(_value(p) - t) ** 2 for p, t in zip(predicted, wanted)]
    total = squares[0] if len(squares) == 1 else engine.sum(squares)
    return 0.5 * total if half else total


def mae(predictions: Any, targets: Any) -> Value:
    """Mean absolute error: (1/n) sum_i |y_hat_i - y_i|."""
    predicted, wanted = _pairs(predictions, targets, "mae")
    return _mean([(_value(p) - t).abs() for p, t in zip(predicted, wanted)])


def binary_cross_entropy(probabilities: Any, targets: Any, eps: float = 1e-7) -> Value:
    """-(1/n) sum_i [y_i log p_i + (1 - y_i) log(1 - p_i)], for probabilities p in (0, 1).

    p is clamped to [eps, 1 - eps] so log never sees 0; outside that range the gradient is 0
    (as with a clamp). Prefer `binary_cross_entropy_with_logits` on a model's raw output.
    """
    predicted, wanted = _pairs(probabilities, targets, "binary_cross_entropy")
    terms = []
    for p, y in zip(predicted, wanted):
        _check_probability_target(y, "binary_cross_entropy")
        p = _value(p)
        if not eps <= p.data <= 1.0 - eps:
            p = Value(min(max(p.data, eps), 1.0 - eps))
        if isinstance(y, numbers.Real) and y == 1.0:
            terms.append(-p.log())
        elif isinstance(y, numbers.Real) and y == 0.0:
            terms.append(-(1.0 - p).log())
        else:
            terms.append(-(y * p.log() + (1.0 - y) * (1.0 - p).log()))
    return _mean(terms)


def binary_cross_entropy_with_logits(logits: Any, targets: Any) -> Value:
    """binary_cross_entropy(sigmoid(z), y) computed as softplus(z) - y z: exact for any z.

    -[y log sigmoid(z) + (1 - y) log(1 - sigmoid(z))] = log(1 + exp(z)) - y z.
    """
    predicted, wanted = _pairs(logits, targets, "binary_cross_entropy_with_logits")
    terms = []
    for z, y in zip(predicted, wanted):
        _check_probability_target(y, "binary_cross_entropy_with_logits")
        z = _value(z)
        terms.append(z.softplus() - y * z)
    return _mean(terms)


def cross_entropy(logits: Any, targets: Any) -> Value:
    """-log softmax(z)[c] = logsumexp(z) - z_c: one list of logits and its class index c,
    or a batch (a list of logit lists and a list of class indices), averaged.

    Examples:
        >>> import nn
        >>> round(nn.losses.cross_entropy([2.0, 1.0, 0.1], 0).data, 3)  # -log 0.659
        0.417
    """
    if _is_class_index(targets):
        return _cross_entropy_one(logits, targets)
    if isinstance(targets, str) or not isinstance(targets, Sequence):
        raise TypeError(
            "cross_entropy's targets must be a class index (int) or a list of them, "
            f"got {targets!r}"
        )
    if not isinstance(logits, Sequence) or len(logits) != len(targets):
        count = len(logits) if isinstance(logits, Sequence) else type(logits).__name__
        raise ValueError(
            f"cross_entropy needs one list of logits per target, got {count} and "
            f"{len(targets)} targets"
        )
    if not targets:
        raise ValueError("cross_entropy needs at least one sample")
    return _mean([_cross_entropy_one(z, c) for z, c in zip(logits, targets)])


def _cross_entropy_one(logits: Any, target: Any) -> Value:
    if isinstance(logits, Value | float | int) or not isinstance(logits, Sequence):
        raise TypeError(
            "cross_entropy needs a list of logits per sample (a model with one output per "
            f"class), got {logits!r}"
        )
    if not _is_class_index(target):
        raise TypeError(f"cross_entropy's target must be a class index (int), got {target!r}")
    if not 0 <= target < len(logits):
        raise ValueError(
            f"class index {target} is out of range for {len(logits)} logits "
            f"(0 to {len(logits) - 1})"
        )
    z = _value(logits[target])
    return logsumexp(logits) - z


def hinge(scores: Any, targets: Any) -> Value:
    """(1/n) sum_i max(0, 1 - y_i s_i), with labels y_i of -1 or +1 (a margin classifier)."""
    predicted, wanted = _pairs(scores, targets, "hinge")
    for y in wanted:
        if y not in (-1, 1):
            raise ValueError(f"hinge needs labels -1 or +1, got {y!r}; map 0/1 labels with 2y - 1")
    return _mean([(1.0 - y * _value(s)).relu() for s, y in zip(predicted, wanted)])


def _is_class_index(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _check_probability_target(y: Any, who: str) -> None:
    level = y.data if isinstance(y, Value) else y
    if not 0.0 <= level <= 1.0:
        raise ValueError(f"{who} needs targets between 0 and 1, got {level!r}")


LOSSES: dict[str, Loss] = {
    "mse": mse,
    "sse": sse,
    "mae": mae,
    "binary_cross_entropy": binary_cross_entropy,
    "binary_cross_entropy_with_logits": binary_cross_entropy_with_logits,
    "cross_entropy": cross_entropy,
    "hinge": hinge,
}
"""Every loss by name, for `nn.fit(..., loss="mse")`."""


BATCH_REDUCTIONS: dict[Loss, Literal["mean", "sum"]] = {
    **dict.fromkeys(
        (mse, mae, binary_cross_entropy, binary_cross_entropy_with_logits, cross_entropy, hinge),
        "mean",
    ),
    sse: "sum",
}
"""How each loss's value on a batch follows from its values on the batch's samples."""


def resolve_loss(loss: str | Loss) -> Loss:
    """The loss called `loss`, or `loss` itself when it is a function."""
    if isinstance(loss, str):
        return by_name(loss, LOSSES, "loss", "pass a function (predictions, targets) -> Value")
    if callable(loss):
        return loss
    raise TypeError(f"loss must be a name or a function, got {type(loss).__name__}")
