import sys

from accord.cli import run

sys.exit(run())
