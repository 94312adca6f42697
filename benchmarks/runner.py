"""Orchestration: servers, interleaved runs, medians, the table and the markdown report.

This process is also the load client. With two or more CPUs it pins itself to the
second core and each server (and redis-server) to the first/second core as described
in ``docs/benchmarks.md``; ``--no-pin`` leaves scheduling alone.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import datetime
import json
import os
import platform
import resource
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

from benchmarks import client

REPO_ROOT = Path(__file__).resolve().parent.parent
APP = "benchmarks.app.asgi:application"
IMPLS = ("chanx", "plain")
SERVERS = ("daphne", "uvicorn")
SCENARIOS = ("echo", "fanout", "memory", "connect")
LOOPBACK = "127.0.0.1"


@dataclass(frozen=True)
class Sizes:
    reps: int
    echo_clients: tuple[int, ...]
    echo_duration: float
    echo_max_messages: int | None
    fanout_clients: tuple[int, ...]
    broadcasts: tuple[int, ...]
    fanout_reps: int
    idle_connections: int
    memory_reps: int
    handshakes: int
    handshake_concurrency: int


FULL = Sizes(
    reps=3,
    echo_clients=(1, 50),
    echo_duration=1.5,
    echo_max_messages=None,
    fanout_clients=(100, 500),
    broadcasts=(200, 200),
    fanout_reps=1,
    idle_connections=1000,
    memory_reps=2,
    handshakes=300,
    handshake_concurrency=10,
)
QUICK = Sizes(
    reps=1,
    echo_clients=(1, 50),
    echo_duration=1.0,
    echo_max_messages=None,
    fanout_clients=(100, 500),
    broadcasts=(50, 50),
    fanout_reps=1,
    idle_connections=1000,
    memory_reps=1,
    handshakes=100,
    handshake_concurrency=10,
)
SMOKE = Sizes(
    reps=1,
    echo_clients=(1, 2),
    echo_duration=30.0,
    echo_max_messages=5,
    fanout_clients=(10,),
    broadcasts=(20,),
    fanout_reps=1,
    idle_connections=20,
    memory_reps=1,
    handshakes=10,
    handshake_concurrency=5,
)


# ---------------------------------------------------------------------- processes


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        port: int = sock.getsockname()[1]
        return port


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex((LOOPBACK, port)) == 0


def _pin(pid: int, core: int | None) -> None:
    if core is not None:
        with contextlib.suppress(OSError):
            os.sched_setaffinity(pid, {core})


@dataclass
class Process:
    """A subprocess listening on ``port``, with its output in a temp file."""

    name: str
    argv: list[str]
    port: int
    env: dict[str, str] = field(default_factory=dict)
    core: int | None = None
    proc: subprocess.Popen[bytes] | None = None
    log: Path | None = None

    def start(self, timeout: float = 30.0) -> Process:
        env = {**os.environ, "PYTHONUNBUFFERED": "1", **self.env}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
        fd, path = tempfile.mkstemp(prefix=f"chanx-bench-{self.name}-", suffix=".log")
        self.log = Path(path)
        self.proc = subprocess.Popen(
            self.argv,
            stdin=subprocess.DEVNULL,
            stdout=fd,
            stderr=subprocess.STDOUT,
            cwd=REPO_ROOT,
            env=env,
            start_new_session=True,
        )
        os.close(fd)
        _pin(self.proc.pid, self.core)
        deadline = time.monotonic() + timeout
        while not _port_open(self.port):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                output = self.logs()
                self.stop()
                raise RuntimeError(f"{self.name} did not start:\n{output}")
            time.sleep(0.05)
        return self

    def logs(self) -> str:
        return self.log.read_text(errors="replace") if self.log else ""

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def cpu_seconds(self) -> float:
        """User + system CPU time of the process (all threads)."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_kib(self) -> int:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise RuntimeError("no VmRSS")

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
        if self.log:
            self.log.unlink(missing_ok=True)


