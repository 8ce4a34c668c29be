"""Coordination pages: campaigns and the nomination link (`campaigns.py`), the portfolio and the
engagement log (`portfolio.py`)."""
