"""Build the playground page: the template, the op table as JavaScript, and the data as JSON.

Nothing a user wrote (data set names, column headers) becomes markup or code: it travels in
one JSON block, with `<`, `>` and `&` escaped, and the page shows it with `textContent`.
"""

from __future__ import annotations

import json
import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from engine.compiler.javascript import KernelUse, javascript_kernels
from nn.layers import MLP
from nn.samples import as_rows, plain

MAX_FEATURES = 7
"""x1, x2, x1^2, x2^2, x1*x2, sin x1, sin x2."""
MAX_NEURONS = 8
MAX_HIDDEN_LAYERS = 6
LEAKY_SLOPE = 0.01
"""`Value.leaky_relu`'s default slope, which the page's leaky relu uses."""
MAX_POINTS = 5000

ACTIVATION_KERNELS = {
    "tanh": KernelUse("tanh", 1),
    "sigmoid": KernelUse("sigmoid", 1),
    "relu": KernelUse("relu", 1),
    "leaky_relu": KernelUse("leaky_relu", 1, (LEAKY_SLOPE,)),
    "step": KernelUse("step", 1),
}
"""The page's activations (besides linear, which is no node) as uses of the op table."""

LOSS_KERNELS = (
    KernelUse("-", 2),  # mse: (prediction - target) ** 2
    KernelUse("**", 1, (2.0,)),
    KernelUse("+", 2),  # cross-entropy: logsumexp(z) - z_c, logsumexp shifted by max(z)
    KernelUse("relu", 1),
    KernelUse("exp", 1),
    KernelUse("sum", 2),
    KernelUse("log", 1),
)

_MARKERS = ("/*__KERNELS__*/null", "__PLAYGROUND_DATA__", "/*__SCRIPT__*/", "/*__STYLE__*/")


@dataclass(frozen=True)
class Dataset:
    """A data set the page offers: two input columns and a target per point."""

    name: str
    """Shown on its button (as text)."""
    points: list[list[float]]
    """[x1, x2] per point, in the data's own units."""
    targets: list[float]
    classification: bool
    """True: targets are the classes 0 and 1; False: numbers to predict."""
    columns: tuple[str, str, str] = ("x1", "x2", "target")
    source: str = ""
    """Where the data comes from, shown under the plot."""
    standardize: bool = True
    """Scale each column to mean 0 and standard deviation 1 in the page (real data)."""
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "x": self.points,
            "y": self.targets,
            "classification": self.classification,
            "columns": list(self.columns),
            "source": self.source,
            "standardize": self.standardize,
        }


def kernel_uses() -> list[KernelUse]:
    """Every op use the page can build: a neuron of 1 to 8 inputs, activations, losses."""
    neurons = [KernelUse("dot", 2 * n + 1) for n in range(1, MAX_NEURONS + 1)]
    return [*neurons, *ACTIVATION_KERNELS.values(), *LOSS_KERNELS]


def playground_page(
    datasets: Sequence[Dataset] = (),
    state: Mapping[str, object] | None = None,
    weights: Sequence[float] | None = None,
    title: str = "chainrule playground",
) -> str:
    """The page's HTML: the built-in 2-D data sets, `datasets` besides them, and the
    starting `state` (the same keys as the URL hash) and weights."""
    data = {
        "title": title,
        "datasets": [d.as_json() for d in datasets],
        "state": dict(state or {}),
        "weights": None if weights is None else list(weights),
        "limits": {
            "features": MAX_FEATURES,
            "neurons": MAX_NEURONS,
            "layers": MAX_HIDDEN_LAYERS,
            "points": MAX_POINTS,
        },
        "leaky_slope": LEAKY_SLOPE,
    }
    text = json.dumps(data, ensure_ascii=True, allow_nan=False)
    for character in "<>&":
        text = text.replace(character, f"\\u{ord(character):04x}")
    templates = resources.files("nn.playground").joinpath("templates")
    page = templates.joinpath("playground.html").read_text("utf-8")
    for marker in _MARKERS[1:]:
        if page.count(marker) != 1:
            raise RuntimeError(f"the playground template must hold {marker!r} exactly once")
    script = templates.joinpath("playground.js").read_text("utf-8")
    style = templates.joinpath("playground.css").read_text("utf-8")
    if script.count(_MARKERS[0]) != 1:
        raise RuntimeError("the playground script must hold its kernel marker exactly once")
    script = script.replace(_MARKERS[0], javascript_kernels(kernel_uses()))
    page = page.replace(_MARKERS[1], text).replace(_MARKERS[3], style)
    return page.replace(_MARKERS[2], script)


