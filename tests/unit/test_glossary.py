"""The glossary's definition list becomes hover definitions."""

from __future__ import annotations

from evidence.glossary import definitions, forms, glossary_terms

PAGE = """---
title: Glossary
---

# Glossary

Cartilage
:   Smooth tissue that covers the ends of bones.

NSAID
:   A medicine that eases pain and swelling.
:   Short for nonsteroidal anti-inflammatory drug.

Synovial fluid
:   The fluid inside a joint.
"""


def test_terms_and_definitions_are_read_from_the_definition_list() -> None:
    terms = glossary_terms(PAGE)
    assert [t.term for t in terms] == ["Cartilage", "NSAID", "Synovial fluid"]
    assert (
        terms[1].definition == "A medicine that eases pain and swelling. Short for nonsteroidal anti-inflammatory drug."
    )


def test_forms_cover_lower_case_and_plurals_but_keep_acronyms() -> None:
    assert forms("Cartilage") == ["Cartilage", "cartilage", "Cartilages", "cartilages"]
    assert forms("NSAID") == ["NSAID", "NSAIDs"]
    assert forms("Synovial fluid") == ["Synovial fluid", "synovial fluid"]
    assert definitions(glossary_terms(PAGE))["synovial fluid"] == "The fluid inside a joint."


def test_a_term_is_defined_at_its_first_use_on_a_page_only() -> None:
    import markdown

    from evidence.glossary import FirstUseExtension

    md = markdown.Markdown(
        extensions=["abbr", "toc", FirstUseExtension()],
        extension_configs={"abbr": {"glossary": definitions(glossary_terms(PAGE))}},
    )
    html = md.convert(
        "## Cartilage and you\n\nCartilage wears. *Cartilage* and NSAIDs: an NSAID eases pain.\n\n- cartilage again\n"
    )
    assert html.count("<abbr") == 2  # the first cartilage (in the heading) and the first NSAID
    assert html.count('title="Smooth tissue that covers the ends of bones.">Cartilage</abbr> and you') == 1
    # the later uses are plain text, with nothing lost around them
    assert "<p>Cartilage wears. <em>Cartilage</em> and" in html and "<li>cartilage again</li>" in html
    assert "an NSAID eases pain." in html
