"""Readers for reference-manager exports: each turns one file into ReferenceRecords and rejects.

A reader never raises on a bad record: the record becomes a Rejected with its record number
or line and the raw text, and the file's other records still load. A file that cannot be
read at all gives one Rejected.
"""
