import Synchronization

/// The process-wide "stop what you are doing" flag set by Ctrl-C.
///
/// The signal handler only stores into this atomic; long-running commands
/// (descend, minimize, sgd, plots of heavy functions) poll `isRequested` at
/// each step and stop with their partial result. The session clears it
/// before every read and every evaluation, so a stale flag never leaks into
/// the next statement.
public enum Interrupt {
    private static let flag = Atomic<Bool>(false)

    /// A task-local stand-in for the flag: tests simulate Ctrl-C (or shut it
    /// out) within their own task, without touching the process-wide flag
    /// that tests running in parallel also see.
    ///
    ///     Interrupt.$simulation.withValue({ true }) { try descend(…) }
    @TaskLocal public static var simulation: (@Sendable () -> Bool)? = nil

    public static var isRequested: Bool {
        if let simulation { return simulation() }
        return flag.load(ordering: .relaxed)
    }

    /// A poll for a hot loop: `isRequested` with the task-local simulation
    /// looked up once, when the poll is made, instead of at every step
    /// (a task-local lookup costs more than a small problem's whole step).
    ///
    ///     let interrupt = Interrupt.poll()
    ///     while … { if interrupt.isRequested { break } … }
    public struct Poll: Sendable {
        let simulation: (@Sendable () -> Bool)?
        public var isRequested: Bool {
            if let simulation { return simulation() }
            return Interrupt.flag.load(ordering: .relaxed)
        }
    }

    public static func poll() -> Poll { Poll(simulation: simulation) }

    /// Called from the SIGINT handler: async-signal-safe (a single atomic store).
    public static func request() { flag.store(true, ordering: .relaxed) }

    public static func clear() { flag.store(false, ordering: .relaxed) }
}

/// Thrown by a long computation that noticed `Interrupt.isRequested`.
public struct Interrupted: Error, Sendable {
    public init() {}
}
