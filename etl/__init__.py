"""ETL: readers per source family, normalisation, validation, the one writer, the demo generator, the CLI."""
