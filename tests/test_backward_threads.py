"""backward from several threads: separate graphs stay correct, a shared graph takes turns."""

import threading

import engine
from engine import Value


def run_in_threads(count: int, work) -> list:
    results: list = [None] * count
    start = threading.Barrier(count)

    def run(index: int) -> None:
        start.wait(timeout=30)
        results[index] = work(index)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_backward_on_separate_graphs_in_separate_threads_is_correct():
    def work(index: int) -> list[float]:
        wrong = []
        for step in range(300):
            a, b = Value(float(index + 1)), Value(float(step))
            out = engine.dot([a, b], [b, a], a) * (a + b).relu()
            out.backward()
            s = a.data + b.data  # out = (2ab + a) * (a + b)
            expected_a = (2 * b.data + 1) * s + (2 * a.data * b.data + a.data)
            if a.grad != expected_a:
                wrong.append(a.grad)
        return wrong

    assert run_in_threads(4, work) == [[], [], [], []]


def test_two_threads_on_a_shared_graph_each_add_their_gradient():
    x = Value(0.5)
    out = x
    for _ in range(20_000):
        out = out * 1.0 + 0.0
    run_in_threads(2, lambda index: out.backward())
    assert x.grad == 2.0
    assert engine.grad(out, [x]) == [1.0]
