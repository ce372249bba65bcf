"""`python -m ftlint`."""

from ftlint.cli import main

main()
