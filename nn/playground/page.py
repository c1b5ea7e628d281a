"""The playground page: the template, the op table as JavaScript, and the data as JSON.

Nothing a user wrote (data set names, column headers) becomes markup or code: it travels in
one JSON block, with `<`, `>` and `&` escaped, and the page shows it with `textContent`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from importlib import resources

from engine.compiler.javascript import KernelUse, javascript_kernels
from nn.playground.dataset import MAX_POINTS, Dataset
from nn.playground.optimisers import javascript_updates

MAX_FEATURES = 7
"""x1, x2, x1^2, x2^2, x1*x2, sin x1, sin x2."""
MAX_NEURONS = 8
MAX_HIDDEN_LAYERS = 6
LEAKY_SLOPE = 0.01
"""`Value.leaky_relu`'s default slope, which the page's leaky relu uses."""

ACTIVATION_KERNELS = {
    "tanh": KernelUse("tanh", 1),
    "sigmoid": KernelUse("sigmoid", 1),
    "relu": KernelUse("relu", 1),
    "leaky_relu": KernelUse("leaky_relu", 1, (LEAKY_SLOPE,)),
    "step": KernelUse("step", 1),
}
"""The page's activations (besides linear, which is no node) as uses of the op table."""

OPTIMIZERS = ("sgd", "momentum", "adagrad", "rmsprop", "adam")
"""The page's optimisers: those of `nn.optim.OPTIMIZERS` it writes in JavaScript."""

LOSS_KERNELS = (
    KernelUse("-", 2),  # mse: (prediction - target) ** 2
    KernelUse("**", 1, (2.0,)),
    KernelUse("+", 2),  # cross-entropy: logsumexp(z) - z_c, logsumexp shifted by max(z)
    KernelUse("relu", 1),
    KernelUse("exp", 1),
    KernelUse("sum", 2),
    KernelUse("log", 1),
)

_MARKERS = ("__PLAYGROUND_DATA__", "/*__SCRIPT__*/", "/*__STYLE__*/")

SCRIPT_PARTS = (
    "random.js",
    "settings.js",
    "data.js",
    "network.js",
    "optimisers.js",
    "training.js",
    "drawing.js",
    "chain_rule.js",
    "controls.js",
    "main.js",
)
"""templates/script/, in order: one script in one function scope, after the kernels."""

_PRELUDE = """"use strict";
// chainrule playground: trains a small network in the page. The maths of every op (forward
// and local derivatives) comes from engine.ops.OPS, written as JavaScript by
// engine.compiler.javascript; each optimiser's update from its rule in nn.optim. Nothing a
// user wrote is ever parsed as markup.
(function () {
const KERNELS = __KERNELS__;
const UPDATES = __UPDATES__;
const CONFIG = JSON.parse(document.getElementById("config").textContent);
const LIMITS = CONFIG.limits;
"""


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
    for marker in _MARKERS:
        if page.count(marker) != 1:
            raise RuntimeError(f"the playground template must hold {marker!r} exactly once")
    scripts = templates.joinpath("script")
    parts = [scripts.joinpath(name).read_text("utf-8") for name in SCRIPT_PARTS]
    prelude = _PRELUDE.replace("__KERNELS__", javascript_kernels(kernel_uses())).replace(
        "__UPDATES__", javascript_updates(OPTIMIZERS)
    )
    values = {
        _MARKERS[0]: text,
        _MARKERS[1]: prelude + "\n".join(parts) + "})();\n",
        _MARKERS[2]: templates.joinpath("playground.css").read_text("utf-8"),
    }
    # One pass: what one marker becomes (the data, say) is never searched for another.
    return re.sub("|".join(map(re.escape, _MARKERS)), lambda found: values[found[0]], page)
