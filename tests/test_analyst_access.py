"""What analysts rely on: the README's SQL runs, its data dictionary is current, access is hardened."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipelines.data_dictionary import END, START, data_dictionary
from pipelines.sql import connect_readonly, query_claims
from tests.conftest import make_raw, run_build

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


def sql_and_output(block: str) -> list[tuple[str, str]]:
    """Each ```sql block of a README section with the ```text block printed under it."""
    return re.findall(r"```sql\n(.*?)```\n```text\n(.*?)\n```", block, re.DOTALL)


def duckdb_cli_output(database: Path, sql: str) -> str:
    cli = Path(sys.executable).parent / "duckdb"
    return subprocess.run([str(cli), "-readonly", str(database), "-c", sql], capture_output=True, text=True, check=True, timeout=60).stdout.rstrip("\n")


@pytest.fixture(scope="module")
def cloned_build(tmp_path_factory) -> Path:
    """What `make build` makes of data/raw as cloned."""
    root = tmp_path_factory.mktemp("cloned")
    assert run_build(make_raw(root), root / "processed") == 0
    return root / "processed"


def test_readme_queries_print_what_the_readme_shows(cloned_build):
    examples = sql_and_output(README.split("<!-- sql-examples:start -->")[1].split("<!-- sql-examples:end -->")[0])
    assert len(examples) == 5
    for sql, shown in examples:
        assert duckdb_cli_output(cloned_build / "warehouse.duckdb", sql) == shown, sql


def test_readme_recipe_run_as_written_gives_the_rows_it_shows(tmp_path):
    """The add-your-own-article recipe: its files, a build, and each query's output exactly as printed."""
    recipe = README.split("<!-- recipe:start -->")[1].split("<!-- recipe:end -->")[0]
    shell = re.search(r"```sh\n(.*?)```", recipe, re.DOTALL).group(1)
    source, target = re.search(r"^cp (\S+) data/raw/(\S+)$", shell, re.MULTILINE).groups()
    ris_name, ris = re.search(r"^cat > data/raw/(\S+) <<'RIS'\n(.*?)^RIS$", shell, re.MULTILINE | re.DOTALL).groups()
    assert "make build" in shell
    raw, processed = make_raw(tmp_path), tmp_path / "processed"
    shutil.copy(Path(__file__).parents[1] / source, raw / target)
    (raw / ris_name).parent.mkdir(exist_ok=True)
    (raw / ris_name).write_text(ris, encoding="utf-8")
    assert run_build(raw, processed) == 0
    queries = sql_and_output(recipe)
    assert len(queries) == 3
    for sql, shown in queries:
        assert duckdb_cli_output(processed / "warehouse.duckdb", sql) == shown, sql


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