def server_process(kind: str, core: int | None, redis_url: str | None = None) -> Process:
    port = free_port()
    if kind == "daphne":
        argv = [sys.executable, "-m", "chanx.channels.daphne", "-b", LOOPBACK, "-p", str(port)]
        argv += ["-v", "0", APP]
    else:
        argv = [sys.executable, "-m", "uvicorn", APP, "--host", LOOPBACK, "--port", str(port)]
        argv += ["--ws", "websockets-sansio", "--lifespan", "off", "--no-access-log"]
        argv += ["--log-level", "warning"]
    env = {"DJANGO_SETTINGS_MODULE": "benchmarks.app.settings", "BENCH_REDIS_URL": redis_url or ""}
    return Process(kind, argv, port, env=env, core=core)


@contextlib.contextmanager
def running(process: Process) -> Iterator[Process]:
    process.start()
    try:
        yield process
    except BaseException:
        print(f"--- {process.name} output ---\n{process.logs()[-4000:]}", file=sys.stderr)
        raise
    finally:
        process.stop()


def redis_process(core: int | None) -> Process:
    port = free_port()
    argv = ["redis-server", "--port", str(port), "--bind", LOOPBACK, "--save", ""]
    argv += ["--appendonly", "no", "--daemonize", "no"]
    return Process("redis", argv, port, core=core)


# ---------------------------------------------------------------------- measuring


@dataclass
class Row:
    server: str
    scenario: str
    metric: str
    higher_is_better: bool
    values: dict[str, list[float]] = field(default_factory=lambda: {i: [] for i in IMPLS})
    client_cpu: list[float] = field(default_factory=list)
    server_cpu: list[float] = field(default_factory=list)
    errors: int = 0
    lost: int = 0

    def median(self, impl: str) -> float:
        return client.median(self.values[impl])

    @property
    def ratio(self) -> float:
        plain = self.median("plain")
        return self.median("chanx") / plain if plain else float("nan")

    def as_dict(self) -> dict[str, Any]:
        return {
            "server": self.server,
            "scenario": self.scenario,
            "metric": self.metric,
            "higher_is_better": self.higher_is_better,
            "values": self.values,
            "chanx": self.median("chanx"),
            "plain": self.median("plain"),
            "ratio": self.ratio,
            "client_cpu": max(self.client_cpu, default=float("nan")),
            "server_cpu": client.median(self.server_cpu),
            "errors": self.errors,
            "lost": self.lost,
        }


def _path(impl: str, auth: bool = False) -> str:
    return f"/bench/{impl}{'-auth' if auth else ''}/"


def _measure(server: Process, coro: Any) -> tuple[dict[str, Any], float]:
    """Run ``coro``; return its result and the server's CPU share during it."""
    cpu0, t0 = server.cpu_seconds(), time.perf_counter()
    try:
        result: dict[str, Any] = asyncio.run(coro)
    except Exception as exc:  # one failed run is reported, not fatal
        print(f"  run failed: {exc!r}", file=sys.stderr)
        nan = float("nan")
        result = {"errors": 1, "rate": nan, "p50_ms": nan, "p99_ms": nan, "lost": 0}
        result |= {"kib_per_conn": nan, "client_cpu": nan}
    share = (server.cpu_seconds() - cpu0) / (time.perf_counter() - t0)
    return result, share


def _interleaved(reps: int) -> Iterator[str]:
    """chanx, plain, plain, chanx, ...: each gets the early and the late slot equally."""
    for rep in range(reps):
        yield from (IMPLS if rep % 2 == 0 else IMPLS[::-1])


