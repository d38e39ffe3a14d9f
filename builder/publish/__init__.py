"""Stage 5: hand the pages to MkDocs as virtual files, or write them to a folder."""
