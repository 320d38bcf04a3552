"""Every ranking rule and weight, in one place, over per-service features.

A search's order is `score()` of these features, highest first (ties: name A to Z). Each backend
computes the same features for its candidates (the database backend with numpy over the
in-memory table; the Elasticsearch backend is to mirror them in a `function_score`), so both
answer in the same order. The features, each 0 to 1:

- `text`: how well the words match (`text_score`): the share of the query's words found, each
  weighted by its rarity in the directory (inverse document frequency), a word in the service's
  name counting `TITLE_BOOST` times more than one in its description;
- `theme`: the service is tagged with a need the query describes (`search.intent`): 1 for one of
  the *strong* needs (named by a phrase or a family's grammar), `WEAK_THEME` for a need named by a
  single common word;
- `primary`: the need is the service's primary theme (the first it was tagged with), so a
  domestic abuse helpline outranks a parenting course that also lists domestic abuse;
- `self_referral`: the family can contact the service themselves (not only through a
  professional or a statutory referral);
- `contact_now`: a self-referral service a family can reach now: open 24 hours, or a national
  phone or online line. Counts only when the query is a crisis (`AnalysedText.crisis`) and the
  service has the need;
- `safeguarding`: the council's safeguarding contacts (children's social care front door and its
  out-of-hours team), for a crisis query, after the services a family can contact now;
- `nearness`: with a place, a Gaussian decay of the distance to the nearest venue (1 at the door,
  0.5 at half the radius); a service that covers the place without a venue in the radius (county,
  national, district-wide) counts as `COVERAGE_NEARNESS`. A secondary signal inside the radius,
  never the order: its weight is below a theme match's;
- `out_of_date`: more than 90 days past its review date: the score is multiplied by
  `OUT_OF_DATE_FACTOR`.

The weights make a detected need the strongest signal, then the text, then how the family can get
in, then distance.
"""

from __future__ import annotations

import math

import numpy as np

W_THEME = 4.0
WEAK_THEME = 0.5
W_PRIMARY = 1.5
W_TEXT = 2.0
W_SELF_REFERRAL = 0.6
W_CONTACT_NOW = 6.0
W_SAFEGUARDING = 3.0
W_NEARNESS = 1.0
OUT_OF_DATE_FACTOR = 0.5
COVERAGE_NEARNESS = 0.4
# A word in the name counts this much more than one only in the description.
TITLE_BOOST = 1.0
# Words of one query scored (one text lookup each).
MAX_TERMS = 8
# A text match that is not about a detected need stays a candidate only when it matches this
# share of the query's (weighted) words: "son won't go to school" does not list every service
# that mentions a son.
MIN_TEXT_WITHOUT_THEME = 0.5


def idf(document_frequency: int, total: int) -> float:
    """Inverse document frequency (as in BM25, never negative)."""
    return math.log(1 + (total - document_frequency + 0.5) / (document_frequency + 0.5))


def text_score(
    matched: dict[str, np.ndarray], in_title: dict[str, np.ndarray], weights: dict[str, float], n: int
) -> np.ndarray:
    """0–1 per row: the idf-weighted share of the query's words a service matches, where a word
    in the name counts (1 + TITLE_BOOST) / 2 ... up to 1 and a word only in the description half.

    `matched[term]` (anywhere) and `in_title[term]` are boolean row masks; `weights[term]` its idf.
    """
    total = sum(weights.values())
    score = np.zeros(n, dtype=float)
    if not total:
        return score
    for term, weight in weights.items():
        if term in matched:
            score += weight * (matched[term] + TITLE_BOOST * in_title[term]) / (1 + TITLE_BOOST)
    return score / total


def nearness(distance_miles: np.ndarray, radius_miles: float) -> np.ndarray:
    """Gaussian decay: 1 at the door, 0.5 at half the radius, small at the edge."""
    scale = max(radius_miles / 2, 0.5)
    return np.exp(-math.log(2) * (distance_miles / scale) ** 2)


def score(
    *,
    text: np.ndarray,
    theme: np.ndarray,
    primary: np.ndarray,
    self_referral: np.ndarray,
    contact_now: np.ndarray,
    safeguarding: np.ndarray,
    near: np.ndarray | None,
    out_of_date: np.ndarray,
    crisis: bool,
) -> np.ndarray:
    """The relevance of each candidate from its features (arrays of the same length)."""
    total = W_THEME * theme + W_PRIMARY * primary * (theme > 0) + W_TEXT * text
    total = total + W_SELF_REFERRAL * self_referral
    if crisis:
        total = total + (W_CONTACT_NOW * contact_now + W_SAFEGUARDING * safeguarding) * (theme > 0)
    if near is not None:
        total = total + W_NEARNESS * near
    return np.where(out_of_date, total * OUT_OF_DATE_FACTOR, total)
