"""The IMDb non-commercial datasets, streamed into the catalogue.

reader: finds and opens the published files (plain or gzip), checks what they are.
mapping: what an IMDb row means for the catalogue (categories, genres, limits).
stage: scratch tables the files are streamed into (a side SQLite file, or TEMP tables
    filled by COPY on PostgreSQL).
loader: reads every file into the stage, then merges the stage into the catalogue with
    set-based SQL, one transaction per batch.
"""
