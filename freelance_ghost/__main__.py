"""Lets ``python -m freelance_ghost`` run the same command line as ``freelance-ghost``."""

import sys

from freelance_ghost.cli import main

if __name__ == "__main__":
    sys.exit(main())
