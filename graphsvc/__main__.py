"""`python -m graphsvc` is the `graphsvc` command."""

import sys

from graphsvc.cli import main

sys.exit(main())
