"""The demos' data sets, read from demos/data/ (found from the package, whatever the cwd)."""

from __future__ import annotations

import csv
import gzip
from dataclasses import dataclass
from pathlib import Path

from nn.data import load_csv

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class VendingMachineDays:
    """50 museum days: how many visitors came, how warm it was, how many bottles sold."""

    visitors: list[float]
    temperature_c: list[float]
    bottles_sold: list[float]


def load_vending_machine(path: Path = DATA_DIR / "vending_machine.csv") -> VendingMachineDays:
    X, y = load_csv(path, features=["visitors", "temperature_c"], target="bottles_sold")
    return VendingMachineDays([row[0] for row in X], [row[1] for row in X], y)


@dataclass(frozen=True)
class HouseData:
    """One city's house sales: which columns predict the price, and where to find them."""

    name: str
    place: str
    file: str
    features: tuple[str, ...]
    target: str = "price"

    def load(self) -> tuple[list[list[float]], list[float]]:
        """(features per house, price per house)."""
        return load_csv(DATA_DIR / self.file, features=self.features, target=self.target)


HOUSE_DATA = {
    "sacramento": HouseData(
        "sacramento",
        "Sacramento, CA (2008)",
        "sacramento_houses.csv",
        ("sqft", "beds", "baths", "distance_to_center_km"),
    ),
    "saratoga": HouseData(
        "saratoga",
        "Saratoga County, NY (2006)",
        "saratoga_houses.csv",
        ("livingArea", "bedrooms", "bathrooms", "age", "lotSize"),
    ),
}

DIGIT_PIXELS = 64
"""8 x 8 images, pixel values 0..16."""


def load_digits(path: Path = DATA_DIR / "digits.csv.gz") -> tuple[list[list[float]], list[int]]:
    """(64 pixel intensities per image, its label 0..9) from the gzipped CSV (no header)."""
    images, labels = [], []
    with gzip.open(path, "rt", newline="", encoding="utf-8") as file:
        for line, row in enumerate(csv.reader(file), 1):
            if len(row) != DIGIT_PIXELS + 1:
                raise ValueError(
                    f"{path}, line {line}: expected {DIGIT_PIXELS} pixels and a label, "
                    f"got {len(row)} cells"
                )
            try:
                cells = [int(cell) for cell in row]
            except ValueError:
                raise ValueError(f"{path}, line {line}: every cell must be an integer") from None
            images.append([float(pixel) for pixel in cells[:DIGIT_PIXELS]])
            labels.append(cells[DIGIT_PIXELS])
    return images, labels
