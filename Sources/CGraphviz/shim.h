// Thin, const-correct wrappers over the Graphviz 2.42 C API.
// Graphviz takes `char *` everywhere and exposes graph descriptors as mutable
// globals, which Swift 6 rejects; these helpers hide both.
#ifndef STAKEMAP_CGRAPHVIZ_SHIM_H
#define STAKEMAP_CGRAPHVIZ_SHIM_H

#include <graphviz/gvc.h>
#include <graphviz/cgraph.h>
#include <stdlib.h>

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

#endif
