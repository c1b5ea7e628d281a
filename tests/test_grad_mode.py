"""Grad mode: `no_grad` and `enable_grad` switch recording for their own thread only."""

import threading

import engine
from engine import Value, enable_grad, is_grad_enabled, no_grad


def test_no_grad_in_one_thread_leaves_recording_on_in_another():
    inside = threading.Event()
    done = threading.Event()
    lost = []

    def hold_no_grad() -> None:
        with no_grad():
            inside.set()
            done.wait(timeout=30)

    holder = threading.Thread(target=hold_no_grad)
    holder.start()
    inside.wait(timeout=30)
    try:
        for _ in range(200):
            x = Value(3.0)
            (x * x).backward()
            if x.grad != 6.0:
                lost.append(x.grad)
        assert is_grad_enabled()
    finally:
        done.set()
        holder.join()
    assert lost == []


def test_threads_entering_and_leaving_no_grad_never_disturb_each_other():
    errors = []
    start = threading.Barrier(4)

    def train() -> None:
        start.wait(timeout=30)
        for _ in range(500):
            x = Value(2.0)
            (x * x * x).backward()
            if x.grad != 12.0:
                errors.append(x.grad)

    def evaluate() -> None:
        start.wait(timeout=30)
        for _ in range(500):
            with no_grad():
                if (Value(1.0) + 1.0).parents != ():
                    errors.append("recorded inside no_grad")

    threads = [threading.Thread(target=f) for f in (train, train, evaluate, evaluate)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and is_grad_enabled()


def test_a_reused_no_grad_nests_and_restores_recording():
    ng = no_grad()
    with ng:
        with ng:
            assert not is_grad_enabled()
        assert not is_grad_enabled()
    assert is_grad_enabled()
    x = Value(1.0)
    assert (x + x).parents == (x, x)


def test_enable_grad_records_inside_no_grad():
    x = Value(2.0)
    with no_grad():
        with enable_grad():
            assert is_grad_enabled()
            y = x * x
        assert not is_grad_enabled()
    y.backward()
    assert x.grad == 4.0


def test_enable_grad_restores_no_grad_after_an_error():
    with no_grad():
        try:
            with enable_grad():
                raise RuntimeError("boom")
        except RuntimeError:
            pass
        assert not is_grad_enabled()
    assert is_grad_enabled()


def test_enable_grad_is_exported():
    assert engine.enable_grad is enable_grad
