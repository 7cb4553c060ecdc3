import Foundation

/// The operating-system account running this process: who loads, who views.
public enum CurrentUser {
    public static var name: String {
        let env = ProcessInfo.processInfo.environment
        if let u = env["USER"], !u.isEmpty { return u }
        if let u = env["LOGNAME"], !u.isEmpty { return u }
        if let pw = getpwuid(getuid()), let n = pw.pointee.pw_name { return String(cString: n) }
        return "uid\(getuid())"
    }
}
