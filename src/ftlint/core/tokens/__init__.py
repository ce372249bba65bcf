"""Token counting with tiktoken's rank files shipped inside ftlint (never downloaded)."""
