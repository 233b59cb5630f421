"""What analysts rely on: the README's SQL runs, its data dictionary is current, access is hardened."""

import re
from pathlib import Path

import duckdb
import pytest

from pipelines.data_dictionary import END, START, data_dictionary
from pipelines.sql import connect_readonly, query_claims

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
DATA_DICTIONARY = (Path(__file__).parents[1] / "docs" / "data_dictionary.md").read_text(encoding="utf-8")
_OPEN: list = []


def request_close(con) -> None:
    _OPEN.append(con)


@pytest.fixture(autouse=True)
def _close_connections():
    yield
    while _OPEN:
        _OPEN.pop().close()


def readme_sql_examples() -> list[str]:
    block = README.split("<!-- sql-examples:start -->")[1].split("<!-- sql-examples:end -->")[0]
    sql = re.search(r"```sql\n(.*?)```", block, re.DOTALL).group(1)
    return [s.strip() for s in sql.split(";") if s.strip() and not all(line.startswith("--") for line in s.strip().splitlines())]


def test_readme_examples_run(seed_build):
    examples = readme_sql_examples()
    assert len(examples) == 5
    with connect_readonly(seed_build / "warehouse.duckdb") as con:
        results = [con.execute(sql).fetchall() for sql in examples]
    assert results[0] and results[1] and results[2] and results[3] and results[4]
    assert any(row[0] == "exercise" for row in results[0])


def test_data_dictionary_is_generated_from_the_comments(seed_build):
    with connect_readonly(seed_build / "warehouse.duckdb") as con:
        generated = data_dictionary(con).strip()
    section = DATA_DICTIONARY.split(START)[1].split(END)[0].strip()
    assert section == generated


def test_hardened_connection_refuses_files_and_settings(seed_build, tmp_path):
    con = connect_readonly(seed_build / "warehouse.duckdb")
    request_close(con)
    target = tmp_path / "pwned.csv"
    with pytest.raises(duckdb.Error):
        con.execute(f"COPY (SELECT 1) TO '{target}'")
    with pytest.raises(duckdb.Error):
        con.execute("SELECT * FROM read_csv('/etc/passwd')")
    with pytest.raises(duckdb.Error):
        con.execute("SET enable_external_access = true")
    assert not target.exists()


def test_filters_are_parameters_and_sort_is_allow_listed(seed_build, tmp_path):
    con = connect_readonly(seed_build / "warehouse.duckdb")
    request_close(con)
    injected = f"x' OR 1=1; COPY (SELECT 1) TO '{tmp_path / 'pwned.csv'}'; --"
    assert query_claims(con, injected, None) == []
    assert not (tmp_path / "pwned.csv").exists()
    with pytest.raises(ValueError, match="cannot sort by"):
        query_claims(con, None, None, sort='effect"; DROP TABLE claims;--')
    assert query_claims(con, "exercise", "BDNF")[0][:3] == ("exercise", "BDNF", "increase")


def test_claims_cli_prints_a_header_row(seed_build, capsys):
    from pipelines.sql import main

    assert main(["--db", str(seed_build / "warehouse.duckdb"), "--intervention", "exercise"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "intervention\toutcome\tdirection\tn_references\tn_statements\tcontradicted"
    assert len(lines) > 1 and all(line.startswith("exercise\t") for line in lines[1:])
