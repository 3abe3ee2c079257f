"""gunicorn settings for hosting the skill: `gunicorn -c webservice/gunicorn.conf.py 'webservice.app:create_app()'`.

gunicorn's default (one sync worker) is held by a single client that sends half a request and waits:
every other request, Alexa's included, waits behind it. Threaded workers (gthread) each serve many
connections at once, and hand a connection that has gone quiet back to their poller instead of
letting it hold a thread. Alexa gives up after 8 s and every turn answers within 5 s (the skill's own
budget, cramp_helper/deadline.py), so nothing legitimate needs a longer timeout than these.
Put a TLS-terminating proxy on 443 in front; bind to loopback (or a private address) only.
"""

from __future__ import annotations

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '5000')}")
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", min(4, multiprocessing.cpu_count())))
threads = int(os.environ.get("GUNICORN_THREADS", 8))  # concurrent requests per worker
worker_connections = 100  # open connections per worker, kept-alive ones included

timeout = 10  # a worker silent this long (a turn stuck past Alexa's 8 s) is restarted
graceful_timeout = 10  # a restart lets requests in flight finish first
keepalive = 5  # an idle kept-alive connection is closed after this many seconds

# Request size: the request line and headers are bounded here; the body (128 KiB, 413 beyond) by the
# app itself (webservice/app.py MAX_BODY_BYTES), since gunicorn has no body limit of its own.
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190

# One key for the seal on words kept for "repeat" (cramp_helper/sealed.py), shared by every worker: set here,
# in the master, before the workers start, unless the host gives one (to keep it across restarts).
os.environ.setdefault("SESSION_SEAL_KEY", os.urandom(32).hex())

accesslog = "-"  # Alexa's user ids travel in the body, never the URL, so the access log carries none
errorlog = "-"
loglevel = "info"
