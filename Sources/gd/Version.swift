import CBuildInfo

/// gd's version: bumped by hand at a release; `gd --version`, the man page
/// and the package's archive name read it.
let gdVersion = "0.1.0"

/// The commit the binary was built from (see Sources/CBuildInfo).
let gdBuildCommit = String(cString: gd_build_commit())

/// What `gd --version` prints.
let versionLine = "gd \(gdVersion) (commit \(gdBuildCommit))"
