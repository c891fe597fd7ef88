import os

# One numba thread per test process, set before anything imports numba (subprocesses inherit it):
# pytest-xdist already runs one worker per core, and on a loaded machine each month's parallel region
# waits for a second thread to be scheduled (a 320-run sweep took 16.8 s with two threads, 3.1 s with
# one, at load 11). The numbers do not depend on the thread count: tests/test_compiled.py runs the
# golden cases with two threads to show it.
os.environ.setdefault("NUMBA_NUM_THREADS", "1")
