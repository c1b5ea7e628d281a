"""model.save / nn.load: exact round trips, atomic writes, and clear errors on bad files."""

import json
import stat

import pytest

import nn
from engine import Value


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
    with pytest.raises(nn.ModelFileError, match=r"it declares 31 parameters but the file holds 30"):
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


def test_a_small_file_declaring_a_huge_model_is_refused_before_building_it(tmp_path):
    path = tmp_path / "bomb.json"
    path.write_text(
        '{"format": "chainrule-model", "version": 1, "architecture": {"type": "MLP", '
        '"nin": 10000, "sizes": [10000, 1], "activation": "relu", '
        '"output_activation": "linear", "bias": true}, "parameters": {}}'
    )
    with pytest.raises(
        nn.ModelFileError, match="it declares 100020001 parameters but the file holds 0"
    ):
        nn.load(path)


@pytest.mark.parametrize(
    "content, message",
    [
        (b'{"format": "chainrule-model", "version": 1, "x": "\xff\xfe"}', "is not UTF-8 text"),
        (b"[" * 5000 + b"]" * 5000, "nested too deeply|truncated or corrupt"),
        (b'{"format": "chainrule-model", "version": 1e400}', "too large for a float"),
        (
            b'{"format": "chainrule-model", "version": 1' + b"0" * 400 + b"}",
            "too large for a model file",
        ),
    ],
    ids=["non-utf8", "deep-nesting", "1e400", "10**400"],
)
def test_hostile_json_is_a_model_file_error(tmp_path, content, message):
    path = tmp_path / "hostile.json"
    path.write_bytes(content)
    with pytest.raises(nn.ModelFileError, match=message):
        nn.load(path)


@pytest.mark.parametrize("nin", [0, -3, True, 2.5, "2"])
def test_a_size_that_is_not_a_positive_int_is_a_model_file_error(tmp_path, nin):
    _, path = saved(tmp_path)
    edit(path, lambda d: d["architecture"].update(nin=nin))
    with pytest.raises(nn.ModelFileError, match="nin must hold positive ints"):
        nn.load(path)


def test_loading_a_directory_is_a_model_file_error(tmp_path):
    with pytest.raises(nn.ModelFileError, match="is a directory, not a model file"):
        nn.load(tmp_path)


def test_a_one_layer_mlp_saves_and_loads(tmp_path):
    model = nn.MLP(2, [1], seed=3)
    model.save(tmp_path / "one.json")
    loaded = nn.load(tmp_path / "one.json")
    assert loaded.predict([[0.5, -1.0], [2.0, 3.0]]) == model.predict([[0.5, -1.0], [2.0, 3.0]])


def test_a_model_changed_after_it_was_made_is_refused_and_the_old_file_kept(tmp_path):
    model, path = saved(tmp_path)
    before = path.read_bytes()
    model.layers.append(nn.Layer(1, 1, seed=0))
    with pytest.raises(ValueError, match="its layers were changed after it was made"):
        model.save(path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["model.json"]  # no temporary file left


def test_a_custom_activation_is_refused_and_the_old_file_kept(tmp_path):
    _, path = saved(tmp_path)
    before = path.read_bytes()
    with pytest.raises(ValueError, match="cannot save a model whose activation is the function"):
        nn.Neuron(2, activation=lambda v: v * 2.0).save(path)
    assert path.read_bytes() == before


def test_saving_again_keeps_the_files_permissions(tmp_path):
    model, path = saved(tmp_path)
    path.chmod(0o640)
    model.save(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_saving_through_a_symlink_writes_its_target(tmp_path):
    model, target = saved(tmp_path)
    link = tmp_path / "latest.json"
    link.symlink_to(target)
    model.layers[0].neurons[0].w[0].data = 42.0
    model.save(link)
    assert link.is_symlink()
    assert nn.load(target).layers[0].neurons[0].w[0].data == 42.0


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    import nn.serialize

    _, path = saved(tmp_path)
    monkeypatch.setattr(nn.serialize, "MAX_FILE_BYTES", 100)
    monkeypatch.setattr(type(path), "read_bytes", lambda self: pytest.fail("the file was read"))
    with pytest.raises(nn.ModelFileError, match=r"bytes, more than the 100 a model file may have"):
        nn.load(path)


def test_a_missing_model_file_names_its_path(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"no-such-model\.json"):
        nn.load(tmp_path / "no-such-model.json")


class Scaled(nn.Module):
    """A user's own module: y = scale * x, saveable because it declares its architecture."""

    def __init__(self, start: float = 1.0) -> None:
        self.scale = Value(start)
        self.start = start

    def __call__(self, x):
        return self.scale * x[0]

    def own_parameters(self):
        return [("scale", self.scale)]

    def architecture(self):
        return {"start": self.start}


def test_a_users_module_that_declares_its_architecture_saves_and_loads(tmp_path):
    model = Scaled(2.0)
    model.scale.data = 3.5
    model.save(tmp_path / "scaled.json")
    loaded = nn.load(tmp_path / "scaled.json")
    assert type(loaded) is Scaled and loaded.start == 2.0 and loaded.scale.data == 3.5


def test_a_users_module_without_an_architecture_is_refused_with_the_fix(tmp_path):
    class Bare(nn.Module):
        pass

    with pytest.raises(TypeError, match=r"cannot save a Bare: define its architecture\(\)"):
        Bare().save(tmp_path / "bare.json")
    assert not (tmp_path / "bare.json").exists()


def test_a_subclass_of_a_saveable_class_must_declare_its_own_architecture(tmp_path):
    class Wider(nn.MLP):
        pass

    with pytest.raises(TypeError, match="define architecture\\(\\) on the class Wider itself"):
        Wider(2, [3, 1]).save(tmp_path / "wider.json")
