"""Field validators with messages an editor can act on."""

import re

from django.core.exceptions import ValidationError

from . import geo

_PHONE_SEPARATORS = re.compile(r"[\s\-().]")
# UK numbers: 0 + 9 or 10 digits, or +44 + 9 or 10 digits; the few 8-digit freephone numbers
# (0800 1111, Childline); or a short code such as 116 123 or 85258.
_UK_PHONE = re.compile(r"^(?:(?:\+44|0)\d{9,10}|0800\d{4}|\d{3,6})$")


def phone_digits(value: str) -> str:
    """The dialable form of a phone number, for tel: links ("0800 1111" → "08001111")."""
    return _PHONE_SEPARATORS.sub("", value or "")


def validate_uk_phone(value: str) -> None:
    if not _UK_PHONE.match(phone_digits(value)):
        raise ValidationError(
            "Enter a UK phone number, like 01772 123456 or +44 1772 123456, or a short code like 116 123."
        )


def validate_postcode_exists(value: str) -> None:
    try:
        geo.locate_postcode(value)
    except geo.PlaceNotFound as error:
        raise ValidationError(error.message) from error


# RFC 3986: the characters a URI may contain (unreserved, reserved, and "%" for escapes).
_URI_CHARACTERS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*$")
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


def validate_strict_url(value: str) -> None:
    """A web address that is a valid URI (RFC 3986), with http or https.

    Django's URLValidator lets any non-space character through in the path, so
    `https://evil.example/"onmouseover=…` passed, and reached the Open Referral API as an invalid
    URI. Quotes, angle brackets, braces, backslashes, spaces and stray "%" are refused here."""
    from django.core.validators import URLValidator

    message = "Enter a full web address starting https:// (letters, digits and - . _ ~ : / ? # & = + % only)."
    if not value:
        return
    if not _URI_CHARACTERS.match(value) or _BAD_ESCAPE.search(value):
        raise ValidationError(message, code="invalid")
    URLValidator(schemes=["http", "https"], message=message)(value)
