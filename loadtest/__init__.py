"""`make loadtest`: Right Door under load, on this machine, against PostgreSQL and Redis.

`python -m loadtest` (see `loadtest/run.py`) prepares a PostgreSQL database of 10,000 services
(`loadtest/prepare.py`, with `benchmarks.synthetic`, the directory `make bench` runs on), starts
gunicorn on 127.0.0.1 with the production settings, and drives it from 50 concurrent clients
(`loadtest/client.py`): the trivial view (the framework's floor), search, a mixed workload, and a
60-second soak while the workers' memory is watched. The last line printed is one JSON object.
"""
