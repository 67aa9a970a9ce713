#!/usr/bin/env python3
"""Runs the line-level stage of the analysis on Apache Spark (PySpark) and brings back its small results.

    .venv/bin/python scripts/engines/spark_run.py --queries Q.json --out DIR
        [--master local[*]] [--driver-memory 2g] [--conf KEY=VALUE ...] [--jobs 4] [--verbose]

Q.json (written by the TypeScript side, src/data/engines/):
    {"sources": [{"view": "raw", "paths": ["/abs/a.parquet", "/abs/part-*.parquet"], "format": "parquet",
                  "row_index": "__row"},
                 {"view": "lines", "paths": ["/abs/x.csv"], "format": "csv",
                  "csv": {"header": true, "delimiter": ",", "quote": "\\"", "escape": "\\"", "encoding": "UTF-8"}}],
     "steps":   [{"name": "staged", "sql": "SELECT ...", "materialize": true}],
     "outputs": [{"name": "orders", "sql": "SELECT ... ORDER BY ..."}]}

- Each source becomes a temp view over its files (a list of paths, each a file, a folder or a glob); a Parquet
  source with "row_index": "NAME" gets a column NAME, the 0-based row number within its file. CSV columns
  are read as strings (the SQL casts them); "header" defaults to true, "delimiter" to ",", quote and escape to '"'
  (RFC 4180 doubled quotes). An empty field is NULL. "columns" names the fields by position (the header line is
  then skipped, not read); with "corrupt_column" a line whose field count differs from the columns' keeps its
  text in that column (Spark's PERMISSIVE mode: the other columns hold what it could read); "multi_line": true
  lets a quoted field hold newlines (each file is then read whole by one task).
- Each step becomes a temp view named after it; a step with "materialize": true is cached and counted at once
  (its row count and seconds are reported), the others stay lazy (rows: null, unknown).
- Each output is collected to the driver through Arrow, in the order Spark returns it (so an ORDER BY in the
  output's SQL is the order of the rows in the file), and written as ONE Parquet file DIR/<name>.parquet;
  --jobs outputs (default 4) are collected at once, their jobs running side by side.
  Timestamps are written naive (no time zone): a TIMESTAMP_LTZ result (e.g. of date_trunc) becomes its UTC
  wall-clock time, which is the time it shows, the session time zone being UTC.
  Outputs are small (per order / customer / product / month), so they always come back to the driver, also on a
  cluster; the inputs must then be reachable by the executors (HDFS, S3, a shared file system).
- Last, DIR/_done.json: {"engine": "spark", "spark_version", "master", "startup_seconds", "total_seconds",
  "sources": {view: {"seconds"}}, "steps": {name: {"rows" (null when not materialized), "seconds",
  "materialized"}}, "outputs": {name: {"rows", "seconds", "file"}}}. A stale _done.json is removed first, the
  Parquet files are moved into DIR only when every step and output succeeded, and _done.json is written last: a
  run that fails leaves no _done.json and no new Parquet file.

Semantics fixed here so that results match the other engines: session time zone UTC (JVM too), the SQL
TIMESTAMP type is TIMESTAMP_NTZ (a wall-clock time, never shifted: like DuckDB's TIMESTAMP), ANSI mode on (a bad
CAST or an integer/decimal overflow is an error, never a silent NULL or a wrapped sum), "double quotes" quote
identifiers as in DuckDB (string literals take 'single quotes'), proleptic Gregorian dates. BIGINT and DECIMAL results are exact (Arrow int64 / decimal128 in the Parquet file).

Errors: exit status 2 and one line `error: ...` on stderr: no PySpark, no Java 17, a missing input file, a bad
Q.json, a step's or an output's SQL error (naming the step or output). Spark's own log is off (--verbose: warnings
and errors) and its console progress bar too; the UI is disabled and, in local mode, everything binds to 127.0.0.1. Spark's
scratch space (spark.local.dir, java.io.tmpdir, warehouse) is a temporary folder removed at the end.
"""
from __future__ import annotations

