"""Plain-text tables for the demos' reports: a title, a header row, aligned columns."""

from __future__ import annotations

from collections.abc import Sequence


def format_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A table as text: columns of numbers right-aligned, the others left-aligned."""
    widths = [max([len(h), *(len(row[i]) for row in rows)]) for i, h in enumerate(headers)]
    numeric = [bool(rows) and all(_is_number(row[i]) for row in rows) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        aligned = [
            cell.rjust(width) if right else cell.ljust(width)
            for cell, width, right in zip(cells, widths, numeric)
        ]
        return "  ".join(aligned).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([title, "", line(headers), rule, *(line(row) for row in rows), ""])


def money(amount: float) -> str:
    """A price in whole dollars with thousands separators: $123,456."""
    return f"-${-amount:,.0f}" if amount < 0 else f"${amount:,.0f}"


def _is_number(cell: str) -> bool:
    """'1,234', '$92,518', '-0.05', '96.4%' and '1.2 s' count as numbers."""
    try:
        float(cell.replace(",", "").replace("$", "").rstrip("%s ").strip())
    except ValueError:
        return False
    return True
