"""The refresh lock as a step of a Dagster run takes it: the one guard on everything under <processed>/.

`make build` holds the same lock for its whole build. A step of a run the sensor, the schedule
or the UI launched waits for it rather than failing red. It is the only lock: a Dagster
concurrency pool beside it would let make build hold the lock while waiting for a pool slot that
a waiting run holds (a deadlock seen with `dg dev` running).
"""

from contextlib import contextmanager

import dagster as dg

from pipelines.lib.refresh_lock import RefreshBusy, refresh_lock, run_wait_seconds


@contextmanager
def run_lock(context: dg.AssetExecutionContext, processed):
    def waiting(holder: str):
        context.log.info(f"another refresh (PID {holder}, e.g. make build) holds the refresh lock: waiting up to {run_wait_seconds():.0f} s")

    try:
        with refresh_lock(processed, wait_seconds=run_wait_seconds(), on_wait=waiting):
            yield
    except RefreshBusy as exc:
        raise dg.Failure(str(exc), allow_retries=False) from None
