"""Services of the public reporting module: intake (public and 12350), handling,
rewards, the public limits and the statistics."""
