"""What the directory's professional terms mean for a family, in plain English.

Families see these words; the professional terms (levels of need, statutory referral,
commissioned) stay beside them in smaller type, and in the search filters behind "More filters".
One definition per concept: templates reach these through the `family_words` template filters.
"""

LEVELS = {
    1: "Open to any family",
    2: "For families who need some extra help",
    3: "For families with several problems at once, usually with a key worker",
    4: "For children who need protecting or looking after, through children's social care",
}

KINDS = {
    "universal": "Open to everyone",
    "targeted": "For families who need extra help",
    "commissioned": "Run for the council by another organisation",
    "specialist": "For complex needs, usually after a referral",
}

ACCESS_ROUTES = {
    "self_referral": "You can contact them yourself",
    "professional_referral": "Someone who works with you, like your GP, health visitor or school, needs to refer you",
    "early_help_assessment": "A worker talks with your family first about what help you need (an early help assessment)",
    "statutory_referral": "A social worker needs to refer you (through children's social care)",
}


def level(number: int) -> str:
    return LEVELS.get(number, "")


def kind(value: str) -> str:
    return KINDS.get(value, "")


def access_route(value: str) -> str:
    return ACCESS_ROUTES.get(value, "")
