"""`python -m demos`: until the demos land, a short REPL-style tour of the engine."""

from engine import Value


def main() -> None:
    x1, x2 = Value(2.0, "x1"), Value(0.0, "x2")
    w1, w2, b = Value(-3.0, "w1"), Value(1.0, "w2"), Value(6.8813735870195432, "b")
    out = (x1 * w1 + x2 * w2 + b).tanh()
    out.backward()
    print(f"out = tanh(x1*w1 + x2*w2 + b) = {out.data:.4f}")
    for v in (x1, w1, x2, w2, b):
        print(f"d out / d {v.label} = {v.grad:+.4f}")


if __name__ == "__main__":
    main()
