"""CL: classification datasets (few distinct short answers): balance, class sizes and label spelling.

`classification_files` is this family's answer to "which files are classification data, with which
classes", for reports (`ftlint stats`) as for the CL rules."""

from ftlint.rules.classification._labels import LabeledFile, classification_files

__all__ = ["LabeledFile", "classification_files"]
