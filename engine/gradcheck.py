"""Check backward's gradients against central finite differences: for users' CI and ours."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from engine.derivatives import grad
from engine.grad_mode import no_grad
from engine.value import Value, as_float


class GradcheckError(AssertionError):
    """Analytic and numeric derivatives disagree; the message is a table of every input."""


def gradcheck(
    f: Callable[..., Value],
    inputs: Sequence[float | Value],
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-4,
    order: int = 1,
) -> bool:
    """True when `f`'s gradients at `inputs` match central differences; else GradcheckError.

    `f` takes one Value per input and returns a Value; `inputs` are numbers or Values
    (their `.data` is the point). A derivative passes when
    |analytic - numeric| <= atol + rtol * |numeric|. With `order=2` the second derivatives
    (the Hessian, from `engine.grad(..., create_graph=True)`) are checked too.

    Examples:
        >>> import engine
        >>> engine.gradcheck(lambda x, y: (x * y).tanh(), [0.5, -1.5])
        True
    """
    point = _point(inputs)
    if order not in (1, 2):
        raise ValueError(f"gradcheck's order must be 1 or 2, got {order!r}")
    if not eps > 0.0:
        raise ValueError(f"gradcheck's eps must be positive, got {eps!r}")
    rows = _compare(
        "d f/d x{i}",
        point,
        analytic=_first_derivatives(f, point),
        numeric=_central_differences(lambda p: [_evaluate(f, p)], point, eps),
        atol=atol,
        rtol=rtol,
    )
    if order == 2:
        hessian = [d for row in _second_derivatives(f, point) for d in row]
        numeric = _central_differences(lambda p: _first_derivatives(f, p), point, eps)
        rows += _compare("d2 f/d x{j} d x{i}", point, hessian, numeric, atol, rtol)
    failures = [row for row in rows if row[-1]]
    if failures:
        raise GradcheckError(_table(f, rows, failures))
    return True


def _point(inputs: object) -> list[float]:
    """The point to check at: one float per input, each a number or a Value's data."""
    if isinstance(inputs, (Value, int, float)):
        raise TypeError(
            f"gradcheck's inputs must be a list with one number or Value per argument of f, "
            f"got a single {type(inputs).__name__}: write [{inputs!r}]"
        )
    if hasattr(inputs, "tolist") and not isinstance(inputs, Value):
        inputs = inputs.tolist()  # a numpy array (or scalar) as Python numbers
    if not isinstance(inputs, Sequence) or isinstance(inputs, str):
        raise TypeError(
            "gradcheck's inputs must be a list with one number or Value per argument of f, "
            f"got {type(inputs).__name__}"
        )
    point = []
    for position, x in enumerate(inputs):
        if isinstance(x, Value):
            point.append(x.data)
            continue
        try:
            point.append(as_float(x))
        except TypeError:
            raise TypeError(
                f"gradcheck's inputs must be numbers or Values, one per argument of f; got "
                f"{type(x).__name__} at position {position}: {x!r}"
            ) from None
    return point


def _call(f: Callable[..., Value], xs: Sequence[Value]) -> Value:
    out = f(*xs)
    if not isinstance(out, Value):
        raise TypeError(f"gradcheck's f must return a Value, got {type(out).__name__}")
    return out


def _evaluate(f: Callable[..., Value], point: Sequence[float]) -> float:
    with no_grad():
        return _call(f, [Value(x) for x in point]).data


def _first_derivatives(f: Callable[..., Value], point: Sequence[float]) -> list[float]:
    xs = [Value(x, f"x{i}") for i, x in enumerate(point)]
    return grad(_call(f, xs), xs)


def _second_derivatives(f: Callable[..., Value], point: Sequence[float]) -> list[list[float]]:
    """Row i is the gradient of d f / d x_i: the Hessian, from recorded first derivatives."""
    xs = [Value(x, f"x{i}") for i, x in enumerate(point)]
    return [grad(first, xs) for first in grad(_call(f, xs), xs, create_graph=True)]


def _central_differences(
    outputs: Callable[[list[float]], list[float]], point: Sequence[float], eps: float
) -> list[float]:
    """(g(x + eps e_i) - g(x - eps e_i)) / 2 eps for every output g and input i, i fastest."""
    columns = []
    for i in range(len(point)):
        above, below = list(point), list(point)
        above[i] += eps
        below[i] -= eps
        columns.append([(a - b) / (2.0 * eps) for a, b in zip(outputs(above), outputs(below))])
    return [column[k] for k in range(len(columns[0]) if columns else 0) for column in columns]


Row = tuple[str, float, float, float, float, bool]


def _compare(
    name: str,
    point: Sequence[float],
    analytic: Sequence[float],
    numeric: Sequence[float],
    atol: float,
    rtol: float,
) -> list[Row]:
    """One row per derivative; outputs are listed input by input, as _central_differences."""
    rows = []
    for k, (a, n) in enumerate(zip(analytic, numeric)):
        i, j = k % len(point), k // len(point)
        error = abs(a - n)
        failed = not error <= atol + rtol * abs(n)  # `not <=` so that NaN fails
        rows.append((name.format(i=i, j=j), point[i], a, n, error, failed))
    return rows


def _table(f: Callable[..., Value], rows: list[Row], failures: list[Row]) -> str:
    name = getattr(f, "__name__", repr(f))
    lines = [
        f"gradcheck failed for {name}: {len(failures)} of {len(rows)} derivatives disagree",
        f"{'derivative':<16} {'input':>14} {'analytic':>14} {'numeric':>14} {'error':>11}",
    ]
    for label, x, a, n, error, failed in rows:
        mark = "  <- mismatch" if failed else ""
        lines.append(f"{label:<16} {x:>14.6g} {a:>14.6g} {n:>14.6g} {error:>11.3g}{mark}")
    return "\n".join(lines)
