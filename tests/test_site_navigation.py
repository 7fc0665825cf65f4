"""The header's section links tell a reader where they are (GOV.UK service navigation):
the section's own address is the current page, a page within it marks the section, and
the other sections are plain links. Screen readers hear it from aria-current."""

import re

import pytest

pytestmark = pytest.mark.django_db


def _navigation(client, url):
    page = client.get(url).content.decode()
    nav = re.search(r'<nav aria-label="Main".*?</nav>', page, re.S).group(0)
    return {
        label: (current or "", "--active" in item)
        for item, current, label in re.findall(
            r'(<li class="govuk-service-navigation__item[^"]*">)\s*<a [^>]*?'
            r'(?:aria-current="(\w+)")?>(?:<strong[^>]*>)?([\w ]+)<',
            nav,
        )
    }


def test_the_register_is_the_current_page_and_the_other_sections_are_plain_links(client, demo):
    assert _navigation(client, "/decisions/") == {
        "Decisions": ("page", True),
        "Forward plan": ("", False),
        "Meetings": ("", False),
        "Open data": ("", False),
    }


def test_a_notice_marks_its_section_without_being_its_front_page(client, demo):
    assert _navigation(client, "/decisions/wmpcc-2012-001/")["Decisions"] == ("true", True)


def test_the_open_data_page_marks_only_its_own_section(client, demo):
    navigation = _navigation(client, "/open-data/")
    assert navigation["Open data"] == ("page", True)
    assert navigation["Decisions"] == ("", False)


def test_the_alert_form_names_each_radio_by_its_own_field(client):
    page = client.get("/alerts/").content.decode()
    scope = re.findall(r'<input class="govuk-radios__input"[^>]*name="scope"[^>]*>', page)
    frequency = re.findall(r'<input class="govuk-radios__input"[^>]*name="frequency"[^>]*>', page)
    assert len(scope) == 3 and len(frequency) == 2
