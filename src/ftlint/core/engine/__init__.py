"""The engine: read files, run a rule pack over lines, records and the dataset, collect findings."""
