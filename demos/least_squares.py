"""Closed-form least squares from the normal equations: the reference a trained neuron must reach.

Written independently of the engine and nn, in plain floats, so it can check them.
"""

from __future__ import annotations

from collections.abc import Sequence


def fit_least_squares(
    rows: Sequence[Sequence[float]], targets: Sequence[float], bias: bool = True
) -> list[float]:
    """The weights minimising sum (y - w . x)^2: solve (X^T X) w = X^T y.

    With `bias=True` a column of ones is added and its weight comes last.
    """
    if len(rows) != len(targets):
        raise ValueError(f"got {len(rows)} rows but {len(targets)} targets")
    design = [[*row, 1.0] if bias else list(row) for row in rows]
    width = len(design[0])
    gram = [[sum(x[i] * x[j] for x in design) for j in range(width)] for i in range(width)]
    moment = [sum(x[i] * y for x, y in zip(design, targets)) for i in range(width)]
    return solve_linear_system(gram, moment)


def predict_linear(weights: Sequence[float], row: Sequence[float]) -> float:
    """w . x (+ b when `weights` has one more entry than `row`: the bias, last)."""
    total = sum(w * x for w, x in zip(weights, row))
    return total + weights[-1] if len(weights) == len(row) + 1 else total


def solve_linear_system(matrix: Sequence[Sequence[float]], right: Sequence[float]) -> list[float]:
    """x with matrix @ x = right, by Gaussian elimination with partial pivoting."""
    size = len(right)
    augmented = [[*row, value] for row, value in zip(matrix, right)]
    for column in range(size):
        pivot = max(range(column, size), key=lambda r: abs(augmented[r][column]))
        if abs(augmented[pivot][column]) < 1e-12:
            raise ValueError("the normal equations are singular: two features carry the same data")
        augmented[column], augmented[pivot] = augmented[pivot], augmented[column]
        for row in range(column + 1, size):
            factor = augmented[row][column] / augmented[column][column]
            for k in range(column, size + 1):
                augmented[row][k] -= factor * augmented[column][k]
    solution = [0.0] * size
    for row in reversed(range(size)):
        known = sum(augmented[row][k] * solution[k] for k in range(row + 1, size))
        solution[row] = (augmented[row][size] - known) / augmented[row][row]
    return solution
