"""mandategraph.loaders."""
