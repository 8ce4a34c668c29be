"""The benchmarking app's permissions, one module per part (sharing and peer groups; figures)."""
