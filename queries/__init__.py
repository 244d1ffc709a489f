"""mandategraph.queries."""
