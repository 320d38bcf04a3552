"""The parts of an Open Referral service the services CSV has no columns for, read from a feed
record for `sources.oruk_row`: its cost options (the listing's cost, cost detail and prices) and
its contacts and phones (the main phone, people to ask for, further numbers) and its schedules
(weekly sessions, and the other times the weekly table cannot show). `serializers`
publishes them the way these read them back, so our own export round-trips."""

from __future__ import annotations

import re


def _text(value) -> str:
    return "" if value is None else str(value)


# The cost options we publish ourselves (serializers.COST_OPTIONS): read as the listing's cost.
OUR_COST_OPTIONS = {"free", "there is a cost", "free for some, a cost for others"}


def summary_option(option: dict) -> bool:
    """Whether a cost option says no more than a listing's cost and cost detail hold (our own
    export's first option, or a plain "Free"): read into them rather than kept as a price."""
    amount = option.get("amount")
    return (
        _text(option.get("option")).strip().lower() in OUR_COST_OPTIONS | {""}
        and amount in (None, 0)
        and not any(option.get(key) for key in ("currency", "valid_from", "valid_to"))
    )


def cost(record: dict) -> tuple[str, str, list[dict]]:
    """The listing's cost (free, paid, varies or unknown), its cost detail (the first option's
    description), and the prices to keep (`CostOption` rows): every option but a first that
    says no more than the cost and detail do."""
    options = [option if isinstance(option, dict) else {} for option in record.get("cost_options") or []]
    labels = [_text(option.get("option")).lower() for option in options]
    amounts = [
        option["amount"]
        for option in options
        if isinstance(option.get("amount"), int | float) and not isinstance(option.get("amount"), bool)
    ]
    paid = any(amount > 0 for amount in amounts) or any(
        "cost" in label and "free" not in label for label in labels
    )
    free_too = any(amount == 0 for amount in amounts) or any(label.startswith("free") for label in labels)
    if labels and labels[0] == "there is a cost":  # our own summary option (an export from here)
        cost = "paid"
    elif any("free for some" in label for label in labels) or (paid and free_too and len(options) > 1):
        cost = "varies"
    elif paid:
        cost = "paid"
    else:
        cost = "free" if options else "unknown"
    cost_detail = next(
        (_text(option.get("amount_description")) for option in options if option.get("amount_description")),
        "",
    )
    if cost_detail in {"Free", "There is a cost", "Free for some, a cost for others"}:
        cost_detail = ""
    prices = options[1:] if options and summary_option(options[0]) else options
    keys = ("option", "amount", "currency", "amount_description", "valid_from", "valid_to")
    return cost, cost_detail, [{key: option.get(key) for key in keys} for option in prices]


def contacts(record: dict) -> tuple[str, list[dict[str, str]]]:
    """The service's main phone (the first number given) and the rest of its contacts and
    phones, one number a row, as `ServiceContact` holds them. A contact named as the service with
    no job title (as our own export names it) is the service itself: its numbers have no name."""
    service_name = " ".join(_text(record.get("name")).split()).casefold()
    main, rows = "", []
    given = [
        (contact, contact.get("phones"))
        for contact in record.get("contacts") or []
        if isinstance(contact, dict)
    ]
    given.append(({}, record.get("phones")))  # the service's own phones (HSDS 3.0), if any
    for contact, phones in given:
        name, title = (
            " ".join(_text(contact.get("name")).split()),
            " ".join(_text(contact.get("title")).split()),
        )
        if name.casefold() == service_name and not title:
            name = ""
        numbers = [
            item for item in phones or [] if isinstance(item, dict) and _text(item.get("number")).strip()
        ]
        if not numbers and (name or title):
            rows.append({"name": name, "title": title})
        for item in numbers:
            row = {
                "name": name,
                "title": title,
                "phone": _text(item.get("number")).strip(),
                "phone_type": _text(item.get("type")).strip(),
                "phone_description": " ".join(_text(item.get("description")).split()),
            }
            if not main:
                main = row["phone"]
                if not any(row[key] for key in ("name", "title", "phone_type", "phone_description")):
                    continue  # only the main number: it is the service's phone
            rows.append(row)
    return main, rows


# The description we publish for a weekly slot or for "always open" (serializers.schedules).
OUR_SCHEDULE_DESCRIPTION = re.compile(
    r"^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d\d:\d\d to \d\d:\d\d$"
    r"|^Open 24 hours, every day$"
)
DATE_RANGE_KEYS = ("dtstart", "until", "valid_from", "valid_to")
SCHEDULE_KEYS = ("freq", "interval", "byday", "bymonthday", "opens_at", "closes_at", *DATE_RANGE_KEYS)


def weekly(schedule: dict) -> bool:
    """Whether a schedule fits the weekly table: weekly (or unsaid) every week, with days and both
    times, and no dates it is limited to."""
    return bool(
        _text(schedule.get("freq") or "WEEKLY").upper() == "WEEKLY"
        and _text(schedule.get("interval") or 1) in {"1", "1.0"}
        and schedule.get("byday")
        and schedule.get("opens_at")
        and schedule.get("closes_at")
        and not any(schedule.get(key) for key in DATE_RANGE_KEYS)
    )


def always_open(schedule: dict) -> bool:
    """A weekly schedule for every day from midnight to midnight: "open 24 hours, every day"."""
    days = {day.strip().upper()[:2] for day in _text(schedule.get("byday")).split(",") if day.strip()}
    return (
        weekly(schedule)
        and len(days) == 7
        and _text(schedule.get("opens_at"))[:5] == "00:00"
        and _text(schedule.get("closes_at"))[:5] in {"23:59", "24:00"}
    )


def own_words(schedule: dict) -> str:
    """A schedule's description, unless it is the one we publish ourselves (derived again)."""
    words = " ".join(_text(schedule.get("description")).split())
    return "" if OUR_SCHEDULE_DESCRIPTION.match(words) else words


def other_time(schedule: dict, number: int) -> dict:
    """A schedule the weekly table cannot hold, as given (checked by the import's field rules)."""
    return {
        "number": number,
        "description": own_words(schedule),
        **{key: schedule.get(key) for key in SCHEDULE_KEYS},
    }
