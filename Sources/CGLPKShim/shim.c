// The error guard and terminal hook for GLPK. See include/cglpk_shim.h.
#include "cglpk_shim.h"

#include <float.h>
#include <glpk.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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
    if (options->strict) {
        parm.tol_bnd = 1e-9;
        parm.tol_dj = 1e-9;
    }
    GUARD_BEGIN
    *result = glp_simplex(P, &parm);
    GUARD_END
}

// ---------------------------------------------------------------------------
// Branch-and-bound: the deadline, interrupts and progress lines, all from GLPK's callback
// (it runs inside glp_intopt, under the guard, so it must not call back into Swift).

static double monotonic_seconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec * 1e-9;
}

static volatile sig_atomic_t interrupt_flag;       // set by the SIGINT handler
static atomic_int active_searches;                 // searches running (cglpk_search_begin), all threads
static _Atomic long long last_progress_ms;         // when the last progress line was written

static void interrupt_handler(int signal_number) {
    if (atomic_load(&active_searches) == 0) {
        // No search to stop: Ctrl-C does what it always does.
        signal(signal_number, SIG_DFL);
        raise(signal_number);
        return;
    }
    interrupt_flag = 1;
    // A second Ctrl-C ends the process.
    signal(signal_number, SIG_DFL);
}

