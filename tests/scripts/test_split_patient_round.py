"""scripts/split_patient_round.py: every group in both parts, the same split for the same seed."""

from scripts.split_patient_round import split, split_languages


def test_each_group_is_halved_and_the_seed_fixes_the_split():
    items = [{"flag": flag, "n": n} for flag in ("a", "b") for n in range(10)]
    dev, test = split(items, lambda item: item["flag"], 0.5, seed=7)
    assert len(dev) == len(test) == 10
    assert sorted(item["flag"] for item in dev) == ["a"] * 5 + ["b"] * 5
    assert split(items, lambda item: item["flag"], 0.5, seed=7) == (dev, test)


def test_each_language_keeps_every_category_in_both_parts():
    items = [
        {"lang": lang, "emergency": emergency, "cat": f"{emergency}-{cat}", "n": n}
        for lang in ("nl", "tr")
        for emergency in (True, False)
        for cat in range(8)
        for n in range(5)
    ]
    dev, test = split_languages(items, dev_per_class=10, seed=3)
    for lang in ("nl", "tr"):
        for emergency in (True, False):
            mine = [i for i in dev if i["lang"] == lang and i["emergency"] == emergency]
            assert len(mine) == 10
            held = {i["cat"] for i in test if i["lang"] == lang and i["emergency"] == emergency}
            assert {i["cat"] for i in mine} <= held and len(held) == 8
