"""no_grad() and enable_grad(): recording is switched per thread, and blocks nest."""

import threading

import pytest

import engine
from engine import Value


def test_no_grad_in_one_thread_leaves_other_threads_recording():
    entered, done = threading.Event(), threading.Event()

    def evaluate_without_grad() -> None:
        with engine.no_grad():
            entered.set()
            done.wait(timeout=30)

    other = threading.Thread(target=evaluate_without_grad)
    other.start()
    try:
        entered.wait(timeout=30)
        x = Value(3.0)
        y = x * x
        y.backward()
        assert engine.is_grad_enabled()
        assert y.parents == (x, x)
        assert x.grad == 6.0
    finally:
        done.set()
        other.join()


def test_many_threads_switching_no_grad_lose_no_gradient():
    failures: list[str] = []

    def train(seed: int) -> None:
        for i in range(300):
            x = Value(float(seed + i))
            (x * 2.0).backward()
            if x.grad != 2.0:
                failures.append(f"thread {seed} step {i}: grad {x.grad}")
            with engine.no_grad():
                Value(1.0) + 1.0

    threads = [threading.Thread(target=train, args=(seed,)) for seed in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


def test_a_reused_no_grad_instance_nests():
    paused = engine.no_grad()
    with paused:
        with paused:
            assert not engine.is_grad_enabled()
        assert not engine.is_grad_enabled()
    assert engine.is_grad_enabled()


def test_enable_grad_records_inside_no_grad():
    x = Value(2.0)
    with engine.no_grad():
        with engine.enable_grad():
            y = x * x
        z = x * x
        assert not engine.is_grad_enabled()
    assert y.parents == (x, x)
    assert z.parents == ()


def test_grad_mode_is_restored_after_an_error_in_a_nested_block():
    with pytest.raises(ZeroDivisionError), engine.no_grad(), engine.enable_grad():
        Value(1.0) / 0.0
    assert engine.is_grad_enabled()
