"""The demos' pictures, drawn with matplotlib (no display needed) and saved as small SVG files.

Text stays text in the SVG and no date is stamped, so a rerun writes the same file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.axis import Axis
    from matplotlib.figure import Figure


def new_figure(
    columns: int = 1, width: float = 6.0, height: float = 4.0
) -> tuple[Figure, list[Axes]]:
    """A figure with `columns` axes side by side, drawn off-screen (no GUI backend)."""
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise ImportError(
            "the demos' pictures need matplotlib: pip install '.[demos]' or pip install matplotlib"
        ) from None
    figure = Figure(figsize=(width * columns, height), layout="constrained")
    return figure, list(figure.subplots(1, columns, squeeze=False)[0])


def save(figure: Figure, path: Path) -> Path:
    from matplotlib import rc_context

    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "chainrule"}):
        _one_text_per_line(figure)
        figure.savefig(path, format="svg", metadata={"Date": None})
    return path


def _one_text_per_line(figure: Figure) -> None:
    """Split centred multi-line texts (titles) into one text per line, each centred.

    The SVG places a multi-line text's lines by matplotlib's own font widths, so a browser
    with other fonts draws them off-centre; a one-line text keeps `text-anchor: middle`.
    """
    from matplotlib.text import Text

    split = [
        text
        for text in figure.findobj(Text)
        if "\n" in text.get_text()
        and text.get_horizontalalignment() == "center"
        and text.get_rotation() == 0
        and text.get_visible()
    ]
    if not split:
        return
    figure.draw_without_rendering()  # settles the layout around the texts as they are
    figure.set_layout_engine("none")
    to_figure = figure.transFigure.inverted()
    for text in split:
        lines = text.get_text().split("\n")
        box = text.get_window_extent().transformed(to_figure)
        for row, line in enumerate(lines):
            figure.text(
                (box.x0 + box.x1) / 2,
                box.y1 - (row + 0.5) * box.height / len(lines),
                line,
                ha="center",
                va="center_baseline",
                fontproperties=text.get_fontproperties(),
                color=text.get_color(),
            )
        text.set_visible(False)


def plot_fitted_line(
    path: Path,
    visitors: Sequence[float],
    bottles: Sequence[float],
    temperature: Sequence[float],
    weight: float,
) -> Path:
    """The days as dots (coloured by temperature) and the line bottles = weight * visitors."""
    figure, (axes,) = new_figure()
    dots = axes.scatter(visitors, bottles, c=temperature, cmap="coolwarm", s=25, zorder=3)
    figure.colorbar(dots, ax=axes, label="temperature (°C)")
    ends = [0.0, max(visitors) * 1.05]
    axes.plot(
        ends, [weight * x for x in ends], color="black", label=f"bottles = {weight:.2f} * visitors"
    )
    axes.set(xlabel="visitors", ylabel="bottles sold", title="50 days at the museum")
    axes.legend(loc="upper left")
    return save(figure, path)


def plot_mse_curve(
    path: Path,
    curve: tuple[Sequence[float], Sequence[float]],
    paths: Mapping[str, tuple[Sequence[float], Sequence[float]]],
) -> Path:
    """MSE against the weight, with each search's visited (w, MSE) points drawn on it."""
    figure, (axes,) = new_figure()
    axes.plot(*curve, color="grey", label="MSE(w)")
    spans = (_span(curve[0]), _span(curve[1]))
    for (label, (weights, errors)), marker in zip(paths.items(), "o^sv"):
        axes.plot(
            weights,
            errors,
            marker=marker,
            markersize=4,
            linewidth=1,
            label=label,
            markevery=spread_out(weights, errors, spans),
        )
    axes.set(xlabel="weight w", ylabel="mean squared error", title="MSE(w) and two ways down")
    axes.legend()
    return save(figure, path)


def spread_out(
    xs: Sequence[float], ys: Sequence[float], spans: tuple[float, float], gap: float = 0.02
) -> list[int]:
    """Indices of the points to mark: the first, the last, and each point at least `gap` (a
    fraction of the axes' `spans`) from the last one marked, so steps crowding at a minimum
    do not pile their markers into a blot."""
    marked: list[int] = []
    for index, (x, y) in enumerate(zip(xs, ys)):
        if marked:
            dx = (x - xs[marked[-1]]) / spans[0]
            dy = (y - ys[marked[-1]]) / spans[1]
            if (dx * dx + dy * dy) ** 0.5 < gap and index != len(xs) - 1:
                continue
        marked.append(index)
    return marked


def _span(values: Sequence[float]) -> float:
    return (max(values) - min(values)) or 1.0


def dollars(axis: Axis) -> None:
    """Tick labels in dollars with thousands separators: $250,000."""
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(lambda value, _: _dollars(value)))


def _dollars(value: float) -> str:
    return f"-${-value:,.0f}" if value < 0 else f"${value:,.0f}"


def plot_loss_curves(
    path: Path,
    title: str,
    panels: Mapping[str, Mapping[str, tuple[Sequence[float], Sequence[float]]]],
) -> Path:
    """Loss per epoch, one panel per data set: each model's training loss as a solid line and
    its test loss (when measured) dashed in the same colour."""
    figure, axes_row = new_figure(columns=len(panels), width=5.0)
    for axes, (panel, models) in zip(axes_row, panels.items()):
        for colour, (model, (train, test)) in enumerate(models.items()):
            epochs = range(1, len(train) + 1)
            axes.plot(epochs, train, color=f"C{colour}", label=f"{model}, training")
            if test:
                axes.plot(epochs, test, "--", color=f"C{colour}", label=f"{model}, test")
        everything = [loss for train, test in models.values() for loss in (*train, *test)]
        if max(everything) > 20 * min(everything):  # falls over decades: show them evenly
            axes.set_yscale("log")
        axes.set(xlabel="epoch", ylabel="loss", title=panel)
        axes.legend(fontsize="small")
    figure.suptitle(title)
    return save(figure, path)


def plot_predictions(
    path: Path, panels: Mapping[str, tuple[Sequence[float], Sequence[float]]]
) -> Path:
    """Predicted against actual values, one panel each; the diagonal is a perfect model."""
    figure, axes_row = new_figure(columns=len(panels), width=4.5)
    for axes, (title, (actual, predicted)) in zip(axes_row, panels.items()):
        axes.scatter(actual, predicted, s=8, alpha=0.6)
        low, high = min(actual), max(actual)
        axes.plot([low, high], [low, high], color="black", linewidth=1)
        axes.set(xlabel="actual price", ylabel="predicted price", title=title)
        dollars(axes.xaxis)
        dollars(axes.yaxis)
    return save(figure, path)


def plot_confusion_matrix(path: Path, counts: Sequence[Sequence[int]], title: str) -> Path:
    """counts[i][j] as a heat map: true class i down, predicted class j across."""
    figure, (axes,) = new_figure(width=5.0, height=4.5)
    _heat_map(axes, counts)
    axes.set(xlabel="predicted digit", ylabel="true digit", title=title)
    return save(figure, path)


def _heat_map(axes: Axes, counts: Sequence[Sequence[int]]) -> None:
    axes.imshow(counts, cmap="Blues")
    classes = range(len(counts))
    axes.set_xticks(classes)
    axes.set_yticks(classes)
    largest = max(max(row) for row in counts)
    for i, row in enumerate(counts):
        for j, count in enumerate(row):
            if count:
                colour = "white" if count > largest / 2 else "black"
                axes.text(j, i, str(count), ha="center", va="center", color=colour, fontsize=8)
