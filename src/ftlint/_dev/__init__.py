"""Developer tools: generators for the files under `rules/` that are derived from code."""
