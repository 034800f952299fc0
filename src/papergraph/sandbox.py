"""Operating-system limits for the processes that evaluate SPARQL.

A SPARQL engine makes outbound requests for SERVICE and LOAD. Whatever the query's spelling,
and whichever parser reads it, a process that cannot open a network socket cannot make one:
`deny_network` installs a seccomp filter (through libseccomp) under which `socket()` fails
with EACCES for every address family but AF_UNIX, and io_uring (which can open sockets without
the `socket()` system call) is unavailable. The filter holds for every thread of the process
and is inherited by its children; it cannot be lifted.

`limit_memory` caps the process's data segment (RLIMIT_DATA: heap and private anonymous
mappings, not the store's memory-mapped files), so a query that grows past it fails an
allocation (Oxigraph then aborts the process) instead of taking the machine's memory. The
data segment a forked process inherits counts in full, though its pages are shared: a worker
forked from the in-memory zygote is capped at `data_segment_size()` plus its allowance.
"""

from __future__ import annotations

import errno
import logging
import os
import resource
import socket

__all__ = ["data_segment_size", "deny_network", "limit_memory", "machine_memory"]

logger = logging.getLogger(__name__)


def deny_network() -> bool:
    """Forbid this process (all its threads) and its future children any network socket.

    Returns:
        True once the filter is in force; False where seccomp cannot be had (not Linux, or no
        libseccomp), after a warning: callers must then not rely on it.
    """
    try:
        import pyseccomp as seccomp

        syscalls = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
        syscalls.set_attr(seccomp.Attr.CTL_TSYNC, 1)  # every thread, not only this one
        refuse = seccomp.ERRNO(errno.EACCES)
        syscalls.add_rule(refuse, "socket", seccomp.Arg(0, seccomp.NE, socket.AF_UNIX))
        for name in ("io_uring_setup", "io_uring_enter", "io_uring_register"):
            syscalls.add_rule(seccomp.ERRNO(errno.ENOSYS), name)
        syscalls.load()
    except (ImportError, OSError, RuntimeError, ValueError, AttributeError) as error:
        logger.warning("cannot forbid network sockets (seccomp unavailable: %s)", error)
        return False
    return True


def limit_memory(max_bytes: int) -> None:
    """Cap this process's data segment (heap and anonymous mappings) at `max_bytes`."""
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if hard != resource.RLIM_INFINITY:
        max_bytes = min(max_bytes, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (max_bytes, max_bytes))


def machine_memory() -> int:
    """The machine's physical memory in bytes."""
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def data_segment_size() -> int:
    """Bytes of this process's data segment now (VmData: what RLIMIT_DATA counts)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmData:"):
                return int(line.split()[1]) * 1024
    raise OSError("no VmData in /proc/self/status")
