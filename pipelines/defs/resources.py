"""Resources shared by every asset."""

import dagster as dg

from pipelines.resources import EvidencePaths


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(resources={"paths": EvidencePaths()})
