import Core
@preconcurrency import Glibc

/// Makes Ctrl-C (SIGINT) request an interrupt instead of ending the process.
///
/// The handler only stores into `Interrupt`'s atomic flag, the one thing that
/// is safe inside a signal handler; long commands poll `Interrupt.isRequested`
/// at each step and stop with their partial result. While `LineEditor` reads
/// a line, libedit briefly puts its own handler in front of this one, then
/// re-sends the signal here.
///
/// `SA_RESTART` resumes system calls that the signal interrupted: without it
/// a blocking `read()` fails with EINTR and Swift's `readLine()` spins at full
/// CPU. Call once, at start-up, before the first prompt.
func installInterruptHandler() {
    // The flag is a lazily initialised global: initialise it here, because
    // initialisation (a one-time lock) must not first run inside the handler.
    _ = Interrupt.isRequested
    var action = sigaction()
    action.__sigaction_handler.sa_handler = { _ in Interrupt.request() }
    sigemptyset(&action.sa_mask)
    action.sa_flags = SA_RESTART
    sigaction(SIGINT, &action, nil)
    // A blocked signal stays blocked across exec: a parent that blocks
    // SIGINT (a test runner, some IDEs) would leave Ctrl-C pending for ever
    // and a long statement unstoppable. Unblocked here, on the main thread,
    // before any other thread starts (threads inherit the mask).
    var interrupt = sigset_t()
    sigemptyset(&interrupt)
    sigaddset(&interrupt, SIGINT)
    pthread_sigmask(SIG_UNBLOCK, &interrupt, nil)
}
