// The target's functions are `static inline` in include/CDigits.h;
// SwiftPM needs a source file to build a C target.
#include "CDigits.h"
