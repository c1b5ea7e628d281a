"""`python -m demos`: run the demos (see `python -m demos --help`)."""

import sys

from demos.cli import main

sys.exit(main())
