"""Benchmarks, run by hand or by `make` (`make bench`, `make relevance`, …), never by the site.

Outside `INSTALLED_APPS` and outside the layering of the apps (tests/test_layers.py): these may
import any app. `benchmarks.synthetic` is the one synthetic directory, shared by `make bench`
(`benchmarks/search_speed.py`) and `make loadtest` (`loadtest/prepare.py`).
"""
