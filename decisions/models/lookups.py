"""`pk__any_of=ids`: the ids as one parameter where PostgreSQL can take an array.

An `__in` of 500 ids is 500 placeholders: psycopg splits the query at each of them, and
PostgreSQL parses and plans a list that long, every time (the open data's marks for 500
decisions: 10-15 ms, against 3 ms as one array). Elsewhere (SQLite) it is `__in`.
"""

from django.db import models
from django.db.models.lookups import In


@models.BigAutoField.register_lookup
class AnyOf(In):
    lookup_name = "any_of"

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*lhs_params, list(self.rhs))
