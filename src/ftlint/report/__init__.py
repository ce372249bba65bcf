"""Reports over a checked dataset: token statistics, epochs and cost (`ftlint stats`), as text, JSON or HTML."""
