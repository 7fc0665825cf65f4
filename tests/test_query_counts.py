"""Each public page runs the same number of queries with 5 decisions as with 500."""

import datetime
import re

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from decisions import workflow
from decisions.models import (
    Decision,
    DecisionStatus,
    InterestDeclaration,
    NoticeDocument,
    NoticeVersion,
    Section,
)
from decisions.models.decision import search_vector_of
from decisions.notices import draft_notice, notice_queryset, sha256_of, with_signature
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.pdfs_unmade]

PAGES = [
    "/decisions/",
    "/decisions/?q=common",
    "/decisions/?q=common&year=2020&status=published",
    "/decisions/2020/",
    "/decisions/bulk-2020-0003/",
    "/decisions/feed/",
    "/decisions.csv",
    "/decisions.json",
    "/api/decisions.json",
    "/api/decisions/bulk-2020-0003.json",
    "/meetings/",
    "/sitemap-decisions.xml",
]


def _bulk_signed(count, *, first=0):
    """Many signed decisions quickly: made as drafts with parts, then marked signed in bulk."""
    signatory = factories.signatory(name=f"Signatory from {first}")
    start = timezone.make_aware(datetime.datetime(2020, 1, 1, 12))
    drafts = Decision.objects.bulk_create(
        Decision(title=f"Bulk decision {n}", executive_summary=f"Summary {n}: a common matter.")
        for n in range(first, first + count)
    )
    Section.objects.bulk_create(
        Section(decision=d, heading="Background", body="Common words.") for d in drafts
    )
    for n, decision in enumerate(drafts, start=first):
        Decision.objects.filter(pk=decision.pk).update(
            reference=f"BULK 2020-{n:04d}",
            slug=f"bulk-2020-{n:04d}",
            reference_period=2020,
            reference_number=n + 1,
            signatory=signatory,
            signed_name=signatory.name,
            signed_title=signatory.title,
            declaration=InterestDeclaration.NONE,
            signed_at=start + datetime.timedelta(hours=n),
            published_at=start + datetime.timedelta(hours=n),
            search_document=f"Bulk decision {n} common matter",
            status=DecisionStatus.SIGNED,
        )
    if connection.vendor == "postgresql":  # what signing writes for search, in bulk
        Decision.objects.filter(pk__in=[d.pk for d in drafts]).update(
            search_vector=search_vector_of(
                F("reference"), F("executive_summary"), F("search_document")
            )
        )
    # Each with the version signing would freeze, and a stored PDF of it.
    signed = notice_queryset().filter(pk__in=[d.pk for d in drafts])
    versions = NoticeVersion.objects.bulk_create(
        NoticeVersion(decision=d, number=1, event="signed", at=d.signed_at,
                      content=(content := with_signature(draft_notice(d), d).to_json()),
                      content_sha256=sha256_of(content))
        for d in signed
    )  # fmt: skip
    NoticeDocument.objects.bulk_create(
        NoticeDocument(decision_id=v.decision_id, version=v, file=f"notices/bulk-{v.pk}.pdf",
                       sha256="0" * 64, size=1, reason="bulk")
        for v in versions
    )  # fmt: skip


def _public_meeting(board, alice):
    meeting = factories.meeting(board)
    workflow.put_to_board(factories.draft(), by=alice, meeting=meeting)
    workflow.publish_agenda(meeting, by=alice)


def _consume(response):
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    return response


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = _consume(client.get(url))
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("url", PAGES)
def test_queries_do_not_grow_with_the_register(
    client, board, alice, url, django_assert_max_num_queries
):
    _public_meeting(board, alice)
    _bulk_signed(5)
    with_five = _queries(client, url)
    _bulk_signed(495, first=5)
    with django_assert_max_num_queries(with_five):
        response = _consume(client.get(url))
    assert response.status_code == 200


def test_a_late_page_costs_the_same_queries_as_the_first(client):
    _bulk_signed(500)
    _queries(client, "/decisions/?page=3")  # the register is counted once per version
    first, late = _queries(client, "/decisions/"), _queries(client, "/decisions/?page=25")
    assert late == first


@pytest.mark.parametrize("url", ["/decisions/?page=25", "/decisions/?page=3&q=common"])
def test_a_late_page_reads_whole_rows_only_for_its_own_decisions(client, url):
    # Walking to page 5,000 of 100,000 over whole rows read every row before it (236 ms);
    # over ids it reads only the register's order index.
    _bulk_signed(500)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200 and "Bulk decision" in response.content.decode()
    wide = [q["sql"] for q in queries if '"executive_summary"' in q["sql"]]
    assert wide and not [sql for sql in wide if "OFFSET" in sql], wide


@pytest.mark.postgresql
@pytest.mark.parametrize("lines", ["on_register", "published"])
def test_the_register_s_order_is_read_from_an_index_never_sorted(lines):
    # With 100,000 decisions, sorting the whole register for its first page took 90 ms
    # (the index's condition was published()'s, so the register, whose lines include an
    # earlier register's entries, could not use it). Here the planner is told to avoid
    # both a full scan and a sort, and must still be able to.
    ordered = getattr(Decision.objects, lines)().order_by("-signed_at", "-id")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
    plan = ordered.values_list("pk", flat=True)[:20].explain()
    assert "Index" in plan and "Sort" not in plan, plan


