"""pandera models of the warehouse tables; field descriptions double as the data dictionary."""

from schemas.tables import TABLE_MODELS

__all__ = ["TABLE_MODELS"]
