"""The log-odds ratio with an informative Dirichlet prior (papergraph.distinctive), on counts
made by hand."""

from __future__ import annotations

import math

import pytest

from papergraph.distinctive import log_odds_scores


def by_entity(here: dict[str, int], rest: dict[str, int], **options) -> dict:
    return {score.entity: score for score in log_odds_scores(here, rest, **options)}


def test_an_entity_only_here_beats_one_spread_evenly():
    here = {"only-here": 4, "even": 4, "common": 20}
    rest = {"only-here": 0, "even": 4, "common": 20}
    scores = by_entity(here, rest)
    assert scores["only-here"].z > 0
    assert scores["only-here"].z > scores["even"].z
    assert [score.entity for score in log_odds_scores(here, rest)][0] == "only-here"


def test_an_entity_spread_in_proportion_scores_zero_and_one_only_elsewhere_is_negative():
    here = {"even": 5, "elsewhere": 0, "other": 5}
    rest = {"even": 5, "elsewhere": 5, "other": 0}
    scores = by_entity(here, rest)
    assert scores["even"].delta == pytest.approx(0.0)  # equal sizes, equal counts
    assert scores["elsewhere"].z < 0 < scores["other"].z


def test_the_prior_shrinks_rare_entities():
    """One paper here and none elsewhere is weaker evidence than ten here and none elsewhere."""
    here = {"rare": 1, "frequent": 10, "background": 50}
    rest = {"rare": 0, "frequent": 0, "background": 60}
    scores = by_entity(here, rest)
    assert scores["frequent"].z > scores["rare"].z > 0


def test_the_formula_by_hand():
    here, rest = {"a": 2, "b": 1}, {"a": 1, "b": 3}
    n_i, n_j, alpha_0 = 3, 4, 7.0
    alpha = alpha_0 * 3 / 7  # a's corpus share of the prior
    delta = math.log((2 + alpha) / (n_i + alpha_0 - 2 - alpha)) - math.log(
        (1 + alpha) / (n_j + alpha_0 - 1 - alpha)
    )
    z = delta / math.sqrt(1 / (2 + alpha) + 1 / (1 + alpha))
    score = by_entity(here, rest)["a"]
    assert (score.here, score.rest) == (2, 1)
    assert score.delta == pytest.approx(delta) and score.z == pytest.approx(z)


def test_a_weaker_prior_gives_larger_scores():
    here, rest = {"x": 6, "y": 1}, {"x": 1, "y": 6}
    strong = by_entity(here, rest, prior_size=100.0)["x"].z
    weak = by_entity(here, rest, prior_size=1.0)["x"].z
    assert weak > strong > 0


def test_entities_counted_nowhere_are_left_out():
    scores = log_odds_scores({"a": 1, "b": 2, "zero": 0}, {"a": 1, "b": 1})
    assert {score.entity for score in scores} == {"a", "b"}


def test_a_lone_entity_is_not_distinctive():
    assert [(s.entity, s.z) for s in log_odds_scores({"a": 3}, {"a": 1})] == [("a", 0.0)]


@pytest.mark.parametrize(
    ("here", "rest", "options"),
    [({"a": -1}, {"a": 1}, {}), ({"a": 1}, {"a": 1}, {"prior_size": 0.0})],
)
def test_bad_input_is_refused(here, rest, options):
    with pytest.raises(ValueError):
        log_odds_scores(here, rest, **options)
