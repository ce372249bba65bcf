"""`python -m ftlint`."""

from ftlint.launch import main

main()
