"""The playground page in a real (headless) Chromium: it runs offline and without errors,
follows one sample's chain rule, reports bad CSV rows, keeps user text as text, and keeps its
whole state in the URL."""

from __future__ import annotations

import math

import pytest
from playground_support import Browser, OpenedPage, browser

import nn
from engine.naming import format_number
from nn.playground import Dataset, playground_page

__all__ = ["browser"]


def test_playing_the_page_makes_no_network_request_and_no_error(browser: Browser) -> None:
    opened = browser.open("#data=spiral&layers=8.relu,8.relu&optimizer=adam&lr=0.03")
    page = opened.page
    page.click("#play")
    opened.wait_until("chainrule.progress().epoch >= 3")
    page.click("#play")  # pause
    page.hover("#network canvas.neuron")
    zoom_visible = page.is_visible("#neuron-zoom")
    epoch = int(page.inner_text("#epoch"))
    assert zoom_visible and epoch >= 3
    assert opened.errors == [] and opened.requests == []


def test_the_page_names_no_outside_resource() -> None:
    text = playground_page()
    assert "http:" not in text.replace("http://www.w3.org/2000/svg", "") and "https:" not in text
    assert "<link" not in text and "@import" not in text and " src=" not in text


def grad_cells(opened: OpenedPage) -> dict[str, float]:
    return opened.run(
        """() => Object.fromEntries(Array.from(document.querySelectorAll("#nodes tr"))
            .map(row => Array.from(row.children, cell => cell.textContent))
            .filter(cells => cells[3].startsWith("grad "))
            .map(cells => [cells[0], Number(cells[3].slice(5))]))"""
    )


def test_clicking_a_point_steps_through_the_chain_rule_nn_computes(browser: Browser) -> None:
    opened = browser.open("#data=xor&points=40&layers=3.tanh&loss=cross_entropy&seed=4")
    opened.run("chainrule.trainEpochs(2)")
    weights = opened.run("chainrule.getWeights()")
    x, y = opened.run("chainrule.pointPosition(0)")
    page = opened.page
    page.mouse.click(x, y)
    statuses = [page.inner_text("#status")]
    terms: list[str] = []
    while not page.is_disabled("#next"):
        page.click("#next")
        statuses.append(page.inner_text("#status"))
        terms += page.inner_text("#terms").splitlines()
    shown = grad_cells(opened)
    sample = opened.run("chainrule.followedSample()")
    last_terms = page.inner_text("#terms")

    model = nn.MLP(2, [3, 2], activation="tanh", seed=0)
    for p, w in zip(model.parameters(), weights):
        p.data = w
    loss = nn.losses.cross_entropy(model(sample["x"]), int(sample["y"]))
    loss.backward()
    forward = [s for s in statuses if s.startswith("forward ")]
    backward = [s for s in statuses if s.startswith("step ")]
    assert len(forward) == len(backward) == (len(statuses) - 1) // 2  # a start, then each op
    assert math.isclose(float(forward[-1].rsplit("= ", 1)[1]), loss.data, rel_tol=1e-5)
    x1 = format_number(sample["x"][0])
    assert any(
        t.startswith("d loss/d z1.1 += ") and "[d tanh(z1.1)/d z1.1 = 1 - tanh(z1.1)**2 = " in t
        for t in terms
    )
    assert any(
        t.endswith("[d(w.x + layers.0.neurons.0.b)/d layers.0.neurons.0.w.0 = x1 = " + x1 + "]")
        for t in terms
    )
    for p in model.parameters():
        assert math.isclose(shown[p.label], p.grad, rel_tol=1e-5, abs_tol=1e-12), p.label
    exact = opened.run("chainrule.sampleGradients()")
    assert all(abs(exact[p.label] - p.grad) <= 1e-12 for p in model.parameters())
    assert "d loss/d layers.0.neurons.0.w.0 +=" in page.inner_text("#status") + last_terms
    assert opened.errors == []


def load_csv_text(opened: OpenedPage, text: str, name: str = "mine.csv") -> str:
    opened.run("() => { document.getElementById('csv-message').textContent = ''; }")
    opened.page.set_input_files(
        "#csv", files=[{"name": name, "mimeType": "text/csv", "buffer": text.encode()}]
    )
    opened.wait_until("document.getElementById('csv-message').textContent !== ''")
    return opened.page.inner_text("#csv-message")


@pytest.mark.parametrize(
    ("csv", "message"),
    [
        (
            "x1,x2,y\n1,2,0\n3,4,1\n5,abc,0\n6,7,1\n",
            "line 4, column \u201cx2\u201d: \u201cabc\u201d is not a number",
        ),
        ("x1,x2,y\n1,2,0\n3,4\n", "line 3: expected 3 cells like the header, found 2"),
        ("x1,y\n1,0\n", "line 1: found 2 columns"),
        ("", "mine.csv is empty"),
    ],
    ids=["bad-cell", "short-row", "two-columns", "empty"],
)
def test_a_bad_csv_shows_what_is_wrong_and_where(browser: Browser, csv: str, message: str) -> None:
    opened = browser.open()
    shown = load_csv_text(opened, csv)
    assert message in shown
    assert opened.page.get_attribute("#csv-message", "class") == "error"
    assert opened.run("chainrule.state().data") == "circle"  # the data set is unchanged
    assert opened.errors == []


