"""Configuration: `[tool.ftlint]`, `ftlint.toml`, profiles, and what they select."""
