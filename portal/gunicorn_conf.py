"""Gunicorn settings for production: `gunicorn -c portal/gunicorn_conf.py portal.wsgi`.

The worker timeout (GUNICORN_TIMEOUT, 30 s) is longer than the database's statement timeout
(DB_STATEMENT_TIMEOUT_MS, 15 s) and lock timeout (5 s), so a slow query ends as a Dutch 503
page, not a killed worker. On SIGTERM a worker finishes its request within the graceful
timeout before it stops (deploys and restarts lose no submission).
https://docs.gunicorn.org/en/stable/settings.html
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
keepalive = 5
# Restart workers now and then: bounds the effect of a slow leak.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
accesslog = "-"
