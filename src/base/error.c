/* error.c - error codes and messages. */
#include <stdarg.h>
#include <stdio.h>

#include "base/base.h"

const char *smp_strerror(int code) {
    switch (code) {
    case SMP_OK: return "success";
    case SMP_ENOMEM: return "out of memory";
    case SMP_EIO: return "input/output error";
    case SMP_ECORRUPT: return "index is corrupt";
    case SMP_EVERSION: return "index format version not supported";
    case SMP_EINVAL: return "invalid argument";
    case SMP_EANALYZER: return "analyzer settings do not match the index";
    case SMP_ENOTFOUND: return "not found";
    case SMP_EFORMAT: return "input not understood";
    case SMP_EEMPTY: return "nothing to do";
    case SMP_EBUSY: return "the index is being written by another process";
    default: return "unknown error";
    }
}

const char *smp_version(void) { return SMP_VERSION_STRING; }

int smp_set_error(smp_error *err, int code, const char *fmt, ...) {
    if (err) {
        va_list ap;
        err->code = code;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}
