"""ftlint: lint, fix and prepare fine-tuning datasets."""

__version__ = "0.1.0"
