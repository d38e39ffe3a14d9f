import gc
import os
import sys

from builder.cli import main

# A one-off run makes millions of long-lived objects and few cycles: the cyclic collector would only
# rescan them (a full pass of seconds at 10,000 sources when the build pipeline turns it back on).
gc.disable()
code = main()
sys.stdout.flush()
sys.stderr.flush()
if sys.getprofile() is None:  # a profiler (python -m cProfile) writes its results at a normal exit
    # Freeing those objects one by one at exit would take seconds more, once every file is written and closed.
    os._exit(code)
sys.exit(code)
