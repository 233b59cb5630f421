import csv
import io

import pandas as pd

from pipelines.lib.csv_export import neutralize_frame, write_csv


def test_formula_cells_are_neutralised_and_numbers_stay_numbers(tmp_path):
    frame = pd.DataFrame(
        {
            "title": ['=HYPERLINK("http://x","click")', "+1 trick", "-minus", "@at", "\ttab", "plain"],
            "effect": [-0.35, 1.0, 2.0, 3.0, 4.0, 5.0],
        }
    )
    path = tmp_path / "out.csv"
    write_csv([frame], path)
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
    for row in rows:
        assert not row["title"].startswith(("=", "+", "-", "@", "\t", "\r", "\n"))
    assert rows[0]["title"].startswith("'=HYPERLINK(")
    assert pd.read_csv(path)["effect"].tolist()[0] == -0.35


def test_neutralize_leaves_non_text_alone():
    frame = neutralize_frame(pd.DataFrame({"n": [-1, 2], "b": [True, False]}))
    assert frame["n"].tolist() == [-1, 2] and frame["b"].tolist() == [True, False]
