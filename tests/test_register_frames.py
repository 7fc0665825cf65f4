"""A register page's frame (the layout, the filters with the reader's choices, the
list's links) is made once for each list and each version of the register; every
other page of that list renders only its own results into it. What the filters offer
is read once for each version too, and is never stale; the pages' links, drawn in
Python, are GOV.UK Frontend's."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from decisions.public.register import RegisterView
from tests import factories

pytestmark = pytest.mark.django_db

PAGE_TEMPLATE = "decisions/decision_list.html"


def _rendered(response) -> set[str]:
    return {template.name for template in response.templates}


def _signed_in_2024(count):
    first = datetime.date(2024, 1, 1)
    for n in range(count):
        factories.signed(title=f"Matter {n:02d}", signed_on=first + datetime.timedelta(days=n))


def test_a_list_s_next_page_is_its_results_in_the_frame_made_for_its_first(client):
    _signed_in_2024(21)
    first = client.get("/decisions/?year=2024")
    assert PAGE_TEMPLATE in _rendered(first)
    second = client.get("/decisions/?year=2024&page=2")
    assert PAGE_TEMPLATE not in _rendered(second)
    page = second.content.decode()
    assert page.count("<html") == 1 and page.rstrip().endswith("</html>")
    assert '<option value="2024" selected>2024</option>' in page  # the reader's filter
    assert 'href="/decisions/feed/?year=2024"' in page  # the list's own feed, not page 2's
    assert "21 decisions, page 2 of 2" in page
    assert "Matter 00" in page and "Matter 01" not in page  # newest first: the oldest last
    assert 'rel="prev"' in page and 'rel="next"' not in page


def test_each_list_has_its_own_frame(client):
    _signed_in_2024(2)
    client.get("/decisions/?year=2024")
    page = client.get("/decisions/?status=published").content.decode()
    assert '<option value="published" selected>' in page
    assert '<option value="2024" selected>' not in page
    assert 'href="/decisions/feed/?status=published"' in page


def test_a_signing_makes_the_frame_again(client):
    _signed_in_2024(21)
    client.get("/decisions/?year=2024")  # the frame, without 2025 in the years
    factories.signed(title="A new year", signed_on=datetime.date(2025, 2, 1))
    page = client.get("/decisions/?year=2024&page=2").content.decode()
    assert '<option value="2025">2025</option>' in page


def test_the_filters_choices_are_read_once_for_each_version_of_the_register(client, board):
    _signed_in_2024(1)
    client.get("/decisions/")
    with CaptureQueriesContext(connection) as captured:
        client.get("/decisions/?year=2024")
    assert not [query for query in captured if "decisions_board" in query["sql"]]


def test_a_board_renamed_is_offered_by_its_new_name_at_once(client, board):
    _signed_in_2024(1)
    assert f">{board.name}</option>" in client.get("/decisions/").content.decode()
    board.name = "Renamed board"
    board.save()  # as the admin saves it
    page = client.get("/decisions/?year=2024").content.decode()
    assert ">Renamed board</option>" in page


def test_a_long_list_links_its_first_last_and_nearby_pages_and_marks_the_current(
    client, monkeypatch
):
    monkeypatch.setattr(RegisterView, "paginate_by", 1)
    _signed_in_2024(8)
    page = client.get("/decisions/?year=2024&page=6").content.decode()
    numbers = re.findall(r'aria-label="Page (\d+)"', page)
    assert numbers == ["1", "4", "5", "6", "7", "8"]
    assert page.count("&ctdot;") == 1  # pages 2 and 3, left out
    assert re.search(r'href="\?year=2024&amp;page=6" aria-label="Page 6" aria-current="page"', page)
    assert 'href="?year=2024&amp;page=5" rel="prev"' in page
    assert 'href="?year=2024&amp;page=7" rel="next"' in page


def test_someone_signed_in_gets_the_whole_page_and_no_frame_is_kept_from_it(client, alice, board):
    _signed_in_2024(21)
    client.force_login(alice)
    signed_in = client.get("/decisions/?year=2024")
    assert PAGE_TEMPLATE in _rendered(signed_in)
    again = client.get("/decisions/?year=2024&page=2")
    assert PAGE_TEMPLATE in _rendered(again) and "Matter 00" in again.content.decode()
    client.logout()
    reader = client.get("/decisions/?year=2024&page=2")
    assert PAGE_TEMPLATE in _rendered(reader)  # the signed-in pages kept no frame