class Bench:
    def __init__(
        self, sizes: Sizes, cores: tuple[int | None, int | None], log: Callable[[str], None]
    ):
        self.sizes = sizes
        self.server_core, self.client_core = cores
        self.rows: list[Row] = []
        self.log = log

    def _row(self, server: str, scenario: str, metric: str, higher: bool) -> Row:
        row = Row(server, scenario, metric, higher)
        self.rows.append(row)
        return row

    def _record(
        self, row: Row, impl: str, value: float, result: dict[str, Any], cpu: float
    ) -> None:
        row.values[impl].append(value)
        row.client_cpu.append(result.get("client_cpu", float("nan")))
        row.server_cpu.append(cpu)
        row.errors += int(result.get("errors", 0))
        row.lost += int(result.get("lost", 0))

    def warm_up(self, server: Process) -> None:
        """Import and exercise every code path once (retried: not measured)."""
        for attempt in range(3):
            try:
                self._warm_up(server)
                return
            except Exception as exc:
                self.log(f"  warm-up failed ({exc!r}), attempt {attempt + 1}")
                time.sleep(1)
        self._warm_up(server)

    def _warm_up(self, server: Process) -> None:
        for impl in IMPLS:
            url = f"ws://{LOOPBACK}:{server.port}{_path(impl)}"
            asyncio.run(client.echo(url, 4, 0.3, 20))
            for auth in (False, True):
                url = f"ws://{LOOPBACK}:{server.port}{_path(impl, auth)}"
                asyncio.run(client.connect_rate(url, 10, 5, auth))

    def echo(self, kind: str, server: Process) -> None:
        s = self.sizes
        for clients in s.echo_clients:
            name = f"echo, {clients} client{'s' if clients > 1 else ''}"
            rate = self._row(kind, name, "messages/s", True)
            p50 = self._row(kind, name, "p50 latency (ms)", False)
            p99 = self._row(kind, name, "p99 latency (ms)", False)
            for impl in _interleaved(s.reps):
                url = f"ws://{LOOPBACK}:{server.port}{_path(impl)}"
                coro = client.echo(url, clients, s.echo_duration, s.echo_max_messages)
                result, cpu = _measure(server, coro)
                self._record(rate, impl, result["rate"], result, cpu)
                p50.values[impl].append(result["p50_ms"])
                p99.values[impl].append(result["p99_ms"])
                self.log(
                    f"  {name:<24} {impl:<6} {result['rate']:>9.0f} msg/s  {_cpu(result, cpu)}"
                )

    def fanout(self, kind: str, server: Process, layer: str) -> None:
        s = self.sizes
        for clients, broadcasts in zip(s.fanout_clients, s.broadcasts, strict=True):
            name = f"fan-out, {clients} clients x {broadcasts} broadcasts, {layer}"
            rate = self._row(kind, name, "deliveries/s", True)
            for impl in _interleaved(s.fanout_reps):
                url = f"ws://{LOOPBACK}:{server.port}{_path(impl)}"
                result, cpu = _measure(server, client.fanout(url, clients, broadcasts))
                self._record(rate, impl, result["rate"], result, cpu)
                self.log(
                    f"  {name:<24} {impl:<6} {result['rate']:>9.0f} deliveries/s "
                    f"lost={result['lost']}  {_cpu(result, cpu)}"
                )

    def memory(self, kind: str) -> None:
        s = self.sizes
        name = f"memory, {s.idle_connections} idle connections"
        row = self._row(kind, name, "KiB per connection", False)
        for impl in _interleaved(s.memory_reps):
            with running(server_process(kind, self.server_core)) as server:
                url = f"ws://{LOOPBACK}:{server.port}{_path(impl)}"
                self.warm_up(server)
                time.sleep(0.3)
                coro = client.idle_connections(url, s.idle_connections, server.rss_kib)
                result, cpu = _measure(server, coro)
                self._record(row, impl, result["kib_per_conn"], result, cpu)
                self.log(f"  {name:<24} {impl:<6} {result['kib_per_conn']:>9.1f} KiB/conn")

    def connect(self, kind: str, server: Process) -> None:
        s = self.sizes
        for auth in (False, True):
            name = f"connect, {'with' if auth else 'no'} authenticator"
            row = self._row(kind, name, "handshakes/s", True)
            for impl in _interleaved(s.reps):
                url = f"ws://{LOOPBACK}:{server.port}{_path(impl, auth)}"
                coro = client.connect_rate(url, s.handshakes, s.handshake_concurrency, auth)
                result, cpu = _measure(server, coro)
                self._record(row, impl, result["rate"], result, cpu)
                self.log(
                    f"  {name:<24} {impl:<6} {result['rate']:>9.0f} handshakes/s  {_cpu(result, cpu)}"
                )

    def run(self, servers: list[str], scenarios: list[str], redis: bool) -> None:
        redis_server = redis_process(self.client_core) if redis and "fanout" in scenarios else None
        if redis_server is not None:
            redis_server.start()
        try:
            for kind in servers:
                self.log(f"{kind}:")
                if {"echo", "fanout", "connect"} & set(scenarios):
                    with running(server_process(kind, self.server_core)) as server:
                        self.warm_up(server)
                        if "echo" in scenarios:
                            self.echo(kind, server)
                        if "fanout" in scenarios:
                            self.fanout(kind, server, "in-memory")
                        if "connect" in scenarios:
                            self.connect(kind, server)
                if redis_server is not None:
                    url = f"redis://{LOOPBACK}:{redis_server.port}/0"
                    with running(server_process(kind, self.server_core, url)) as server:
                        self.warm_up(server)
                        self.fanout(kind, server, "Redis")
                if "memory" in scenarios:
                    self.memory(kind)
        finally:
            if redis_server is not None:
                redis_server.stop()


