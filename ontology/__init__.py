"""mandategraph.ontology."""
