"""Finding a decision on the register: which notices a search finds and in what order,
the passage shown under each, the counts, and the example reference in the hints.

Written to kill the mutants `make mutation` found surviving: each test names what a
reader would see go wrong.
"""

import datetime
import json
import re
from html.parser import HTMLParser

import pytest
from django.core.cache import caches

from decisions import workflow
from decisions.models import (
    Annex,
    BackgroundPaper,
    ConfidentialPart,
    Decision,
    DecisionStatus,
    GatewayRow,
    NumberingSeries,
    Period,
    Section,
)
from decisions.public import finding, register
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.pdfs_unmade]

FILLER = "The panel met and heard from the public about other matters. " * 8


def _signed(title, *, body="", reference=None, signed_on=None):
    decision = factories.draft(title=title)
    if body:
        Section.objects.create(decision=decision, order=2, heading="Background", body=body)
    return factories.record_signature(decision, reference=reference, signed_on=signed_on)


def _page(client, path="/decisions/", **params):
    return client.get(path, params).content.decode()


def _snippets(page):
    return re.findall(r'<p class="govuk-body decision-results__snippet">(.*?)</p>', page, re.S)


def test_it_finds_only_notices_with_every_word_and_shows_where_they_matched(client):
    _signed("Replacement", body=FILLER + "The Fleet of marked vehicles will be replaced.",
            reference="PCD 1")  # fmt: skip
    _signed("Vans only", body="New vehicles for the dog unit.", reference="PCD 2")
    page = _page(client, q="fleet vehicles")
    assert "1 decision matching" in page
    assert "Replacement" in page and "Vans only" not in page
    (found,) = _snippets(page)
    # The passage around the match, cut from a longer notice, with both words marked
    # however they were written.
    assert found.startswith("… ") and found.endswith(" …")
    assert "<mark>Fleet</mark> of marked <mark>vehicles</mark> will be replaced." in found
    assert "PCD 1" not in found


def test_it_shows_a_match_near_the_start_from_the_notice_s_first_word(client):
    _signed("Fleet vehicles", body="Replacing the fleet.", reference="PCD 7")
    (found,) = _snippets(_page(client, q="vehicles"))
    assert found.startswith("PCD 7 Fleet <mark>vehicles</mark>")
    assert found.endswith(" …")


def test_it_shows_the_start_of_a_notice_matched_by_another_form_of_the_word():
    # PostgreSQL's search finds "replacing" in "replaced": the passage then starts at
    # the beginning, with nothing marked.
    decision = _signed("Fleet", body="The vans will be replaced.", reference="PCD 8")
    assert finding.snippet(decision, "replacing").startswith("PCD 8 Fleet")
    assert "<mark>" not in finding.snippet(decision, "replacing")


def test_it_shows_no_passage_for_a_search_with_no_words_to_mark():
    # Nothing to mark, so no passage: the results then show the notice's summary.
    decision = Decision(search_document="PCD 9 Fleet vehicles")
    assert finding.snippet(decision, "?!") == ""


def test_it_adds_no_words_of_its_own_to_the_passage_of_a_notice_with_no_text():
    decision = Decision(search_document="")
    assert finding.snippet(decision, "fleet").strip(" …") == ""


def test_it_lists_matches_most_recently_signed_first_then_latest_recorded(client):
    _signed("Second", body="vehicles", signed_on=datetime.date(2020, 1, 2))
    _signed("Third", body="vehicles", signed_on=datetime.date(2020, 1, 1))
    _signed("First", body="vehicles", signed_on=datetime.date(2020, 1, 2))
    page = _page(client, q="vehicles")
    assert page.index("First") < page.index("Second") < page.index("Third")


def test_it_counts_the_matches_of_each_filter_separately(client, alice, carol, board):
    factories.in_state(
        DecisionStatus.WITHDRAWN, drafter=alice, commissioner=carol, board_=board, title="Gone"
    )
    for title in ("Kept", "Also kept"):
        factories.in_state(
            DecisionStatus.SIGNED, drafter=alice, commissioner=carol, board_=board, title=title
        )
    assert "3 decisions" in _page(client)
    assert "1 decision<" in _page(client, status="withdrawn")
    assert "2 decisions" in _page(client, status="published")


def test_it_pages_through_a_search_with_more_matches_than_it_counts(client, monkeypatch):
    for n in range(6):
        _signed(f"Common {n}", body="policing", signed_on=datetime.date(2020, 1, 1 + n))
    monkeypatch.setattr(finding, "SEARCH_COUNT_CAP", 4)
    monkeypatch.setattr(register.RegisterView, "paginate_by", 2)
    page = _page(client, q="policing", page=2)
    assert "Common 3" in page and "Common 2" in page
    assert "Common 5" not in page and "Common 1" not in page


