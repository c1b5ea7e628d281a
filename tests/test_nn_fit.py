"""nn.fit: it reaches known solutions, reports its History, stops early, and survives divergence."""

import math
import random

import pytest

import nn
from nn import optim


def least_squares_data(samples=30, seed=4):
    rng = random.Random(seed)
    X = [[rng.uniform(-1, 1) for _ in range(3)] for _ in range(samples)]
    y = [2.0 * a - 1.0 * b + 0.5 * c + 0.3 + rng.gauss(0, 0.1) for a, b, c in X]
    return X, y


def solve_normal_equations(X, y):
    """w minimising |A w - y|^2 with A = [X | 1]: (A^T A) w = A^T y by Gaussian elimination."""
    A = [[*row, 1.0] for row in X]
    n = len(A[0])
    M = [[sum(r[i] * r[j] for r in A) for j in range(n)] for i in range(n)]
    v = [sum(r[i] * t for r, t in zip(A, y)) for i in range(n)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(M[r][col]))
        M[col], M[pivot], v[col], v[pivot] = M[pivot], M[col], v[pivot], v[col]
        for r in range(col + 1, n):
            factor = M[r][col] / M[col][col]
            M[r] = [a - factor * b for a, b in zip(M[r], M[col])]
            v[r] -= factor * v[col]
    w = [0.0] * n
    for r in reversed(range(n)):
        w[r] = (v[r] - sum(M[r][c] * w[c] for c in range(r + 1, n))) / M[r][r]
    return w


def test_linear_neuron_reaches_the_least_squares_solution():
    X, y = least_squares_data()
    neuron = nn.Neuron(3, activation="linear", seed=0)
    nn.fit(
        neuron,
        X,
        y,
        loss="mse",
        optimizer=optim.SGD(neuron.parameters(), lr=0.5),
        epochs=600,
        batch_size=None,
        progress=False,
    )
    learned = [w.data for w in neuron.w] + [neuron.b.data]
    exact = solve_normal_equations(X, y)
    for got, want in zip(learned, exact):
        assert got == pytest.approx(want, rel=1e-6)


def test_mlp_learns_xor():
    X, y = [[0, 0], [0, 1], [1, 0], [1, 1]], [0.0, 1.0, 1.0, 0.0]
    model = nn.MLP(2, [4, 1], activation="tanh", seed=1)
    nn.fit(
        model, X, y, optimizer=optim.Adam(model.parameters(), lr=0.05), epochs=300, progress=False
    )
    assert [round(p) for p in model.predict(X)] == [0, 1, 1, 0]


def test_classifier_learns_with_cross_entropy_and_class_indices():
    X = [[0.0, 1.0], [1.0, 0.0], [0.1, 0.9], [0.9, 0.2]]
    y = [0, 1, 0, 1]
    model = nn.MLP(2, [2], seed=0)
    optimizer = optim.Adam(model.parameters(), lr=0.1)
    nn.fit(model, X, y, loss="cross_entropy", optimizer=optimizer, epochs=100, progress=False)
    predicted = [nn.metrics.argmax(out) for out in model.predict(X)]
    assert predicted == y


def test_history_has_one_entry_per_epoch_for_each_measurement():
    X, y = least_squares_data(10)
    model = nn.Neuron(3, seed=0)
    history = nn.fit(
        model,
        X,
        y,
        optimizer=optim.SGD(model.parameters(), lr=0.1),
        epochs=5,
        batch_size=3,
        validation=(X[:4], y[:4]),
        progress=False,
    )
    assert history.epochs == 5
    for series in (
        history.train_loss,
        history.validation_loss,
        history.learning_rate,
        history.gradient_norm,
        history.weight_change,
        history.epoch_time,
    ):
        assert len(series) == 5
    assert history.learning_rate == [0.1] * 5
    assert history.train_loss[-1] < history.train_loss[0]
    assert all(t >= 0.0 for t in history.epoch_time)


def test_validation_loss_is_the_loss_on_the_validation_set():
    X, y = least_squares_data(10)
    model = nn.Neuron(3, seed=0)
    history = nn.fit(model, X, y, epochs=1, validation=(X[:4], y[:4]), progress=False)
    expected = nn.losses.mse(model.predict(X[:4]), y[:4]).data
    assert history.validation_loss == [pytest.approx(expected)]