import argparse
import glob
import json
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from typing import Any, NoReturn

NEED_PYSPARK = "error: the spark engine needs PySpark: run 'bash scripts/setup-spark.sh'"
NEED_JAVA = "error: the spark engine needs Java 17: apt-get install openjdk-17-jre-headless"
IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
DONE = "_done.json"
STATE: dict[str, Any] = {"master": "", "spark": None}  # for error messages


def context_stopped() -> bool:
    """Whether Spark has stopped its own context (it does when it gives up on reaching a cluster)."""
    spark = STATE["spark"]
    if spark is None:
        return False
    try:
        return bool(spark.sparkContext._jsc.sc().isStopped())
    except Exception:  # noqa: BLE001 - the JVM is gone: stopped too
        return True


class RunError(Exception):
    """A failure reported as one `error:` line and exit status 2."""


def fail(message: str) -> NoReturn:
    line = " ".join(message.split())  # one line, whatever the message held
    sys.stderr.write(line if line.startswith("error:") else f"error: {line}")
    sys.stderr.write("\n")
    sys.stderr.flush()
    sys.exit(2)


class Args(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse's usage + message, as one error line
        fail(f"spark_run.py: {message} (usage: spark_run.py --queries Q.json --out DIR [--master URL] "
             "[--driver-memory SIZE] [--conf KEY=VALUE])")


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = Args(description="Run the line-level SQL stage on Spark; write each output as one Parquet file.")
    p.add_argument("--queries", required=True, help="Q.json: sources, steps, outputs")
    p.add_argument("--out", required=True, help="output folder (created): <name>.parquet per output + _done.json")
    p.add_argument("--master", default="local[*]", help="Spark master URL (default local[*]; spark://host:7077, yarn)")
    p.add_argument("--driver-memory", default="2g", help="spark.driver.memory (default 2g; in local mode the "
                   "driver also runs the tasks)")
    p.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE",
                   help="extra Spark setting, applied after the defaults (repeatable; extraJavaOptions are "
                   "appended to the runner's own)")
    p.add_argument("--jobs", type=int, default=4, help="outputs collected at once (default 4; Spark runs their "
                   "jobs side by side)")
    p.add_argument("--verbose", action="store_true", help="show Spark's own warnings and errors on stderr")
    return p.parse_args(argv)


# ---------------------------------------------------------------------------------------------- Q.json


