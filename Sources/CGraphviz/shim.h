// Thin, const-correct wrappers over the Graphviz 2.42 C API.
// Graphviz takes `char *` everywhere and exposes graph descriptors as mutable
// globals, which Swift 6 rejects; these helpers hide both.
#ifndef STAKEMAP_CGRAPHVIZ_SHIM_H
#define STAKEMAP_CGRAPHVIZ_SHIM_H

#include <graphviz/gvc.h>
#include <graphviz/cgraph.h>
#include <stdlib.h>
#include <string.h>
#include <dlfcn.h>
#include <stdio.h>

static inline Agraph_t *cgv_open_digraph(const char *name) {
    return agopen((char *)name, Agdirected, NULL);
}

static inline Agnode_t *cgv_node(Agraph_t *g, const char *name) {
    return agnode(g, (char *)name, 1);
}

static inline Agedge_t *cgv_edge(Agraph_t *g, Agnode_t *t, Agnode_t *h, const char *name) {
    return agedge(g, t, h, (char *)name, 1);
}

static inline Agraph_t *cgv_subgraph(Agraph_t *g, const char *name) {
    return agsubg(g, (char *)name, 1);
}

static inline int cgv_set(void *obj, const char *key, const char *value, const char *def) {
    return agsafeset(obj, (char *)key, (char *)value, (char *)def);
}

/// Sets an HTML-like label; `html` is the content without the outer angle brackets.
static inline int cgv_set_html_label(void *obj, const char *html) {
    Agraph_t *g = agraphof(obj);
    char *s = agstrdup_html(g, (char *)html);
    int rc = agsafeset(obj, "label", s, "");
    agstrfree(g, s);
    return rc;
}

/// Declares a default for every node (kind 1) or edge (kind 2) of `g`.
static inline void cgv_default(Agraph_t *g, int kind, const char *key, const char *value) {
    agattr(g, kind == 1 ? AGNODE : AGEDGE, (char *)key, (char *)value);
}

static inline Agnode_t *cgv_subnode(Agraph_t *sg, Agnode_t *n) {
    return agsubnode(sg, n, 1);
}

/// The bounding box after layout, in points.
static inline void cgv_bb(Agraph_t *g, double *llx, double *lly, double *urx, double *ury) {
    boxf bb = GD_bb(g);
    *llx = bb.LL.x; *lly = bb.LL.y; *urx = bb.UR.x; *ury = bb.UR.y;
}

static inline int cgv_layout(GVC_t *gvc, Agraph_t *g, const char *engine) {
    return gvLayout(gvc, g, engine);
}

static inline int cgv_render_data(GVC_t *gvc, Agraph_t *g, const char *format, char **result, unsigned int *length) {
    return gvRenderData(gvc, g, format, result, length);
}

static inline char *cgv_get(void *obj, const char *key) {
    return agget(obj, (char *)key);
}

static inline int cgv_has_plugin(GVC_t *gvc, const char *kind, const char *name) {
    int count = 0;
    char **list = gvPluginList(gvc, (char *)kind, &count, NULL);
    int found = 0;
    for (int i = 0; i < count; i++) {
        if (list[i] == NULL) continue;
        const char *a = list[i];
        const char *b = name;
        while (*a && *b && *a == *b) { a++; b++; }
        if (*b == 0 && (*a == 0 || *a == ':')) found = 1;
        free(list[i]);
    }
    free(list);
    return found;
}

// ---------------------------------------------------------------------------
// Multi-page PDF through cairo, which Graphviz's own PDF renderer already loads into
// the process. cairo is reached with dlopen/dlsym, so building needs no cairo headers
// and no extra package: only the functions below are used, with their documented
// signatures (cairo 1.x ABI), cairo objects kept opaque.

typedef int (*cgv_cairo_write_fn)(void *closure, const unsigned char *data, unsigned int length);

