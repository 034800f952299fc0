"""`python -m papergraph` runs the command line."""

from papergraph.cli import main

main()