def test_batch_gradient_descent_takes_one_step_per_epoch_on_the_mean_loss():
    X, y = [[1.0], [2.0]], [1.0, 3.0]
    neuron = nn.Neuron(1, bias=False, seed=0)
    neuron.w[0].data = 0.0
    nn.fit(neuron, X, y, optimizer=optim.SGD(neuron.parameters(), lr=0.1), epochs=1, progress=False)
    # d/dw (1/2) sum (w x - y)^2 at w = 0: (1/2) (2 (-1)(1) + 2 (-3)(2)) = -7
    assert neuron.w[0].data == pytest.approx(0.7)


def test_stochastic_gradient_descent_takes_one_step_per_sample():
    X, y = [[1.0], [2.0]], [1.0, 3.0]
    neuron = nn.Neuron(1, bias=False, seed=0)
    neuron.w[0].data = 0.0
    nn.fit(
        neuron,
        X,
        y,
        optimizer=optim.SGD(neuron.parameters(), lr=0.1),
        epochs=1,
        batch_size=1,
        shuffle=False,
        progress=False,
    )
    w = 0.0 - 0.1 * 2 * (0.0 - 1.0) * 1.0
    w = w - 0.1 * 2 * (w * 2.0 - 3.0) * 2.0
    assert neuron.w[0].data == pytest.approx(w)


def test_learning_rate_schedule_advances_once_per_epoch():
    X, y = least_squares_data(6)
    model = nn.Neuron(3, seed=0)
    schedule = optim.StepDecay(0.1, factor=0.5, every=1)
    history = nn.fit(
        model, X, y, optimizer=optim.SGD(model.parameters(), lr=schedule), epochs=3, progress=False
    )
    assert history.learning_rate == pytest.approx([0.1, 0.05, 0.025])


def test_training_stops_when_the_weights_stop_changing():
    X, y = least_squares_data()
    model = nn.Neuron(3, seed=0)
    history = nn.fit(
        model,
        X,
        y,
        optimizer=optim.SGD(model.parameters(), lr=0.5),
        epochs=5000,
        tol=1e-6,
        progress=False,
    )
    assert history.stopped_early
    assert history.epochs < 5000
    assert history.weight_change[-1] < 1e-6 <= history.weight_change[-2]


def test_same_seed_same_training():
    X, y = least_squares_data(12)
    runs = []
    for _ in range(2):
        model = nn.MLP(3, [4, 1], seed=0)
        nn.fit(model, X, y, epochs=3, batch_size=4, seed=11, progress=False)
        runs.append([p.data for p in model.parameters()])
    assert runs[0] == runs[1]


def test_divergence_names_epoch_and_batch_and_leaves_finite_parameters():
    X, y = [[1.0], [2.0], [3.0]], [1e3, 2e3, 3e3]
    model = nn.Neuron(1, seed=0)
    optimizer = optim.SGD(model.parameters(), lr=10.0)
    with pytest.raises(nn.TrainingDiverged) as caught:
        nn.fit(model, X, y, optimizer=optimizer, epochs=10_000, batch_size=1, progress=False)
    message = str(caught.value)
    assert f"epoch {caught.value.epoch}, batch {caught.value.batch}" in message
    assert "Try a smaller learning rate (it was 10)" in message
    assert all(math.isfinite(p.data) for p in model.parameters())
    assert caught.value.history.epochs == caught.value.epoch - 1


def test_progress_bar_is_off_under_ci(monkeypatch, capsys):
    monkeypatch.setenv("CI", "true")
    X, y = least_squares_data(5)
    nn.fit(nn.Neuron(3, seed=0), X, y, epochs=2, progress=True)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_progress_bar_shows_epochs_and_loss_on_a_terminal(monkeypatch):
    import io

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal = Terminal()
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr("sys.stderr", terminal)
    X, y = least_squares_data(5)
    nn.fit(nn.Neuron(3, seed=0), X, y, epochs=2, progress=True)
    shown = terminal.getvalue()
    assert "2/2" in shown and "loss=" in shown


