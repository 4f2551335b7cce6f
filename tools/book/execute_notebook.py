"""Executes one notebook under a Jupyter kernel and writes the executed copy.

    /usr/bin/python3 tools/book/execute_notebook.py IN.ipynb OUT.ipynb [--kernel stallfree]

Why not nbclient: the Deno kernel sometimes publishes a cell's execute_result
on iopub *after* its `status: idle`, and nbclient stops listening at idle, so
about one output in twenty goes missing, a different one each run. Here every
iopub message is filed under the cell whose execute request it answers,
whenever it arrives: after a cell's reply and idle we keep listening until
--grace-ms pass with nothing new for it (at most --max-grace-ms), and anything
later still is filed under its cell before the file is written.

Stops at the first cell that fails (an error reply, a timeout, or a dead
kernel) and records it in that cell as an `error` output, so the caller can
name it; later cells keep no outputs. Exit codes: 0 when the notebook was
written (failed cells included), 1 when it could not be, 2 when
jupyter_client or nbformat is missing. Does not answer input requests
(stdin is off) or apply update_display_data.
"""

import argparse
import queue
import sys
import time

try:
    import nbformat
    from jupyter_client.manager import KernelManager
    from nbformat.v4 import new_output, output_from_msg
except ImportError as error:
    print(f"Expected jupyter_client and nbformat but found none: {error}", file=sys.stderr)
    sys.exit(2)

OUTPUT_TYPES = {"stream", "display_data", "execute_result", "error"}


class CellRun:
    """The outputs of one code cell's execute request, as they arrive."""

    def __init__(self, cell):
        self.cell = cell
        self.outputs = []
        self.clear_pending = False
        self.last_message = time.monotonic()

    def add(self, msg):
        kind = msg["msg_type"]
        self.last_message = time.monotonic()
        if kind == "clear_output":
            if msg["content"].get("wait"):
                self.clear_pending = True
            else:
                self.outputs = []
            return
        if kind not in OUTPUT_TYPES:
            return
        if self.clear_pending:
            self.outputs, self.clear_pending = [], False
        output = output_from_msg(msg)
        previous = self.outputs[-1] if self.outputs else None
        if kind == "stream" and previous and previous.get("name") == output.name:
            previous.text += output.text  # one block per run of the same stream, as Jupyter shows it
        else:
            self.outputs.append(output)

    def has_error(self):
        return any(output.output_type == "error" for output in self.outputs)


def shell_reply(client, msg_id, timeout):
    """The execute_reply to msg_id, or None if none arrives within timeout seconds."""
    try:
        msg = client.get_shell_msg(timeout=timeout)
    except queue.Empty:
        return None
    return msg if msg["parent_header"].get("msg_id") == msg_id else None


def drain_iopub(client, runs, timeout):
    """Files one iopub message under its cell; returns it, or None when none came."""
    try:
        msg = client.get_iopub_msg(timeout=timeout)
    except queue.Empty:
        return None
    run = runs.get(msg["parent_header"].get("msg_id"))
    if run is not None:
        run.add(msg)
    return msg


def run_cell(client, manager, run, runs, options):
    """Executes one cell; returns the execute_reply content, or a stand-in on timeout or death."""
    source = run.cell.source
    msg_id = client.execute(source, store_history=True, allow_stdin=False, stop_on_error=True)
    runs[msg_id] = run
    deadline = time.monotonic() + options.timeout
    reply, idle_at = None, None
    while reply is None or idle_at is None:
        if time.monotonic() > deadline:
            manager.interrupt_kernel()
            return {"status": "error", "ename": "TimeoutError",
                    "evalue": f"Expected the cell to finish within {options.timeout:g} s but it did not"}
        if not manager.is_alive():
            return {"status": "error", "ename": "DeadKernelError",
                    "evalue": "Expected the kernel to stay alive but it died during this cell"}
        if reply is None:
            reply = shell_reply(client, msg_id, 0.01)
        msg = drain_iopub(client, runs, 0.05)
        if (msg and msg["parent_header"].get("msg_id") == msg_id
                and msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle"):
            idle_at = time.monotonic()
    # Late results: keep listening until the cell has been quiet for grace_ms.
    while True:
        now = time.monotonic()
        quiet_since = max(run.last_message, idle_at)
        if now - quiet_since >= options.grace_ms / 1000 or now - idle_at >= options.max_grace_ms / 1000:
            break
        drain_iopub(client, runs, 0.02)
    return reply["content"]


def record_failure(run, content):
    """Makes sure a failed cell carries an error output, from its reply if the kernel sent none."""
    if not run.has_error():
        run.outputs.append(new_output("error", ename=content.get("ename", "Error"),
                                      evalue=content.get("evalue", ""),
                                      traceback=content.get("traceback", [])))


def execute(notebook, options):
    """Runs the notebook's code cells in order, in place; stops at the first failure."""
    manager = KernelManager(kernel_name=options.kernel)
    manager.start_kernel()
    client = manager.client()
    client.start_channels()
    runs = {}
    try:
        client.wait_for_ready(timeout=120)
        for cell in notebook.cells:
            if cell.cell_type != "code":
                continue
            run = CellRun(cell)
            content = run_cell(client, manager, run, runs, options)
            cell.execution_count = content.get("execution_count")
            if content.get("status") != "ok":
                record_failure(run, content)
                break
        # Anything still in flight for an earlier cell belongs to that cell.
        while drain_iopub(client, runs, options.grace_ms / 1000) is not None:
            pass
    finally:
        for run in runs.values():
            run.cell.outputs = run.outputs
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--kernel", default="stallfree")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per cell")
    parser.add_argument("--grace-ms", type=float, default=300)
    parser.add_argument("--max-grace-ms", type=float, default=2000)
    options = parser.parse_args()
    notebook = nbformat.read(options.input, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    try:
        execute(notebook, options)
    except Exception as error:  # a kernel that will not start, say: one line for the caller
        print(f"Could not execute {options.input}: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    nbformat.write(notebook, options.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
