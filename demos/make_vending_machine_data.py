"""Write demos/data/vending_machine.csv: 50 seeded museum days matching the tutorial's figures.

The tutorial's one-weight model `bottles = w * visitors` has, over n days,

    MSE(w) = A w^2 - 2 B w + C,   A = mean(visitors^2), B = mean(visitors * bottles),
                                  C = mean(bottles^2).

Its printed values, 621.41 at w = 0.49, 671.58 at 0.50 and 723.72 at 0.51, pin these down:
the second difference gives A = 9850, the first B = 2367.24, then C = 576.32, and the best
weight B / A = 0.2403 prints as 0.24. With 50 days of integer counts, 50 A, 50 B and 50 C are
integer sums. This script draws plausible days (a warming spring, bottles driven by visitors
and by temperature), then nudges visitors and bottles by single units until the three sums
are hit exactly, and checks every printed figure before writing.

Run `python -m demos.make_vending_machine_data` to rewrite the file (the output is the same
on every run).
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path

from demos.least_squares import fit_least_squares, predict_linear

OUTPUT = Path(__file__).resolve().parent / "data" / "vending_machine.csv"
SEED = 2024
DAYS = 50
FIRST_DAY_VISITORS, FIRST_DAY_BOTTLES = 105, 21

# 50 * A, 50 * B and 50 * C for A = 9850, B = 2367.24, C = 576.32.
TARGET_SUM_VV = 492_500
TARGET_SUM_VB = 118_362
TARGET_SUM_BB = 28_816

PRINTED_MSE = {0.49: "621.41", 0.50: "671.58", 0.51: "723.72"}
PRINTED_BEST_WEIGHT = "0.24"
LARGEST_NUDGE = 3
"""No count moves further than this from its draw, so the data stays what was drawn."""


@dataclass
class Day:
    day: int
    visitors: int
    temperature_c: float
    bottles_sold: int


def draw_days(rng: random.Random) -> list[Day]:
    """Plausible days: visitors around the mean that gives mean(visitors^2) near 9850,
    14 -> 24 C over the 50 days, bottles ~ 0.237 * visitors + 0.6 * (temperature - 19) + noise.
    """
    spread = [rng.gauss(0, 13) for _ in range(2, DAYS + 1)]
    mean = min(range(80, 120), key=lambda m: abs(_sum_of_squares(m, spread) - TARGET_SUM_VV))
    days = [Day(1, FIRST_DAY_VISITORS, 13.0, FIRST_DAY_BOTTLES)]  # a cold first day
    for day, deviation in zip(range(2, DAYS + 1), spread):
        visitors = round(mean + deviation)
        temperature = round(14 + 10 * day / DAYS + rng.gauss(0, 2.5), 1)
        bottles = round(0.237 * visitors + 0.6 * (temperature - 19) + rng.gauss(0, 1.3))
        days.append(Day(day, visitors, temperature, max(bottles, 0)))
    return days


def _sum_of_squares(mean: int, spread: list[float]) -> int:
    return FIRST_DAY_VISITORS**2 + sum(round(mean + d) ** 2 for d in spread)


def sums(days: list[Day]) -> tuple[int, int, int]:
    """(sum visitors^2, sum visitors * bottles, sum bottles^2)."""
    return (
        sum(d.visitors**2 for d in days),
        sum(d.visitors * d.bottles_sold for d in days),
        sum(d.bottles_sold**2 for d in days),
    )


Move = tuple[int, str, int]
"""(row, "visitors" or "bottles_sold", +1 or -1)."""


def nudge_to_targets(days: list[Day], rng: random.Random) -> None:
    """Move counts by one unit (never day 1's) until the three sums are hit exactly.

    Each round applies the best single move or pair of moves on two rows (a pair can change
    a sum by a few units only), or a random move when none helps (often a parity). No count
    strays more than LARGEST_NUDGE from its draw.
    """
    drawn = {(d.day, "visitors"): d.visitors for d in days}
    drawn |= {(d.day, "bottles_sold"): d.bottles_sold for d in days}
    moves: list[Move] = [
        (i, field, step)
        for i in range(1, len(days))
        for field in ("visitors", "bottles_sold")
        for step in (1, -1)
    ]

    def allowed(move: Move) -> bool:
        i, field, step = move
        count: int = getattr(days[i], field) + step
        return count >= 0 and abs(count - drawn[days[i].day, field]) <= LARGEST_NUDGE

    def effect(move: Move) -> tuple[int, int, int]:
        """How one move changes (sum v^2, sum v b, sum b^2): (v + s)^2 = v^2 + 2 s v + 1."""
        i, field, step = move
        v, b = days[i].visitors, days[i].bottles_sold
        return (
            (2 * step * v + 1, step * b, 0)
            if field == "visitors"
            else (0, step * v, 2 * step * b + 1)
        )

    while True:
        vv, vb, bb = sums(days)
        gap = (TARGET_SUM_VV - vv, TARGET_SUM_VB - vb, TARGET_SUM_BB - bb)
        if gap == (0, 0, 0):
            return
        usable = [(move, effect(move)) for move in moves if allowed(move)]
        candidates: list[tuple[int, list[Move]]] = []
        for index, (first, change) in enumerate(usable):
            candidates.append((_distance(gap, change), [first]))
            for second, other in usable[index + 1 :]:
                if second[0] != first[0]:
                    combined = (change[0] + other[0], change[1] + other[1], change[2] + other[2])
                    candidates.append((_distance(gap, combined), [first, second]))
        distance, best = min(candidates, key=lambda candidate: candidate[0])
        if distance >= _distance(gap, (0, 0, 0)):  # stuck (often on parity): shake loose
            best = [rng.choice(usable)[0]]
        for i, field, step in best:
            setattr(days[i], field, getattr(days[i], field) + step)


def _distance(gap: tuple[int, int, int], change: tuple[int, int, int]) -> int:
    return sum(abs(g - c) for g, c in zip(gap, change))


def mse_of_weight(days: list[Day], weight: float) -> float:
    return sum((weight * d.visitors - d.bottles_sold) ** 2 for d in days) / len(days)


def least_squares_mse(days: list[Day], with_temperature: bool) -> float:
    """The best MSE of `bottles = w1 visitors (+ w2 temperature) + b`."""
    rows = [
        [d.visitors, d.temperature_c] if with_temperature else [float(d.visitors)] for d in days
    ]
    targets = [float(d.bottles_sold) for d in days]
    weights = fit_least_squares(rows, targets)
    return sum((predict_linear(weights, x) - y) ** 2 for x, y in zip(rows, targets)) / len(days)


def check_printed_figures(days: list[Day]) -> None:
    """Raise unless the data reproduces every figure the tutorial prints."""
    for weight, printed in PRINTED_MSE.items():
        if f"{mse_of_weight(days, weight):.2f}" != printed:
            raise RuntimeError(f"MSE({weight}) = {mse_of_weight(days, weight)}, not {printed}")
    vv, vb, _ = sums(days)
    if f"{vb / vv:.2f}" != PRINTED_BEST_WEIGHT:
        raise RuntimeError(f"best weight {vb / vv}, not {PRINTED_BEST_WEIGHT}")
    if (days[0].visitors, days[0].bottles_sold) != (FIRST_DAY_VISITORS, FIRST_DAY_BOTTLES):
        raise RuntimeError("day 1 must have 105 visitors and 21 bottles")
    visitors_only = least_squares_mse(days, with_temperature=False)
    with_temperature = least_squares_mse(days, with_temperature=True)
    if with_temperature > 0.8 * visitors_only:
        raise RuntimeError(
            f"temperature adds too little: MSE {with_temperature:.2f} vs {visitors_only:.2f}"
        )


def write_csv(days: list[Day], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(["day", "visitors", "temperature_c", "bottles_sold"])
        for d in days:
            writer.writerow([d.day, d.visitors, f"{d.temperature_c:.1f}", d.bottles_sold])


def main(output: Path = OUTPUT) -> None:
    rng = random.Random(SEED)
    days = draw_days(rng)
    nudge_to_targets(days, rng)
    check_printed_figures(days)
    write_csv(days, output)
    print(f"wrote {output} ({len(days)} days)")


if __name__ == "__main__":
    main()
