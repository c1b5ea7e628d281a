"""`python -m demos playground` writes the page with its settings and the real data sets."""

from __future__ import annotations

import json
import re

import pytest

from demos.cli import main


def page_data(html: str) -> dict[str, object]:
    found = re.search(r'<script type="application/json" id="config">(.*?)</script>', html, re.S)
    assert found is not None
    data: dict[str, object] = json.loads(found.group(1))
    return data


def test_the_demo_writes_one_page_with_the_flags_as_its_starting_state(tmp_path, capsys):
    argv = ["playground", "--out", str(tmp_path), "--data", "houses", "--layers", "6,3"]
    assert main([*argv, "--optimizer", "adam", "--batch", "1", "--seed", "3"]) == 0
    data = page_data((tmp_path / "playground.html").read_text("utf-8"))
    assert data["state"] == {
        "data": "1",
        "layers": "6.tanh,3.tanh",
        "loss": "cross_entropy",
        "optimizer": "adam",
        "lr": 0.1,
        "batch": "1",
        "seed": 3,
        "classroom": 0,
    }
    names = [d["name"] for d in data["datasets"]]  # type: ignore[attr-defined]
    assert names == ["Vending machine", "House prices"]
    assert "playground.html" in capsys.readouterr().out


def test_the_real_data_sets_keep_their_columns_and_sources(tmp_path):
    assert main(["playground", "--out", str(tmp_path)]) == 0
    vending, houses = page_data((tmp_path / "playground.html").read_text("utf-8"))["datasets"]  # type: ignore[misc]
    assert vending["columns"] == ["visitors", "temperature_c", "bottles_sold"]
    assert vending["x"][0] == [105.0, 13.0] and vending["y"][0] == 21.0  # day 1 of the CSV
    assert houses["columns"] == ["livingArea", "age", "price"]
    assert houses["x"][0] == [906.0, 42.0] and houses["y"][0] == 132500.0
    assert "saratoga_houses.csv" in houses["source"]


@pytest.mark.parametrize(
    ("flag", "value", "complaint"),
    [
        ("--layers", "4,x", "--layers takes sizes like 4,2"),
        ("--layers", "9", "up to 6 hidden layers of 1 to 8 neurons"),
        ("--batch", "0", "--batch takes 1, a mini-batch size like 10, or batch"),
    ],
)
def test_bad_page_settings_are_refused(tmp_path, capsys, flag, value, complaint):
    with pytest.raises(SystemExit):
        main(["playground", "--out", str(tmp_path), flag, value])
    assert complaint in capsys.readouterr().err
