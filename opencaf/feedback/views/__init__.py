"""The feedback app's pages, one module per part (the network's procedure)."""
