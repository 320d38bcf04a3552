"""Signals the directory sends, for the layers above it to act on without directory importing them.

`listing_reviewed`: a listing was confirmed still accurate (its review dates changed on the live
row, without a publish). Sent after the change is saved, with `sender` the page class and
`instance` the service page. Search reindexes the listing (`search/signal_handlers.py`).
"""

from django.dispatch import Signal

listing_reviewed = Signal()
