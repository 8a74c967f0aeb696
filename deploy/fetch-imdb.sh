#!/bin/sh
# Download the IMDb dataset files the importer reads into $1, only when IMDb has newer ones
# (curl -z sends If-Modified-Since), each to a temporary name first so a failed download never
# leaves a truncated file for the import.
set -eu
dir=${1:?usage: fetch-imdb.sh DIRECTORY}
base=${IMDB_DATASETS_URL:-https://datasets.imdbws.com}
mkdir -p "$dir"
for name in title.basics title.akas title.ratings title.principals name.basics title.crew; do
    file="$dir/$name.tsv.gz"
    curl -fsSL --retry 3 -z "$file" -o "$file.part" "$base/$name.tsv.gz"
    if [ -s "$file.part" ]; then mv "$file.part" "$file"; else rm -f "$file.part"; fi
done
