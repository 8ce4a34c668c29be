"""Learning from each other: the good-practice library and the expert forum of a network."""
