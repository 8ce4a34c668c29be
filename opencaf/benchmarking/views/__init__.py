"""The benchmarking app's views, one module per part (sharing and peer groups; figures)."""
