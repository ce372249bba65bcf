"""One module per subcommand; `cli.py` parses, these run."""
