/* url.c - a site's base URL in front of one of its paths. */
#include <string.h>

#include "base/base.h"

void smp_url_join(smp_buf *out, const char *base_url, const char *url) {
    size_t bl = base_url ? strlen(base_url) : 0;
    if (bl && url[0] == '/' && url[1] != '/') { /* a path of the site */
        while (bl && base_url[bl - 1] == '/') bl--;
        smp_buf_append(out, base_url, bl);
    }
    smp_buf_puts(out, url);
    smp_buf_nul(out);
}
