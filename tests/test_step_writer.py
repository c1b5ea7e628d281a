"""engine.symbolic.StepWriter: a rule run on symbols as one assignment per operation."""

from __future__ import annotations

from engine.symbolic import StepWriter


def test_each_operation_is_one_step_in_the_order_it_ran() -> None:
    writer = StepWriter()
    x, y = writer.name("x"), writer.name("y")
    shared = x * y
    result = (shared + 1.0) / shared
    assert writer.steps == [("t0", "x * y"), ("t1", "t0 + 1.0"), ("t2", "t1 / t0")]
    assert result.text == "t2"


def test_step_names_avoid_the_callers_variables() -> None:
    writer = StepWriter()
    writer.variables.update(("t0", "t1"))
    writer.name("x") * 2.0
    assert writer.steps == [("t2", "x * 2.0")]


def test_an_op_applied_to_a_symbol_is_a_step_the_namespace_can_run() -> None:
    writer = StepWriter()
    root = writer.name("x").sqrt()
    assert writer.steps == [("t0", "sqrt(x)")]
    assert root.text == "t0"
    assert eval("sqrt(x)", dict(writer.namespace), {"x": 2.25}) == 1.5
