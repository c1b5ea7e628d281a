"""demos/graph_tour.py writes the neuron's picture and stepper and prints its backward steps."""

from demos import graph_tour


def test_graph_tour_writes_svg_and_stepper_into_the_given_dir(tmp_path, capsys):
    graph_tour.standalone_main([str(tmp_path / "out")])
    svg = (tmp_path / "out" / "neuron.svg").read_text(encoding="utf-8")
    page = (tmp_path / "out" / "backprop.html").read_text(encoding="utf-8")
    assert ">w1<" in svg and ">grad 1.0<" in svg
    assert "\\u003csvg" in page and "Next" in page
    printed = capsys.readouterr().out
    assert "d out/d w1 += 0.5 x 2.0 = 1.0   [d(w1*x1)/d w1 = x1 = 2.0]" in printed


def test_graph_tour_runs_as_a_demo_writing_into_out(tmp_path, capsys):
    from demos.cli import main

    assert main(["graph-tour", "--out", str(tmp_path)]) == 0
    assert {"neuron.svg", "backprop.html"} <= {p.name for p in tmp_path.iterdir()}
    assert "d out/d w1 += 0.5 x 2.0 = 1.0" in capsys.readouterr().out


def test_graph_tour_is_listed(capsys):
    from demos.cli import main

    assert main(["--list"]) == 0
    assert "graph-tour" in capsys.readouterr().out
