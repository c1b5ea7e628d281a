"""backward gives the same bits, in the same order, as applying each op's rule by hand.

The reference below is the chain rule in its plainest form: a depth-first order over
`.parents` (parents in the op's order) and, per node, `upstream * rule(...)` added to each
parent. backward's written kernels must agree with it bit for bit.
"""

import random

from hypothesis import given

import engine
from engine import Value
from engine.testing import expressions


def reference_order(root: Value) -> list[Value]:
    order, seen, stack = [], {id(root)}, [(root, iter(root.parents))]
    while stack:
        node, parents = stack[-1]
        for parent in parents:
            if id(parent) not in seen:
                seen.add(id(parent))
                stack.append((parent, iter(parent.parents)))
                break
        else:
            stack.pop()
            order.append(node)
    return order


def reference_gradients(root: Value) -> list[str]:
    """d root / d node for every node, as float.hex strings, with every .grad restored."""
    nodes = reference_order(root)
    saved = [node.grad for node in nodes]
    for node in nodes:
        node.grad = 0.0
    root.grad = 1.0
    for node in reversed(nodes):
        op = node._op
        if op is None:
            continue
        inputs = [parent.data for parent in node.parents]
        local = op.derivative(node.data, *inputs, *node.params)
        for parent, derivative in zip(node.parents, local):
            parent.grad += node.grad * derivative
    gradients = [node.grad.hex() for node in nodes]
    for node, grad in zip(nodes, saved):
        node.grad = grad
    return gradients


def backward_gradients(root: Value) -> list[str]:
    nodes = reference_order(root)
    for node in nodes:
        node.grad = 0.0
    root.backward()
    return [node.grad.hex() for node in nodes]


@given(expressions(max_depth=5))
def test_backward_gives_the_bits_of_the_rules_applied_by_hand(expr):
    out = expr(*[Value(x) for x in expr.inputs])
    assert backward_gradients(out) == reference_gradients(out)


@given(expressions(max_depth=5))
def test_topological_order_is_the_plain_depth_first_order(expr):
    out = expr(*[Value(x) for x in expr.inputs])
    assert engine.topological_order(out) == reference_order(out)


def mlp_loss(rng: random.Random) -> Value:
    """A small network as learners write it: dot, relu, leaky_relu, tanh, sum, ** 2, /."""
    xs = [Value(rng.uniform(-2, 2)) for _ in range(3)]
    hidden = [
        engine.dot([Value(rng.uniform(-1, 1)) for _ in xs], xs, Value(0.1)).relu() for _ in range(4)
    ]
    more = [engine.dot([Value(rng.uniform(-1, 1)) for _ in hidden], hidden).leaky_relu(0.05)]
    more += [h.tanh() * h.sigmoid() - h.exp() / 7.0 for h in hidden]
    return sum((h - 0.5) ** 2 for h in more) + engine.sum(more).softplus() + abs(more[0])


def test_backward_gives_the_bits_of_the_rules_on_networks():
    rng = random.Random(7)
    for _ in range(30):
        out = mlp_loss(rng)
        assert backward_gradients(out) == reference_gradients(out)


def test_repeated_backward_accumulates_exactly_twice_the_first():
    out = mlp_loss(random.Random(3))
    nodes = reference_order(out)
    out.backward()
    once = [node.grad for node in nodes]
    out.backward()
    assert [node.grad for node in nodes] == [g + g for g in once]


def test_backward_of_a_million_deep_chain_is_exact():
    x = Value(1.0)
    out = x
    for _ in range(500_000):
        out = out * 0.9999 + 0.001
    out.backward()
    expected = 1.0
    for _ in range(500_000):
        expected *= 0.9999  # the same products, in the same order, as the chain rule
    assert x.grad == expected
