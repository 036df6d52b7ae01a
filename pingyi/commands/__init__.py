"""One module per command (group) of `pingyi`; pingyi.cli registers them on the app."""
