"""`advocacy-calc export -o` writes into what is there, never over it (QA, issue 11): a symbolic link
stays a link to the updated file, a pipe is written as a stream and stays a pipe, a socket or a disk
device is refused in a sentence. Every special file is made in tmp_path; no real device is ever the
output (renaming over `-o /dev/full` as root once deleted the device)."""

import errno
import os
import socket
import stat
import threading

import pytest

from advocacy_calc.cli import main
from advocacy_calc.cli import export as export_module

CSV_START = b"\xef\xbb\xbffigure,value,unit"


@pytest.fixture
def scenario(tmp_path):
    path = tmp_path / "s.json"
    path.write_text('{"participants": 2000}')
    return str(path)


def test_a_symbolic_link_stays_a_link_and_its_file_is_updated(tmp_path, scenario):
    real = tmp_path / "real" / "case.csv"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "case.csv"
    link.symlink_to(real)
    assert main(["export", scenario, "--format", "csv", "-o", str(link)]) == 0
    assert link.is_symlink() and os.readlink(link) == str(real)  # was replaced by a plain file
    assert real.read_bytes().startswith(CSV_START)  # was left "old"
    assert sorted(p.name for p in real.parent.iterdir()) == ["case.csv"]  # no temporary left


def test_a_link_to_a_file_not_yet_made_makes_it(tmp_path, scenario):
    link = tmp_path / "case.csv"
    link.symlink_to(tmp_path / "made.csv")
    assert main(["export", scenario, "--format", "csv", "-o", str(link)]) == 0
    assert link.is_symlink() and (tmp_path / "made.csv").read_bytes().startswith(CSV_START)


def test_a_named_pipe_is_written_as_a_stream_and_stays_a_pipe(tmp_path, scenario):
    fifo = tmp_path / "case.pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    assert main(["export", scenario, "--format", "csv", "-o", str(fifo)]) == 0
    reader.join(30)
    assert received and received[0].startswith(CSV_START)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # was replaced by a plain file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.pipe", "s.json"]


def test_a_stream_that_fills_up_says_so(tmp_path, scenario, monkeypatch, capsys):
    # "disk full" on a pipe or a device: the write fails, the command says why, nothing is replaced.
    fifo = tmp_path / "case.pipe"
    os.mkfifo(fifo)
    reader = threading.Thread(target=fifo.read_bytes, daemon=True)
    reader.start()

    def full(_fd, _data):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(export_module.os, "write", full)
    assert main(["export", scenario, "--format", "csv", "-o", str(fifo)]) == 2
    reader.join(30)
    assert capsys.readouterr().err.strip() == (f"error: --output: cannot write to {fifo} (No space left on device)")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_socket_is_refused_in_a_sentence_and_kept(tmp_path, scenario, capsys):
    path = str(tmp_path / "s.sock")
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.bind(path)
        assert main(["export", scenario, "--format", "csv", "-o", path]) == 2
        assert stat.S_ISSOCK(os.stat(path).st_mode)
    assert capsys.readouterr().err.strip() == (f"error: --output: {path} is a socket; give a file name "
                                               "(nothing was written)")


def test_a_disk_device_is_refused_in_a_sentence(tmp_path, scenario, monkeypatch, capsys):
    # No real device: the output's stat says "block device" (what /dev/sda would say).
    path = tmp_path / "disk"
    path.write_bytes(b"the disk")
    real_stat = os.stat

    def as_block_device(p, *args, **kwargs):
        result = real_stat(p, *args, **kwargs)
        if str(p) == str(path):
            return os.stat_result((stat.S_IFBLK | 0o660,) + tuple(result)[1:])
        return result
    monkeypatch.setattr(export_module.os, "stat", as_block_device)
    assert main(["export", scenario, "--format", "csv", "-o", str(path)]) == 2
    monkeypatch.undo()
    assert path.read_bytes() == b"the disk"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["disk", "s.json"]
    assert capsys.readouterr().err.strip() == (f"error: --output: {path} is a disk device; give a file name "
                                               "(nothing was written)")
