"""demos/graph_tour.py writes the neuron's picture and stepper and prints its backward steps."""

from demos import graph_tour


def test_graph_tour_writes_svg_and_stepper_into_the_given_dir(tmp_path, capsys):
    graph_tour.main([str(tmp_path / "out")])
    svg = (tmp_path / "out" / "neuron.svg").read_text(encoding="utf-8")
    page = (tmp_path / "out" / "backprop.html").read_text(encoding="utf-8")
    assert ">w1<" in svg and ">grad 1.0<" in svg
    assert "\\u003csvg" in page and "Next" in page
    printed = capsys.readouterr().out
    assert "d out/d w1 += 0.5 x 2.0 = 1.0   [d(w1*x1)/d w1 = x1 = 2.0]" in printed