typedef struct {
    void *(*pdf_surface_create_for_stream)(cgv_cairo_write_fn, void *, double, double);
    void *(*tee_surface_create)(void *);
    void *(*create)(void *);
    void (*destroy)(void *);
    void (*surface_destroy)(void *);
    void (*surface_finish)(void *);
    void (*show_page)(void *);
    int (*surface_status)(void *);
    // For chart books: text, rules, links and the outline. The last four exist from
    // cairo 1.16 on; without them a book has no links or outline, and nothing else changes.
    void (*save)(void *);
    void (*restore)(void *);
    void (*translate)(void *, double, double);
    void (*select_font_face)(void *, const char *, int, int);
    void (*set_font_size)(void *, double);
    void (*move_to)(void *, double, double);
    void (*line_to)(void *, double, double);
    void (*show_text)(void *, const char *);
    void (*text_extents)(void *, const char *, void *);
    void (*set_source_rgb)(void *, double, double, double);
    void (*set_line_width)(void *, double);
    void (*stroke)(void *);
    void (*tag_begin)(void *, const char *, const char *);
    void (*tag_end)(void *, const char *);
    int (*add_outline)(void *, int, const char *, const char *, int);
    void (*set_metadata)(void *, int, const char *);
    // For text pages (the visit pack): filled boxes.
    void (*rectangle)(void *, double, double, double, double);
    void (*fill)(void *);
} cgv_cairo_api;

/// Loads the cairo functions; returns 0 on success.
static inline int cgv_cairo_load(cgv_cairo_api *api) {
    // Loaded once for the process (Graphviz's own PDF renderer keeps it loaded anyway).
    static void *lib = NULL;
    if (!lib) lib = dlopen("libcairo.so.2", RTLD_NOW | RTLD_GLOBAL);
    if (!lib) return -1;
    api->pdf_surface_create_for_stream = (void *(*)(cgv_cairo_write_fn, void *, double, double))dlsym(lib, "cairo_pdf_surface_create_for_stream");
    api->tee_surface_create = (void *(*)(void *))dlsym(lib, "cairo_tee_surface_create");
    api->create = (void *(*)(void *))dlsym(lib, "cairo_create");
    api->destroy = (void (*)(void *))dlsym(lib, "cairo_destroy");
    api->surface_destroy = (void (*)(void *))dlsym(lib, "cairo_surface_destroy");
    api->surface_finish = (void (*)(void *))dlsym(lib, "cairo_surface_finish");
    api->show_page = (void (*)(void *))dlsym(lib, "cairo_show_page");
    api->surface_status = (int (*)(void *))dlsym(lib, "cairo_surface_status");
    api->save = (void (*)(void *))dlsym(lib, "cairo_save");
    api->restore = (void (*)(void *))dlsym(lib, "cairo_restore");
    api->translate = (void (*)(void *, double, double))dlsym(lib, "cairo_translate");
    api->select_font_face = (void (*)(void *, const char *, int, int))dlsym(lib, "cairo_select_font_face");
    api->set_font_size = (void (*)(void *, double))dlsym(lib, "cairo_set_font_size");
    api->move_to = (void (*)(void *, double, double))dlsym(lib, "cairo_move_to");
    api->line_to = (void (*)(void *, double, double))dlsym(lib, "cairo_line_to");
    api->show_text = (void (*)(void *, const char *))dlsym(lib, "cairo_show_text");
    api->text_extents = (void (*)(void *, const char *, void *))dlsym(lib, "cairo_text_extents");
    api->set_source_rgb = (void (*)(void *, double, double, double))dlsym(lib, "cairo_set_source_rgb");
    api->set_line_width = (void (*)(void *, double))dlsym(lib, "cairo_set_line_width");
    api->stroke = (void (*)(void *))dlsym(lib, "cairo_stroke");
    api->tag_begin = (void (*)(void *, const char *, const char *))dlsym(lib, "cairo_tag_begin");
    api->tag_end = (void (*)(void *, const char *))dlsym(lib, "cairo_tag_end");
    api->add_outline = (int (*)(void *, int, const char *, const char *, int))dlsym(lib, "cairo_pdf_surface_add_outline");
    api->set_metadata = (void (*)(void *, int, const char *))dlsym(lib, "cairo_pdf_surface_set_metadata");
    api->rectangle = (void (*)(void *, double, double, double, double))dlsym(lib, "cairo_rectangle");
    api->fill = (void (*)(void *))dlsym(lib, "cairo_fill");
    if (!api->pdf_surface_create_for_stream || !api->tee_surface_create || !api->create || !api->destroy
        || !api->surface_destroy || !api->surface_finish || !api->show_page || !api->surface_status) return -2;
    if (!api->save || !api->restore || !api->translate || !api->select_font_face || !api->set_font_size || !api->move_to
        || !api->line_to || !api->show_text || !api->text_extents || !api->set_source_rgb || !api->set_line_width || !api->stroke) return -2;
    return 0;
}


