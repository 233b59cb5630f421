"""Dagster definitions, one module per domain; every module here is loaded by definitions.py."""
