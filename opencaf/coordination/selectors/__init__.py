"""Reads of the coordination app, scoped to one network: campaigns (`campaigns.py`) and the
portfolio with its pipeline (`portfolio.py`)."""
