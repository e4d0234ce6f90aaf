"""The bundle's program: the same command line as the installed ``freelance-ghost``."""

import sys

from freelance_ghost.cli import main

if __name__ == "__main__":
    sys.exit(main())
