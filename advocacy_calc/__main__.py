"""`python -m advocacy_calc`: the same command line as `advocacy-calc`."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