def load_queries(path: str) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise RunError(f"cannot read queries file {path}: {e.strerror}")
    try:
        q = json.loads(text)
    except json.JSONDecodeError as e:
        raise RunError(f"{path}:{e.lineno}:{e.colno}: invalid JSON: {e.msg}")

    def need(cond: bool, where: str, what: str) -> None:
        if not cond:
            raise RunError(f"{path}: {where}: expected {what}")

    need(isinstance(q, dict), "top level", "an object with sources, steps, outputs")
    for key in ("sources", "steps", "outputs"):
        need(isinstance(q.get(key, []), list), key, "a list")
    names: set[str] = set()
    for i, s in enumerate(q.get("sources", [])):
        where = f"sources[{i}]"
        need(isinstance(s, dict), where, "an object")
        need(isinstance(s.get("view"), str) and bool(IDENT.match(s["view"])), f"{where}.view", "an identifier")
        where = f"source '{s['view']}'"
        need(s["view"].lower() not in names, where, "a view name not used before")
        names.add(s["view"].lower())
        paths = s.get("paths")
        need(isinstance(paths, list) and len(paths) > 0 and all(isinstance(x, str) and x for x in paths),
             f"{where}.paths", "a non-empty list of paths")
        need(s.get("format") in ("parquet", "csv"), f"{where}.format", '"parquet" or "csv"')
        need(s.get("row_index") is None or (s["format"] == "parquet" and isinstance(s["row_index"], str)
                                            and bool(IDENT.match(s["row_index"]))),
             f"{where}.row_index", "a column name (Parquet sources only)")
        csv = s.get("csv", {})
        need(isinstance(csv, dict), f"{where}.csv", "an object")
        need(set(csv) <= {"header", "delimiter", "quote", "escape", "encoding", "columns", "corrupt_column", "multi_line"},
             f"{where}.csv", "only header, delimiter, quote, escape, encoding, columns, corrupt_column, multi_line")
        need(isinstance(csv.get("header", True), bool), f"{where}.csv.header", "true or false")
        need(isinstance(csv.get("multi_line", False), bool), f"{where}.csv.multi_line", "true or false")
        cols = csv.get("columns", [])
        need(isinstance(cols, list) and all(isinstance(c, str) and c for c in cols), f"{where}.csv.columns",
             "a list of column names")
        need(isinstance(csv.get("corrupt_column", "x"), str) and csv.get("corrupt_column", "x") != "",
             f"{where}.csv.corrupt_column", "a column name")
        for k in ("delimiter", "quote", "escape", "encoding"):
            need(isinstance(csv.get(k, ","), str) and csv.get(k, ",") != "", f"{where}.csv.{k}", "a non-empty string")
    for i, s in enumerate(q.get("steps", [])):
        need(isinstance(s, dict), f"steps[{i}]", "an object")
        need(isinstance(s.get("name"), str) and bool(IDENT.match(s["name"])), f"steps[{i}].name", "an identifier")
        need(s["name"].lower() not in names, f"step '{s['name']}'", "a view name not used before")
        names.add(s["name"].lower())
        need(isinstance(s.get("sql"), str) and s["sql"].strip() != "", f"step '{s['name']}'.sql", "SQL text")
        need(isinstance(s.get("materialize", False), bool), f"step '{s['name']}'.materialize", "true or false")
    outs: set[str] = set()
    for i, o in enumerate(q.get("outputs", [])):
        need(isinstance(o, dict), f"outputs[{i}]", "an object")
        need(isinstance(o.get("name"), str) and bool(re.match(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", o["name"])),
             f"outputs[{i}].name", "a file-name-safe name (letters, digits, _ . -)")
        need(o["name"] not in outs, f"output '{o['name']}'", "a name not used before")
        outs.add(o["name"])
        need(isinstance(o.get("sql"), str) and o["sql"].strip() != "", f"output '{o['name']}'.sql", "SQL text")
    need(len(outs) > 0, "outputs", "at least one output")
    return q


def check_inputs(q: dict[str, Any]) -> None:
    """Local paths (not URIs such as hdfs:// or s3a://, which only the cluster can see) must exist."""
    for s in q.get("sources", []):
        for p in s["paths"]:
            if URI.match(p) and not p.startswith("file://"):
                continue
            local = p[len("file://"):] if p.startswith("file://") else p
            if glob.has_magic(local):
                if not glob.glob(local):
                    raise RunError(f"input file not found: no file matches {p} (source '{s['view']}')")
            elif not os.path.exists(local):
                raise RunError(f"input file not found: {p} (source '{s['view']}')")


# ---------------------------------------------------------------------------------------------- environment


def java_major() -> int | None:
    """The major version of the Java that Spark will start (JAVA_HOME's, else the one on PATH), or None."""
    home = os.environ.get("JAVA_HOME")
    java = os.path.join(home, "bin", "java") if home else shutil.which("java")
    if not java or not os.access(java, os.X_OK):
        return None
    try:
        r = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    m = re.search(r'version "(\d+)(?:\.(\d+))?', r.stderr + r.stdout)
    if r.returncode != 0 or not m:
        return None
    major = int(m.group(1))
    return int(m.group(2) or 0) if major == 1 else major  # "1.8.0_392" is Java 8


def check_environment() -> None:
    try:
        import pyspark  # noqa: F401
        import pyarrow  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise RunError(NEED_PYSPARK)
    major = java_major()
    if major is None:
        raise RunError(NEED_JAVA)
    if major < 17:
        raise RunError(f"the spark engine needs Java 17 (found Java {major}): apt-get install openjdk-17-jre-headless")


LOG4J2 = """\
# Spark's log for spark_run.py: off by default, since the runner reports a failure itself as one `error:` line
# (a failing task would otherwise print its stack trace twice); --verbose shows warnings and errors.
rootLogger.level = {level}
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{{yy/MM/dd HH:mm:ss}} %p %c{{1}}: %m%n%ex
# Spark prints "Setting default log level to ..." when these loggers' level differs from the root's.
logger.repl.name = org.apache.spark.repl.Main
logger.repl.level = {level}
logger.submit.name = org.apache.spark.deploy.SparkSubmit
logger.submit.level = {level}
logger.gateway.name = org.apache.spark.api.python.PythonGatewayServer
logger.gateway.level = {level}
# Expected on a healthy machine.
logger.native.name = org.apache.hadoop.util.NativeCodeLoader
logger.native.level = error
"""


def start_spark(args: argparse.Namespace, scratch: str):
    from pyspark.sql import SparkSession

    local = args.master.startswith("local")
    STATE["master"] = args.master
    log4j = os.path.join(scratch, "log4j2.properties")
    with open(log4j, "w", encoding="utf-8") as f:
        f.write(LOG4J2.format(level="warn" if args.verbose else "off"))
    tmp = os.path.join(scratch, "tmp")
    os.makedirs(tmp, exist_ok=True)
    java_opts = f"-Duser.timezone=UTC -Djava.io.tmpdir={tmp} -Dlog4j2.configurationFile=file:{log4j} " \
                f"-Dderby.system.home={tmp}"
    os.environ["TZ"] = "UTC"
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    if local:
        os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    conf: dict[str, str] = {
        "spark.app.name": "casestudy-line-stage",
        "spark.driver.memory": args.driver_memory,
        "spark.driver.extraJavaOptions": java_opts,
        "spark.executor.extraJavaOptions": "-Duser.timezone=UTC",
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.session.timeZone": "UTC",
        "spark.sql.timestampType": "TIMESTAMP_NTZ",
        "spark.sql.ansi.enabled": "true",
        # "Customer ID" is a column name, as in DuckDB and standard SQL ('…' is a string; backticks work too).
        "spark.sql.ansi.doubleQuotedIdentifiers": "true",
        "spark.sql.legacy.timeParserPolicy": "CORRECTED",
        "spark.sql.parquet.datetimeRebaseModeInRead": "CORRECTED",
        "spark.sql.parquet.int96RebaseModeInRead": "CORRECTED",
        "spark.sql.catalogImplementation": "in-memory",
        "spark.sql.warehouse.dir": os.path.join(scratch, "warehouse"),
        # Outputs come back to the driver by design (one row per order at most); the driver's memory bounds them.
        "spark.driver.maxResultSize": "0",
    }
    if local:
        conf.update({
            "spark.local.dir": os.path.join(scratch, "local"),
            "spark.driver.host": "127.0.0.1",
            "spark.driver.bindAddress": "127.0.0.1",
            # Spark's default of 200 partitions per shuffle is sized for clusters: on one machine the plan's many
            # shuffles became thousands of tiny tasks (the UCI file's line stage took 215-362 s, 43 s with this).
            "spark.sql.shuffle.partitions": str(max(2, 2 * (os.cpu_count() or 1))),
        })
    for kv in args.conf:
        key, sep, value = kv.partition("=")
        if not sep or not key:
            raise RunError(f"--conf expects KEY=VALUE, got {kv!r}")
        key = key.strip()
        if key in ("spark.driver.extraJavaOptions", "spark.executor.extraJavaOptions"):
            value = f"{conf[key]} {value}"  # keep UTC and the log settings, add the user's options
        conf[key] = value
    builder = SparkSession.builder.master(args.master)
    for k, v in conf.items():
        builder = builder.config(k, v)
    try:
        spark = builder.getOrCreate()
    except Exception as e:  # noqa: BLE001 - a JVM that does not start, a master that cannot be reached
        raise RunError(f"Spark did not start (master {args.master}): {spark_message(e)}")
    spark.sparkContext.setLogLevel("WARN" if args.verbose else "OFF")
    STATE["spark"] = spark
    return spark


def spark_message(e: BaseException) -> str:
    """The most telling line of a (Py4J / PySpark) exception: the root Java cause's message when there is one."""
    msg = ""
    jexc = getattr(e, "java_exception", None)
    if jexc is not None:
        try:
            cause = jexc
            seen = 0
            while cause.getCause() is not None and seen < 20:
                cause = cause.getCause()
                seen += 1
            msg = cause.getMessage() or cause.toString()
        except Exception:  # noqa: BLE001 - the JVM may already be gone
            msg = ""
    if not msg:
        msg = getattr(e, "desc", None) or str(e)
    lines = [line.strip() for line in str(msg).splitlines() if line.strip()]
    first = lines[0] if lines else type(e).__name__
    if context_stopped():
        # Spark stops its context when it gives up on a cluster (about a minute of retries): say so, not the symptom.
        first = (f"Spark stopped: the master {STATE['master']} did not run the application (is it reachable from "
                 "here, and the driver from the cluster? --verbose shows Spark's log)")
    return first[:600]


def naive_utc(table):
    """The table with every time-zone-aware timestamp column (Spark's TIMESTAMP_LTZ, which some functions such as
    date_trunc return even on TIMESTAMP_NTZ input) as a naive timestamp holding the same UTC wall-clock time: the
    session time zone is UTC, so nothing moves, and every output's timestamps are of one kind, like DuckDB's."""
    import pyarrow as pa

    fields = [pa.field(f.name, pa.timestamp(f.type.unit), f.nullable, f.metadata)
              if pa.types.is_timestamp(f.type) and f.type.tz is not None else f for f in table.schema]
    schema = pa.schema(fields, metadata=table.schema.metadata)
    return table if schema.equals(table.schema) else table.cast(schema)


# ---------------------------------------------------------------------------------------------- the run


def run(args: argparse.Namespace) -> None:
    t0 = time.perf_counter()
    out = os.path.abspath(args.out)
    try:  # whatever fails below, DIR holds no _done.json afterwards
        if os.path.lexists(os.path.join(out, DONE)):
            os.remove(os.path.join(out, DONE))
    except OSError as e:
        raise RunError(f"cannot write to {out}: {e.strerror}")
    q = load_queries(args.queries)
    check_inputs(q)
    check_environment()
    try:
        os.makedirs(out, exist_ok=True)
    except OSError as e:
        raise RunError(f"cannot write to {out}: {e.strerror}")

    import pyarrow as pa
    import pyarrow.parquet as pq
    from pyspark.sql.pandas.types import to_arrow_schema

    scratch = tempfile.mkdtemp(prefix="spark-run-")
    staging = tempfile.mkdtemp(prefix=".spark-run-", dir=out)
    spark = None
    try:
        spark = start_spark(args, scratch)
        started = time.perf_counter()
        done: dict[str, Any] = {
            "engine": "spark",
            "spark_version": spark.version,
            "master": args.master,
            "startup_seconds": round(started - t0, 3),
            "sources": {},
            "steps": {},
            "outputs": {},
        }

        for s in q.get("sources", []):
            t = time.perf_counter()
            try:
                if s["format"] == "parquet":
                    df = spark.read.parquet(*s["paths"])
                    if s.get("row_index"):  # the 0-based row within its file (Spark 3.5's file metadata)
                        df = df.select("*", df["_metadata.row_index"].alias(s["row_index"]))
                else:
                    o = s.get("csv", {})
                    reader = (spark.read.format("csv")
                              .option("header", "true" if o.get("header", True) else "false")
                              .option("sep", o.get("delimiter", ","))
                              .option("quote", o.get("quote", '"'))
                              .option("escape", o.get("escape", '"'))
                              .option("encoding", o.get("encoding", "UTF-8"))
                              .option("multiLine", "true" if o.get("multi_line", False) else "false")
                              .option("inferSchema", "false")
                              .option("mode", "PERMISSIVE"))
                    if o.get("columns"):
                        from pyspark.sql.types import StringType, StructField, StructType
                        names = list(o["columns"]) + ([o["corrupt_column"]] if o.get("corrupt_column") else [])
                        reader = reader.schema(StructType([StructField(n, StringType()) for n in names]))
                        if o.get("corrupt_column"):
                            reader = reader.option("columnNameOfCorruptRecord", o["corrupt_column"])
                    df = reader.load(s["paths"])
                df.createOrReplaceTempView(s["view"])
            except Exception as e:  # noqa: BLE001
                raise RunError(f"source '{s['view']}' ({', '.join(s['paths'])}): {spark_message(e)}")
            done["sources"][s["view"]] = {"seconds": round(time.perf_counter() - t, 3)}

        for s in q.get("steps", []):
            t = time.perf_counter()
            rows = None
            try:
                df = spark.sql(s["sql"])
                df.createOrReplaceTempView(s["name"])
                if s.get("materialize", False):
                    df.cache()
                    rows = df.count()
            except Exception as e:  # noqa: BLE001
                raise RunError(f"step '{s['name']}': {spark_message(e)}")
            done["steps"][s["name"]] = {"rows": rows, "seconds": round(time.perf_counter() - t, 3),
                                        "materialized": bool(s.get("materialize", False))}

        def collect(o: dict[str, Any]) -> tuple[Any, float]:
            t = time.perf_counter()
            try:
                df = spark.sql(o["sql"])
                schema = to_arrow_schema(df.schema)
                batches = df._collect_as_arrow()  # in Spark's row order (partition order, then batch order)
            except Exception as e:  # noqa: BLE001
                raise RunError(f"output '{o['name']}': {spark_message(e)}")
            table = naive_utc(pa.Table.from_batches(batches, schema=batches[0].schema if batches else schema))
            pq.write_table(table, os.path.join(staging, f"{o['name']}.parquet"), compression="zstd")
            return table, round(time.perf_counter() - t, 3)

        # The outputs are small, independent queries over the cached steps: a few run at once, so that one's
        # scheduling and result transfer overlap another's tasks (each file's rows still come in its own order).
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            results = list(pool.map(collect, q["outputs"]))
        for o, (table, seconds) in zip(q["outputs"], results):
            done["outputs"][o["name"]] = {"rows": table.num_rows, "seconds": seconds, "file": f"{o['name']}.parquet"}

        for o in q["outputs"]:
            name = f"{o['name']}.parquet"
            os.replace(os.path.join(staging, name), os.path.join(out, name))
        done["total_seconds"] = round(time.perf_counter() - t0, 3)
        with open(os.path.join(staging, DONE), "w", encoding="utf-8") as f:
            json.dump(done, f, indent=2)
            f.write("\n")
        os.replace(os.path.join(staging, DONE), os.path.join(out, DONE))
    finally:
        if spark is not None:
            try:
                spark.stop()
            except Exception:  # noqa: BLE001
                pass
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(scratch, ignore_errors=True)


def interrupted(signum: int, _frame: Any) -> NoReturn:
    raise KeyboardInterrupt(signal.Signals(signum).name)


def main(argv: list[str]) -> None:
    args = parse_args(argv)
    # A stop (timeout, Ctrl-C) still stops Spark and removes the scratch and staging folders (the finally blocks).
    signal.signal(signal.SIGTERM, interrupted)
    if not args.verbose:  # py4j logs an interrupted call's traceback on Python's root logger; the error line says it
        logging.getLogger().addHandler(logging.NullHandler())
    try:
        run(args)
    except RunError as e:
        fail(str(e))
    except KeyboardInterrupt as e:
        fail(f"interrupted ({e or 'SIGINT'}): nothing written")


if __name__ == "__main__":
    main(sys.argv[1:])
