"""mandategraph.graph."""
