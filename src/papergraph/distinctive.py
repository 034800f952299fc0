"""Which entities set one collection apart from the others: the log-odds ratio with an
informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin' Words", section 3.5).

For an entity w, let y_i be the number of papers of the collection that mention w and y_j the
number of papers of all other collections that do; n_i and n_j are the sums of those counts
over all entities (paper–entity pairs), in the collection and in the rest. The prior is the
whole corpus: alpha_w = alpha_0 * (y_i + y_j) / (n_i + n_j), where alpha_0 (`prior_size`) says
how many pseudo-counts it weighs; by default alpha_0 = n_i + n_j, so alpha_w is the entity's
corpus count. Then

    delta_w = log((y_i + alpha_w) / (n_i + alpha_0 - y_i - alpha_w))
            - log((y_j + alpha_w) / (n_j + alpha_0 - y_j - alpha_w))
    var(delta_w) ~ 1 / (y_i + alpha_w) + 1 / (y_j + alpha_w)
    z_w = delta_w / sqrt(var(delta_w))

z_w is the score: positive where the collection mentions w more often than the rest does,
shrunk towards zero for rare entities (the prior), so that an entity of one paper does not
outrank one of twenty. A plain frequency ratio would put every one-off entity on top.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from rdflib import Dataset

__all__ = ["Distinctive", "collection_counts", "log_odds_scores"]


@dataclass(frozen=True)
class Distinctive:
    """An entity's counts here and in the rest, its log-odds ratio and z-score."""

    entity: str
    here: int
    rest: int
    delta: float
    z: float


def log_odds_scores(
    here: Mapping[str, int], rest: Mapping[str, int], *, prior_size: float | None = None
) -> list[Distinctive]:
    """The z-scores of the module docstring for every entity counted in `here` or `rest`,
    highest first (ties by entity).

    Raises:
        ValueError: a negative count, or a `prior_size` that is not positive.
    """
    if any(count < 0 for count in (*here.values(), *rest.values())):
        raise ValueError("counts must not be negative")
    n_here, n_rest = sum(here.values()), sum(rest.values())
    total = n_here + n_rest
    alpha_0 = float(total) if prior_size is None else prior_size
    if alpha_0 <= 0:
        raise ValueError("prior_size must be positive")
    scores = []
    for entity in sorted(set(here) | set(rest)):
        y_i, y_j = here.get(entity, 0), rest.get(entity, 0)
        alpha = alpha_0 * (y_i + y_j) / total
        if alpha == 0:
            continue  # counted zero times everywhere: nothing to say
        if y_i + y_j == total:  # the only entity counted: its share is 1 here and there
            scores.append(Distinctive(entity, y_i, y_j, 0.0, 0.0))
            continue
        delta = _log_odds(y_i, n_here, alpha, alpha_0) - _log_odds(y_j, n_rest, alpha, alpha_0)
        variance = 1 / (y_i + alpha) + 1 / (y_j + alpha)
        scores.append(Distinctive(entity, y_i, y_j, delta, delta / math.sqrt(variance)))
    return sorted(scores, key=lambda score: (-score.z, score.entity))


def _log_odds(count: int, size: int, alpha: float, alpha_0: float) -> float:
    return math.log((count + alpha) / (size + alpha_0 - count - alpha))


def collection_counts(
    dataset: Dataset, collection: str, against: str | None = None
) -> tuple[Counter, Counter]:
    """Papers per entity in the `collection` IRI and in the rest, as `log_odds_scores` takes
    them: the rest is the collection `against`, or, without it, all other collections (papers
    in no collection count as the rest)."""
    scope = (
        f"?paper pg:inCollection ?c FILTER (?c IN (<{collection}>, <{against}>))"
        if against
        else "OPTIONAL { ?paper pg:inCollection ?c }"
    )
    rows = dataset.query(
        f"""SELECT ?e (COUNT(DISTINCT ?in) AS ?here) (COUNT(DISTINCT ?out) AS ?rest) WHERE {{
          ?paper pg:mentions ?e . ?e a pg:Entity .
          {scope}
          BIND (IF(BOUND(?c) && ?c = <{collection}>, ?paper, ?none) AS ?in)
          BIND (IF(BOUND(?c) && ?c = <{collection}>, ?none, ?paper) AS ?out)
        }} GROUP BY ?e"""
    )
    here, rest = Counter(), Counter()
    for row in rows:
        here[str(row.e)] = int(row.here)
        rest[str(row.e)] = int(row.rest)
    return here, rest
