"""The Insights page: what works with whom, painted as charts with their numbers."""
