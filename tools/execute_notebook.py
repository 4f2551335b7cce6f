"""Executes one notebook under a Jupyter kernel and writes the executed copy.

    /usr/bin/python3 tools/execute_notebook.py IN.ipynb OUT.ipynb [--kernel stallfree]

Why not nbclient (nbconvert --execute): the Deno kernel (2.9, cli/js/jupyter_kernel.js)
queues every output of a cell (prints, displays, the result) and stamps each
with the request it is serving when it gets round to sending it, which can be
after the cell's reply and `status: idle`. nbclient stops listening at idle,
so such an output is dropped, or, once the next cell is sent, filed under it.
Here:

- every iopub message is filed under the cell whose request it answers,
  whenever it arrives, until the notebook is written;
- after each cell, silent "fence" requests (one event-loop turn each) are
  sent until one collects no output: what the kernel still held went out
  stamped with the cell or a fence, and a fence's outputs are the cell's;
- an execute_result whose execution_count names another cell moves there.

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
    print(
        f"Expected jupyter_client and nbformat in {sys.executable} but found none: {error}"
        " (Debian's python3-nbclient provides them: run this with /usr/bin/python3)",
        file=sys.stderr,
    )
    sys.exit(2)

OUTPUT_TYPES = {"stream", "display_data", "execute_result", "error"}
FENCE = "await new Promise((resolve) => setTimeout(resolve, 0));"
MAX_FENCES = 10


class CellRun:
    """The outputs of one code cell's execute request (and its fence), as they arrive."""

    def __init__(self, cell):
        self.cell = cell
        self.outputs = []
        self.clear_pending = False
        self.num_messages = 0  # outputs and clear_output messages received

    def add(self, msg):
        kind = msg["msg_type"]
        if kind == "clear_output" or kind in OUTPUT_TYPES:
            self.num_messages += 1
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


def is_idle(msg, msg_id):
    return (msg is not None and msg["parent_header"].get("msg_id") == msg_id
            and msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle")


def await_request(client, manager, msg_id, runs, timeout):
    """Waits for msg_id's reply and idle, filing iopub as it comes; returns the reply content."""
    deadline = time.monotonic() + timeout
    reply, idle = None, False
    while reply is None or not idle:
        if time.monotonic() > deadline:
            manager.interrupt_kernel()
            return {"status": "error", "ename": "TimeoutError",
                    "evalue": f"Expected the cell to finish within {timeout:g} s but it did not"}
        if not manager.is_alive():
            return {"status": "error", "ename": "DeadKernelError",
                    "evalue": "Expected the kernel to stay alive but it died during this cell"}
        if reply is None:
            try:
                msg = client.get_shell_msg(timeout=0.005)
                if msg["parent_header"].get("msg_id") == msg_id:
                    reply = msg
            except queue.Empty:
                pass
        idle = is_idle(drain_iopub(client, runs, 0.005), msg_id) or idle
    return reply["content"]


def run_cell(client, manager, run, runs, timeout):
    """Executes one cell, then fences until one collects no output; returns the cell's reply."""
    msg_id = client.execute(run.cell.source, store_history=True, allow_stdin=False,
                            stop_on_error=True)
    runs[msg_id] = run
    content = await_request(client, manager, msg_id, runs, timeout)
    for _ in range(MAX_FENCES if content.get("status") == "ok" else 0):
        before = run.num_messages
        fence_id = client.execute(FENCE, silent=True, store_history=False, allow_stdin=False)
        runs[fence_id] = run
        fence = await_request(client, manager, fence_id, runs, timeout)
        if fence.get("status") != "ok":
            return fence
        if run.num_messages == before:
            break
    return content


def record_failure(run, content):
    """Makes sure a failed cell carries an error output, from its reply if the kernel sent none."""
    if not run.has_error():
        run.outputs.append(new_output("error", ename=content.get("ename", "Error"),
                                      evalue=content.get("evalue", ""),
                                      traceback=content.get("traceback", [])))


def refile_results(runs):
    """Moves each execute_result to the cell its execution_count names, if another holds it."""
    by_count = {run.cell.execution_count: run for run in runs}
    for run in runs:
        for output in list(run.outputs):
            owner = by_count.get(output.get("execution_count"))
            if output.output_type == "execute_result" and owner not in (None, run):
                run.outputs.remove(output)
                owner.outputs.append(output)


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
            content = run_cell(client, manager, run, runs, options.timeout)
            cell.execution_count = content.get("execution_count")
            if content.get("status") != "ok":
                record_failure(run, content)
                break
        # Anything still in flight belongs to the cell that asked for it.
        while drain_iopub(client, runs, options.grace_ms / 1000) is not None:
            pass
    finally:
        unique = list({id(run): run for run in runs.values()}.values())
        refile_results(unique)
        for run in unique:
            run.cell.outputs = run.outputs
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--kernel", default="stallfree")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per cell")
    parser.add_argument("--grace-ms", type=float, default=300,
                        help="how long the kernel must be quiet after the last cell")
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