def test_it_gives_the_latest_signed_reference_as_the_example_in_hints(client):
    _signed("Same day, recorded first", reference="PCD 10", signed_on=datetime.date(2020, 1, 2))
    _signed("Same day, recorded last", reference="PCD 11", signed_on=datetime.date(2020, 1, 2))
    _signed("Day before", reference="PCD 9", signed_on=datetime.date(2020, 1, 1))
    assert "a reference such as PCD 11, or a name" in _page(client)
    missing = _page(client, "/decisions/no-such-decision/")
    assert "<code>/decisions/pcd-11/</code> for PCD 11." in missing


def test_it_gives_the_default_series_first_reference_as_the_example_on_a_new_register(client):
    NumberingSeries.objects.create(
        name="Chief executive", pattern="CEX {number:03d}", period=Period.CONTINUOUS
    )
    NumberingSeries.objects.create(
        name="Decisions", pattern="PCD {number}", period=Period.CONTINUOUS, is_default=True
    )
    assert "a reference such as PCD 1, or a name" in _page(client)
    missing = _page(client, "/decisions/no-such-decision/")
    assert "<code>/decisions/pcd-1/</code> for PCD 1." in missing


def test_it_gives_the_office_s_reference_format_as_the_example_before_any_series(client, settings):
    settings.REFERENCE_FORMAT = "OPCC/{number:03d}"
    assert "a reference such as OPCC/001, or a name" in _page(client)


class _Selects(HTMLParser):
    """Each <select> of a page: its attributes and its options as (value, text)."""

    def __init__(self, html):
        super().__init__()
        self.selects, self._option = {}, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select":
            self._current = self.selects[attrs["name"]] = {"attrs": attrs, "options": []}
        elif tag == "option":
            self._option = attrs.get("value")

    def handle_data(self, data):
        if self._option is not None:
            self._current["options"].append((self._option, data.strip()))
            self._option = None


def test_it_labels_each_filter_and_offers_any_or_one_of_its_choices(client, board):
    _signed("In 2013", signed_on=datetime.date(2013, 5, 1))
    _signed("In 2014", signed_on=datetime.date(2014, 5, 1))
    page = _page(client)
    selects = _Selects(page).selects
    for name in ("year", "board", "status"):
        assert selects[name]["attrs"]["id"] == f"filter-{name}"
        assert f'<label class="govuk-label govuk-label--s" for="filter-{name}">' in page
        assert selects[name]["attrs"]["class"] == "govuk-select"
    assert selects["year"]["options"] == [("", "Any year"), ("2014", "2014"), ("2013", "2013")]
    assert selects["board"]["options"] == [("", "Any board"), (board.slug, board.name)]
    assert selects["status"]["options"][0] == ("", "Any status")


def test_it_lists_only_the_decisions_put_to_the_board_chosen(client, alice, carol, board):
    audit = factories.board(name="Joint Audit Committee")
    for title, to in (("Policing plan", board), ("Audit plan", audit), ("Second audit", audit)):
        factories.in_state(
            DecisionStatus.SIGNED, drafter=alice, commissioner=carol, board_=to, title=title
        )
    page = _page(client, board=audit.slug)
    assert "2 decisions" in page
    assert "Audit plan" in page and "Second audit" in page and "Policing plan" not in page


def test_it_says_when_a_search_was_cut_to_its_first_200_characters(client):
    message = "Only the first 200 characters were searched for."
    assert message not in _page(client, q="x" * 200)
    assert message in _page(client, q="x" * 201)


def test_it_lists_under_each_status_only_the_decisions_in_it(client, alice, carol, board):
    from decisions.workflow.past import PastDecision, record_past_decision

    def signed(title):
        return factories.in_state(
            DecisionStatus.SIGNED, drafter=alice, commissioner=carol, board_=board, title=title
        )

    amended, proposed = signed("Amended one"), signed("Amendment not yet signed")
    for decision in (amended, proposed):
        workflow.propose_amendment(decision, by=alice, change_note="Fix")
    workflow.sign_amendment(amended, by=carol)
    signed("Plain one")
    factories.in_state(
        DecisionStatus.WITHDRAWN, drafter=alice, commissioner=carol, board_=board, title="Gone one"
    )
    record_past_decision(PastDecision(
        reference="003/2016", title="Sale of land", decision_maker_name="",
        status=DecisionStatus.NOT_PUBLISHED, register_note="Commercially sensitive",
    ))  # fmt: skip
    everyone = {"Amended one", "Amendment not yet signed", "Plain one", "Gone one", "Sale of land"}
    expected = {
        "published": {"Amended one", "Amendment not yet signed", "Plain one"},
        "amended": {"Amended one"},
        "withdrawn": {"Gone one"},
        "not_a_notice": {"Sale of land"},
    }
    for status, titles in expected.items():
        page = _page(client, status=status)
        assert {title for title in everyone if f": {title}</a>" in page} == titles, status


