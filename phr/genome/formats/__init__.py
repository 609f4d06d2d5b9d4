"""One module per genome file family; `registry` picks the one that reads a file."""
