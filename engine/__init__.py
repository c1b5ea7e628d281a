"""chainrule's scalar automatic-differentiation engine.

`Value` holds one float; arithmetic on Values records a graph; `backward()` applies the chain
rule over it. Every op is one entry of `engine.ops.OPS`, which every part of the engine reads.
"""

from engine.autodiff import grad, topological_order, zero_grad
from engine.compiled import BatchGradients, Compiled, Gradients, compile
from engine.grad_mode import is_grad_enabled, no_grad
from engine.gradcheck import GradcheckError, gradcheck
from engine.ops import OPS, Op
from engine.reductions import dot, sum
from engine.tracing import CompileError
from engine.value import Value

__all__ = [
    "OPS",
    "BatchGradients",
    "CompileError",
    "Compiled",
    "GradcheckError",
    "Gradients",
    "Op",
    "Value",
    "compile",
    "dot",
    "grad",
    "gradcheck",
    "is_grad_enabled",
    "no_grad",
    "sum",
    "topological_order",
    "zero_grad",
]
