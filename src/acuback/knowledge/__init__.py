"""The clinical knowledge base: data files loaded into frozen, validated records. Imports no web code."""

from acuback.knowledge.atlas import Atlas, build_atlas, load_atlas
from acuback.knowledge.errors import DataFileError, KnowledgeError, UnknownPoint

__all__ = ["Atlas", "DataFileError", "KnowledgeError", "UnknownPoint", "build_atlas", "load_atlas"]
