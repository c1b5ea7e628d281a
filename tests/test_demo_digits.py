"""The digits demo learns, in quick mode on a subset of the real images."""

import pytest

from demos import digits
from demos.datasets import load_digits
from demos.options import RunOptions


@pytest.fixture(scope="module")
def result(tmp_path_factory) -> digits.DigitsResult:
    return digits.run(RunOptions(digits.QUICK, 0, tmp_path_factory.mktemp("digits"), quick=True))


def test_digits_data_has_1797_images_of_64_pixels_with_labels_0_to_9():
    images, labels = load_digits()
    assert len(images) == len(labels) == 1797
    assert {len(image) for image in images} == {64}
    assert set(labels) == set(range(10))


def test_cross_entropy_falls_during_training(result):
    losses = result.history.train_loss
    assert losses[-1] < 0.5 * losses[0]


def test_quick_run_classifies_most_test_digits(result):
    assert result.test_accuracy > 0.75  # 10% is guessing; the full run reaches 95%+


def test_confusion_matrix_counts_every_test_image(result):
    assert len(result.confusion) == 10
    assert sum(map(sum, result.confusion)) == result.test_size
    correct = sum(result.confusion[i][i] for i in range(10))
    assert correct / result.test_size == pytest.approx(result.test_accuracy)


def test_report_shows_accuracy_time_and_the_confusion_matrix(result):
    text = digits.report(result, digits.QUICK)
    assert f"{result.test_accuracy:.1%}" in text
    assert "training time" in text
    assert "Confusion matrix" in text
