"""CSV cells a spreadsheet opens safely: every CSV the register writes, public or staff,
passes each cell through escape_cell."""

# A cell starting with one of these is run as a formula by Excel, LibreOffice and
# Google Sheets ("CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value) -> str:
    """A cell a spreadsheet would run as a formula is prefixed with ' so it shows as text."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text
