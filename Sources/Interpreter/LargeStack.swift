import Core
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Runs statement evaluation on a thread with a large stack.
///
/// gd evaluates, differentiates, prints and finally frees its trees by
/// recursion, and a user may legitimately build trees thousands of levels
/// deep: a sum of 6,000 terms `1+1+…+1` is a left-leaning tree 6,000 deep,
/// and `a = sin(a)` run 40,000 times by a script makes an expression 40,000
/// deep that is freed, recursively, when the session ends. The main thread's
/// 8 MiB stack overflows on those (a crash, not an error). A thread whose
/// stack is `LargeStack.size` runs them; only the pages touched are ever
/// committed, so the size costs address space, not memory. What is deeper
/// still is refused before it is built: the parser limits real nesting and
/// the length of a statement (`Parser.maximumNesting`, `Parser.maximumTokens`).
enum LargeStack {
    /// 1 GiB: in a debug build a sum of 99,000 terms (just under the parser's
    /// limit on a statement's operators) peaks at about 480 MB resident.
    static let size = 1 << 30

    /// Marks the large-stack threads: a thread-specific value, non-nil on
    /// them. (Not Foundation's `threadDictionary`, whose first use bridges a
    /// String key and scans every protocol conformance of the process: a
    /// tenth of a millisecond per start.)
    private static let marker: pthread_key_t? = {
        var key = pthread_key_t()
        return pthread_key_create(&key, nil) == 0 ? key : nil
    }()

    /// True on a thread `run` started.
    private static var onLargeStack: Bool {
        guard let marker else { return false }
        return pthread_getspecific(marker) != nil
    }

    /// Runs `body` on a large-stack thread and waits for it; when already on
    /// one (a statement that runs a session, `gd test` inside a session), runs
    /// it here. Ctrl-C's task-local simulation (tests) is carried across.
    static func run<T>(_ body: () -> T) -> T {
        if onLargeStack { return body() }
        return withoutActuallyEscaping(body) { escapable in
            let simulation = Interrupt.simulation
            let job = Job {
                if let marker { pthread_setspecific(marker, UnsafeRawPointer(bitPattern: 1)) }
                // Pushing a task-local value on a thread the Swift runtime did
                // not start crashes in release builds (swift_task_localValuePush
                // on a raw pthread, seen with Swift 6.3): only tests set one.
                guard let simulation else { return escapable() }
                return Interrupt.$simulation.withValue(simulation) { escapable() }
            }
            // A POSIX thread rather than Foundation's `Thread`, which keeps
            // its closure after it ends: `job` (and with it the borrowed
            // closure) is released inside the thread, before `join` returns.
            var attributes = pthread_attr_t()
            pthread_attr_init(&attributes)
            defer { pthread_attr_destroy(&attributes) }
            pthread_attr_setstacksize(&attributes, size)
            var thread = pthread_t()
            // Passed as the non-generic base class: the thread calls it
            // without a dynamic cast (a cast to a protocol scans every
            // conformance of the process the first time).
            let context = Unmanaged.passRetained(job as Runnable).toOpaque()
            let created = pthread_create(&thread, &attributes, { context in
                guard let context else { return nil }
                Unmanaged<Runnable>.fromOpaque(context).takeRetainedValue().runOnce()
                return nil
            }, context)
            guard created == 0 else {
                // No thread (address space exhausted): run here, as before.
                Unmanaged<Runnable>.fromOpaque(context).release()
                return escapable()
            }
            pthread_join(thread, nil)
            // The thread always stores a value before it ends.
            guard let value = job.result else { preconditionFailure("the large-stack thread ended without a result") }
            return value
        }
    }

    /// What the thread runs; `Job` overrides it.
    private class Runnable: @unchecked Sendable {
        func runOnce() {}
    }

    /// The work and its result, handed between the threads; `join` orders
    /// every access.
    private final class Job<T>: Runnable, @unchecked Sendable {
        private var work: (() -> T)?
        var result: T?
        init(_ work: @escaping () -> T) { self.work = work }
        override func runOnce() {
            result = work?()
            work = nil
        }
    }
}
