"""Gunicorn's configuration: `gunicorn -c config/gunicorn.py config.wsgi`.

Every value can be set from the environment (GUNICORN_*, or Gunicorn's own GUNICORN_CMD_ARGS).
Sync workers with threads: the pages are CPU-bound Python with short database calls, so about
two processes per core, each with a few threads to overlap the waits on PostgreSQL and Redis.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", str(multiprocessing.cpu_count() * 2 + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
# A request still running after this long is stuck (a search takes milliseconds): restart the worker.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle each worker after a few thousand requests (with jitter, so they don't all restart at
# once): bounds the memory any slow leak in a dependency could take.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "500"))
# Load the application once in the master, so workers share its memory (copy-on-write) and a
# broken configuration stops start-up instead of every worker crash-looping.
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() in {"1", "true", "yes", "on"}
# The request line and headers, bounded (Gunicorn's defaults, explicit).
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
# Logs to stdout/stderr for the container runtime; access log off unless asked for.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
# When it is on, it records no query string (a family's search words and pathway answers live
# there), no referrer (which carries the previous page's query) and no client address.
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Behind a proxy that sets X-Forwarded-Proto (see SECURE_PROXY_SSL_HEADER in production settings).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
