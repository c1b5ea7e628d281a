"""The README's promises: its commands are what CI runs, and its examples run as written."""

import doctest
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def code_blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.DOTALL)


def test_readme_opens_with_the_install_and_run_commands():
    first = code_blocks("bash")[0].strip().splitlines()
    assert len(first) == 2
    assert first[0].endswith("python -m demos")
    assert first[1].endswith("python -m pytest")


def test_ci_runs_the_readme_commands_exactly_as_written():
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    for command in code_blocks("bash")[0].strip().splitlines():
        assert command in ci_lines, f"{command!r} is in the README but not in .ci/run"


def test_readme_session_examples_run_as_shown():
    for block in code_blocks("python"):
        if block.lstrip().startswith(">>>"):
            test = doctest.DocTestParser().get_doctest(block, {}, "README", "README.md", 0)
            result = doctest.DocTestRunner().run(test)
            assert result.failed == 0


def test_readme_code_examples_run(tmp_path):
    for block in code_blocks("python"):
        if not block.lstrip().startswith(">>>"):
            namespace: dict[str, object] = {}
            exec(compile(block, "<README.md>", "exec"), namespace)  # not a file to read as source
            for name, test in namespace.items():
                if name.startswith("test_") and callable(test):
                    test()
