// ByteScan is header-only (an inline function); a C target needs one source file.
#include "ByteScan.h"
