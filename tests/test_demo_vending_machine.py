"""The vending-machine demo reproduces the tutorial's figures, run through its real code."""

from pathlib import Path

import pytest

from demos import make_vending_machine_data, vending_machine
from demos.datasets import DATA_DIR, load_vending_machine
from demos.options import RunOptions, UsageError


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> vending_machine.VendingMachineResult:
    out = tmp_path_factory.mktemp("vending")
    return vending_machine.run(RunOptions(vending_machine.QUICK, 0, out, quick=True))


def test_data_has_50_days_of_integer_counts_starting_with_105_visitors_and_21_bottles():
    days = load_vending_machine()
    assert len(days.visitors) == 50
    assert all(v == int(v) for v in [*days.visitors, *days.bottles_sold])
    assert (days.visitors[0], days.bottles_sold[0]) == (105, 21)


@pytest.mark.parametrize(
    ("weight", "printed"), [(0.49, "621.41"), (0.50, "671.58"), (0.51, "723.72")]
)
def test_mse_of_the_one_weight_model_is_the_tutorials(weight: float, printed: str):
    assert f"{vending_machine.mse_of_weight(load_vending_machine(), weight):.2f}" == printed


def test_naive_search_steps_down_from_half_and_lands_on_0_24():
    path = vending_machine.naive_search(load_vending_machine())
    assert path.weights[:3] == [0.5, 0.49, 0.48]
    assert f"{path.weight:.2f}" == "0.24"
    assert path.evaluations == 1 + 2 * len(path.weights)  # the start, then both neighbours


def test_gradient_descent_reaches_the_same_weight_in_far_fewer_evaluations():
    days = load_vending_machine()
    naive = vending_machine.naive_search(days)
    descent = vending_machine.gradient_descent(days)
    assert f"{descent.weight:.2f}" == "0.24"
    assert descent.evaluations * 3 <= naive.evaluations


def test_gradient_descent_with_too_large_a_rate_says_what_to_change():
    with pytest.raises(UsageError, match=r"diverges .* try a smaller --descent-lr"):
        vending_machine.gradient_descent(load_vending_machine(), lr=0.001)


def test_temperature_lowers_the_mse_by_at_least_a_fifth(result):
    assert result.linear.mse <= 0.8 * result.descent.errors[-1]


def test_two_input_neuron_reaches_the_least_squares_mse(result):
    assert result.linear.mse == pytest.approx(result.least_squares_mse, rel=0.01)


def test_mlp_fits_at_least_as_well_as_the_linear_neuron(result):
    assert result.mlp.mse <= result.linear.mse * 1.05


def test_report_prints_the_tutorial_figures_and_both_counts(result):
    text = vending_machine.report(result, vending_machine.QUICK)
    for figure in ("621.41", "671.58", "723.72", "55", f"{result.descent.evaluations}"):
        assert figure in text


def test_pictures_include_the_neuron_graph_as_svg(result):
    names = {Path(p).name for p in result.pictures}
    assert {"neuron_graph.svg", "vending_machine_fit.svg", "vending_machine_mse.svg"} <= names
    assert all(
        Path(p).read_text(encoding="utf-8").lstrip().startswith("<") for p in result.pictures
    )


def test_committed_data_is_what_the_seeded_generator_writes(tmp_path: Path):
    make_vending_machine_data.main(tmp_path / "days.csv")
    assert (tmp_path / "days.csv").read_text() == (DATA_DIR / "vending_machine.csv").read_text()
