"""`python -m papergraph` runs the command line."""

from papergraph.cli import main

if __name__ == "__main__":  # not when a spawned worker process imports this module
    main()
