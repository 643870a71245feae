// The error guard and terminal hook for GLPK. See include/cglpk_shim.h.
#include "cglpk_shim.h"

#include <float.h>
#include <glpk.h>
#include <limits.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

// ---------------------------------------------------------------------------
// Thread-local state

#define CAPTURE_SIZE 4096

typedef struct {
    char text[CAPTURE_SIZE];
    size_t length;
} capture_buffer;

static _Thread_local int hooks_installed;          // hooks set in the current environment
static _Thread_local uint64_t generation;          // environments freed on this thread
static _Thread_local jmp_buf *active_guard;        // non-NULL while a guarded call runs
static _Thread_local capture_buffer captured;      // output of the current guarded call
static _Thread_local cglpk_log_sink log_sink;
static _Thread_local void *log_sink_context;

static void capture_reset(void) {
    captured.length = 0;
    captured.text[0] = '\0';
}

// Appends s; when full, keeps the most recent text (GLPK's error message comes last).
static void capture_append(const char *s) {
    size_t n = strlen(s);
    if (n >= CAPTURE_SIZE - 1) {
        s += n - (CAPTURE_SIZE - 1);
        n = CAPTURE_SIZE - 1;
    }
    if (captured.length + n > CAPTURE_SIZE - 1) {
        size_t drop = captured.length + n - (CAPTURE_SIZE - 1);
        memmove(captured.text, captured.text + drop, captured.length - drop);
        captured.length -= drop;
    }
    memcpy(captured.text + captured.length, s, n);
    captured.length += n;
    captured.text[captured.length] = '\0';
}

// ---------------------------------------------------------------------------
// Hooks

// Receives everything GLPK would print. Returning nonzero tells GLPK not to print it.
static int terminal_hook(void *info, const char *s) {
    (void)info;
    capture_append(s);
    if (log_sink != NULL) log_sink(log_sink_context, s);
    return 1;
}

// Called by glp_error after printing its message. Inside a guarded call we jump back to
// the guard; outside one GLPK will abort when we return, so make the message visible
// first (the terminal hook swallowed it).
static void error_hook(void *info) {
    (void)info;
    if (active_guard != NULL) {
        jmp_buf *target = active_guard;
        active_guard = NULL;
        longjmp(*target, 1);
    }
    fputs("GLPK fatal error outside a guarded call:\n", stderr);
    fputs(captured.text, stderr);
    fflush(stderr);
}

void cglpk_prepare(void) {
    if (hooks_installed) return;
    glp_term_hook(terminal_hook, NULL);
    glp_error_hook(error_hook, NULL);
    hooks_installed = 1;
}

uint64_t cglpk_generation(void) { return generation; }

int cglpk_free_env(void) {
    int result = glp_free_env();
    hooks_installed = 0;
    generation += 1;
    return result;
}

const char *cglpk_captured_text(void) { return captured.text; }

void cglpk_set_log_sink(cglpk_log_sink sink, void *context) {
    log_sink = sink;
    log_sink_context = sink != NULL ? context : NULL;
}

void *cglpk_log_sink_context(void) { return log_sink_context; }

// ---------------------------------------------------------------------------
// The guard
//
// GUARD_BEGIN sets up the jump target; the body runs the GLPK call; GUARD_END clears it.
// After a longjmp the environment is poisoned: free it and report CGLPK_ABORTED.
// Locals modified between setjmp and longjmp that are read afterwards must be volatile;
// the bodies below only write through pointers supplied by the caller.

#define GUARD_BEGIN                                   \
    cglpk_prepare();                                  \
    capture_reset();                                  \
    jmp_buf guard_buffer;                             \
    if (setjmp(guard_buffer) != 0) {                  \
        active_guard = NULL;                          \
        cglpk_free_env();                             \
        return CGLPK_ABORTED;                         \
    }                                                 \
    active_guard = &guard_buffer;

#define GUARD_END                                     \
    active_guard = NULL;                              \
    return CGLPK_COMPLETED;

int cglpk_simplex(struct glp_prob *P, const cglpk_simplex_options *options, int *result) {
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.meth = options->method == 0 ? GLP_PRIMAL : (options->method == 1 ? GLP_DUAL : GLP_DUALP);
    parm.presolve = options->presolve ? GLP_ON : GLP_OFF;
    parm.it_lim = options->it_lim;
    parm.tm_lim = options->tm_lim;
    GUARD_BEGIN
    *result = glp_simplex(P, &parm);
    GUARD_END
}

