import Foundation

/// Runs the real `warden` in a private tmux server and reads its screen, the way a person would:
/// keys go in with `send-keys`, the screen comes out with `capture-pane`. Waits watch the screen
/// for what is expected instead of sleeping fixed times.
final class DashboardTmux {
    struct Timeout: Error, CustomStringConvertible {
        var waitingFor: String
        var screen: [String]
        var description: String {
            "timed out waiting for \(waitingFor); the screen was:\n" + screen.map { "|" + $0 + "|" }.joined(separator: "\n")
        }
    }

    struct BrokenDevNull: Error, CustomStringConvertible {
        var description: String { "/dev/null on this machine is not a character device (something replaced it), so tmux cannot start; restore it with: mknod -m 666 /dev/null.new c 1 3 && mv -f /dev/null.new /dev/null" }
    }

    let socket = "warden-e2e-\(UUID().uuidString.prefix(8))"
    let dir: URL

    /// Starts `arguments` of warden in a `width`×`height` window. Before it, the shell prints a
    /// marker line; after it, the exit status as `EXIT=n`, so a test can see the terminal restored.
    init(_ arguments: [String], width: Int = 100, height: Int = 30, environment: [String: String] = [:]) throws {
        // tmux's server cannot daemonise without a real /dev/null; say so rather than time out.
        var st = stat()
        guard stat("/dev/null", &st) == 0, (st.st_mode & S_IFMT) == S_IFCHR else { throw BrokenDevNull() }
        dir = WardenBinary.tempDir("tmux")
        var env = ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "USER": "e2e.officer", "HOME": dir.path, "XDG_CONFIG_HOME": dir.path]
        for (k, v) in environment { env[k] = v }
        let exports = env.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.quote($0.value))" }.joined(separator: " ")
        let command = "printf 'BEFORE-WARDEN\\n'; env -u NO_COLOR \(exports) \(Self.quote(WardenBinary.path)) "
            + arguments.map(Self.quote).joined(separator: " ") + "; echo EXIT=$?; sleep 120"
        // The first command starts the server, which would keep an output pipe open for ever: no pipe here.
        try tmux(["new-session", "-d", "-s", "main", "-x", String(width), "-y", String(height), command], output: false)
    }

    deinit { try? tmux(["kill-server"], output: false) }

    static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// Runs a tmux client and returns what it printed.
    ///
    /// Spawned with posix_spawn, not Foundation's Process: the client that starts the server
    /// forks it as a daemon, which inherits the spawning thread's signal mask (a test thread blocks
    /// SIGWINCH, SIGINT and SIGTERM, so the dashboard under it would never see a resize) and any
    /// descriptor Foundation watches to notice the client's exit. So the mask and dispositions are
    /// reset, and the exit is awaited with waitpid.
    @discardableResult
    func tmux(_ args: [String], output: Bool = true) throws -> String {
        var env = ProcessInfo.processInfo.environment
        env["LANG"] = "C.UTF-8"
        env.removeValue(forKey: "TMUX")
        let argv = ["tmux", "-L", socket] + args
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        var cEnv: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in cArgs + cEnv { free(p) } }

        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        sigdelset(&all, SIGKILL)
        sigdelset(&all, SIGSTOP)
        posix_spawnattr_setsigmask(&attr, &none)
        posix_spawnattr_setsigdefault(&attr, &all)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var fds: [Int32] = [-1, -1]
        if output {
            guard pipe(&fds) == 0 else { throw POSIXError(.EMFILE) }
            posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
            posix_spawn_file_actions_addclose(&actions, fds[0])
            posix_spawn_file_actions_addclose(&actions, fds[1])
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)

        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, "tmux", &actions, &attr, &cArgs, &cEnv)
        var text = ""
        if output {
            close(fds[1])
            if rc == 0 {
                var data = [UInt8]()
                var buffer = [UInt8](repeating: 0, count: 65536)
                while true {
                    let n = read(fds[0], &buffer, buffer.count)
                    if n <= 0 { break }
                    data += buffer[0..<n]
                }
                text = String(decoding: data, as: UTF8.self)
            }
            close(fds[0])
        }
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .ENOENT) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return text
    }

    /// Keys by tmux name ("Enter", "Escape", "Down", "C-c") or single characters.
    func press(_ keys: String...) throws { try tmux(["send-keys", "-t", "main"] + keys, output: false) }

    /// Text typed literally.
    func type(_ text: String) throws { try tmux(["send-keys", "-t", "main", "-l", text], output: false) }

    /// The screen's rows as text (with `escapes`, the colour and attribute sequences too).
    func screen(escapes: Bool = false) throws -> [String] {
        let text = try tmux(["capture-pane", "-p", "-t", "main"] + (escapes ? ["-e"] : []))
        var rows = text.components(separatedBy: "\n")
        if rows.last == "" { rows.removeLast() }
        return rows
    }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", "main", "-x", String(width), "-y", String(height)], output: false)
    }

    /// Polls the screen until `condition` holds; returns how long that took.
    @discardableResult
    func waitFor(_ what: String, timeout: Double = 15, _ condition: ([String]) -> Bool) throws -> Duration {
        let clock = ContinuousClock()
        let start = clock.now
        var last: [String] = []
        while clock.now - start < .milliseconds(Int(timeout * 1000)) {
            last = try screen()
            if condition(last) { return clock.now - start }
            Thread.sleep(forTimeInterval: 0.005)
        }
        throw Timeout(waitingFor: what, screen: last)
    }

    /// Waits until some row shows `text`.
    @discardableResult
    func waitFor(_ text: String, timeout: Double = 15) throws -> Duration {
        try waitFor("\"\(text)\"", timeout: timeout) { $0.contains { $0.contains(text) } }
    }
}

/// Milliseconds, for printing.
func ms(_ d: Duration) -> Double { Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15 }

/// The display column where `needle` starts (East Asian wide characters count two), for checking
/// alignment in the real terminal. Counts only the ranges the fixture's names use.
func displayColumn(of needle: String, in line: String) -> Int? {
    guard let r = line.range(of: needle) else { return nil }
    return line[..<r.lowerBound].unicodeScalars.reduce(0) { n, u in
        let v = u.value
        let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFF00...0xFF60).contains(v)
        let zero = (0x0300...0x036F).contains(v)
        return n + (zero ? 0 : wide ? 2 : 1)
    }
}