def _cpu(result: dict[str, Any], server_cpu: float) -> str:
    return f"(client CPU {result['client_cpu']:.0%}, server CPU {server_cpu:.0%})"


# ---------------------------------------------------------------------- reporting


def _fmt(value: float) -> str:
    if value != value:  # nan
        return "n/a"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def table(rows: list[Row]) -> str:
    header = [
        "Server", "Scenario", "Metric", "chanx", "hand-written", "chanx / hand-written",
        "client CPU (max)", "server CPU", "errors", "lost",
    ]  # fmt: skip
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        d = row.as_dict()
        better = "higher is better" if row.higher_is_better else "lower is better"
        cells = [
            row.server,
            row.scenario,
            f"{row.metric} ({better})",
            _fmt(d["chanx"]),
            _fmt(d["plain"]),
            f"{d['ratio']:.2f}",
            "" if row.metric.startswith(("p50", "p99")) else f"{d['client_cpu']:.0%}",
            "" if row.metric.startswith(("p50", "p99")) else f"{d['server_cpu']:.0%}",
            "" if row.metric.startswith(("p50", "p99")) else str(row.errors),
            str(row.lost) if row.scenario.startswith("fan-out") else "",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def machine_info(pinned: bool) -> dict[str, str]:
    def ver(name: str) -> str:
        try:
            return version(name)
        except Exception:
            return "not installed"

    redis_version = "not installed"
    if shutil.which("redis-server"):
        out = subprocess.run(["redis-server", "--version"], capture_output=True, text=True)
        redis_version = out.stdout.split("v=")[1].split()[0] if "v=" in out.stdout else "?"
    mem_kib = 0
    with contextlib.suppress(OSError, ValueError, IndexError):
        mem_kib = int(Path("/proc/meminfo").read_text().split()[1])
    return {
        "Date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "CPU": _cpu_model(),
        "Cores": f"{os.cpu_count()} ({'server on core 0, client on core 1' if pinned else 'not pinned'})",
        "Memory": f"{mem_kib / 1024 / 1024:.1f} GiB",
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "Packages": ", ".join(
            f"{name} {ver(name)}"
            for name in (
                "chanx", "Django", "channels", "channels-redis", "daphne", "uvicorn",
                "websockets", "pydantic",
            )
        ) + f", redis-server {redis_version}",
    }  # fmt: skip


DOC_INTRO = """\
# Benchmarks

`benchmarks/` measures chanx against a hand-written Channels consumer doing the same
work, on a real ASGI server. Run it from the repository root; it takes 7 to 9 minutes
on a 2-core machine, prints the table and, with `--output`, rewrites this file:

```bash
.venv/bin/python -m nox --no-venv -s bench          # or: python -m benchmarks
python -m benchmarks --quick                        # one repetition each, about 4 minutes
python -m benchmarks --servers uvicorn --scenarios echo,fanout
python -m benchmarks --output docs/benchmarks.md --json results.json
```

## What runs

* **Server**: daphne (`python -m chanx.channels.daphne`) and uvicorn
  (`--ws websockets-sansio`), one process each, serving `benchmarks/app` (a minimal
  Django project). With two or more cores the server is pinned to core 0
  (`sched_setaffinity`), the load client and `redis-server` to core 1.
* **Channel layers**: in-memory unless the scenario says Redis. Each implementation
  uses its framework's in-memory layer: Channels' `InMemoryChannelLayer` (capacity
  1000) for the hand-written consumer, chanx's `in_memory_channel_layer()` (alias
  `chanx`) for chanx. On Redis both share `chanx.channels.layers.redis_channel_layer`
  (a bare-URL channels-redis layer drops idle sockets after ~5 s, CONTRACT §14).
* **Implementations**: `benchmarks/app/consumers.py`. `ChanxConsumer` routes with
  `@ws_handler` on pydantic messages; `PlainConsumer` is Channels'
  `AsyncJsonWebsocketConsumer` with `json.loads` → dispatch on `action` →
  `Model.model_validate` → reply `model_dump_json()`. Both use the same models and
  join the same group on connect. The two are interleaved within one run (chanx,
  hand-written, hand-written, chanx, ...) against the same server process and the
  table shows the medians and **chanx / hand-written** (above 1 is better for
  rates, below 1 for latencies and memory).
* **Client**: `benchmarks/client.py`, asyncio + `websockets`, one process. Its CPU share
  is reported: below 100% while the server is near 100% means the server, not the
  client, is the bottleneck.

| Scenario | What is measured |
|---|---|
| echo | 1 and 50 connections each sending request/reply frames (~{echo_size} bytes, nested payload) in a loop for a fixed time: messages/s, p50/p99 round-trip latency. Every reply is checked. |
| fan-out | 100 and 500 connections in one group; one of them asks for {broadcasts} broadcasts (at most 10 in flight; `--broadcasts N` changes it), in-memory and Redis layers (a private `redis-server` on a free port): deliveries/s and lost deliveries (must be 0). |
| memory | Server RSS (`/proc/<pid>/status`) before and after opening {idle} connections on a fresh server (each does one round trip, then stays idle): KiB per connection. |
| connect | {handshakes} open/close cycles, 10 at a time, without authentication and with a trivial header authenticator (chanx `BaseAuthenticator`; the hand-written consumer checks the header and sends the same `authentication` frame): handshakes/s. |

Echo and connect show medians of 3 runs per implementation, memory of 2 (each on a
fresh server); fan-out runs one pair per size, as each run is long. The numbers are
only comparable within one run: the ratio column is what to watch. On a shared or
busy machine single runs move by 20-30%, so treat ratios between 0.8 and 1.2 as noise
unless they repeat.

A smoke version (tiny sizes, correctness only, no timing) runs in the test suite:
`tests/benchmarks/test_smoke.py` (`python -m benchmarks --smoke --servers uvicorn`).
`python -m benchmarks.layer_fanout` compares the two in-memory layers alone (no
server): CPU time per delivery for 500 members x 40 `group_send`s.

## Where chanx saves time

Profiles (py-spy on the server, cProfile on the receive path in-process) showed the
hand-written consumer's time, and chanx's before these changes, going to:

* Channels' `dispatch` running `close_old_connections()` in the database thread before
  every frame and layer message (a thread hop, ~100 µs of a ~140 µs frame in-process).
  chanx's Django consumer skips it for frames and its own layer messages and keeps it
  on connect/disconnect; `channels.db.database_sync_to_async` still cleans up around
  every ORM call (`close_old_connections_per_message = True` restores the old way).
* An event-loop iteration after every reply (`send_message_immediately`'s yield): a
  handler's single returned reply no longer yields; several sends from one handler
  still do, for fairness.
* The envelope wrap validator on every frame: frames without `ref`/`topic`/`version`
  keys are validated by the bare union in one `validate_json`.
* The in-memory layer: a task and a deep copy per group member and a sweep of every
  queue on each send/receive; chanx's layer puts straight into each queue, shares one
  copy of its own read-only messages and sweeps once a second (10-20x cheaper per
  delivery in `benchmarks.layer_fanout`).
* Per-connection objects allocated up front (handler queue, worker set, bound logger):
  now made on first use, so an idle chanx connection costs about what a hand-written
  one does.

What remains: one asyncio task per handled frame (it keeps handlers concurrent and
cancellable on disconnect; Python 3.11 has no eager tasks), and the connect path
(settings resolved and a few objects built per connection) is slower than the
hand-written `accept()`; connect rate is measured but has no target.
"""


def markdown(rows: list[Row], info: dict[str, str], command: str, sizes: Sizes) -> str:
    intro = DOC_INTRO.format(
        echo_size=client.ECHO_SIZE,
        broadcasts="/".join(map(str, dict.fromkeys(sizes.broadcasts))),
        idle=sizes.idle_connections,
        handshakes=sizes.handshakes,
    )
    machine = "\n".join(f"* **{key}**: {value}" for key, value in info.items())
    return f"{intro}\n## Results\n\nCommand: `{command}`\n\n{machine}\n\n{table(rows)}\n"


# ---------------------------------------------------------------------- main


def _cores(pin: bool) -> tuple[int | None, int | None]:
    if not pin:
        return None, None
    available = sorted(os.sched_getaffinity(0))
    if len(available) < 2:
        return None, None
    server, load = available[0], available[1]
    os.sched_setaffinity(0, {load})
    return server, load


def _raise_nofile() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard != resource.RLIM_INFINITY else 65536
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one repetition, shorter runs")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes: correctness only")
    parser.add_argument("--servers", default=",".join(SERVERS), help="daphne,uvicorn")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS), help=",".join(SCENARIOS))
    parser.add_argument("--broadcasts", type=int, help="broadcasts per fan-out run (default: 200)")
    parser.add_argument("--no-redis", action="store_true", help="skip the Redis fan-out")
    parser.add_argument("--no-pin", action="store_true", help="do not pin to cores")
    parser.add_argument("--output", help="write the markdown report here")
    parser.add_argument("--json", help="write the raw results here")
    args = parser.parse_args(argv)
    for name, allowed in (("servers", SERVERS), ("scenarios", SCENARIOS)):
        values = [v.strip() for v in getattr(args, name).split(",") if v.strip()]
        unknown = set(values) - set(allowed)
        if unknown:
            parser.error(f"unknown {name}: {', '.join(sorted(unknown))}")
        setattr(args, name, values)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = SMOKE if args.smoke else QUICK if args.quick else FULL
    if args.broadcasts:
        sizes = dataclasses.replace(
            sizes, broadcasts=(args.broadcasts,) * len(sizes.fanout_clients)
        )
    redis = not args.no_redis and shutil.which("redis-server") is not None
    if not args.no_redis and not redis:
        print("redis-server not found: skipping the Redis fan-out", file=sys.stderr)
    _raise_nofile()
    cores = _cores(not args.no_pin)
    started = time.perf_counter()
    bench = Bench(sizes, cores, lambda line: print(line, file=sys.stderr, flush=True))
    bench.run(args.servers, args.scenarios, redis)
    elapsed = time.perf_counter() - started
    print(table(bench.rows))
    print(f"\n{len(bench.rows)} rows in {elapsed:.0f} s", file=sys.stderr)
    command = "python -m benchmarks" + "".join(
        f" {shlex.quote(a)}" for a in (argv if argv is not None else sys.argv[1:])
    )
    info = machine_info(cores[0] is not None)
    if args.output:
        Path(args.output).write_text(markdown(bench.rows, info, command, sizes))
    if args.json:
        payload = {
            "machine": info,
            "command": command,
            "elapsed": elapsed,
            "rows": [row.as_dict() for row in bench.rows],
        }
        Path(args.json).write_text(json.dumps(payload, indent=2))
    failed = [r for r in bench.rows if r.errors or r.lost]
    for row in failed:
        print(
            f"FAILED: {row.server} {row.scenario}: errors={row.errors} lost={row.lost}",
            file=sys.stderr,
        )
    return 1 if failed else 0
