"""Jinja filters for the pages."""

from __future__ import annotations

__all__ = ["readable_number"]


def readable_number(value: float | int, digits: int = 2) -> str:
    """`value` as a person reads it: whole numbers with thousands separators ("3,500", "9"
    for a degree of 9.0), others to `digits` significant digits ("0.0025", "12")."""
    number = float(value)
    if number.is_integer():
        return f"{int(number):,}"
    if abs(number) >= 10**digits:
        return f"{round(number):,}"
    return f"{number:.{digits}g}"
