"""The background-work helper: callbacks on the GUI thread, the event loop keeps running while a
task blocks, failures reach the error handler, lanes are serial, shutdown leaves no thread."""

from __future__ import annotations

import concurrent.futures
import threading

import pytest
from PySide6.QtCore import QTimer

from kiosk.ui.tasks import Lane, TaskRunner


@pytest.fixture
def runner(qtbot):
    r = TaskRunner()
    yield r
    r.shutdown()


def test_success_callback_runs_on_the_gui_thread(qtbot, runner) -> None:
    seen: list[tuple[object, str]] = []
    runner.run(
        lambda: threading.current_thread().name,
        on_success=lambda worker: seen.append((worker, threading.current_thread().name)),
    )
    qtbot.waitUntil(lambda: bool(seen))
    worker, callback_thread = seen[0]
    assert str(worker).startswith("simkiosk-default")
    assert callback_thread == threading.main_thread().name
    assert runner.running == 0


def test_event_loop_keeps_running_while_a_task_blocks(qtbot, runner) -> None:
    release = threading.Event()
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(1))
    done: list[bool] = []
    runner.run(lambda: release.wait(20), on_success=done.append, lane=Lane.SCANNER)
    timer.start()
    qtbot.waitUntil(lambda: len(ticks) >= 5)  # GUI timers fire while the worker is blocked
    assert not done and not release.is_set() and runner.running == 1
    release.set()
    qtbot.waitUntil(lambda: bool(done))
    timer.stop()
    assert done == [True]


def test_unhandled_failure_reaches_the_error_handler(qtbot, runner) -> None:
    errors: list[tuple[str, BaseException, str]] = []
    runner.add_error_handler(
        lambda label, exc: errors.append((label, exc, threading.current_thread().name))
    )
    with qtbot.waitSignal(runner.failed):
        runner.run(lambda: 1 / 0, label="divide")
    label, exc, thread = errors[0]
    assert label == "divide" and isinstance(exc, ZeroDivisionError)
    assert thread == threading.main_thread().name


def test_failure_callback_gets_the_exception_instead(qtbot, runner) -> None:
    errors: list[BaseException] = []
    got: list[BaseException] = []
    runner.add_error_handler(lambda label, exc: errors.append(exc))
    runner.run(lambda: {}["missing"], on_failure=got.append)
    qtbot.waitUntil(lambda: bool(got))
    assert isinstance(got[0], KeyError) and not errors


def test_exception_in_a_callback_reaches_the_error_handler(qtbot, runner) -> None:
    errors: list[str] = []
    runner.add_error_handler(lambda label, exc: errors.append(label))

    def broken(_result: object) -> None:
        raise ValueError("bad render")

    runner.run(lambda: 1, on_success=broken, label="render")
    qtbot.waitUntil(lambda: bool(errors))
    assert errors == ["render (callback)"]


def test_a_lane_runs_its_tasks_in_order_on_one_thread(qtbot, runner) -> None:
    order: list[tuple[int, str]] = []
    for i in range(5):
        runner.run(lambda i=i: order.append((i, threading.current_thread().name)), lane=Lane.CAMERA)
    qtbot.waitUntil(lambda: runner.running == 0)
    assert [i for i, _ in order] == [0, 1, 2, 3, 4]
    assert len({name for _, name in order}) == 1


def test_shutdown_joins_workers_and_refuses_new_work(qtbot) -> None:
    runner = TaskRunner()
    started = threading.Event()
    runner.run(lambda: (started.set(), threading.Event().wait(0.2)), lane=Lane.NETWORK)
    started.wait(5)
    runner.shutdown()
    assert not [t for t in threading.enumerate() if t.name.startswith("simkiosk-")]
    with pytest.raises(RuntimeError):
        runner.run(lambda: None)


def test_window_shows_a_plain_message_for_worker_errors(qtbot, make_window) -> None:
    window = make_window()
    window.tasks.run(lambda: 1 / 0, label="scripted fault")
    qtbot.waitUntil(window.banner.isVisible)
    assert window.banner.text() == "Что-то пошло не так. Обратитесь к сотруднику."
    assert "ZeroDivision" not in window.banner.text()


def test_a_ui_error_in_a_step_ends_the_session_and_shows_the_banner(qtbot, make_window) -> None:
    from kiosk.session import SessionError, SessionOutcome, Step

    window = make_window()
    session = window.flow.session
    errors: list[BaseException] = []
    window.tasks.add_error_handler(lambda label, exc: errors.append(exc))
    # An event the step does not accept, as a UI bug would send it: the session refuses it.
    window.flow._run("start", lambda s: s.give_consent())
    qtbot.waitUntil(lambda: session.ended)
    assert isinstance(errors[0], SessionError)
    assert session.outcome is SessionOutcome.CANCELLED
    qtbot.waitUntil(window.banner.isVisible)
    assert window.current_step is Step.ENDED


class _AlreadyDone(concurrent.futures.Executor):
    """An executor whose work is finished before submit() returns, as a fast check on an idle
    worker can be by the time run() adds its callback."""

    def submit(self, fn, /, *args, **kwargs):
        future: concurrent.futures.Future = concurrent.futures.Future()
        future.set_result(fn(*args, **kwargs))
        return future


def test_a_task_done_at_once_is_still_delivered_by_the_event_loop(qtbot, runner) -> None:
    # Delivered on the caller's stack, the result would change the page in the middle of the
    # key press that started the task, and the same Enter would press the next page's button.
    runner._lanes[Lane.DEFAULT] = _AlreadyDone()
    seen: list[int] = []
    runner.run(lambda: 7, on_success=seen.append)
    assert seen == []  # not yet: the task's caller finishes its own event first
    qtbot.waitUntil(lambda: seen == [7])
