"""The benchmark behind ``make bench`` (docs/benchmarks.md): a regency ten times Balangan's
size, the portal under gunicorn with its production settings, wrk replaying prepared
requests of each key page at 1, 10 and 50 concurrent users, and the PDFs timed one by one.

``pages.py`` lists what is measured, one entry per page or PDF; the rest is machinery.
"""
