// `git archive` replaces the placeholder with the commit (.gitattributes:
// export-subst), so a source archive without .git still knows its commit.
// In a checkout the placeholder stays and build_info.c ignores it.
#define GD_ARCHIVE_COMMIT "$Format:%h$"