/// A growing byte buffer that cairo writes the PDF into.
typedef struct {
    unsigned char *data;
    size_t length;
    size_t capacity;
    int failed;
} cgv_buffer;

static inline int cgv_buffer_write(void *closure, const unsigned char *data, unsigned int length) {
    cgv_buffer *b = (cgv_buffer *)closure;
    if (b->length + length > b->capacity) {
        size_t capacity = b->capacity ? b->capacity : 65536;
        while (capacity < b->length + length) capacity *= 2;
        unsigned char *grown = (unsigned char *)realloc(b->data, capacity);
        if (!grown) { b->failed = 1; return 11; /* CAIRO_STATUS_WRITE_ERROR */ }
        b->data = grown;
        b->capacity = capacity;
    }
    memcpy(b->data + b->length, data, length);
    b->length += length;
    return 0;
}

/// A PDF document of pages `width` × `height` points written into `buffer`; returns the
/// cairo context of the document (NULL on failure) and its surface in `surface`.
static inline void *cgv_pdf_begin(cgv_cairo_api *api, cgv_buffer *buffer, double width, double height, void **surface) {
    void *s = api->pdf_surface_create_for_stream(cgv_buffer_write, buffer, width, height);
    if (!s || api->surface_status(s) != 0) { if (s) api->surface_destroy(s); return NULL; }
    *surface = s;
    return api->create(s);
}

/// Renders the laid-out graph through a tee on the current page of the document, its
/// origin moved to (`x`, `y`) points from the page's top left corner, without ending the page.
static inline int cgv_pdf_draw(cgv_cairo_api *api, GVC_t *gvc, Agraph_t *g, void *surface, double x, double y) {
    void *tee = api->tee_surface_create(surface);
    if (api->surface_status(tee) != 0) { api->surface_destroy(tee); return -1; }
    void *cr = api->create(tee);
    api->translate(cr, x, y);
    int rc = gvRenderContext(gvc, g, "pdf", cr);
    api->destroy(cr);
    api->surface_destroy(tee);
    return rc;
}

/// Text extents, laid out as cairo_text_extents_t.
typedef struct { double x_bearing, y_bearing, width, height, x_advance, y_advance; } cgv_text_extents;

/// Sets the font for the next text: DejaVu Sans (or `family`) at `size` points.
static inline void cgv_font(cgv_cairo_api *api, void *cr, const char *family, double size, int bold) {
    api->select_font_face(cr, family, 0 /* CAIRO_FONT_SLANT_NORMAL */, bold ? 1 : 0 /* CAIRO_FONT_WEIGHT_BOLD */);
    api->set_font_size(cr, size);
}

/// The advance width of `text` in the current font, in points.
static inline double cgv_text_width(cgv_cairo_api *api, void *cr, const char *text) {
    cgv_text_extents e;
    api->text_extents(cr, text, &e);
    return e.x_advance;
}

