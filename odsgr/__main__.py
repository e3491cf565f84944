"""``python -m odsgr``: see :mod:`odsgr.cli`."""

import sys

from odsgr.cli import main

sys.exit(main())
