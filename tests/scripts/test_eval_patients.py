"""scripts/eval_patients.py: the figures per language."""

from __future__ import annotations

from pathlib import Path

import yaml

import scripts.eval_patients as eval_patients
from scripts.eval_patients import Reply, failures, figure, score_languages


class EchoBot:
    """Escalates what says "ACIL", gives the number only in Turkish."""

    def say(self, sender: str, text: str) -> Reply:
        number = " 999" if text.startswith("tr") else ""
        return Reply(text=f"reply{number}", urgency="emergency" if "ACIL" in text else None)


def test_each_language_has_its_own_figures(tmp_path: Path, monkeypatch) -> None:
    items = [
        {"lang": "tr", "text": "tr ACIL", "emergency": True},
        {"lang": "tr", "text": "tr merhaba", "emergency": False},
        {"lang": "de", "text": "de hallo ACIL", "emergency": False},
        {"lang": "de", "text": "de Notfall", "emergency": True},
    ]
    (tmp_path / "multilingual_dev.yml").write_text(yaml.safe_dump(items))
    monkeypatch.setattr(eval_patients, "_sets_dir", tmp_path)
    scores = score_languages(EchoBot(), "dev", 1, "999", by_language=True)
    assert figure("language_report_recall[tr]", scores["language_report_recall[tr]"]) == 1.0
    assert figure("language_report_recall[de]", scores["language_report_recall[de]"]) == 0.0
    assert figure("language_false_escalations[de]", scores["language_false_escalations[de]"]) == 1
    assert scores["language_number_given"].hits == 2
    assert set(failures(scores)) >= {"language_report_recall[de]", "language_number_given[de]"}
    assert "language_report_recall[tr]" not in failures(scores)
    # Without the breakdown, only the figures of all languages.
    assert "language_report_recall[tr]" not in score_languages(EchoBot(), "dev", 1, "999")