/// Writes `text` with its baseline starting at (`x`, `y`), in grey level `grey` (0 black).
static inline void cgv_text(cgv_cairo_api *api, void *cr, double x, double y, const char *text, double grey) {
    api->set_source_rgb(cr, grey, grey, grey);
    api->move_to(cr, x, y);
    api->show_text(cr, text);
}

/// A horizontal rule from `x1` to `x2` at height `y`.
static inline void cgv_rule(cgv_cairo_api *api, void *cr, double x1, double x2, double y, double width, double grey) {
    api->set_source_rgb(cr, grey, grey, grey);
    api->set_line_width(cr, width);
    api->move_to(cr, x1, y);
    api->line_to(cr, x2, y);
    api->stroke(cr);
}

/// Marks the top of the current page as the destination named "p<page>", which links
/// reach. (cairo 1.16 cannot link by number to a page not yet drawn; a named destination
/// is resolved when the document is finished.)
static inline void cgv_page_destination(cgv_cairo_api *api, void *cr, int page) {
    if (!api->tag_begin || !api->tag_end) return;
    char attributes[64];
    snprintf(attributes, sizeof attributes, "name='p%d' x=0 y=0", page);
    api->tag_begin(cr, "cairo.dest", attributes);
    api->tag_end(cr, "cairo.dest");
}

/// A clickable area of the current page leading to page `page` (1-based) of the document.
static inline void cgv_link(cgv_cairo_api *api, void *cr, double x, double y, double w, double h, int page) {
    if (!api->tag_begin || !api->tag_end) return;
    char attributes[160];
    snprintf(attributes, sizeof attributes, "rect=[%.2f %.2f %.2f %.2f] dest='p%d'", x, y, w, h, page);
    api->tag_begin(cr, "Link", attributes);
    api->tag_end(cr, "Link");
}

/// An entry of the PDF outline (bookmarks) under `parent` (0: the top), leading to
/// `page`; returns its id, or 0 when this cairo has no outlines.
static inline int cgv_outline(cgv_cairo_api *api, void *surface, int parent, const char *title, int page, int open) {
    if (!api->add_outline) return 0;
    char attributes[32];
    snprintf(attributes, sizeof attributes, "page=%d", page);
    return api->add_outline(surface, parent, title, attributes, open ? 1 : 0);
}

/// Sets one entry of the document's metadata where cairo can: 0 title, 4 creator,
/// 5 creation date ("YYYY-MM-DDThh:mm:ss"; a fixed date keeps the file the same from run to run).
static inline void cgv_pdf_metadata(cgv_cairo_api *api, void *surface, int key, const char *value) {
    if (api->set_metadata) api->set_metadata(surface, key, value);
}

static inline void cgv_show_page(cgv_cairo_api *api, void *document) {
    api->show_page(document);
}

/// The box of node `name` after layout: centre and size, in points.
static inline int cgv_node_box(Agraph_t *g, const char *name, double *x, double *y, double *w, double *h) {
    Agnode_t *n = agnode(g, (char *)name, 0);
    if (!n) return -1;
    *x = ND_coord(n).x; *y = ND_coord(n).y;
    *w = ND_width(n) * 72; *h = ND_height(n) * 72;
    return 0;
}

static inline int cgv_pdf_end(cgv_cairo_api *api, void *document, void *surface) {
    api->destroy(document);
    api->surface_finish(surface);
    int status = api->surface_status(surface);
    api->surface_destroy(surface);
    return status;
}

/// A filled rectangle in colour (`r`, `g`, `b`), each 0–1.
static inline void cgv_fill_rect(cgv_cairo_api *api, void *cr, double x, double y, double w, double h, double r, double g, double b) {
    if (!api->rectangle || !api->fill) return;
    api->set_source_rgb(cr, r, g, b);
    api->rectangle(cr, x, y, w, h);
    api->fill(cr);
}

#endif