def test_it_finds_a_notice_by_the_words_of_each_public_part_and_never_a_secret(
    client, alice, carol, board
):
    decision = factories.draft(
        created_by=alice, title="Custody contract", executive_summary="The **aardvark** plan.",
        decision_text="- to approve the badger scheme.", reasons="1. The cormorant report.",
        urgency_reason="The dormouse deadline.", contact_officer=factories.contact(),
    )  # fmt: skip
    Section.objects.create(decision=decision, order=2, heading="Egret", body="The ferret.")
    Section.objects.create(decision=decision, order=3, heading="Gannet", body="The heron.")
    GatewayRow.objects.create(
        decision=decision, gate=1, description="Ibis", milestone_planned=datetime.date(2026, 1, 1)
    )
    BackgroundPaper.objects.create(decision=decision, title="Jackdaw", url="https://example.org/")
    Annex.objects.create(decision=decision, label="A", title="Kestrel", url="https://example.org/")
    ConfidentialPart.objects.create(decision=decision, heading="Lapwing", body="The magpie.")
    workflow.put_to_board(decision, by=alice, meeting=factories.meeting(board))
    workflow.send_for_signature(decision, by=alice)
    workflow.sign(decision, by=carol, declaration="none")
    public = ["aardvark", "badger", "cormorant", "dormouse", "Egret", "ferret", "Gannet",
              "heron", "Ibis", "Jackdaw", "Kestrel", "Courtney", "Sam Taylor"]  # fmt: skip
    for words in public:
        assert "Custody contract" in _page(client, q=words), words
    for secret in ("Lapwing", "magpie"):
        assert "0 decisions" in _page(client, q=secret)


def test_it_finds_a_notice_by_the_words_of_its_amendment_and_withdrawal(
    client, alice, carol, board
):
    decision = factories.draft(created_by=alice, title="Custody contract")
    factories.sign_through_workflow(decision, drafter=alice, commissioner=carol, board_=board)
    workflow.propose_amendment(decision, by=alice, change_note="The osprey figure is corrected.",
                               body="The **pelican** budget is 2m.")  # fmt: skip
    workflow.sign_amendment(decision, by=carol)
    workflow.propose_withdrawal(decision, by=alice, reason="Superseded by the quail plan.")
    workflow.sign_amendment(decision, by=carol)
    for words in ("osprey", "pelican", "quail", "Custody"):
        assert "Custody contract" in _page(client, q=words), words


def test_it_keeps_an_unsigned_proposal_s_words_out_of_search(client, alice, carol, board):
    decision = factories.draft(created_by=alice, title="Custody contract")
    factories.sign_through_workflow(decision, drafter=alice, commissioner=carol, board_=board)
    workflow.propose_amendment(decision, by=alice, change_note="The osprey figure.")
    assert "0 decisions" in _page(client, q="osprey")


@pytest.mark.postgresql
def test_it_reads_a_search_as_people_type_one_excluding_a_word_or_quoting_a_phrase(client):
    # PostgreSQL's web search syntax; the embedded database's fallback looks for each word.
    _signed("Rural policing plan")
    _signed("Rural and urban policing")
    _signed("A plan for rural policing")

    def found(words):
        page = _page(client, q=words)
        return sorted(re.findall(r"</span>: ([^<]+)</a>", page))

    assert found("rural -urban") == ["A plan for rural policing", "Rural policing plan"]
    assert found('"policing plan"') == ["Rural policing plan"]


@pytest.mark.postgresql
def test_it_finds_a_reference_the_search_syntax_would_read_as_excluding_a_word(client):
    # "3 - 2013" is "3, but not 2013" to web search syntax; it is found by its address.
    _signed("Custody inspection", reference="3 - 2013", signed_on=datetime.date(2013, 5, 1))
    _signed("Another decision of 2013", signed_on=datetime.date(2013, 6, 1))
    page = _page(client, q="3 - 2013")
    assert re.findall(r"</span>: ([^<]+)</a>", page) == ["Custody inspection"]


def _slow_register(monkeypatch, seconds_a_row):
    """Every register query made to take `seconds_a_row` a decision read: what a quoted
    phrase of common words costs on a register of 100,000, made certain on a small one."""
    quick = Decision.objects.on_register
    sleep = f"pg_sleep({seconds_a_row}) IS NOT NULL"
    monkeypatch.setattr(Decision.objects, "on_register", lambda: quick().extra(where=[sleep]))  # noqa: S610