def test_one_input_models_accept_a_flat_list_of_samples():
    model = nn.Neuron(1, seed=0)
    history = nn.fit(model, [1.0, 2.0, 3.0], [2.0, 4.0, 6.0], epochs=2, progress=False)
    assert history.epochs == 2


def test_a_sample_with_the_wrong_number_of_features_is_named():
    model = nn.MLP(2, [1], seed=0)
    with pytest.raises(ValueError, match=r"X\[1\] has 3 features but the model takes 2 inputs"):
        nn.fit(model, [[1, 2], [1, 2, 3]], [1, 2], progress=False)


def test_more_targets_than_samples_is_refused():
    model = nn.MLP(2, [1], seed=0)
    with pytest.raises(ValueError, match="X has 2 samples but y has 3 targets"):
        nn.fit(model, [[1, 2], [3, 4]], [1, 2, 3], progress=False)


def test_a_feature_that_is_not_a_number_is_named_by_position():
    model = nn.MLP(2, [1], seed=0)
    with pytest.raises(TypeError, match=r"X\[0\]\[1\] must be a number, got 'a'"):
        nn.fit(model, [[1, "a"]], [1], progress=False)


def test_a_batch_size_of_zero_is_refused():
    model = nn.MLP(2, [1], seed=0)
    with pytest.raises(ValueError, match="batch_size must be a positive int, got 0"):
        nn.fit(model, [[1, 2]], [1], batch_size=0, progress=False)


def test_an_optimizer_over_another_models_parameters_is_refused():
    model, other = nn.MLP(2, [1], seed=0), nn.MLP(2, [1], seed=0)
    with pytest.raises(ValueError, match="the optimizer updates none of this model's parameters"):
        nn.fit(model, [[1, 2]], [1], optimizer=optim.SGD(other.parameters(), lr=0.1))


def test_custom_loss_must_return_a_value():
    with pytest.raises(TypeError, match="the loss function must return a Value, got float"):
        nn.fit(nn.Neuron(1, seed=0), [[1.0]], [1.0], loss=lambda p, t: 1.0, progress=False)


def test_batch_step_sets_the_gradient_of_the_batch_loss():
    model = nn.Neuron(1, bias=False, seed=0)
    model.w[0].data = 2.0
    step = nn.graph_batch_step(model, nn.losses.mse)
    loss = step([[1.0], [3.0]], [0.0, 0.0])
    assert loss == pytest.approx((4 + 36) / 2)
    assert model.w[0].grad == pytest.approx((2 * 2 * 1 + 2 * 6 * 3) / 2)


def test_a_nan_loss_stops_training_at_its_batch():
    def broken(predictions, targets):
        return nn.losses.mse(predictions, targets) * math.nan

    model = nn.Neuron(1, seed=0)
    before = [p.data for p in model.parameters()]
    with pytest.raises(nn.TrainingDiverged, match="at epoch 1, batch 1: the loss became nan"):
        nn.fit(model, [[1.0], [2.0]], [1.0, 2.0], loss=broken, batch_size=1, progress=False)
    assert [p.data for p in model.parameters()] == before


XOR_X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
XOR_Y = [0.0, 1.0, 1.0, 0.0]


@pytest.mark.parametrize("compiled", [True, False])
def test_divergence_restores_parameters_that_gave_a_finite_loss_not_huge_ones(compiled):
    # One step takes the weights to about 1e299 (finite); the next loss overflows. The run
    # must be put back to the start, whose loss was finite, not to the 1e299 weights.
    model = nn.Neuron(1, seed=0)
    before = [p.data for p in model.parameters()]
    optimizer = optim.SGD(model.parameters(), lr=1e300)
    with pytest.raises(nn.TrainingDiverged):
        nn.fit(
            model, [[1.0]], [5.0], optimizer=optimizer, epochs=5, progress=False, compiled=compiled
        )
    assert [p.data for p in model.parameters()] == before
    assert all(abs(p) < 1e3 for p in model.predict([[1.0], [2.0]]))


