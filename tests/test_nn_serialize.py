"""model.save / nn.load: exact round trips, atomic writes, and clear errors on bad files."""

import json

import pytest

import nn


def saved(tmp_path, model=None):
    model = model or nn.MLP(2, [4, 3, 1], activation="tanh", output_activation="sigmoid", seed=0)
    path = tmp_path / "model.json"
    model.save(path)
    return model, path


def edit(path, change):
    document = json.loads(path.read_text())
    change(document)
    path.write_text(json.dumps(document))


def test_save_then_load_gives_exactly_the_same_predictions(tmp_path):
    model, path = saved(tmp_path)
    loaded = nn.load(path)
    X = [[0.1, -2.0], [3.5, 0.25], [1e-3, 7.0]]
    assert loaded.predict(X) == model.predict(X)
    assert repr(loaded) == repr(model)


@pytest.mark.parametrize(
    "model",
    [nn.Layer(3, 2, activation="relu", bias=False, seed=1), nn.Neuron(2, "leaky_relu", seed=2)],
    ids=["layer", "neuron"],
)
def test_layers_and_neurons_round_trip(tmp_path, model):
    _, path = saved(tmp_path, model)
    assert nn.load(path).predict([[0.5] * model.nin]) == model.predict([[0.5] * model.nin])


def test_the_file_is_json_with_a_format_version(tmp_path):
    _, path = saved(tmp_path)
    document = json.loads(path.read_text())
    assert document["format"] == "chainrule-model" and document["version"] == 1
    assert document["architecture"]["sizes"] == [4, 3, 1]
    assert "layers.0.neurons.3.w.1" in document["parameters"]


def test_save_leaves_no_temporary_file_behind(tmp_path):
    saved(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["model.json"]


def test_a_failed_save_keeps_the_previous_file(tmp_path):
    model, path = saved(tmp_path)
    before = path.read_text()
    model.parameters()[0].data = float("nan")
    with pytest.raises(
        ValueError, match=r"cannot save: parameter layers\.0\.neurons\.0\.w\.0 is nan"
    ):
        model.save(path)
    assert path.read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == ["model.json"]


def test_custom_activation_cannot_be_saved(tmp_path):
    model = nn.MLP(2, [1], output_activation=lambda v: v * 2.0, seed=0)
    with pytest.raises(ValueError, match="only named activations"):
        model.save(tmp_path / "m.json")


def test_truncated_file_is_reported(tmp_path):
    _, path = saved(tmp_path)
    path.write_text(path.read_text()[:100])
    with pytest.raises(nn.ModelFileError, match="the JSON is truncated or corrupt"):
        nn.load(path)


def test_other_json_is_not_a_model_file(tmp_path):
    path = tmp_path / "other.json"
    path.write_text('{"hello": 1}')
    with pytest.raises(nn.ModelFileError, match="is not a chainrule model file"):
        nn.load(path)


def test_unknown_version_is_reported(tmp_path):
    _, path = saved(tmp_path)
    edit(path, lambda d: d.update(version=2))
    with pytest.raises(nn.ModelFileError, match="format version 2; this chainrule reads version 1"):
        nn.load(path)


def test_missing_parameter_is_reported(tmp_path):
    _, path = saved(tmp_path)
    edit(path, lambda d: d["parameters"].pop("layers.2.neurons.0.b"))
    with pytest.raises(nn.ModelFileError, match=r"missing 1 \(first: layers.2.neurons.0.b\)"):
        nn.load(path)


def test_architecture_that_does_not_match_the_parameters_is_reported(tmp_path):
    _, path = saved(tmp_path)
    edit(path, lambda d: d["architecture"].update(sizes=[4, 2, 1]))
    with pytest.raises(nn.ModelFileError, match="the parameters do not match the architecture"):
        nn.load(path)


def test_non_finite_parameter_is_reported(tmp_path):
    _, path = saved(tmp_path)
    text = path.read_text().replace(
        '"layers.0.neurons.0.w.0": ', '"layers.0.neurons.0.w.0": NaN, "x": ', 1
    )
    path.write_text(text)
    with pytest.raises(nn.ModelFileError, match="NaN is not a finite number"):
        nn.load(path)


def test_non_number_parameter_is_reported(tmp_path):
    _, path = saved(tmp_path)
    edit(path, lambda d: d["parameters"].update({"layers.0.neurons.0.b": "0.5"}))
    with pytest.raises(
        nn.ModelFileError, match=r"layers\.0\.neurons\.0\.b must be a finite number"
    ):
        nn.load(path)


def test_invalid_architecture_is_reported(tmp_path):
    _, path = saved(tmp_path)
    edit(path, lambda d: d["architecture"].update(activation="swish"))
    with pytest.raises(nn.ModelFileError, match="invalid MLP architecture: unknown activation"):
        nn.load(path)