static void mip_callback(glp_tree *T, void *info) {
    cglpk_mip_progress *progress = (cglpk_mip_progress *)info;
    progress->callbacks += 1;
    int best = glp_ios_best_node(T);
    if (best != 0) {
        progress->best_bound = glp_ios_node_bound(T, best);
        progress->has_bound = 1;
        progress->gap = glp_ios_mip_gap(T);
    }
}

int cglpk_intopt(struct glp_prob *P, const cglpk_intopt_options *options, int *result,
                 cglpk_mip_progress *progress) {
    glp_iocp parm;
    glp_init_iocp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.presolve = options->presolve ? GLP_ON : GLP_OFF;
    parm.tm_lim = options->tm_lim;
    parm.mip_gap = options->mip_gap;
    parm.tol_int = options->tol_int;
    parm.tol_obj = options->tol_obj;
    parm.cb_func = mip_callback;
    parm.cb_info = progress;
    progress->has_bound = 0;
    progress->best_bound = 0;
    progress->gap = DBL_MAX;
    progress->callbacks = 0;
    progress->iterations = 0;
    GUARD_BEGIN
    *result = glp_intopt(P, &parm);
    GUARD_END
}

int cglpk_factorize(struct glp_prob *P, int *result) {
    GUARD_BEGIN
    *result = glp_factorize(P);
    GUARD_END
}

int cglpk_warm_up(struct glp_prob *P, int *result) {
    GUARD_BEGIN
    *result = glp_warm_up(P);
    GUARD_END
}

int cglpk_load_matrix(struct glp_prob *P, int ne, const int *ia, const int *ja, const double *ar) {
    GUARD_BEGIN
    glp_load_matrix(P, ne, ia, ja, ar);
    GUARD_END
}

int cglpk_create_index(struct glp_prob *P) {
    GUARD_BEGIN
    glp_create_index(P);
    GUARD_END
}

int cglpk_analyze_coef(struct glp_prob *P, int k, double *coef1, int *var1, double *value1,
                       double *coef2, int *var2, double *value2) {
    GUARD_BEGIN
    glp_analyze_coef(P, k, coef1, var1, value1, coef2, var2, value2);
    GUARD_END
}

int cglpk_analyze_bound(struct glp_prob *P, int k, double *value1, int *var1,
                        double *value2, int *var2) {
    GUARD_BEGIN
    glp_analyze_bound(P, k, value1, var1, value2, var2);
    GUARD_END
}

int cglpk_write(struct glp_prob *P, int format, const char *path, int *result) {
    GUARD_BEGIN
    switch (format) {
    case CGLPK_FORMAT_LP: *result = glp_write_lp(P, NULL, path); break;
    case CGLPK_FORMAT_MPS: *result = glp_write_mps(P, GLP_MPS_DECK, NULL, path); break;
    case CGLPK_FORMAT_FREEMPS: *result = glp_write_mps(P, GLP_MPS_FILE, NULL, path); break;
    case CGLPK_FORMAT_GLPK: *result = glp_write_prob(P, 0, path); break;
    default: *result = -1; break;
    }
    GUARD_END
}

int cglpk_read(int format, const char *path, struct glp_prob **problem, int *result) {
    *problem = NULL;
    GUARD_BEGIN
    glp_prob *P = glp_create_prob();
    int code;
    switch (format) {
    case CGLPK_FORMAT_LP: code = glp_read_lp(P, NULL, path); break;
    case CGLPK_FORMAT_MPS: code = glp_read_mps(P, GLP_MPS_DECK, NULL, path); break;
    case CGLPK_FORMAT_FREEMPS: code = glp_read_mps(P, GLP_MPS_FILE, NULL, path); break;
    case CGLPK_FORMAT_GLPK: code = glp_read_prob(P, 0, path); break;
    default: code = -1; break;
    }
    *result = code;
    if (code != 0) {
        glp_delete_prob(P);
    } else {
        *problem = P;
    }
    GUARD_END
}

int cglpk_mem_limit(int megabytes) {
    GUARD_BEGIN
    glp_mem_limit(megabytes);
    GUARD_END
}

int cglpk_test_trigger_error(struct glp_prob *P) {
    GUARD_BEGIN
    glp_set_row_bnds(P, 0, GLP_FX, 0.0, 0.0);
    GUARD_END
}