@pytest.mark.parametrize("compiled", [True, False])
def test_divergence_in_the_last_step_is_caught_and_parameters_restored(compiled):
    model = nn.MLP(2, [4, 1], seed=0)
    initial = [p.data for p in model.parameters()]
    with pytest.raises(nn.TrainingDiverged, match=r"epoch 1, batch 1: .*loss of inf") as caught:
        nn.fit(
            model,
            XOR_X,
            XOR_Y,
            optimizer=optim.SGD(model.parameters(), lr=1e308),
            epochs=1,
            progress=False,
            compiled=compiled,
        )
    assert (caught.value.epoch, caught.value.batch) == (1, 1)
    assert [p.data for p in model.parameters()] == initial  # the only state with a finite loss
    assert all(math.isfinite(p) for p in model.predict(XOR_X))


def test_divergence_restores_the_last_parameters_whose_loss_was_finite():
    model = nn.MLP(2, [4, 1], seed=0)
    good = nn.MLP(2, [4, 1], seed=0)
    nn.fit(
        good,
        XOR_X,
        XOR_Y,
        optimizer=optim.SGD(good.parameters(), lr=0.1),
        epochs=3,
        shuffle=False,
        progress=False,
    )
    schedule = lambda epoch: 0.1 if epoch < 3 else 1e308  # noqa: E731
    with pytest.raises(nn.TrainingDiverged, match=r"epoch 5, batch 1: the loss became inf"):
        nn.fit(
            model,
            XOR_X,
            XOR_Y,
            optimizer=optim.SGD(model.parameters(), lr=schedule),
            epochs=6,
            shuffle=False,
            progress=False,
        )
    assert [p.data for p in model.parameters()] == [p.data for p in good.parameters()]
    assert all(math.isfinite(p) for p in model.predict(XOR_X))


def test_compiled_and_uncompiled_fit_diverge_alike():
    def run(compiled):
        model = nn.MLP(2, [4, 1], seed=1)
        with pytest.raises(nn.TrainingDiverged) as caught:
            nn.fit(
                model,
                XOR_X,
                XOR_Y,
                optimizer=optim.SGD(model.parameters(), lr=1e200),
                epochs=5,
                batch_size=1,
                shuffle=False,
                progress=False,
                compiled=compiled,
            )
        return caught.value.epoch, caught.value.batch, [p.data for p in model.parameters()]

    assert run(True) == run(False)


@pytest.mark.parametrize(
    ("X", "y", "message"),
    [
        ([[0, 1], [1, float("nan")]], [0, 1], r"X row 1, column 1 is nan: fit needs finite"),
        ([[0, 1], [float("inf"), 1]], [0, 1], r"X row 1, column 0 is inf: .*drop or impute"),
        ([[0, 1], [1, 1]], [0, float("nan")], r"y row 1 is nan: fit needs finite numbers"),
        ([[0, 1], [1, 1]], [[0, 1], [0, float("-inf")]], r"y row 1, column 1 is -inf"),
    ],
)
def test_fit_rejects_nan_and_inf_naming_row_and_column(X, y, message):
    model = nn.MLP(2, [2], seed=0)
    with pytest.raises(ValueError, match=message):
        nn.fit(model, X, y, epochs=1, progress=False)


def test_fit_rejects_nan_in_validation_data():
    model = nn.MLP(2, [1], seed=0)
    with pytest.raises(ValueError, match=r"X_val row 0, column 0 is nan"):
        nn.fit(
            model, XOR_X, XOR_Y, epochs=1, progress=False, validation=([[float("nan"), 0.0]], [1.0])
        )
    with pytest.raises(ValueError, match=r"y_val row 0 is inf"):
        nn.fit(
            model, XOR_X, XOR_Y, epochs=1, progress=False, validation=([[0.0, 0.0]], [float("inf")])
        )


def test_predict_of_one_flat_row_on_a_two_input_model_says_to_wrap_it():
    model = nn.MLP(2, [1], seed=0)
    with pytest.raises(
        ValueError,
        match=r"flat list of 2 numbers but the model takes 2 inputs: "
        r"pass a list of rows, e.g. \[\[0, 1\]\] for one sample",
    ):
        model.predict([0, 1])


