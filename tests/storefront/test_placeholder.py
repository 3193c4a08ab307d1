from xml.etree import ElementTree

from mercato.storefront.placeholder import caption_lines, initials, product_placeholder_svg, placeholder_version


def test_same_product_same_picture_and_departments_share_a_hue():
    first = product_placeholder_svg(public_id="M123456789", title="Red enamel mug", department="kitchen")
    again = product_placeholder_svg(public_id="M123456789", title="Red enamel mug", department="kitchen")
    other = product_placeholder_svg(public_id="M987654321", title="Red enamel mug", department="kitchen")

    assert first == again
    assert first != other


def test_picture_is_well_formed_xml_even_for_hostile_titles():
    svg = product_placeholder_svg(public_id="M1", title='<script>alert("x")</script> & \x00\x07 "mug"',
                                  department="k")

    root = ElementTree.fromstring(svg)
    assert root.tag.endswith("svg")
    assert "<script>" not in svg


def test_initials_and_caption():
    assert initials("Pack of 72 Retrospot Cake Cases") == "RC"
    assert initials("72") == "M"
    assert caption_lines("Set of three large terracotta plant pots") == ["Set of three large", "terracotta plant…"]
    assert caption_lines("Mug") == ["Mug"]


def test_version_changes_with_the_title():
    assert placeholder_version(title="Mug", department="k") != placeholder_version(title="Big mug", department="k")
