from clinic.contract import highest_urgency as highest
from clinic.contract import normalise_urgency as normalise
from clinic.contract import urgency_rank as rank


def test_normalise():
    assert normalise(" Emergency ") == "emergency"
    assert normalise("later") is None and normalise(None) is None and normalise(3) is None


def test_order():
    assert rank("emergency") > rank("urgent") > rank("soon") > rank("other")
    assert highest(["soon", None, "urgent", "bogus"]) == "urgent"
    assert highest([]) is None
