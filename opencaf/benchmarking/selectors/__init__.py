"""The benchmarking app's selectors, one module per part (sharing and peer groups; figures)."""
