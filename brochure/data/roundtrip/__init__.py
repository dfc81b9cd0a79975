"""Saving edits to a YAML data file so that only the lines of the changed values change.

The editor saves a form by changing a few values in a file a person also edits
by hand.  A plain ``yaml.dump`` would rewrite the whole file: comments gone,
quotes changed, keys sorted.  Here the file is loaded with ruamel.yaml, which
keeps comments, key order and quoting, the edit is made on that tree, and the
tree is dumped again.

ruamel does not reproduce every hand-written file byte for byte (another
indentation, extra spaces after a colon or inside [ ]).  So the
dump of the unedited tree (D0) is compared with the file (O): when they are
equal the new dump (D1) is the result; when not, only the lines that differ
between D0 and D1 are carried over into O, every other line of O is kept as
it was.

Whatever comes out is read back with PyYAML, as the build reads it, and must
give exactly the data the edit meant; if not, nothing is written.

ruamel keeps a comment, and the blank lines, that follow a value in the tree
node of the deepest last value before them (a banner such as
``# ---- Sapporo`` belongs, for ruamel, to the ``verified:`` of the record
above it).  Adding, deleting and moving items therefore moves that trailing
text so that it stays where it was in the file: see "the text between
items" below.
"""
from .document import Conflict, Document, RoundTripError

__all__ = ["Conflict", "Document", "RoundTripError"]
