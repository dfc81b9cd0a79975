"""The command line: exit codes and messages, never a traceback."""

import io

from brochure.app.cli import main


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_not_a_project_is_a_usage_error(tmp_path):
    code, _, err = run("--project", str(tmp_path), "build")
    assert code == 2
    assert "data/contacts.yaml is missing" in err and "Traceback" not in err


def test_unknown_brochure_name(project_dir):
    code, _, err = run("--project", str(project_dir), "build", "yamagushi")
    assert code == 2
    assert "did you mean 'yamaguchi'" in err


def test_data_error_writes_nothing(project_dir):
    contacts = project_dir / "data" / "contacts.yaml"
    contacts.write_text(contacts.read_text(encoding="utf-8").replace("  tel: 083-984-3742", "  tell: 083-984-3742"),
                        encoding="utf-8")
    code, _, err = run("--project", str(project_dir), "build")
    assert code == 1
    assert "data/contacts.yaml:" in err and "sasaete-network.tell" in err and "unknown field 'tell'" in err
    assert "did you mean 'tel'" in err
    build = project_dir / "build"   # the build lock may exist; no output and no manifest may
    assert not list(build.rglob("*.pdf")) and not (build / "manifest.json").exists()


def test_list(project_dir):
    code, out, _ = run("--project", str(project_dir), "list")
    assert code == 0 and out.split() == ["sapporo", "yamaguchi"]
