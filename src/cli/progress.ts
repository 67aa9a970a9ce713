/**
 * Progress of a long command on stderr, fed by the library's stage events (src/util/progress.ts):
 * - on a terminal, an `ora` spinner naming the running stage (with its progress, e.g. rows written), and one
 *   persisted line per finished top-level stage with its time;
 * - when stderr is not a terminal (CI logs, pipes), one plain line per finished stage:
 *   `casestudy analyze: load done in 2.1 s (541,909 lines, 392,692 kept)`;
 * - with `--quiet`, nothing.
 * stdout and the files a command writes never change with it. A stage that fails prints no line: the
 * command's one `error:` line says what went wrong.
 */
import ora, { type Ora } from "ora";
import type { StageListener } from "../util/progress.js";

/** A stage listener that draws progress; `stop()` clears the spinner (call it before exiting, also on error). */
export interface CliProgress extends StageListener {
  stop(): void;
}

/** Options of {@link cliProgress}. */
export interface CliProgressOptions {
  /** No output at all. Default false. */
  quiet?: boolean;
  /** Where progress goes. Default `process.stderr`. */
  stream?: NodeJS.WriteStream;
  /** Draw a spinner (a terminal) or plain lines. Default: whether `stream` is a terminal. */
  tty?: boolean;
}

/** Seconds as `0.4 s`, `12.3 s`, `2 min 05 s`. */
export function formatSeconds(s: number): string {
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${String(Math.round(s - 60 * m)).padStart(2, "0")} s`;
}

/** The progress display of command `command` (e.g. "casestudy analyze"). */
export function cliProgress(command: string, options: CliProgressOptions = {}): CliProgress {
  if (options.quiet) return { stop() {} };
  const stream = options.stream ?? process.stderr;
  const tty = options.tty ?? Boolean(stream.isTTY);
  const running: string[] = [];
  const line = (name: string, seconds: number, detail?: string) =>
    `${name} done in ${formatSeconds(seconds)}${detail ? ` (${detail})` : ""}`;

  if (!tty) {
    return {
      start: (name) => void running.push(name),
      end: (name, seconds, detail) => {
        running.pop();
        stream.write(`${command}: ${"  ".repeat(running.length)}${line(name, seconds, detail)}\n`);
      },
      stop() {},
    };
  }

  let spinner: Ora | undefined;
  let lastRender = 0;
  const text = (detail?: string) => `${command}: ${running.join(" › ")}${detail ? ` (${detail})` : ""}`;
  const show = (detail?: string) => {
    if (!spinner) spinner = ora({ stream, text: text(detail), discardStdin: false, isEnabled: true }).start();
    else spinner.text = text(detail);
  };
  return {
    start(name) {
      running.push(name);
      show();
    },
    update(detail) {
      if (running.length === 0) return;
      show(detail);
      // long synchronous work blocks the spinner's timer: draw now, at most ten times a second
      const now = performance.now();
      if (spinner && now - lastRender > 100) {
        spinner.render();
        lastRender = now;
      }
    },
    end(name, seconds, detail) {
      running.pop();
      if (!spinner) return;
      if (running.length === 0) {
        spinner.stopAndPersist({ symbol: "✔", text: `${command}: ${line(name, seconds, detail)}` });
        spinner = undefined;
      } else {
        show();
      }
    },
    stop() {
      spinner?.stop();
      spinner = undefined;
    },
  };
}
