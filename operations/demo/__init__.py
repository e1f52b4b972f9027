"""The demo regency and the benchmark's scaled data, one module per app (bottom to top).

``seed_demo`` drives them in this order, so a module may build on the data of those
before it (bookings before surveys). They live here, at the top, because a demo crosses
apps: the coaching past that the surveys and reports build on comes from bookings."""
