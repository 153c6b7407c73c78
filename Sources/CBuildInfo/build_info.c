#include "CBuildInfo.h"
#include "archive_commit.h"

// Why C: a Swift file cannot include a file that may not exist, and the
// generated header must stay out of git (it changes with every commit), so a
// clean clone has none. `__has_include` lets the build fall back instead of
// failing. scripts/write-build-info touches this file whenever it rewrites
// the header, so the build notices a header that appeared after the last
// compile.
#if __has_include("generated_commit.h")
#include "generated_commit.h"
#endif

const char *gd_build_commit(void) {
#ifdef GD_GENERATED_COMMIT
    return GD_GENERATED_COMMIT;
#else
    // An unsubstituted placeholder starts with '$': not an archive.
    return GD_ARCHIVE_COMMIT[0] == '$' ? "unknown" : GD_ARCHIVE_COMMIT;
#endif
}
