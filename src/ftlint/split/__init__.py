"""The logic behind `ftlint split`: which records go to training, validation and test.

`keys` defines the per-record columns (features the engine computes in its workers), `assign`
places groups of records over a polars table of those columns, `seeded` is the seeded hash that
places them, and `plan` ties both to the engine's feature table and builds the summary.
"""
