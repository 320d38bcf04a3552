"""What a search tells the strategy team about demand, and nothing more (issue 18).

`summarise` turns one answered search into a `DemandSummary`: the day, the need themes detected,
an age band, the postcode district (the outward code, never finer) and the area's district,
whether a place was given, the result count as a band, the backend, and the words that matched
no need theme as single normalised tokens. It never holds the words as typed, an address, a cookie
or a session key. `search_answered` carries it to whoever records demand (the `insights` app),
so search does not know where it goes.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.dispatch import Signal

from directory import geo

from . import text

# Sent after a public search or a pathway outcome, with `summary` (a DemandSummary).
search_answered = Signal()
logger = logging.getLogger(__name__)


def tell(summary: DemandSummary | None) -> None:
    """Send one answered search or pathway outcome to whoever records demand (insights/).
    Recording must never fail the page that answered."""
    if summary is None:
        return
    try:
        search_answered.send(sender=DemandSummary, summary=summary)
    except Exception:
        logger.warning("demand recording failed", exc_info=True)


AGE_BANDS = (
    ("pregnancy", "Pregnancy", -1, -1),
    ("0-4", "0 to 4", 0, 4),
    ("5-10", "5 to 10", 5, 10),
    ("11-15", "11 to 15", 11, 15),
    ("16-18", "16 to 18", 16, 18),
    ("19-25", "19 to 25", 19, 25),
)
RESULT_BANDS = ("0", "1-2", "3+")
# A token longer than this is not a word anyone would add to the vocabulary.
MAX_TOKEN_LENGTH = 30


def age_band(age: int | None) -> str:
    if age is None:
        return ""
    for slug, _label, low, high in AGE_BANDS:
        if low <= age <= high:
            return slug
    return ""


def result_band(total: int) -> str:
    return "0" if total <= 0 else "1-2" if total <= 2 else "3+"


def postcode_district(place) -> str:
    """The outward code of a postcode place ("PR1"), never the full postcode; "" for towns."""
    if place is None or place.precision not in {"postcode", "outward_code"}:
        return ""
    try:
        return geo.parse_postcode(place.label).outward
    except geo.PlaceNotFound:
        return ""


def unmatched_tokens(words: str, detected_themes) -> tuple[str, ...]:
    """The words of a search that found no need theme, as normalised single tokens (letters only,
    no stop words); none when a theme was found, since then the vocabulary did its job."""
    if detected_themes or not words:
        return ()
    tokens = (token for token in text.words(words) if token.isalpha() and 3 <= len(token) <= MAX_TOKEN_LENGTH)
    return tuple(sorted(set(tokens)))


@dataclass(frozen=True)
class DemandSummary:
    day: datetime.date
    source: str  # "search" | "pathway"
    themes: tuple[str, ...]
    age_band: str
    postcode_district: str
    district: str
    place_given: bool
    result_band: str
    backend: str
    unmatched_tokens: tuple[str, ...] = ()


def summarise(query, results, *, source: str = "search", day: datetime.date | None = None) -> DemandSummary:
    """The demand summary of one answered search (`results` a `SearchResults`)."""
    from django.utils import timezone

    detected = tuple(slug for slug, _name in results.understood.themes) if results is not None else ()
    themes = tuple(dict.fromkeys((*query.themes, *detected)))
    place = query.place
    return DemandSummary(
        day=day or timezone.localdate(),
        source=source,
        themes=themes,
        age_band=age_band(query.age),
        postcode_district=postcode_district(place),
        district=(place.district or "") if place is not None else "",
        place_given=place is not None,
        result_band=result_band(results.total if results is not None else 0),
        backend=getattr(results, "backend", "") or "",
        unmatched_tokens=unmatched_tokens(query.text, detected or query.themes),
    )
