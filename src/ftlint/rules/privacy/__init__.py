"""PI: personal data in the records (presidio-analyzer behind a fast screen), masked in every report."""
