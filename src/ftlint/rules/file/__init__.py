"""FL: file and encoding rules (how the bytes of a file can be read)."""
