"""What a family's words are about: the need themes a query describes, and whether it is a crisis.

Two sources, both shared by every backend through `text.AnalysedText`:

- the vocabulary: each theme's name and its synonyms (moderators edit them; `ThemeMatcher`
  matches them as whole phrases of stems, "partner hurts me", "dv", "county lines");
- `RULES` below: how families phrase a need in their own grammar, which a list of synonyms cannot
  cover ("my husband hits me", "he threatens me", "my son hurts himself", "wants to end her life",
  "won't get out of bed for school", "can't pay the rent"). Rules are written over the normalised
  words (lower case, apostrophes dropped: "won't" → "wont") as regular expressions.

A theme found by a rule or by a several-word phrase is *strong*; one found by a single common word
("stress", "sport") is *weak*. Strong themes lead the ranking (`search.ranking`); a query with both
ranks its strong themes first. Crisis rules (abuse at home, self-harm, suicide, a child in danger)
also set `crisis`, which puts services a family can contact now first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

STRONG, WEAK = 2, 1

_ME = r"(me|her|him|us|my mum|mum|my mom|my wife|my partner|my girlfriend|my boyfriend|my husband)"
_PARTNER = (
    r"(partner|husband|wife|boyfriend|girlfriend|bf|gf|ex|stepdad|stepfather|stepmum|fiance|fiancee"
    r"|mums boyfriend|dads girlfriend|hubby)"
)
_HURT = (
    r"(hits?|hitting|beats?|beating|beat|punch\w*|kicks?|kicking|kicked|slaps?|slapped|slapping|chok\w*"
    r"|strangl\w*|threaten\w*|rapes?|raped|abus\w*|push\w*|shov\w*|controls?|controlling|hurts?|hurting"
    r"|scares?|scaring|frighten\w*|attack\w*|assault\w*|stalk\w*|harass\w*|batter\w*)"
)
_SELF = r"(himself|herself|themselves|themself|myself|yourself|theirself)"
_CHILD = r"(child|children|son|daughter|kid|kids|teen|teenager|boy|girl|baby|toddler|grandchild)"
_FAMILY_MEMBER = (
    r"(mum|dad|mother|father|brother|sister|parent|nan|nana|gran|grandma|grandad|grandpa|grandparent"
    r"|baby|son|daughter|child|husband|wife|partner|uncle|auntie|aunt|friend)"
)

# The kinds of crisis a rule can describe (`crises_in`: a pathway outcome reached by an answer
# about self-harm or suicide must offer same-day help).
ABUSE, SELF_HARM, CHILD_IN_DANGER = "abuse", "self-harm", "child-in-danger"
NO_CRISIS = ""

# (pattern, theme slug, crisis kind or NO_CRISIS). Order does not matter; every rule that matches
# counts.
RULES: tuple[tuple[str, str, str], ...] = (
    # Abuse at home: someone close hurts, threatens, controls or frightens the family.
    (rf"\b{_HURT} {_ME}\b", "domestic-abuse", ABUSE),
    (rf"\b{_PARTNER}\b( \w+){{0,3}} {_HURT}\b", "domestic-abuse", ABUSE),
    (
        rf"\b(frightened|scared|afraid|terrified|fear|fearful) (of|by) (my |her |his |our )?({_PARTNER}|him|dad)\b",
        "domestic-abuse",
        ABUSE,
    ),
    (rf"\b(abusive|violent|controlling) (ex )?{_PARTNER}\b", "domestic-abuse", ABUSE),
    (r"\bchecks? (my|her) (phone|messages|texts)\b", "domestic-abuse", ABUSE),
    (r"\b(wont|doesnt|will not) let (me|her) (see|go|leave|have|work|out)\b", "domestic-abuse", ABUSE),
    (r"\btakes? (all )?(my|her|our) (money|wages|benefits|phone)\b", "domestic-abuse", ABUSE),
    (r"\b(not safe|unsafe|scared|afraid) (at|to go) home\b", "domestic-abuse", ABUSE),
    (r"\b(flee|fleeing|escape|escaping) (him|her|my \w+|home|abuse|violence)\b", "domestic-abuse", ABUSE),
    (
        rf"\b(away|escape|escaping|hide|hiding|safe|safety) from (my |her |his |an? )?(abusive |violent )?{_PARTNER}\b",
        "domestic-abuse",
        ABUSE,
    ),
    (r"\b(violen\w*|abus\w*) at home\b|\bdomestic (abuse|violence)\b", "domestic-abuse", ABUSE),
    # Self-harm and suicide.
    (
        rf"\b(hurts?|hurting|harms?|harming|cuts?|cutting|burns?|burning|scratch\w*) {_SELF}\b",
        "mental-health",
        SELF_HARM,
    ),
    (r"\bself ?harm\w*\b|\bsuicid\w*\b|\boverdos\w*\b", "mental-health", SELF_HARM),
    (
        r"\b(end|ending|ended|take|taking|took) (his|her|my|their|your) (own )?li(fe|ves)\b",
        "mental-health",
        SELF_HARM,
    ),
    (
        rf"\b(kill|killing) {_SELF}\b|\b(wants?|wanting) to die\b"
        r"|\b(dont|doesnt|not|no longer) (want|wanting|wants) to (live|be alive|be here)\b",
        "mental-health",
        SELF_HARM,
    ),
    # A child in danger: abuse or neglect of a child.
    (
        rf"\b{_CHILD} (is |are |being |been |was |were )*(abused|neglected|beaten|in danger)\b",
        "parenting",
        CHILD_IN_DANGER,
    ),
    # Other needs, in families' grammar.
    (
        r"\b(anxious|anxiety|depress\w*|lonely|panic\w*|worried all the time|sad all the time|mental health"
        r"|not eating|stopped eating|wont eat|self esteem|confidence|feel\w* (low|down|depressed|hopeless|numb)"
        r"|angry all the time|anger|temper|rages?|outbursts?|punch\w* (walls?|doors?)"
        r"|sad|sadness|unhappy|tearful|miserable|withdrawn|hopeless|upset"
        r"|exams? (stress|worr\w*|anxiety|pressure)|(worried|stressed|anxious|panicking) about (exams?|tests?|gcses?))\b",
        "mental-health",
        NO_CRISIS,
    ),
    (
        r"\b(wont|doesnt|dont|refuses? to|refusing to|will not|not|cant get (him|her|them)( to)?) "
        r"(go|going|get|attend\w*)\b.*\bschool\b",
        "school-attendance",
        NO_CRISIS,
    ),
    (
        r"\b(out of bed|get up|get ready) for school\b|\b(school )?(absence|absent|attendance|truan\w*|excluded|"
        r"exclusion|suspended|off school|missing school|skipping school|bunking off|school refus\w*"
        r"|sent home (early )?from school|refus\w* (to go to )?school|(back|return\w*) (in)?to school)\b",
        "school-attendance",
        NO_CRISIS,
    ),
    (
        r"\b(cant|cannot|struggling to|struggle to) (pay|afford)\b|\b(no|not enough|run out of|ran out of) money\b"
        r"|\b(lost|losing) (my|his|her|our) (job|home|house|flat)\b|\b(debts?|bills|arrears|bailiffs?|evict\w*"
        r"|benefits?|universal credit|food ?banks?|skint|homeless\w*|housing|rent|redundan\w*|unemployed)\b"
        r"|\b(back to|find|finding|looking for|get|getting|need|needs) (a |some )?(work|jobs?)\b|\bjob ?(hunting|seeking)\b"
        r"|\bcouncil tax\b|\bmortgage\b|\bbehind (with|on) (the |my |our )?(rent|bills|payments)\b"
        r"|\bfree school meals?\b|\bschool uniform (grant|help)\b",
        "money-work-housing",
        NO_CRISIS,
    ),
    (
        rf"\b(died|dead|death|passed away|grief|grieving|bereave\w*|funeral|loss of (a|my|his|her|our)"
        rf"|(lost|losing) (my|our|his|her|their|a|an) (\w+ )?{_FAMILY_MEMBER}|still ?born|stillbirth|miscarr\w*|baby loss"
        rf"|cot death|sids)\b",
        "bereavement",
        NO_CRISIS,
    ),
    (
        r"\bcall\w* (him|her|them|me|my \w+) names\b|\bnames at school\b|\b(bull(y|ied|ies|ying)|picked on|picking on"
        r"|teased|teasing|no friends|left out)\b",
        "bullying",
        NO_CRISIS,
    ),
    (r"\b(online|internet) (safety|safe|grooming|abuse)\b|\bsafe online\b", "exploitation", NO_CRISIS),
    (r"\b(online|internet) (safety|safe)\b|\bsafe online\b", "bullying", NO_CRISIS),
    (
        r"\bolder (boyfriend|girlfriend|man|men|friends?|lads?|boys?|girls?|kids|people|gang)\b"
        r"|\b(carry\w*|sell\w*|deal\w*|hold\w*|mov\w*|run\w*) drugs (for|to)\b|\b(gangs?|county lines|groom\w*|exploit\w*"
        r"|trafficked|sextortion|nudes|radicali\w*|extremis\w*|(runs?|running|ran|gone|goes|going|go|went) (away|missing)"
        r"|missing from home)\b",
        "exploitation",
        NO_CRISIS,
    ),
    (
        r"\b(anti ?social|asb|arrested|offending|offender|knife|knives|stealing|shoplifting|vandalism"
        r"|criminal|youth court|in trouble with the police)\b",
        "youth-crime",
        NO_CRISIS,
    ),
    (
        rf"\b(car(ing|es|e) for|looking after|look after) (my |his |her |a |our )?(disabled |ill |sick |poorly )?"
        # A parent looking after their own baby or child is not a young carer.
        rf"(?!(baby|son|daughter|child)\b){_FAMILY_MEMBER}s?\b|\byoung (adult )?carers?\b"
        rf"|\b{_CHILD}s? (\w+ )?(looks?|looking|cares?|caring) (after|for) (me|us|him|her|them|my \w+|his \w+|her \w+)\b",
        "young-carers",
        NO_CRISIS,
    ),
    (
        rf"\b{_CHILD}s? behaviou?r\b|\b(bad|challenging|difficult|naughty) behaviou?r\b|\btantrums?\b|\b(hits|hitting|bites|biting|kicks|kicking) other (children|kids|people)\b|\b(cant|cannot) cope\b|\bwont listen\b"
        r"|\bsingle (dad|mum|parent|father|mother)\b|\bparenting\b|\bparent(ing)? (support|course|class)\b",
        "parenting",
        NO_CRISIS,
    ),
    (
        r"\b(family|families) (argu\w*|rows?|fight\w*|conflict|breakdown)\b|\b(argu\w*|rows|fight\w*) "
        r"(at home|all the time)\b|\b(divorc\w*|separat\w*|split(ting)? up|break ?up|custody|co ?parent\w*"
        r"|contact with (my |his |her |their |the )?(dad|mum|father|mother|children|kids|child)"
        r"|(cant|cannot|dont|do not) agree (about|on|over)"
        r"|relationship (counselling|advice|support|problems))\b",
        "family-relationships",
        NO_CRISIS,
    ),
    (
        r"\bchildrens? cent(re|er)s?\b|\b(toddlers?|nursery|preschool|pre school|potty|stay and play)\b"
        r"|\bbaby (groups?|class\w*|sensory|massage)\b",
        "early-years",
        NO_CRISIS,
    ),
    (
        r"\b(pregnan\w*|expecting|midwi\w*|antenatal|postnatal|post natal|newborn|breast ?feed\w*"
        r"|bottle feed\w*|labour|maternity)\b|\bbaby (wont|doesnt|not|cant) (stop|sleep|feed|settle)\w*\b"
        r"|\bcrying baby\b|\b(colic\w*|reflux|teething|weaning)\b|\b(after|since) (having|had) (a |the |my |our )?baby\b|\byoung (mums?|dads?|parents?)\b",
        "pregnancy-and-baby",
        NO_CRISIS,
    ),
    (
        r"\b(special (educational )?needs|sen|send|ehcp|ehc plan|adhd|add|autis\w*|asd|dyslexi\w*|dyspraxi\w*"
        r"|learning (disabilit\w*|difficult\w*)|disabled (child|son|daughter|children)|additional needs"
        r"|speech (delay|and language)|deaf\w*|blind|hearing (loss|impair\w*)|visual\w* impair\w*"
        r"|cerebral palsy|downs? syndrome|develop\w* delay|delayed development|global delay)\b",
        "send",
        NO_CRISIS,
    ),
    (
        r"\b(sexual health|contracepti\w*|condoms?|stis?|stds?|morning after|chlamydia|gonorrh\w*|pregnancy test"
        r"|the pill|coil|implant)\b",
        "sexual-health",
        NO_CRISIS,
    ),
    (
        r"\b(healthy|weight|overweight|obes\w*|exercise|fitness|vap(e|es|ing)|diet|get(ting)? (more )?active"
        r"|smok(e|es|ing)(?! (weed|cannabis|spliffs?|joints?|drugs|skunk|spice))"
        r"|lose weight)\b",
        "healthy-lifestyles",
        NO_CRISIS,
    ),
    (
        r"\b(drunk|drinks?|drinking|alcohol\w*|(?<!carrying )(?<!selling )(?<!dealing )(?<!holding )drugs?|weed|cannabis|spice|cocaine|ketamine|addict\w*|substance"
        r"|skunk|spliffs?|smok\w* (weed|cannabis|spliffs?|joints?|drugs)|getting high)\b",
        "alcohol-and-drugs",
        NO_CRISIS,
    ),
    (
        r"\b(clubs?|activit\w*|things to do|swimming|swim|football|sports?|holidays?|dance|drama|music|playgroup"
        r"|youth club|after school|scouts|guides|get(ting)? (more )?active)\b",
        "activities",
        NO_CRISIS,
    ),
)
_COMPILED = tuple((re.compile(pattern), slug, kind) for pattern, slug, kind in RULES)
# Themes a query may name that always count as a crisis, however they were found.
CRISIS_THEMES = frozenset({"domestic-abuse"})


@dataclass(frozen=True)
class Intent:
    themes: tuple[str, ...] = ()  # strongest first
    strong: tuple[str, ...] = ()  # the themes the ranking leads with
    crisis: bool = False
    phrases: tuple[str, ...] = ()  # the words that named each theme, in `themes` order
    crises: tuple[str, ...] = ()  # the kinds of crisis described (ABUSE, SELF_HARM, CHILD_IN_DANGER)


def detect(normalised: str, matcher) -> Intent:
    """The themes `normalised` (the corrected, normalised query) describes."""
    strength: dict[str, int] = {}
    phrase: dict[str, str] = {}
    crises: dict[str, None] = {}
    for pattern, slug, kind in _COMPILED:
        found = pattern.search(normalised)
        if found:
            strength[slug] = STRONG
            phrase.setdefault(slug, found.group(0))
            if kind:
                crises[kind] = None
    for match in matcher.find(normalised):
        level = STRONG if len(match.phrase.split()) > 1 else WEAK
        if level > strength.get(match.slug, 0):
            strength[match.slug] = level
        phrase.setdefault(match.slug, match.phrase)
    crisis = bool(crises) or bool(CRISIS_THEMES & set(strength))
    ordered = sorted(strength, key=lambda slug: (-strength[slug], slug))
    return Intent(
        themes=tuple(ordered),
        strong=tuple(slug for slug in ordered if strength[slug] == STRONG),
        crisis=crisis,
        phrases=tuple(phrase[slug] for slug in ordered),
        crises=tuple(crises),
    )


def crises_in(words: str) -> tuple[str, ...]:
    """The kinds of crisis plain text describes by the rules above ("They hurt themselves or talk
    about not wanting to live" → SELF_HARM), for checks outside search, such as a pathway's
    answers. No vocabulary needed."""
    from .text import normalise

    normalised = normalise(words)
    return tuple(dict.fromkeys(kind for pattern, _, kind in _COMPILED if kind and pattern.search(normalised)))
