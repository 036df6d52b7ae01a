"""The `pingyi` command line: the composition root. It imports etl, warehouse and dashboard and wires them
together (settings read here, at the entry point, and passed down); nothing imports it."""
