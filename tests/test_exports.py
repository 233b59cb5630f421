import csv
import io

import duckdb
import pandas as pd

from pipelines.lib.csv_export import copy_csv


def _export(frame: pd.DataFrame, path, order_by):
    with duckdb.connect() as con:
        con.register("frame", frame)
        return copy_csv(con, "frame", order_by, path)


def test_formula_cells_are_neutralised_and_numbers_stay_numbers(tmp_path):
    frame = pd.DataFrame(
        {
            "title": ['=HYPERLINK("http://x","click")', "+1 trick", "-minus", "@at", "\ttab", "plain"],
            "effect": [-0.35, 1.0, 2.0, 3.0, 4.0, 5.0],
        }
    )
    path = tmp_path / "out.csv"
    assert _export(frame, path, ["effect"]) == 6
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
    for row in rows:
        assert not row["title"].startswith(("=", "+", "-", "@", "\t", "\r", "\n"))
    assert rows[0]["title"].startswith("'=HYPERLINK(")
    assert pd.read_csv(path)["effect"].tolist()[0] == -0.35


def test_booleans_lists_and_missing_values_are_written_as_spreadsheets_and_r_read_them(tmp_path):
    frame = pd.DataFrame({"n": [2, -1], "b": [True, False], "names": [["a", "b"], []], "note": ["", None]})
    path = tmp_path / "out.csv"
    _export(frame, path, ["n"])
    assert path.read_text() == "n,b,names,note\n-1,FALSE,,\n2,TRUE,a; b,\n"
