"""The benchmarking app's services, one module per part (sharing and peer groups; figures)."""