def test_a_good_csv_becomes_the_data_set(browser: Browser) -> None:
    rows = "".join(f"{i},{(i * 7) % 5},{i % 2}\n" for i in range(10))
    opened = browser.open("#ratio=50")
    shown = load_csv_text(opened, "a,b,label\n" + rows)
    assert "loaded 10 rows: label from a and b (classes 0 and 1)" in shown
    assert opened.run("chainrule.state().data") == "csv"
    assert len(opened.run("chainrule.trainingSet()")["X"]) == 5


HOSTILE = "<img src=x onerror=alert(1)>"


def test_csv_headers_and_cells_show_as_text_never_as_markup(browser: Browser) -> None:
    opened = browser.open()
    dialogs: list[str] = []
    opened.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    rows = "".join(f"{i},{i % 3},{i % 2}\n" for i in range(8))
    load_csv_text(opened, f"{HOSTILE},<script>alert(2)</script>,y\n" + rows, name=HOSTILE)
    source = opened.page.inner_text("#data-source")
    bad = load_csv_text(opened, "x1,x2,y\n1,2,0\n<b>3</b>,4,1\n")
    elements = opened.run("() => document.querySelectorAll('img, script').length")
    assert HOSTILE in source and "<script>alert(2)</script>" in source
    assert "\u201c<b>3</b>\u201d is not a number" in bad
    assert elements == 2 and dialogs == [] and opened.errors == []  # the page's own scripts


MARKERS = "</script><script>alert(1)</script> /*__SCRIPT__*/ /*__STYLE__*/ __PLAYGROUND_DATA__"


def test_hostile_data_set_names_stay_inside_the_pages_data() -> None:
    points = [[0.0, 0.0], [1.0, 1.0], [0.0, 1.0], [1.0, 0.0]]
    text = playground_page([Dataset(MARKERS, points, [0, 1, 1, 0], True)])
    assert "alert(1)" in text and "</script><script>alert" not in text
    assert text.count("/*__SCRIPT__*/") == text.count("/*__STYLE__*/") == 1  # the name's own


def test_a_hostile_data_set_name_shows_as_its_text(browser: Browser) -> None:
    points = [[0.0, 0.0], [1.0, 1.0], [0.0, 1.0], [1.0, 0.0]]
    html = playground_page([Dataset(MARKERS, points, [0, 1, 1, 0], True)], {"data": "0"})
    opened = browser.open(html=html, name="hostile.html")
    assert opened.page.inner_text("#datasets button.chosen") == MARKERS
    assert opened.errors == []


def test_the_url_hash_holds_the_whole_state(browser: Browser) -> None:
    opened = browser.open("#data=gauss&noise=20&layers=3.relu,2.sigmoid&seed=5")
    opened.page.select_option("#optimizer", "adam")
    opened.page.select_option("#batch", "1")
    link = opened.page.input_value("#link")
    state = opened.run("chainrule.state()")
    weights = opened.run("chainrule.getWeights()")
    again = browser.open("#" + link.split("#", 1)[1], name="again.html")
    assert "optimizer=adam" in link and "batch=1" in link
    assert again.run("chainrule.state()") == state
    assert again.run("chainrule.getWeights()") == weights
    assert state["hidden"] == [
        {"size": 3, "activation": "relu"},
        {"size": 2, "activation": "sigmoid"},
    ]


def test_classroom_mode_hides_the_settings_but_not_play(browser: Browser) -> None:
    opened = browser.open("#classroom=1")
    assert not opened.page.is_visible("#lr") and not opened.page.is_visible("#datasets")
    assert opened.page.is_visible("#play") and opened.page.is_visible("#heatmap")


def test_clicking_a_weight_lets_you_set_it(browser: Browser) -> None:
    opened = browser.open("#layers=2.tanh")
    weight = opened.page.locator("path.weight").first
    index = int(weight.get_attribute("data-node") or "-1")
    weight.click(force=True)
    opened.page.fill("#editor input", "abc")
    opened.page.press("#editor input", "Enter")
    complaint = opened.page.inner_text("#editor em")
    opened.page.fill("#editor input", "1.25")
    opened.page.press("#editor input", "Enter")
    assert "\u201cabc\u201d is not a number" in complaint
    assert opened.run("chainrule.getWeights()")[index] == 1.25
    assert not opened.page.is_visible("#editor")


def test_nn_playground_starts_from_your_models_weights(browser: Browser, tmp_path) -> None:
    model = nn.MLP(2, [3, 1], activation="relu", seed=11)
    X = [[i / 10, (i % 7) / 7] for i in range(30)]
    y = [float(a + b) for a, b in X]
    path = nn.playground(model, X, y, tmp_path / "mine.html", name="my sums")
    opened = browser.open(html=path.read_text("utf-8"), name="mine.html")
    assert opened.run("chainrule.getWeights()") == [p.data for p in model.parameters()]
    assert "my sums" in opened.page.inner_text("#data-source")
    assert opened.run("chainrule.state().loss") == "mse"
    assert opened.errors == []


