/* The floor: libcmark alone reads, parses and renders every .md file below a folder, in one process
 * and one thread, and writes nothing. jianbao cannot be faster than this on the same Markdown.
 *
 *   cc -O2 -o cmark-floor cmark-floor.c -lcmark && ./cmark-floor CONTENT_DIR
 */
#define _XOPEN_SOURCE 700
#include <cmark.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t files, input_bytes, output_bytes;

static int visit(const char *path, const struct stat *info, int type, struct FTW *ftw) {
    (void)ftw;
    size_t length = strlen(path);
    if (type != FTW_F || length < 3 || strcmp(path + length - 3, ".md") != 0) return 0;
    FILE *file = fopen(path, "rb");
    if (!file) { perror(path); return 1; }
    char *text = malloc((size_t)info->st_size + 1);
    size_t read = fread(text, 1, (size_t)info->st_size, file);
    fclose(file);
    cmark_node *document = cmark_parse_document(text, read, CMARK_OPT_UNSAFE | CMARK_OPT_SOURCEPOS);
    char *html = cmark_render_html(document, CMARK_OPT_UNSAFE);
    output_bytes += strlen(html);
    free(html);
    cmark_node_free(document);
    free(text);
    files += 1;
    input_bytes += read;
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: cmark-floor CONTENT_DIR\n"); return 2; }
    if (nftw(argv[1], visit, 32, FTW_PHYS) != 0) return 1;
    printf("%zu files, %zu KiB of Markdown in, %zu KiB of HTML out\n", files, input_bytes / 1024, output_bytes / 1024);
    return 0;
}
