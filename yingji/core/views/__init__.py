"""Page views of the shared models and the generic views modules build pages from."""
