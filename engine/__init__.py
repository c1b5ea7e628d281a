"""chainrule's scalar automatic-differentiation engine.

`Value` holds one float; arithmetic on Values records a graph; `backward()` applies the chain
rule over it. Every op is one entry of `engine.ops.OPS`, which every part of the engine reads.
"""

from engine.autodiff import topological_order, zero_grad
from engine.compiler.compiled import BatchGradients, Compiled, Gradients, compile
from engine.derivatives import backward_steps, grad
from engine.grad_mode import enable_grad, is_grad_enabled, no_grad
from engine.gradcheck import GradcheckError, gradcheck
from engine.ops import OPS, Formula, Op
from engine.reductions import dot, sum
from engine.steps import BackwardStep, ChainRuleTerm
from engine.symbolic import CompileError
from engine.value import Parameter, Value
from engine.viz.draw import Diagram, GraphTooLargeError, draw
from engine.viz.explain import explain
from engine.viz.render import RenderError
from engine.viz.stepper import stepper

__all__ = [
    "OPS",
    "BackwardStep",
    "BatchGradients",
    "ChainRuleTerm",
    "CompileError",
    "Compiled",
    "Diagram",
    "Formula",
    "GradcheckError",
    "Gradients",
    "GraphTooLargeError",
    "Op",
    "Parameter",
    "RenderError",
    "Value",
    "backward_steps",
    "compile",
    "dot",
    "draw",
    "enable_grad",
    "explain",
    "grad",
    "gradcheck",
    "is_grad_enabled",
    "no_grad",
    "stepper",
    "sum",
    "topological_order",
    "zero_grad",
]
