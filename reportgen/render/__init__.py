"""Rendering stage: a document's context → HTML, PDF (WeasyPrint) or DOCX (Word XML).

Both engines take the same context from the same document kind and apply the same official
layout (GB/T 9704-2012); which one runs is a matter of the output format only.
"""
