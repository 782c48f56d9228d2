"""The licence setting: an SPDX expression, refused at its line (META090) otherwise."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from license_expression import get_license_index, vendored_scancode_licensedb_index_location

from accord import licences, settings


def _load(tmp_path: Path, value: str) -> tuple[settings.Settings, list]:
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.accord]\ntitle = "T"\nlicence = "{value}"\n', encoding="utf-8"
    )
    return settings.load(tmp_path)


@pytest.mark.parametrize("value", ["CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0", "CC-BY-4.0 OR MIT"])
def test_spdx_expressions_are_taken(tmp_path: Path, value: str) -> None:
    found, problems = _load(tmp_path, value)
    assert problems == [] and found.licence == value


@pytest.mark.parametrize(
    ("value", "message", "hint"),
    [
        ("CC-BY-4", "unknown SPDX licence 'CC-BY-4'", "did you mean 'CC-BY-4.0'?"),
        ("cc-by-4.0", "is not spelt as SPDX spells it", "write 'CC-BY-4.0'"),
        ("Creative Commons", "unknown SPDX licence", "https://spdx.org/licenses/"),
    ],
)
def test_anything_else_is_meta090_at_its_line(tmp_path: Path, value: str, message: str, hint: str) -> None:
    found, problems = _load(tmp_path, value)
    assert [(p.code, p.line) for p in problems] == [("META090", 3)]
    assert message in problems[0].message and hint in (problems[0].hint or "")
    assert found.licence == ""


def test_init_refuses_what_the_settings_refuse() -> None:
    assert "SPDX" in (settings.shape_problem("licence", "CC-BY-4") or "")
    assert settings.shape_problem("licence", "CC-BY-4.0") is None


def test_the_ids_of_an_expression() -> None:
    assert licences.names("CC-BY-SA-4.0 OR MIT") == ("CC-BY-SA-4.0", "MIT")


def test_accord_check_reports_it_at_the_line(accord, repo) -> None:
    repo.doc("positions/paper.md", title="A paper")
    repo.write("pyproject.toml", '[tool.accord]\ntitle = "T"\nlicence = "CC-BY-4"\n')
    run = accord("check", str(repo.root))
    assert run.code == 1
    assert "pyproject.toml:3:1: META090 [tool.accord] licence must be an SPDX licence expression" in run.out
    assert "did you mean 'CC-BY-4.0'?" in run.out


def test_an_id_accepted_without_the_parser_is_one_the_parser_accepts_as_spelt() -> None:
    # The plain-id fast path (licences._spdx_ids) must judge as the full SPDX validation does.
    parser = licences._licensing()
    wrong = [
        key
        for key in sorted(licences._spdx_ids())
        if (info := parser.validate(key, strict=True)).errors or info.normalized_expression != key
    ]
    assert len(licences._spdx_ids()) > 2000 and wrong == []
    assert licences.problem("GPL-2.0") is not None or "GPL-2.0" not in licences._spdx_ids()


def test_an_id_found_in_the_index_text_is_one_the_parsed_index_has() -> None:
    # licences._spelt_id finds an id by its entry in the index's text, without parsing the whole.
    index = get_license_index()
    values = {
        str(value)
        for entry in index
        for value in [
            entry.get("license_key"),
            entry.get("spdx_license_key"),
            *entry.get("other_spdx_license_keys", []),
        ]
        if value
    }
    values |= {value.lower() for value in values} | {"", "MIT ", '"MIT"', "MIT OR Apache-2.0", "CC-BY-4.0,"}
    exceptions = {entry["spdx_license_key"] for entry in index if entry.get("is_exception")}
    wrong = sorted(value for value in values if licences._spelt_id(value) != (value in licences._spdx_ids()))
    assert len(values) > 5000 and exceptions and wrong == []


def test_an_entry_that_cannot_be_cut_out_is_judged_by_the_parsed_index(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A "{" inside a value before the id: the entry's slice is no JSON, so the parsed index decides.
    text = '[{"a": "{", "spdx_license_key": "CC-BY-4.0", "is_exception": false}]'
    monkeypatch.setattr(licences, "_index_text", lambda: text)
    for parsed in (frozenset({"CC-BY-4.0"}), frozenset()):
        monkeypatch.setattr(licences, "_spdx_ids", lambda parsed=parsed: parsed)
        assert licences._spelt_id("CC-BY-4.0") is bool(parsed)
    monkeypatch.setattr(licences, "_index_text", lambda: text.replace('"{"', '"b"').replace("false", "true"))
    assert licences._spelt_id("CC-BY-4.0") is False  # an exception is not a licence


def test_the_index_text_is_the_library_s_own_found_without_running_it() -> None:
    # Importing license_expression builds its parser machinery: a plain id needs only the file.
    code = (
        "import sys; from accord import licences; "
        "assert licences.problem('CC-BY-4.0') is None and licences.names('MIT') == ('MIT',); "
        "print('license_expression' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
    licences._index_text.cache_clear()
    assert licences._index_text() == Path(vendored_scancode_licensedb_index_location).read_text(
        encoding="utf-8"
    )


def test_a_library_laid_out_otherwise_says_where_its_index_is(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(licences, "_INDEX", ("elsewhere", "index.json"))
    licences._index_text.cache_clear()
    try:
        assert licences._index_text() == Path(vendored_scancode_licensedb_index_location).read_text(
            encoding="utf-8"
        )
        assert licences.problem("CC-BY-4.0") is None
    finally:
        licences._index_text.cache_clear()


@pytest.mark.parametrize("value", ["CC-BY-4.0", "MIT", "CC-BY-SA-4.0", "cc-by-4.0", "LicenseRef-coalition"])
def test_names_of_one_id_are_those_the_parser_gives(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # One id as SPDX spells it skips the expression parser; the answer is the parser's.
    shortcut = licences.names(value)
    monkeypatch.setattr(licences, "_spelt_id", lambda _: False)
    assert shortcut == licences.names(value)
