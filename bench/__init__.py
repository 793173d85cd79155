"""Benchmark harness: ``python -m bench.run --help`` (see ``bench/run.py``).

One module a job: ``urls`` (the key URLs, shared with ``tests/test_query_counts.py``),
``omgeving`` (paths, settings, bench database), ``data`` (builders of its data), ``meten``
(in-process queries and time), ``belasting`` (gunicorn under load), ``uitvoer`` (table and
JSON) and ``run`` (the command line).
"""
