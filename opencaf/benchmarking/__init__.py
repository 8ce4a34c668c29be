"""Anonymised benchmarking: consented scores and indicator values compared within peer groups."""
