"""SC: schema rules (does each record have the keys and types of its format)."""
