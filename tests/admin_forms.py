"""Build the POST data of the decision admin page, inlines and all."""

INLINE_PREFIXES = (
    "forward_plan",
    "sections",
    "gateways",
    "background_papers",
    "annexes",
    "links_out",
    "confidential_parts",
)


def decision_form(fields=None, **inlines):
    """Admin form data for a decision. Each inline is a list of dicts of its fields."""
    data = {
        "title": "Victims' services contract",
        "executive_summary": "Summary.",
        "decision_heading": "Decision",
        "decision_text": "- that the contract be awarded.",
        "reasons": "1. Value for money.",
        "made_at": "",
        "made_on": "",
        "urgency_reason": "",
        "contact_officer": "",
        "gateway_is_indicative": "on",
        "gateway_note": "",
        "signatory": "",
        "declaration": "",
        "interests_declared": "",
        "public_access_statement": "Information contained in this decision is subject to FOI.",
    }
    data.update(fields or {})
    for prefix in INLINE_PREFIXES:
        rows = inlines.get(prefix, [])
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
        data[f"{prefix}-INITIAL_FORMS"] = "0"
        data[f"{prefix}-MIN_NUM_FORMS"] = "0"
        data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
        for index, row in enumerate(rows):
            for key, value in row.items():
                data[f"{prefix}-{index}-{key}"] = value
    return {key: value for key, value in data.items() if value is not None}


def hidden_fields(client, url) -> dict:
    """The hidden inputs of the form on `url`, as a browser would send them back: the
    page's version, and on sign pages the digest of the notice it shows."""
    import re

    page = client.get(url).content.decode()
    fields = {}
    for tag in re.findall(r"<input[^>]*type=\"hidden\"[^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and name.group(1) != "csrfmiddlewaretoken":
            fields[name.group(1)] = value.group(1) if value else ""
    return fields