void cglpk_handle_interrupts(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = interrupt_handler;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, NULL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

int cglpk_interrupt_requested(void) { return interrupt_flag != 0; }

void cglpk_search_begin(void) { atomic_fetch_add(&active_searches, 1); }

void cglpk_search_end(void) { atomic_fetch_sub(&active_searches, 1); }

typedef struct {
    cglpk_mip_progress *progress;
    double started;       // monotonic seconds at glp_intopt's start
    double deadline;      // monotonic seconds; HUGE_VAL for none
    double soft_deadline; // from here on, stop as soon as an integer solution exists
    int print_progress;
    const char *label;    // NULL, or what the progress line names (e.g. "of block 3/20")
} search_context;

// Writes one progress line, at most about one a second across every thread.
static void write_progress(glp_tree *T, const search_context *context, double now) {
    long long now_ms = (long long)(now * 1000.0);
    long long last = atomic_load(&last_progress_ms);
    if (now_ms - last < 1000 || now - context->started < 1.0) return;
    if (!atomic_compare_exchange_strong(&last_progress_ms, &last, now_ms)) return;
    glp_prob *P = glp_ios_get_prob(T);
    int status = glp_mip_status(P);
    char line[320];
    int best = glp_ios_best_node(T);
    char bound[40] = "none";
    if (best != 0) snprintf(bound, sizeof bound, "%.10g", glp_ios_node_bound(T, best));
    int active = 0;
    glp_ios_tree_size(T, &active, NULL, NULL);
    const char *label = context->label != NULL ? context->label : "";
    const char *space = context->label != NULL ? " " : "";
    if (status == GLP_FEAS || status == GLP_OPT) {
        double gap = glp_ios_mip_gap(T);
        snprintf(line, sizeof line, "MIP search%s%s: incumbent %.10g, bound %s, gap %.4g%%, %d open nodes, %.0f s\n",
                 space, label, glp_mip_obj_val(P), bound, 100.0 * gap, active, now - context->started);
    } else {
        snprintf(line, sizeof line, "MIP search%s%s: no integer plan yet, bound %s, %d open nodes, %.0f s\n",
                 space, label, bound, active, now - context->started);
    }
    ssize_t written = write(STDERR_FILENO, line, strlen(line));
    (void)written;
}

static void mip_callback(glp_tree *T, void *info) {
    search_context *context = (search_context *)info;
    cglpk_mip_progress *progress = context->progress;
    progress->callbacks += 1;
    int best = glp_ios_best_node(T);
    if (best != 0) {
        progress->best_bound = glp_ios_node_bound(T, best);
        progress->has_bound = 1;
        progress->gap = glp_ios_mip_gap(T);
    }
    if (progress->stopped) return;
    double now = monotonic_seconds();
    if (interrupt_flag) {
        progress->stopped = CGLPK_STOPPED_BY_INTERRUPT;
        glp_ios_terminate(T);
    } else if (now >= context->deadline) {
        progress->stopped = CGLPK_STOPPED_BY_DEADLINE;
        glp_ios_terminate(T);
    } else if (now >= context->soft_deadline && glp_mip_status(glp_ios_get_prob(T)) == GLP_FEAS) {
        progress->stopped = CGLPK_STOPPED_BY_DEADLINE;
        glp_ios_terminate(T);
    }
    if (!progress->stopped && context->print_progress) {
        write_progress(T, context, now);
    }
}

static int guarded_intopt(struct glp_prob *P, glp_iocp *parm, int *result) {
    GUARD_BEGIN
    *result = glp_intopt(P, parm);
    GUARD_END
}

int cglpk_intopt(struct glp_prob *P, const cglpk_intopt_options *options, int *result,
                 cglpk_mip_progress *progress) {
    glp_iocp parm;
    glp_init_iocp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.presolve = options->presolve ? GLP_ON : GLP_OFF;
    parm.tm_lim = options->tm_lim;
    parm.mip_gap = options->mip_gap;
    parm.mir_cuts = (options->cuts & CGLPK_CUT_MIR) ? GLP_ON : GLP_OFF;
    parm.gmi_cuts = (options->cuts & CGLPK_CUT_GOMORY) ? GLP_ON : GLP_OFF;
    parm.cov_cuts = (options->cuts & CGLPK_CUT_COVER) ? GLP_ON : GLP_OFF;
    parm.clq_cuts = (options->cuts & CGLPK_CUT_CLIQUE) ? GLP_ON : GLP_OFF;
    // GLPK restarts its tm_lim clock after the relaxation (and gives each node's simplex what
    // is left of it), so its own limit can be overrun: the callback holds the deadline.
    search_context context;
    context.progress = progress;
    context.started = monotonic_seconds();
    context.deadline = options->tm_lim < INT_MAX ? context.started + options->tm_lim / 1000.0 : HUGE_VAL;
    context.soft_deadline = options->soft_tm_lim < INT_MAX ? context.started + options->soft_tm_lim / 1000.0 : HUGE_VAL;
    context.print_progress = options->progress;
    context.label = options->progress_label;
    parm.tol_int = options->tol_int;
    parm.tol_obj = options->tol_obj;
    if (options->strict) {
        if (parm.tol_int > 1e-9) parm.tol_int = 1e-9;
        if (parm.tol_obj > 1e-9) parm.tol_obj = 1e-9;
    }
    parm.cb_func = mip_callback;
    parm.cb_info = &context;
    progress->has_bound = 0;
    progress->best_bound = 0;
    progress->gap = DBL_MAX;
    progress->callbacks = 0;
    progress->iterations = 0;
    progress->stopped = 0;
    if (interrupt_flag) {
        // Interrupted before this search began: nothing to search for.
        progress->stopped = CGLPK_STOPPED_BY_INTERRUPT;
        parm.tm_lim = 0;
    }
    cglpk_search_begin();
    int outcome = guarded_intopt(P, &parm, result);
    cglpk_search_end();
    return outcome;
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

// The coefficient limits of glp_analyze_coef (its coef1 and coef2) for many basic columns.
// glp_analyze_coef computes the simplex table row with glp_eval_tab_row, which takes every
// non-basic column's entries from GLPK's linked lists (glp_get_mat_col per column, per call):
// 85 % of a 49 s sensitivity report on a 218,272-nonzero budget-coupled LP. Here the row is
// rho = inv(B') e_i (glp_btran) times a row-wise copy of the matrix, made once per batch, over
// the rows where rho is non-zero; then the same dual ratio test (glp_dual_rtest, eps 1e-9) and
// limit (c[k] - d[q] / alfa[k,q]) as glp_analyze_coef. The adjacent basis's values (value1,
// value2, which need a column of the table and a primal ratio test) are not computed.
typedef struct {
    int m, n;
    int *row_start;      // 0..m: CSR over rows (1-based rows), entries row_start[i-1] ..< row_start[i]
    int *row_column;     // 1-based column of each entry
    double *row_value;
    double *rho;         // 1..m
    double *alfa;        // 1..n, zero between uses
    char *touched;       // 1..n, zero between uses
    int *touched_list;
    int *ind;            // 1..m+n
    double *val;
    char *basic_row;     // 1..m
    char *basic_column;  // 1..n
} coef_work;

static int coef_limits_guarded(struct glp_prob *P, coef_work *w, int count, const int *columns,
                               double *coef1, double *coef2) {
    GUARD_BEGIN
    int m = w->m;
    int minimize = glp_get_obj_dir(P) == GLP_MIN;
    for (int c = 0; c < count; c++) {
        int j = columns[c];
        int i = glp_get_col_bind(P, j);
        if (i == 0) {  // not basic: no limits from this routine (the caller sends basic columns only)
            coef1[c] = coef2[c] = NAN;
            continue;
        }
        for (int t = 1; t <= m; t++) w->rho[t] = 0.0;
        w->rho[i] = 1.0;
        glp_btran(P, w->rho);
        int len = 0, touched = 0;
        for (int r = 1; r <= m; r++) {
            double rho = w->rho[r];
            if (rho == 0.0) continue;
            if (!w->basic_row[r]) {
                len++;
                w->ind[len] = r;
                w->val[len] = -rho;
            }
            for (int t = w->row_start[r - 1]; t < w->row_start[r]; t++) {
                int col = w->row_column[t];
                if (w->basic_column[col]) continue;
                if (!w->touched[col]) {
                    w->touched[col] = 1;
                    w->touched_list[touched++] = col;
                }
                w->alfa[col] += rho * w->row_value[t];
            }
        }
        // Auxiliary variables came in ascending order; structural ones follow, ascending, as
        // glp_eval_tab_row lists them.
        for (int a = 1; a < touched; a++) {
            int key = w->touched_list[a], b = a - 1;
            while (b >= 0 && w->touched_list[b] > key) { w->touched_list[b + 1] = w->touched_list[b]; b--; }
            w->touched_list[b + 1] = key;
        }
        for (int a = 0; a < touched; a++) {
            int col = w->touched_list[a];
            if (w->alfa[col] != 0.0) {
                len++;
                w->ind[len] = m + col;
                w->val[len] = w->alfa[col];
            }
            w->alfa[col] = 0.0;
            w->touched[col] = 0;
        }
        double coef = glp_get_obj_coef(P, j);
        for (int kase = -1; kase <= 1; kase += 2) {
            int dir = minimize ? -kase : kase;
            int piv = glp_dual_rtest(P, len, w->ind, w->val, dir, 1e-9);
            double limit;
            if (piv == 0) {
                limit = kase < 0 ? -DBL_MAX : DBL_MAX;
            } else {
                int q = w->ind[piv];
                double d = q <= m ? glp_get_row_dual(P, q) : glp_get_col_dual(P, q - m);
                limit = coef - d / w->val[piv];
            }
            if (kase < 0) coef1[c] = limit; else coef2[c] = limit;
        }
    }
    GUARD_END
}

int cglpk_coef_limits(struct glp_prob *P, int count, const int *columns, double *coef1, double *coef2) {
    coef_work w;
    memset(&w, 0, sizeof w);
    w.m = glp_get_num_rows(P);
    w.n = glp_get_num_cols(P);
    int m = w.m, n = w.n, nonzeros = glp_get_num_nz(P);
    w.row_start = calloc((size_t)m + 1, sizeof(int));
    w.row_column = calloc((size_t)nonzeros + 1, sizeof(int));
    w.row_value = calloc((size_t)nonzeros + 1, sizeof(double));
    w.rho = calloc((size_t)m + 1, sizeof(double));
    w.alfa = calloc((size_t)n + 1, sizeof(double));
    w.touched = calloc((size_t)n + 1, 1);
    w.touched_list = calloc((size_t)n + 1, sizeof(int));
    w.ind = calloc((size_t)m + n + 1, sizeof(int));
    w.val = calloc((size_t)m + n + 1, sizeof(double));
    w.basic_row = calloc((size_t)m + 1, 1);
    w.basic_column = calloc((size_t)n + 1, 1);
    int outcome = CGLPK_OUT_OF_MEMORY;
    if (w.row_start && w.row_column && w.row_value && w.rho && w.alfa && w.touched && w.touched_list
        && w.ind && w.val && w.basic_row && w.basic_column) {
        // Row by row into the CSR arrays, through 1-based scratch (the touched arrays' room:
        // a row has at most n entries; both are zero again below).
        int filled = 0;
        for (int i = 1; i <= m; i++) {
            int length = glp_get_mat_row(P, i, w.touched_list, w.alfa);
            for (int t = 1; t <= length; t++) {
                w.row_column[filled] = w.touched_list[t];
                w.row_value[filled] = w.alfa[t];
                filled++;
            }
            w.row_start[i] = filled;
            w.basic_row[i] = glp_get_row_stat(P, i) == GLP_BS;
        }
        memset(w.alfa, 0, ((size_t)n + 1) * sizeof(double));
        for (int j = 1; j <= n; j++) w.basic_column[j] = glp_get_col_stat(P, j) == GLP_BS;
        outcome = coef_limits_guarded(P, &w, count, columns, coef1, coef2);
    }
    free(w.row_start); free(w.row_column); free(w.row_value); free(w.rho); free(w.alfa);
    free(w.touched); free(w.touched_list); free(w.ind); free(w.val); free(w.basic_row); free(w.basic_column);
    return outcome;
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

int cglpk_scale(struct glp_prob *P, int scale) {
    GUARD_BEGIN
    if (scale) glp_scale_prob(P, GLP_SF_AUTO); else glp_unscale_prob(P);
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
