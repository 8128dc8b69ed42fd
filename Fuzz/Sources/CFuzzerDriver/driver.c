// Only the declaration in include/fuzzer_driver.h matters; libFuzzer itself is linked by -sanitize=fuzzer.
#include "fuzzer_driver.h"
