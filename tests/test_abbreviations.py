"""Acronym definitions: which long forms are accepted for a short form, and which are not."""

from __future__ import annotations

import pytest

from papergraph.extract.abbreviations import (
    definition_holds,
)


@pytest.mark.parametrize(
    ("short", "long", "holds"),
    [
        # n short-form characters allow at most min(n + 5, 2n) words: 4 for "GP", 6 for "CRC"
        ("GP", "Gaussian noise regression process", True),
        ("GP", "Gaussian noise kernel regression process", False),
        ("CRC", "Conformal risk calibrated score ranking Control", True),
        ("CRC", "Conformal risk calibrated score ranking model Control", False),
        # a long form as long as its short form is a respelling of it, not a definition
        ("C-GAN", "C GANs", True),
        ("C-GAN", "C GAN", False),
        ("C-GAN", "C  GAN", False),
    ],
)
def test_definition_window_and_length(short, long, holds):
    assert definition_holds(short, long) is holds
