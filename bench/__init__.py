"""`make bench`: the register measured against its own stack's ceiling (bench/run.py).

Not part of the product: nothing in decisions/ imports it.
"""
