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
} cgv_cairo_api;

/// Loads the cairo functions; returns 0 on success.
static inline int cgv_cairo_load(cgv_cairo_api *api) {
    void *lib = dlopen("libcairo.so.2", RTLD_NOW | RTLD_GLOBAL);
    if (!lib) return -1;
    api->pdf_surface_create_for_stream = (void *(*)(cgv_cairo_write_fn, void *, double, double))dlsym(lib, "cairo_pdf_surface_create_for_stream");
    api->tee_surface_create = (void *(*)(void *))dlsym(lib, "cairo_tee_surface_create");
    api->create = (void *(*)(void *))dlsym(lib, "cairo_create");
    api->destroy = (void (*)(void *))dlsym(lib, "cairo_destroy");
    api->surface_destroy = (void (*)(void *))dlsym(lib, "cairo_surface_destroy");
    api->surface_finish = (void (*)(void *))dlsym(lib, "cairo_surface_finish");
    api->show_page = (void (*)(void *))dlsym(lib, "cairo_show_page");
    api->surface_status = (int (*)(void *))dlsym(lib, "cairo_surface_status");
    if (!api->pdf_surface_create_for_stream || !api->tee_surface_create || !api->create || !api->destroy
        || !api->surface_destroy || !api->surface_finish || !api->show_page || !api->surface_status) return -2;
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

/// Renders the laid-out graph (its `viewport` chooses the part) as one page of the document.
static inline int cgv_pdf_page(cgv_cairo_api *api, GVC_t *gvc, Agraph_t *g, void *document, void *surface) {
    // Graphviz finishes the surface it draws on; drawing through a tee keeps the
    // document open, and the page break stays ours to make.
    void *tee = api->tee_surface_create(surface);
    if (!tee) return -1;
    void *cr = api->create(tee);
    int rc = gvRenderContext(gvc, g, "pdf", cr);
    api->destroy(cr);
    api->surface_destroy(tee);
    api->show_page(document);
    return rc;
}

static inline int cgv_pdf_end(cgv_cairo_api *api, void *document, void *surface) {
    api->destroy(document);
    api->surface_finish(surface);
    int status = api->surface_status(surface);
    api->surface_destroy(surface);
    return status;
}

#endif
