"""`python -m demos`: the default run, --list, per-demo help and argparse's errors."""

import dataclasses

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
        (["no-such-demo"], "there is no demo 'no-such-demo'"),
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


def exits_with(argv, capsys):
    """The exit status and stderr of `python -m demos ARGV` that argparse-style exits."""
    with pytest.raises(SystemExit) as exited:
        main(argv)
    return exited.value.code, capsys.readouterr().err


def test_out_naming_an_existing_file_is_refused_before_training(tmp_path, monkeypatch, capsys):
    untrainable = dataclasses.replace(DEMOS["digits"], main=None)  # calling None would fail
    monkeypatch.setitem(DEMOS, "digits", untrainable)
    existing = tmp_path / "notes.txt"
    existing.write_text("keep me", encoding="utf-8")
    code, err = exits_with(["digits", "--quick", "--out", str(existing)], capsys)
    assert code == 2
    assert f"--out {existing} is a file, not a folder: give a folder" in err
    assert existing.read_text(encoding="utf-8") == "keep me"


def test_out_that_cannot_be_created_is_refused(tmp_path, capsys):
    # A folder under a file can never be created, even by root (chmod would not stop root).
    (tmp_path / "file.txt").write_text("", encoding="utf-8")
    bad = tmp_path / "file.txt" / "sub"
    code, err = exits_with(["digits", "--quick", "--out", str(bad)], capsys)
    assert code == 2
    assert f"cannot create --out folder {bad}" in err and "choose another" in err


def test_out_folder_without_write_permission_is_refused(tmp_path, monkeypatch, capsys):
    # Proves only that a folder os.access calls unwritable is refused: root can write anywhere.
    monkeypatch.setattr("demos.cli.os.access", lambda path, mode: False)
    code, err = exits_with(["digits", "--quick", "--out", str(tmp_path)], capsys)
    assert code == 2
    assert f"cannot write in --out folder {tmp_path}: choose a folder you can write to" in err


@pytest.mark.parametrize(
    ("argv", "complaint"),
    [
        (["--lr", "1e400"], "argument --lr: 1e400 must be a positive, finite number"),
        (["--lr", "nan"], "argument --lr: nan must be a positive, finite number"),
        (["--lr", "-1"], "argument --lr: -1 must be a positive, finite number"),
        (["--batch-size", "0"], "argument --batch-size: 0 must be at least 1"),
        (["--epochs", "0"], "argument --epochs: 0 must be at least 1"),
    ],
)
def test_rates_and_counts_outside_their_range_are_refused(argv, complaint, capsys):
    code, err = exits_with(["vending-machine", *argv], capsys)
    assert code == 2
    assert complaint in err


def test_a_huge_learning_rate_reports_divergence_without_a_traceback(tmp_path, capsys):
    argv = ["house-prices", "--quick", "--out", str(tmp_path), "--lr", "1e300"]
    code, err = exits_with(argv, capsys)
    assert code == 2
    assert "training diverged" in err and "Try a smaller learning rate (it was 1e+300)" in err
    assert "Traceback" not in err


def test_a_huge_descent_lr_reports_divergence_without_a_traceback(tmp_path, capsys):
    argv = ["vending-machine", "--quick", "--out", str(tmp_path), "--descent-lr", "1e300"]
    code, err = exits_with(argv, capsys)
    assert code == 2
    assert "learning rate 1e+300 diverges (the MSE overflowed): try a smaller --descent-lr" in err


def test_ctrl_c_during_training_exits_130_with_one_line(tmp_path, monkeypatch, capsys):
    def interrupted(options, args):
        raise KeyboardInterrupt

    monkeypatch.setitem(DEMOS, "digits", dataclasses.replace(DEMOS["digits"], main=interrupted))
    assert main(["digits", "--quick", "--out", str(tmp_path)]) == 130
    err = capsys.readouterr().err
    assert err.strip() == "Interrupted during digits."


def test_an_unknown_flag_after_a_demo_shows_that_demos_usage(capsys):
    code, err = exits_with(["digits", "--bogus"], capsys)
    assert code == 2
    assert "usage: python -m demos digits" in err
    assert "python -m demos digits: error: unrecognized arguments: --bogus" in err


def test_an_unknown_demo_suggests_the_closest_name(capsys):
    code, err = exits_with(["vendingmachine"], capsys)
    assert code == 2
    assert "there is no demo 'vendingmachine': did you mean vending-machine?" in err
    assert "`python -m demos --list` lists them" in err


@pytest.mark.parametrize(
    ("house", "complaint"),
    [
        ("sqft", "'sqft' is not NAME=NUMBER: write e.g. sqft=1500,beds=3"),
        ("sqft=big", "sqft='big' is not a number"),
        ("sqft=inf", "sqft=inf is not a finite number"),
    ],
)
def test_malformed_predict_is_refused(house, complaint, capsys):
    code, err = exits_with(["house-prices", "--predict", house], capsys)
    assert code == 2
    assert complaint in err
