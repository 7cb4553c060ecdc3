import Foundation

/// Writes command output to a path the officer named.
///
/// A new or regular file is replaced atomically (a half-written export is never left behind);
/// anything else — `/dev/null`, `/dev/stdout`, a named pipe — is written in place. Writing
/// "atomically" to a device renames a temporary file over it: run as root, that once replaced
/// this machine's /dev/null with an ordinary file.
public enum OutputFile {
    /// A written file's path as an officer should read it: absolute, so they know where it went.
    public static func shown(_ path: String) -> String {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(path)
        return url.standardizedFileURL.path
    }

    public static func write(_ data: Data, to path: String) throws {
        var st = stat()
        if stat(path, &st) == 0, (st.st_mode & S_IFMT) != S_IFREG {
            guard let handle = FileHandle(forWritingAtPath: path) else {
                throw UserFacingError(file: path, problem: "cannot write here", remedy: "check the path and permissions")
            }
            defer { try? handle.close() }
            try handle.write(contentsOf: data)
            return
        }
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw UserFacingError(file: path, problem: "cannot write the file (\(error.localizedDescription))", remedy: "check the folder exists and is writable")
        }
    }

    public static func write(_ text: String, to path: String) throws { try write(Data(text.utf8), to: path) }
}
