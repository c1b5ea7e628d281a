"""`python -m demos NAME --torch-script FILE`: a runnable PyTorch script per trained model."""

import json
import subprocess
import sys

from export_support import need

import nn
from demos.cli import main


def test_torch_script_flag_writes_a_script_that_trains_like_the_demo(tmp_path, capsys) -> None:
    need("torch")
    script = tmp_path / "digits.py"
    argv = ["digits", "--quick", "--epochs", "1", "--out", str(tmp_path)]
    assert main([*argv, "--torch-script", str(script)]) == 0
    assert f"PyTorch scripts: {script}" in capsys.readouterr().out
    weights = tmp_path / "weights.json"
    subprocess.run([sys.executable, str(script), str(weights)], check=True, capture_output=True)
    trained = json.loads(weights.read_text(encoding="utf-8"))
    assert len(trained["0.weight"]) == 32 and len(trained["0.weight"][0]) == 64


def test_torch_script_flag_leaves_nn_fit_as_it_was(tmp_path) -> None:
    fit = nn.fit
    main(
        [
            "vending-machine",
            "--quick",
            "--out",
            str(tmp_path),
            "--torch-script",
            str(tmp_path / "t.py"),
        ]
    )
    assert nn.fit is fit


def test_each_further_model_gets_a_numbered_script(tmp_path) -> None:
    script = tmp_path / "house.py"
    assert (
        main(["house-prices", "--quick", "--out", str(tmp_path), "--torch-script", str(script)])
        == 0
    )
    assert script.exists() and (tmp_path / "house.2.py").exists()
