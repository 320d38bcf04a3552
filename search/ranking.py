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


def nearness_scale(radius_miles: float) -> float:
    """The decay's scale in miles: half the radius (never under half a mile)."""
    return max(radius_miles / 2, 0.5)


def nearness(distance_miles: np.ndarray, radius_miles: float) -> np.ndarray:
    """Gaussian decay: 1 at the door, 0.5 at half the radius, small at the edge."""
    scale = nearness_scale(radius_miles)
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


# ---------------------------------------------------------------------------- shared by both backends
#
# Each backend finds its candidates and their raw attributes its own way (numpy columns over the
# in-memory table; the packed features of an Elasticsearch request's hits); from there on the features, the order and
# the grouping are these functions, so the two backends cannot drift apart.

SELF_REFERRAL = "self_referral"
STATUTORY_REFERRAL = "statutory_referral"
# A national service reached by one of these is a line a family can contact now.
REMOTE_MODES = ("phone", "online", "text")


def needs(query, analysed) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    """The needs a search ranks by: (strong, weak, from_words). `from_words` is True when the
    query's words (terms or detected needs) decide the candidates; a need chosen with no words (a
    theme filter, a pathway outcome) only ranks, the filter chooses."""
    if analysed is not None and (analysed.terms or analysed.themes):
        if not analysed.themes:
            return (), (), True
        strong = tuple(analysed.strong_themes or analysed.themes)
        return strong, tuple(theme for theme in analysed.themes if theme not in strong), True
    if query.themes:
        return tuple(query.themes), (), False
    return (), (), False


def query_terms(analysed) -> tuple[str, ...]:
    """The words of a query that are scored (at most MAX_TERMS, each once)."""
    if analysed is None:
        return ()
    return tuple(dict.fromkeys(analysed.terms[:MAX_TERMS]))


def theme_feature(has_strong: np.ndarray, has_weak: np.ndarray | None = None) -> np.ndarray:
    """1 for a service with a strong need, WEAK_THEME for one with only a weak need, else 0."""
    theme = np.where(has_strong, 1.0, 0.0)
    if has_weak is not None:
        theme = np.maximum(theme, WEAK_THEME * has_weak)
    return theme


def candidates(text: np.ndarray, theme: np.ndarray, has_themes: bool) -> np.ndarray:
    """Which services words find: any text match, or (when the words describe a need) the need or
    most of the words."""
    if has_themes:
        return (theme > 0) | (text >= MIN_TEXT_WITHOUT_THEME)
    return text > 0


def contact_now(
    self_referral: np.ndarray, always_open: np.ndarray, national: np.ndarray, remote: np.ndarray
) -> np.ndarray:
    """Self-referral services open 24 hours, or national lines reached by phone, online or text."""
    return self_referral & (always_open | (national & remote))


def safeguarding(county: np.ndarray, statutory: np.ndarray, self_referral: np.ndarray) -> np.ndarray:
    """The council's safeguarding contacts: county-wide, statutory, and open to families too."""
    return county & statutory & self_referral


def near_feature(distances: np.ndarray, radius_miles: float) -> np.ndarray:
    """`nearness` for a venue inside the radius, COVERAGE_NEARNESS for the rest (covering services)."""
    inside = np.isfinite(distances) & (distances <= radius_miles)
    return np.where(inside, nearness(np.where(inside, distances, 0), radius_miles), COVERAGE_NEARNESS)


def order(
    *,
    sort: str,
    name_rank: np.ndarray,
    last_checked: np.ndarray,
    distances: np.ndarray,
    radius_miles: float | None,
    next_review: np.ndarray,
    today: int,
    out_of_date_after: int,
    crisis: bool,
    **features: np.ndarray,
) -> np.ndarray:
    """Positions of the candidates in the requested order, ties by name. `radius_miles` is None
    without a place; `next_review` and `today` are day ordinals, `out_of_date_after` days;
    `features` are `score`'s per-service arrays (text, theme, primary, self_referral,
    contact_now, safeguarding)."""
    if sort == "name":
        return np.argsort(name_rank, kind="stable")
    if sort == "checked":
        return np.lexsort((name_rank, -last_checked))
    if sort == "nearest":
        return np.lexsort((name_rank, distances))
    relevance = score(
        near=None if radius_miles is None else near_feature(distances, radius_miles),
        out_of_date=next_review + out_of_date_after < today,
        crisis=crisis,
        **features,
    )
    return np.lexsort((name_rank, -relevance))


def first_per_group(groups: np.ndarray) -> np.ndarray:
    """Positions of the first of each group in `groups` (group keys in result order), order kept:
    one card per service, the best-placed listing standing for it."""
    if not len(groups):
        return np.zeros(0, dtype=np.int64)
    _, first = np.unique(groups, return_index=True)
    return np.sort(first)
