"""`python -m demos`: the default run, --list, per-demo help and argparse's errors."""

import pytest

from demos.cli import DEMOS, main


def test_default_run_prints_tables_and_writes_pictures_in_the_working_directory(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)  # the data is found from the package, not the cwd
    assert main(["--quick"]) == 0
    printed = capsys.readouterr().out
    assert "Vending machine" in printed and "House prices" in printed and "Digits" in printed
    written = {p.name for p in (tmp_path / "chainrule-out").iterdir()}
    expected = {"neuron_graph.svg", "vending_machine_mse.svg", "house_prices_loss.svg"}
    assert expected | {"digits_confusion.svg"} <= written


def test_list_names_every_demo(capsys):
    assert main(["--list"]) == 0
    printed = capsys.readouterr().out
    assert all(name in printed for name in DEMOS)


def test_demo_help_shows_its_own_defaults(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["digits", "--help"])
    assert exited.value.code == 0
    assert f"(default: {DEMOS['digits'].defaults.epochs})" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "complaint"),
    [
        (["--epochs", "0"], "must be at least 1"),
        (["vending-machine", "--lr", "fast"], "'fast' is not a number"),
        (["house-prices", "--optimizer", "newton"], "invalid choice: 'newton'"),
        (["no-such-demo"], "invalid choice: 'no-such-demo'"),
        (["digits", "--batch-size", "half"], "'half' is not a whole number"),
    ],
)
def test_bad_flags_get_argparse_errors(argv, complaint, capsys):
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    assert complaint in capsys.readouterr().err


def test_predict_prints_a_price_for_the_house(tmp_path, capsys):
    house = "sqft=1500,beds=3,baths=2,distance_to_center_km=8"
    assert main(["house-prices", "--quick", "--out", str(tmp_path), "--predict", house]) == 0
    printed = capsys.readouterr().out
    assert "Predicted price, Sacramento" in printed
    assert "Saratoga" not in printed


def test_predict_with_unknown_features_exits_listing_the_expected_ones(tmp_path, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["house-prices", "--out", str(tmp_path), "--predict", "sqft=1500,rooms=3"])
    assert exited.value.code == 2
    assert "sacramento takes sqft,beds,baths,distance_to_center_km" in capsys.readouterr().err


def test_a_learning_rate_that_diverges_is_reported_without_a_traceback(tmp_path, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["vending-machine", "--out", str(tmp_path), "--optimizer", "sgd", "--lr", "1e6"])
    assert exited.value.code == 2
    assert "smaller learning rate" in capsys.readouterr().err