@pytest.mark.postgresql
@pytest.mark.parametrize("lines", ["on_register", "in_force"])
def test_a_list_s_ids_are_read_from_an_index_alone(lines):
    # A filter's ids are read whole, once per version of the register (listing.py). For
    # the decisions in force, the most asked-for filter, that read and sorted the whole
    # table (180 ms at 100,000 decisions) until they had an index of their own.
    ordered = getattr(Decision.objects, lines)().order_by("-signed_at", "-id")
    with connection.cursor() as cursor:
        for plan_kind in ("seqscan", "sort", "indexscan", "bitmapscan"):
            cursor.execute(f"SET LOCAL enable_{plan_kind} = off")
    plan = ordered.values_list("pk", flat=True).explain()
    assert "Index Only Scan" in plan, plan


@pytest.mark.postgresql
@pytest.mark.parametrize("url", ["/decisions/?q=common", "/api/decisions.json?q=common"])
def test_a_search_finds_its_matches_once(client, url):
    # Finding the matches stops at SEARCH_COUNT_CAP, but still reads up to that many, and
    # a quoted phrase is checked against every vector holding its words: the search
    # finds them once, to count and to choose their order, and the page reuses them.
    _bulk_signed(30)
    with CaptureQueriesContext(connection) as queries:
        response = _consume(client.get(url))
    assert response.status_code == 200
    assert "30 decisions matching" in response.content.decode() or b'"count":30' in (
        response.content.replace(b" ", b"")
    )
    found = [q["sql"] for q in queries if " @@ " in q["sql"]]
    assert len(found) == 1, found


def _titles(response) -> list[str]:
    return re.findall(r"</span>: ([^<]+)</a>", response.content.decode())


@pytest.mark.parametrize("filters", ["", "&year=2020", "&status=published"])
def test_any_page_of_a_filter_after_one_is_read_finds_its_place_without_the_database(
    client, filters
):
    # Walking to page 2,000 of a filter stepped over 40,000 matches in PostgreSQL (for a
    # board, each through a join). The filter's ids are read once; every later page of
    # it reads only its own twenty rows, by primary key.
    _bulk_signed(500)
    client.get(f"/decisions/?page=3{filters}")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/decisions/?page=25{filters}")
    assert _titles(response) == [f"Bulk decision {n}" for n in range(19, -1, -1)]
    assert "page 25 of 25" in response.content.decode()
    read = [q["sql"] for q in queries if '"decisions_decision"' in q["sql"]]
    assert len(read) == 1 and "ORDER BY" not in read[0], read


def test_a_signing_moves_every_page_of_a_filter_on_at_once(client):
    _bulk_signed(40)
    assert _titles(client.get("/decisions/?page=2&status=published"))[0] == "Bulk decision 19"
    factories.signed(title="Signed after the pages were read")
    page_1 = _titles(client.get("/decisions/?status=published"))
    page_2 = _titles(client.get("/decisions/?page=2&status=published"))
    page_3 = _titles(client.get("/decisions/?page=3&status=published"))
    assert page_1[0] == "Signed after the pages were read"
    assert page_2[0] == "Bulk decision 20" and page_3 == ["Bulk decision 0"]


def test_what_else_a_url_holds_never_makes_another_list_of_ids(client):
    # Else anyone could make the cache keep every match's id once for each URL invented.
    _bulk_signed(30)
    client.get("/decisions/?status=published")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/decisions/?status=published&utm_source=x&page=2")
    assert _titles(response) == [f"Bulk decision {n}" for n in range(9, -1, -1)]
    read = [q["sql"] for q in queries if '"decisions_decision"' in q["sql"]]
    assert len(read) == 1 and "ORDER BY" not in read[0], read


@pytest.mark.parametrize("url", ["/decisions/?page=2&status=published", "/decisions/2020/"])
def test_a_reader_s_page_reads_the_register_s_version_once(client, url):
    # The page cache's key, the filter's ids and the filter's choices each read it: four
    # queries a page, where one names the same version for all three.
    _bulk_signed(30)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200 and _titles(response)
    versions = [q["sql"] for q in queries if "decisions_registerversion" in q["sql"]]
    assert len(versions) == 1, versions


@pytest.mark.postgresql
def test_the_planner_knows_how_often_a_less_common_word_occurs():
    # By default PostgreSQL keeps the frequencies of a search column's 1,000 commonest
    # words and guesses every other word's: at 100,000 decisions it took a word in
    # 15,000 of them for one in 500, and read and sorted them all for a page of twenty
    # (66 ms) where walking the register's order finds them in 3 ms. Here 1,200 words
    # are commoner than the one searched for, which is in two decisions.
    drafts = Decision.objects.bulk_create(Decision(title=f"Draft {n}") for n in range(1500))
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE decisions_decision SET search_vector = to_tsvector('simple', ("
            "  SELECT string_agg('w' || ((id * 7 + k * 31) %% 1200), ' ')"
            "  FROM generate_series(1, 60) AS k"
            ") || CASE WHEN id %% 750 = 0 THEN ' rareword' ELSE '' END) WHERE id = ANY(%s)",
            [[draft.pk for draft in drafts]],
        )
        cursor.execute("ANALYZE decisions_decision")
        cursor.execute(
            "EXPLAIN SELECT id FROM decisions_decision "
            "WHERE search_vector @@ to_tsquery('simple', 'rareword')"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    estimated = int(re.search(r"rows=(\d+)", plan).group(1))
    assert estimated <= 3, plan  # two; guessed as eight without the statistics
