// Prefetch is header-only (an inline function); a C target needs one source file.
#include "Prefetch.h"
#include "Published.h"
