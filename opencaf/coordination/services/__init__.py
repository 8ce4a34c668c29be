"""Every write of the coordination app, audited: campaigns (`campaigns.py`) and the engagement log
(`engagement.py`)."""