def test_predict_of_a_flat_list_on_a_one_input_model_is_one_sample_each():
    model = nn.MLP(1, [1], seed=0)
    assert model.predict([0.5, 2.0]) == model.predict([[0.5], [2.0]])


def test_fit_accepts_numpy_arrays_and_integers():
    np = pytest.importorskip("numpy")
    model = nn.MLP(np.int64(2), [np.int64(4), 1], seed=0)
    twin = nn.MLP(2, [4, 1], seed=0)
    arrays = nn.fit(
        model,
        np.array(XOR_X),
        np.array(XOR_Y),
        epochs=np.int64(3),
        batch_size=np.int64(2),
        shuffle=False,
        progress=False,
    )
    lists = nn.fit(twin, XOR_X, XOR_Y, epochs=3, batch_size=2, shuffle=False, progress=False)
    assert arrays.train_loss == lists.train_loss
    assert model.predict(np.array(XOR_X)) == twin.predict(XOR_X)


def test_fit_accepts_a_one_dimensional_numpy_x_for_a_one_input_model():
    np = pytest.importorskip("numpy")
    model, twin = nn.MLP(1, [1], seed=0), nn.MLP(1, [1], seed=0)
    arrays = nn.fit(model, np.array([1.0, 2.0]), np.array([2.0, 4.0]), epochs=2, progress=False)
    lists = nn.fit(twin, [[1.0], [2.0]], [2.0, 4.0], epochs=2, progress=False)
    assert arrays.train_loss == lists.train_loss


def test_cross_entropy_fit_accepts_numpy_integer_labels():
    np = pytest.importorskip("numpy")
    model, twin = nn.MLP(2, [2], seed=0), nn.MLP(2, [2], seed=0)
    labels = np.array([0, 1, 1, 0], dtype=np.int64)
    arrays = nn.fit(model, XOR_X, labels, loss="cross_entropy", epochs=2, progress=False)
    lists = nn.fit(twin, XOR_X, [0, 1, 1, 0], loss="cross_entropy", epochs=2, progress=False)
    assert arrays.train_loss == lists.train_loss


def test_fit_explains_a_three_dimensional_x():
    np = pytest.importorskip("numpy")
    with pytest.raises(
        TypeError,
        match=r"X\[0\]\[0\] must be a number, got \[0.0, 0.0\]: "
        r"each row of X is a flat list of numbers",
    ):
        nn.fit(nn.MLP(2, [1]), np.zeros((2, 2, 2)), [1.0, 2.0], progress=False)


def test_fit_explains_rows_of_different_lengths():
    with pytest.raises(ValueError, match=r"X\[1\] has 3 features but the model takes 2 inputs"):
        nn.fit(nn.MLP(2, [1]), [[1, 2], [1, 2, 3]], [1.0, 2.0], progress=False)


def test_a_domain_error_after_weights_blow_up_is_divergence_with_parameters_restored():
    def saturating_loss(prediction, target):
        # Once the weights blow up, tanh is exactly +-1 and sqrt's derivative at 0 is undefined.
        return (prediction - target) ** 2 + (1.0 - prediction.tanh() ** 2).sqrt()

    model = nn.Neuron(1, seed=0)
    before = [p.data for p in model.parameters()]
    optimizer = optim.SGD(model.parameters(), lr=1e6)
    with pytest.raises(
        nn.TrainingDiverged, match=r"an op became undefined .*cannot differentiate sqrt"
    ):
        nn.fit(
            model,
            [[1.0], [2.0]],
            [1.0, 2.0],
            loss=saturating_loss,
            optimizer=optimizer,
            batch_size=1,
            shuffle=False,
            epochs=3,
            progress=False,
            compiled=False,
        )
    assert [p.data for p in model.parameters()] == before  # the only state known to be good


def test_a_domain_error_in_the_untouched_model_is_the_users_mistake_not_divergence():
    def broken(prediction, target):
        return (prediction - 100.0).log()

    with pytest.raises(ValueError, match=r"log\(.*\) is undefined") as raised:
        nn.fit(nn.Neuron(1, seed=0), [[1.0]], [1.0], loss=broken, epochs=2, progress=False)
    assert not isinstance(raised.value, nn.TrainingDiverged)