def playground(
    model: MLP,
    X: Sequence[Sequence[float]],
    y: Sequence[float],
    path: str | Path = "playground.html",
    *,
    name: str = "your data",
    columns: tuple[str, str, str] = ("x1", "x2", "y"),
    loss: str | None = None,
    optimizer: str = "sgd",
    lr: float = 0.1,
    batch_size: int | None = 10,
    test_fraction: float = 0.5,
    seed: int = 0,
    standardize: bool = False,
    classroom: bool = False,
) -> Path:
    """Write the playground for `model` (an `nn.MLP` with 2 inputs) and your data.

    X: rows of two numbers (x1, x2); y: the classes 0 and 1 (classification, with one output
    for mse or two logits for cross_entropy) or numbers (regression, one output). The page
    starts from the model's own weights; Reset goes back to them.
    """
    if not isinstance(model, MLP):
        raise TypeError(f"playground shows an nn.MLP, got {type(model).__name__}")
    if model.nin != 2:
        raise ValueError(
            f"the playground's model reads x1 and x2: build it with nn.MLP(2, ...), not "
            f"{model.nin} inputs"
        )
    hidden, out = model.layers[:-1], model.layers[-1]
    if len(hidden) > MAX_HIDDEN_LAYERS or any(layer.nout > MAX_NEURONS for layer in hidden):
        raise ValueError(
            f"the playground draws up to {MAX_HIDDEN_LAYERS} hidden layers of up to "
            f"{MAX_NEURONS} neurons: this model has {[layer.nout for layer in hidden]}"
        )
    for layer in model.layers:
        if not layer.bias or (
            layer.activation not in ACTIVATION_KERNELS and layer.activation != "linear"
        ):
            raise ValueError(
                f"the playground's layers have biases and one of the activations "
                f"{', '.join([*ACTIVATION_KERNELS, 'linear'])}: {layer!r} has not"
            )
    rows = as_rows(X, "X", 2)
    if len(rows) > MAX_POINTS:
        raise ValueError(f"the playground shows up to {MAX_POINTS} points, got {len(rows)}")
    targets = [_number(t, i) for i, t in enumerate(plain(y))]
    if len(targets) != len(rows):
        raise ValueError(f"X has {len(rows)} samples but y has {len(targets)} targets")
    classification = all(t in (0.0, 1.0) for t in targets) and out.nout in (1, 2)
    if out.nout not in (1, 2) or (out.nout == 2 and not classification):
        raise ValueError(
            "the playground's model ends in one output (regression, or classes 0/1 with mse) "
            f"or two logits (classes 0/1 with cross_entropy), not {out.nout}"
        )
    chosen_loss = loss or ("cross_entropy" if out.nout == 2 else "mse")
    if (chosen_loss == "cross_entropy") != (out.nout == 2):
        wanted = "two outputs" if chosen_loss == "cross_entropy" else "one output"
        raise ValueError(f"loss {chosen_loss!r} needs {wanted}; this model has {out.nout}")
    state = {
        "data": "0",
        "layers": ",".join(f"{layer.nout}.{layer.activation}" for layer in hidden),
        "output": out.activation,
        "loss": chosen_loss,
        "optimizer": optimizer,
        "lr": lr,
        "batch": "batch" if batch_size is None else str(batch_size),
        "ratio": round(100 * (1.0 - test_fraction)),
        "seed": seed,
        "features": "x1,x2",
        "classroom": 1 if classroom else 0,
    }
    dataset = Dataset(name, rows, targets, classification, columns, "", standardize)
    page = playground_page(
        [dataset], state, [p.data for p in model.parameters()], title="chainrule playground"
    )
    path = Path(path)
    path.write_text(page, encoding="utf-8")
    return path


def _number(t: object, row: int) -> float:
    if isinstance(t, bool) or not isinstance(t, numbers.Real) or not math.isfinite(t):
        raise ValueError(f"y[{row}] must be a finite number, got {t!r}")
    return float(t)