def test_nn_playground_refuses_a_model_that_does_not_read_two_inputs(tmp_path) -> None:
    with pytest.raises(ValueError, match=r"build it with nn.MLP\(2, \.\.\.\), not 3 inputs"):
        nn.playground(nn.MLP(3, [2, 1]), [[0, 0, 0]], [0], tmp_path / "x.html")


NUMBERS = [
    0.0,
    -0.0,
    1.0,
    -3.0,
    0.5,
    1e-05,
    9.64846123e-06,
    123456.7,
    1234567.0,
    -0.000123456789,
    2.5e-300,
    1e22,
    0.1 + 0.2,
    float("inf"),
    float("nan"),
    100000.0,
    999999.5,
]


def test_numbers_read_as_the_engines_text(browser: Browser) -> None:
    opened = browser.open()
    shown = opened.run("(xs) => xs.map(x => chainrule.format(x))", NUMBERS)
    assert shown == [format_number(x) for x in NUMBERS]


def test_step_trains_one_batch_and_reset_goes_back_to_the_start(browser: Browser) -> None:
    opened = browser.open("#batch=5&points=40&ratio=50")
    start = opened.run("chainrule.getWeights()")
    for _ in range(5):
        opened.page.click("#step")
    stepped = opened.run("chainrule.getWeights()")
    shown = (opened.page.inner_text("#steps"), opened.page.inner_text("#epoch"))
    opened.page.click("#reset")
    assert shown == ("5", "001")  # 20 training points in batches of 5: one epoch and a step
    assert stepped != start
    assert opened.run("chainrule.getWeights()") == start
    assert opened.page.inner_text("#epoch") == "000"


def test_clicking_a_neuron_edits_its_bias(browser: Browser) -> None:
    opened = browser.open("#layers=2.tanh")
    opened.page.locator("#network canvas.neuron").first.click()
    label = opened.page.inner_text("#editor span")
    opened.page.fill("#editor input", "-0.5")
    opened.page.click("#editor button")
    names = opened.run("chainrule.parameterNames()")
    assert label == "layers.0.neurons.0.b ="
    assert opened.run("chainrule.getWeights()")[names.index("layers.0.neurons.0.b")] == -0.5


@pytest.mark.parametrize(
    ("points", "targets", "classification", "complaint"),
    [
        ([[0.0, 0.0]] * 3, [0.0] * 3, False, "has 3 points: the playground needs 4 to 5000"),
        ([[0.0, 0.0]] * 4, [0.0] * 3, False, "has 4 points but 3 targets"),
        ([[0.0, math.nan]] + [[0.0, 0.0]] * 3, [0.0] * 4, False, "point 0: .* not two finite"),
        ([[0.0, 0.0]] * 4, [0.0, 1.0, 2.0, 0.0], True, "target 2: 2.0 is not the class 0 or 1"),
    ],
)
def test_a_data_set_the_page_cannot_show_is_refused(points, targets, classification, complaint):
    with pytest.raises(ValueError, match=complaint):
        Dataset("mine", points, targets, classification)


@pytest.mark.parametrize(
    ("setting", "complaint"),
    [
        ({"optimizer": "adamw"}, "unknown optimizer 'adamw': choose one of sgd, momentum"),
        ({"lr": 0.0}, "lr must be a number above 0"),
        ({"batch_size": 0}, "batch_size must be a positive int or None"),
        ({"test_fraction": 0.95}, "test_fraction must be from 0.1 to 0.9"),
    ],
)
def test_nn_playground_refuses_settings_the_page_cannot_take(tmp_path, setting, complaint):
    model = nn.MLP(2, [2, 1])
    with pytest.raises(ValueError, match=complaint):
        nn.playground(model, [[0, 0]] * 4, [0.0] * 4, tmp_path / "x.html", **setting)


def test_a_new_optimiser_trains_on_from_the_current_weights(browser: Browser) -> None:
    opened = browser.open("#points=40")
    start = opened.run("chainrule.getWeights()")
    opened.run("chainrule.train(3)")
    trained = opened.run("chainrule.getWeights()")
    opened.page.select_option("#optimizer", "adam")
    kept = opened.run("chainrule.getWeights()")
    opened.page.click("#reset")
    assert kept == trained != start
    assert opened.run("chainrule.getWeights()") == start


def test_clicking_a_feature_adds_it_as_an_input(browser: Browser) -> None:
    opened = browser.open("#layers=4.tanh")
    opened.page.locator("#network canvas.feature").nth(4).click()  # x1*x2
    assert opened.run("chainrule.state().features") == ["x1", "x2", "x1x2"]
    assert opened.page.inner_text("#shape").startswith("3-4-2 network")
    assert "features=x1%2Cx2%2Cx1x2" in opened.page.input_value("#link")
