"""accord.pdf.ahead: the reader of the last compendium, forked as a build starts. Each case runs
in a process of its own, one thread, where forking is safe (a test process that has compiled a
PDF keeps Typst's threads, and accord.alongside.fork_is_safe says no there)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pikepdf
import pytest

from accord.pdf import rejoin
from accord.pdf.cache import stamp

#: Starts a reader on the parts folder argv[1], for the output argv[2]; then runs the case's code
#: with ``reader`` (what take() gave) and prints the JSON of ``said``.
_PREAMBLE = """
import json, os, signal, sys
from pathlib import Path
from accord.pdf import ahead
parts, output = Path(sys.argv[1]), Path(sys.argv[2])
ahead.start(parts)
started = ahead._started
pid = started.pid if started else None
said = {"started": started is not None}
"""


def _case(tmp_path: Path, code: str, *, record: bool = True, reaped: bool = False) -> dict:
    """What the case's code said; ``reaped``: and whether the reader was reaped after it."""
    output, parts = tmp_path / "compendium.pdf", tmp_path / "parts"
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(output)
    parts.mkdir()
    if record:
        state = {"version": rejoin._VERSION, "path": str(output), "output": stamp(output), "pieces": []}
        (parts / "compendium.json").write_text(json.dumps(state), encoding="utf-8")
    script = _PREAMBLE + textwrap.dedent(code) + (_GONE if reaped else "") + "\nprint(json.dumps(said))\n"
    run = subprocess.run(
        [sys.executable, "-c", script, str(parts), str(output)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.splitlines()[-1])


#: Whether the reader was reaped: its parent has no such child any more.
_GONE = """
try:
    os.waitpid(pid, os.WNOHANG)
    said["reaped"] = False
except ChildProcessError:
    said["reaped"] = True
"""


def test_the_reader_answers_the_patch_it_is_sent_and_is_reaped(tmp_path: Path) -> None:
    said = _case(
        tmp_path,
        """
        reader = ahead.take(output)
        said["taken"] = reader is not None and reader.pid == pid != os.getpid()
        # A record that does not fit the file: the patch says "join afresh" (None), as here.
        said["answer"] = reader.patch(({"pieces": [{"name": "other"}]}, output, [], output, output))
        ahead.finish()  # nothing left to reap: take() handed the reader over
        os.waitpid(pid, 0)
        said["later"] = ahead.take(output) is None
        """,
    )
    assert said == {"started": True, "taken": True, "answer": [True, None], "later": True}


def test_a_reader_of_another_compendium_is_not_taken_and_is_reaped(tmp_path: Path) -> None:
    said = _case(
        tmp_path,
        """
        said["taken"] = ahead.take(output.with_name("other.pdf")) is not None
        """,
        reaped=True,
    )
    assert said == {"started": True, "taken": False, "reaped": True}


def test_without_a_record_the_reader_reads_nothing(tmp_path: Path) -> None:
    said = _case(
        tmp_path,
        """
        said["taken"] = ahead.take(output) is not None
        """,
        reaped=True,
        record=False,
    )
    assert said == {"started": True, "taken": False, "reaped": True}


def test_a_reader_that_died_leaves_the_patch_to_the_builder(tmp_path: Path) -> None:
    said = _case(
        tmp_path,
        """
        reader = ahead.take(output)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        said["answer"] = reader.patch(({}, output, [], output, output))
        """,
    )
    assert said == {"started": True, "answer": [False, None]}


def test_finish_ends_a_reader_no_builder_took(tmp_path: Path) -> None:
    said = _case(
        tmp_path,
        """
        ahead.finish()
        """,
        reaped=True,
    )
    assert said == {"started": True, "reaped": True}


def test_no_reader_without_a_parts_folder(tmp_path: Path) -> None:
    said = _case(
        tmp_path,
        """
        ahead.finish()
        ahead.start(parts / "missing")
        said["again"] = ahead._started is not None
        """,
    )
    assert said == {"started": True, "again": False}


def test_a_compendium_joined_by_another_build_meanwhile_is_not_patched_as_read(tmp_path: Path) -> None:
    """Another build joined and recorded a new compendium after the reader read the old one:
    the reader's copy would lose what that build joined, so the patch reads the file anew."""
    said = _case(
        tmp_path,
        """
        import json, time, pikepdf
        from accord.pdf import rejoin
        from accord.pdf.cache import stamp
        log, done = parts / "opened.txt", parts / "read.txt"
        rejoin.patch = lambda *args, opened=None: log.write_text(str(opened is not None)) and None
        read = rejoin.read_whole
        rejoin.read_whole = lambda path: (read(path), done.write_text("read"))[0]
        ahead.finish()
        ahead.start(parts)
        reader = ahead.take(output)  # it has said which file it reads
        while not done.exists():  # and has read it (a file written before then is what it reads)
            time.sleep(0.01)
        with pikepdf.new() as pdf:  # what the other build wrote
            for _ in range(3):
                pdf.add_blank_page()
            pdf.save(output)
        state = {"output": stamp(output), "pieces": []}  # and recorded
        said["answer"] = reader.patch((state, output, [], output, output))
        said["opened"] = log.read_text()  # what the reader gave rejoin.patch
        """,
    )
    assert said["answer"] == [True, None]
    assert said["opened"] == "False"  # not its copy: the file as the other build left it


def test_finish_does_not_wait_for_a_reader_still_reading(tmp_path: Path) -> None:
    said = _case(
        tmp_path,
        """
        import time
        from accord.pdf import rejoin
        rejoin.read_whole = lambda output: time.sleep(60)  # a slow disk, a huge compendium
        ahead.finish()
        ahead.start(parts)
        pid = ahead._started.pid
        time.sleep(0.5)
        began = time.monotonic()
        ahead.finish()
        said["seconds"] = time.monotonic() - began
        """,
        reaped=True,
    )
    assert said["reaped"] and said["seconds"] < 5


def test_a_reader_ends_with_the_process_that_forked_it(tmp_path: Path) -> None:
    said = _case(
        tmp_path,
        """
        import time
        from accord.pdf import rejoin
        rejoin.read_whole = lambda output: time.sleep(60)
        ahead.finish()
        ahead.start(parts)
        print(json.dumps({"reader": ahead._started.pid}), flush=True)
        time.sleep(0.5)
        os._exit(0)  # killed, say: nothing reaps it, nothing stops it
        """,
    )
    reader = said["reader"]
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and Path(f"/proc/{reader}").exists():
        time.sleep(0.1)
    assert not Path(f"/proc/{reader}").exists()


def test_a_reader_that_says_nothing_is_not_waited_for(tmp_path: Path) -> None:
    said = _case(
        tmp_path,
        """
        import time
        from accord.pdf import rejoin
        rejoin.last_output = lambda parts: time.sleep(60)
        ahead.SAYS_WITHIN = 0.5
        ahead.finish()
        ahead.start(parts)
        pid = ahead._started.pid
        began = time.monotonic()
        said["taken"] = ahead.take(output) is not None
        said["seconds"] = time.monotonic() - began
        """,
        reaped=True,
    )
    assert said["taken"] is False and said["seconds"] < 5 and said["reaped"]


def test_without_sockets_or_a_fork_no_reader_is_started(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing is forked here (the test process has threads): the system refuses first."""
    from accord import alongside
    from accord.pdf import ahead

    (tmp_path / "parts").mkdir()
    monkeypatch.setattr(alongside, "fork_is_safe", lambda: True)

    def refused(*args: object) -> None:
        raise OSError(24, "Too many open files")

    monkeypatch.setattr(ahead.multiprocessing, "Pipe", refused)
    ahead.start(tmp_path / "parts")
    assert ahead._started is None
    monkeypatch.undo()
    monkeypatch.setattr(alongside, "fork_is_safe", lambda: True)
    monkeypatch.setattr(ahead.os, "fork", refused)
    before = len(list(Path("/proc/self/fd").iterdir())) if Path("/proc/self/fd").is_dir() else 0
    ahead.start(tmp_path / "parts")
    assert ahead._started is None
    after = len(list(Path("/proc/self/fd").iterdir())) if Path("/proc/self/fd").is_dir() else 0
    assert after == before  # both ends of the pipe closed
