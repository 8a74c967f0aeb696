"""Importers that fetch from web APIs (TMDb, OMDb) instead of reading a file.

client: one JSON GET with retries, rate-limit waits, timeouts and an on-disk cache.
tmdb, omdb: pure parsing of the documented responses into drafts (no database).
match: pure resolution of a fetched film onto the catalogue (ids, then title + year).
services: batched writes of drafts, one transaction per batch.
runs: the fetch-then-write loops the `import tmdb` and `import omdb` commands drive.
"""