@pytest.mark.postgresql
def test_a_phrase_too_slow_to_check_is_searched_for_as_its_words_and_says_so(client, monkeypatch):
    _signed("Rural policing plan")
    _signed("A plan for rural policing")
    _signed("Urban policing")
    monkeypatch.setattr(finding, "PHRASE_TIME_LIMIT_MS", 20)
    _slow_register(monkeypatch, 0.1)

    page = _page(client, q='"policing plan"')
    # Not only the exact phrase: every decision with both words, and the reader told why.
    assert sorted(re.findall(r"</span>: ([^<]+)</a>", page)) == [
        "A plan for rural policing",
        "Rural policing plan",
    ]
    assert finding.PHRASE_UNCHECKED in page
    feed = client.get("/decisions/feed/", {"q": '"policing plan"'}).content.decode()
    assert finding.PHRASE_UNCHECKED in feed


@pytest.mark.postgresql
def test_a_phrase_checked_in_time_is_searched_for_exactly(client, monkeypatch):
    _signed("Rural policing plan")
    _signed("A plan for rural policing")
    _slow_register(monkeypatch, 0.01)

    page = _page(client, q='"policing plan"')
    assert re.findall(r"</span>: ([^<]+)</a>", page) == ["Rural policing plan"]
    assert finding.PHRASE_UNCHECKED not in page


@pytest.mark.postgresql
def test_a_programs_search_says_when_its_phrase_was_searched_for_as_its_words(client, monkeypatch):
    _signed("Rural policing plan")
    _signed("A plan for rural policing")
    monkeypatch.setattr(finding, "PHRASE_TIME_LIMIT_MS", 20)
    _slow_register(monkeypatch, 0.1)

    for url in ("/api/decisions.json", "/decisions.json"):
        response = client.get(url, {"q": '"policing plan"'})
        body = b"".join(response.streaming_content) if response.streaming else response.content
        answer = json.loads(body)
        assert answer["errors"] == {"q": [finding.PHRASE_UNCHECKED]}, url
        assert len(answer["decisions"]) == 2, url


@pytest.mark.postgresql
def test_a_phrase_s_time_limit_ends_with_its_search():
    from django.db import connection

    _signed("Rural policing plan")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = '7s'")  # inside the test's transaction
        list(finding.counted_search(Decision.objects.on_register(), '"policing plan"').matches)
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone() == ("7s",)


@pytest.mark.postgresql
def test_an_email_alert_s_phrase_is_checked_exactly_however_long_it_takes(monkeypatch):
    _signed("Rural policing plan")
    _signed("A plan for rural policing")
    monkeypatch.setattr(finding, "PHRASE_TIME_LIMIT_MS", 20)
    _slow_register(monkeypatch, 0.1)
    # search() is what the worker's alerts ask (decisions/alerts/sending.py).
    found = finding.search(Decision.objects.on_register(), '"policing plan"')
    assert [decision.title for decision in found] == ["Rural policing plan"]


def test_an_excluded_phrase_searched_for_as_words_is_left_out_not_made_an_excluded_word():
    words = finding._phrases_as_words('police "chief constable" -"road safety" -"open')
    assert words.split() == ["police", "chief", "constable"]


@pytest.mark.postgresql
def test_it_ranks_up_to_the_count_it_stops_at_and_lists_newest_first_beyond(client, monkeypatch):
    # Made out of date order, so "newest first" is not the order they were made in; two
    # signed the same day come latest recorded first.
    _signed("Lamps", body="A heliograph, once.", signed_on=datetime.date(2022, 1, 1))
    _signed("Heliograph heliograph heliograph", signed_on=datetime.date(2020, 1, 1))
    _signed("Radio", body="The heliograph is mentioned.", signed_on=datetime.date(2021, 1, 1))
    _signed(
        "Lanterns", body="A heliograph, twice: heliograph.", signed_on=datetime.date(2022, 1, 1)
    )

    def titles():
        caches["default"].clear()  # the same page is asked for twice, under two caps
        return re.findall(r"</span>: ([^<]+)</a>", _page(client, q="heliograph"))

    # As many matches as it counts: the best match first.
    monkeypatch.setattr(finding, "SEARCH_COUNT_CAP", 4)
    assert titles()[0] == "Heliograph heliograph heliograph"
    # One more than it counts: too many to rank, so the newest first.
    monkeypatch.setattr(finding, "SEARCH_COUNT_CAP", 3)
    assert titles() == ["Lanterns", "Lamps", "Radio", "Heliograph heliograph heliograph"]


def test_it_lists_every_decision_through_a_filter_form_given_nothing_to_filter_by():
    _signed("Kept", reference="PCD 1")
    # Unbound (no query string at all): nothing to narrow by, and nothing to fail on.
    form = finding.RegisterFilterForm(None, years=[], boards=[])
    found = form.apply(register.register_queryset())
    assert [decision.title for decision in found] == ["Kept"]
