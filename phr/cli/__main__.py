"""`python -m phr.cli`."""

import sys

from phr.cli import main

sys.exit(main())
