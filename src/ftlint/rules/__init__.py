"""ftlint's built-in rules, one file each, grouped by family; see `registry` for the full list."""
