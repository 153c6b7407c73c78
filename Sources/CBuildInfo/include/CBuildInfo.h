#ifndef GD_CBUILDINFO_H
#define GD_CBUILDINFO_H

/// The commit gd was built from: written into generated_commit.h by
/// scripts/write-build-info before a build from a git checkout, else the one
/// `git archive` stamped into archive_commit.h, else "unknown".
const char *gd_build_commit(void);

#endif
