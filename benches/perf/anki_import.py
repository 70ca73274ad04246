"""Anki's own CSV importer on a deck file, as the benchmark runs it beside `codedrill import`.

Usage: python anki_import.py DECK.csv COLLECTION.anki2

A new collection, the file's columns as Anki reads them (its first row taken as the header), every
row a Basic note in the default deck; prints how many notes were added. Run by benches/perf.rs.
"""

import sys

from anki.collection import Collection, ImportCsvRequest


def main(deck: str, collection: str) -> int:
    col = Collection(collection)
    try:
        metadata = col.get_csv_metadata(deck, None)
        metadata.force_delimiter = True
        request = ImportCsvRequest(path=deck, metadata=metadata)
        result = col.import_csv(request)
        print(len(result.log.new))
    finally:
        col.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
