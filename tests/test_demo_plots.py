"""The demos' pictures: dollars on price axes, markers that stay apart, centred titles."""

import re

import pytest

pytest.importorskip("matplotlib")

from demos import plots


def test_price_axes_show_dollars_with_thousands_separators(tmp_path):
    prices = [100_000.0, 250_000.0, 400_000.0]
    svg = plots.plot_predictions(tmp_path / "p.svg", {"town": (prices, prices)}).read_text()
    assert "$200,000" in svg
    assert not re.search(r">\s*200000\s*<", svg)


def test_markers_crowding_at_a_minimum_are_thinned_but_the_ends_kept():
    xs = [0.5, 0.3, 0.25, 0.2401, 0.24001, 0.240001, 0.24]
    ys = [600.0, 50.0, 10.0, 5.01, 5.001, 5.0001, 5.0]
    marked = plots.spread_out(xs, ys, (0.4, 600.0))
    assert marked[0] == 0 and marked[-1] == len(xs) - 1
    assert marked == [0, 1, 2, 3, 6]  # the two steps within 2% of the axes of 0.2401 go


def test_a_two_line_title_is_written_as_two_centred_lines(tmp_path):
    figure, (axes,) = plots.new_figure()
    axes.plot([0, 1], [0, 1])
    axes.set_title("first line of the title\nsecond")
    svg = plots.save(figure, tmp_path / "t.svg").read_text()
    for line in ("first line of the title", "second"):
        (element,) = re.findall(rf"<text [^>]*>{line}</text>", svg)
        assert "text-anchor: middle" in element, element
