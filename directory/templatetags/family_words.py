"""{% load family_words %}: plain-English meanings of the directory's professional terms."""

from django import template

from directory import family_words

register = template.Library()

register.filter("level_for_families", family_words.level)
register.filter("kind_for_families", family_words.kind)
register.filter("route_for_families", family_words.access_route)
