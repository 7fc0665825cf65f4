"""`make bench` keeps every part it measured: the report is written after each part, and
a part that fails is recorded with its error while the parts after it still run. A
whole run once measured for 48 minutes and kept nothing when its last step failed."""

import json

from bench.run import Report


def _failing():
    raise RuntimeError("the venv went away")


def test_each_part_is_written_as_it_finishes(tmp_path):
    path = tmp_path / "bench-results" / "latest.json"
    report = Report(path, settings={"decisions": 10})
    printed = []

    report.measure(("urls", "Redis"), lambda: {"healthz": {"rps": 3000}}, printed.append)

    assert json.loads(path.read_text()) == {
        "settings": {"decisions": 10},
        "urls": {"Redis": {"healthz": {"rps": 3000}}},
    }
    assert printed == [{"healthz": {"rps": 3000}}]


def test_a_failed_part_keeps_what_came_before_and_the_rest_still_runs(tmp_path, capsys):
    path = tmp_path / "latest.json"
    report = Report(path)
    printed = []

    report.measure(("growth",), lambda: {"ratio": 1.1}, printed.append)
    report.measure(("import",), _failing, printed.append)
    report.measure(("timings",), lambda: {"sign_s": 0.2}, printed.append)

    kept = json.loads(path.read_text())
    assert kept["growth"] == {"ratio": 1.1}
    assert kept["import"] == {"error": "RuntimeError: the venv went away"}
    assert kept["timings"] == {"sign_s": 0.2}
    assert printed == [{"ratio": 1.1}, {"sign_s": 0.2}]
    assert report.failed == ["import"]
    assert "the venv went away" in capsys.readouterr().err
