"""`python -m pingyi …`: the same as the `pingyi` console script."""

from pingyi.cli import main

main()
