"""`python -m phr`."""

import sys

from phr.cli import main

sys.exit(main())
