"""Side-by-side timings of csmetrics against peer libraries (``make bench``)."""
