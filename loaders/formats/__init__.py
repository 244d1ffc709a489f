"""Container formats and legacy encodings behind :func:`mandategraph.loaders.readers.read_document`.

Heavy optional packages (python-docx, pypdf) are imported inside the functions that need them,
so plain-text loading works without them.
"""
