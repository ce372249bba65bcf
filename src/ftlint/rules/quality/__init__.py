"""DQ: data quality rules (duplicates and the like), mostly over the whole dataset."""
