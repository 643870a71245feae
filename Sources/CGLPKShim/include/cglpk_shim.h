#pragma once
// The error guard and terminal hook for GLPK, in C because Swift cannot call setjmp.
//
// GLPK reports every fatal error (an invalid argument, a failed internal assertion, an
// exceeded memory limit) through glp_error, which prints and calls abort(). Each guarded
// function below runs its GLPK call under setjmp with an error hook that longjmps back,
// so the call returns CGLPK_ABORTED instead of killing the process. GLPK's state on that
// thread is then unusable: the guard frees the thread's environment (glp_free_env, which
// also frees every problem created on the thread) and increments the thread's
// generation, so that problems created earlier know they are dead and are never deleted.
//
// All state here is per thread, like GLPK's own environment on this build.
// The header deliberately does not include <glpk.h>: problems travel as
// `struct glp_prob *` (imported by Swift as OpaquePointer), parameters as plain values.

#include <stddef.h>
#include <stdint.h>

struct glp_prob;

/// Returned by every guarded function when GLPK raised a fatal error that the guard caught.
#define CGLPK_ABORTED (-1)
/// Returned by every guarded function when the call completed.
#define CGLPK_COMPLETED 0
/// A shim function could not allocate its working memory (nothing was changed).
#define CGLPK_OUT_OF_MEMORY (-2)

/// Makes sure this thread's GLPK environment has our terminal hook (which swallows all
/// output) and error hook installed. Cheap after the first call (a thread-local flag).
void cglpk_prepare(void);

/// The number of times this thread's GLPK environment has been freed (by a caught error
/// or cglpk_free_env). A problem is alive only while this equals the value at its creation.
uint64_t cglpk_generation(void);

/// Frees this thread's GLPK environment (glp_free_env) and every problem still in it,
/// and increments the generation. Returns glp_free_env's result.
int cglpk_free_env(void);

/// The text GLPK printed during the last guarded call on this thread (at most the last
/// few kilobytes), NUL-terminated. Holds GLPK's message after CGLPK_ABORTED.
const char *cglpk_captured_text(void);

/// A function receiving GLPK's terminal output on this thread; context is passed back.
typedef void (*cglpk_log_sink)(void *context, const char *text);
/// Installs (or, with NULL, removes) this thread's log sink. Output is swallowed either way.
void cglpk_set_log_sink(cglpk_log_sink sink, void *context);
/// The context of this thread's current log sink (so Swift can release it), or NULL.
void *cglpk_log_sink_context(void);

/// The fields of glp_smcp that the Swift layer sets; everything else keeps GLPK's default.
typedef struct {
    int method;      ///< 0 = GLP_PRIMAL, 1 = GLP_DUAL, 2 = GLP_DUALP
    int presolve;    ///< 0 or 1
    int it_lim;      ///< iteration limit, INT_MAX for none
    int tm_lim;      ///< time limit in milliseconds, INT_MAX for none
    int strict;      ///< 1: tol_bnd and tol_dj 1e-9 (GLPK's defaults are 1e-7)
} cglpk_simplex_options;

/// The fields of glp_iocp that the Swift layer sets, and what the callback does.
typedef struct {
    int presolve;    ///< 0 or 1 (1 is required when no optimal LP relaxation exists)
    int tm_lim;      ///< milliseconds, INT_MAX for none: also the callback's deadline
    double mip_gap;  ///< relative gap tolerance, >= 0
    int progress;    ///< 1: a progress line on stderr about once a second (all threads together)
    const char *progress_label; ///< NULL, or words after "MIP search" in the line (valid during the call)
    int cuts;        ///< cutting planes: CGLPK_CUT_* bits (mir_cuts, gmi_cuts, cov_cuts, clq_cuts)
    int soft_tm_lim; ///< milliseconds after which the search stops once it has an integer solution; INT_MAX for none
    int strict;      ///< 1: tol_int and tol_obj at most 1e-9
    double tol_int;  ///< integrality tolerance (absolute), 0 < tol_int < 1
    double tol_obj;  ///< relative objective tolerance for pruning, 0 < tol_obj < 1
} cglpk_intopt_options;

#define CGLPK_CUT_MIR 1
#define CGLPK_CUT_GOMORY 2
#define CGLPK_CUT_COVER 4
#define CGLPK_CUT_CLIQUE 8

/// Why the callback stopped branch-and-bound (glp_ios_terminate), in cglpk_mip_progress.stopped.
#define CGLPK_STOPPED_BY_DEADLINE 1
#define CGLPK_STOPPED_BY_INTERRUPT 2

/// What the branch-and-bound callback saw during glp_intopt.
typedef struct {
    int has_bound;        ///< 1 when best_bound holds a bound taken from an active node
    double best_bound;    ///< glp_ios_node_bound of glp_ios_best_node at the last callback
    double gap;           ///< glp_ios_mip_gap at the last callback (DBL_MAX without incumbent)
    int callbacks;        ///< number of callback invocations
    int iterations;       ///< simplex iterations (glp_prob's it_cnt) at the end
    int stopped;          ///< 0, or CGLPK_STOPPED_BY_DEADLINE / _INTERRUPT
} cglpk_mip_progress;

/// glp_simplex under the guard; *result receives its return code.
int cglpk_simplex(struct glp_prob *P, const cglpk_simplex_options *options, int *result);

/// glp_intopt under the guard with a callback that records the best bound into *progress,
/// stops the search (glp_ios_terminate, GLP_ESTOP) once options->tm_lim milliseconds have
/// passed since the call began or after SIGINT (see cglpk_handle_interrupts), and writes
/// progress lines when asked. GLPK's own tm_lim restarts after the LP relaxation; this does not.
int cglpk_intopt(struct glp_prob *P, const cglpk_intopt_options *options, int *result,
                 cglpk_mip_progress *progress);

/// Installs a SIGINT handler for the whole process: Ctrl-C while a glp_intopt runs (on any
/// thread), or between cglpk_search_begin and _end, stops every running and later search at its next callback, with the best integer
/// solution found; the handler then reverts to the default, so a second Ctrl-C ends the
/// process. Ctrl-C while no search runs ends the process as usual. Unblocks SIGINT on the
/// calling thread.
void cglpk_handle_interrupts(void);

/// 1 once SIGINT stopped (or would stop) a search, else 0.
int cglpk_interrupt_requested(void);

/// Marks the start and end of work that Ctrl-C should stop rather than kill (nested and on
/// any thread; cglpk_intopt marks its own search).
void cglpk_search_begin(void);
void cglpk_search_end(void);

/// glp_factorize under the guard.
int cglpk_factorize(struct glp_prob *P, int *result);

/// glp_warm_up under the guard.
int cglpk_warm_up(struct glp_prob *P, int *result);

/// glp_load_matrix under the guard (arrays are 1-based, slot 0 ignored).
int cglpk_load_matrix(struct glp_prob *P, int ne, const int *ia, const int *ja, const double *ar);

/// glp_create_index under the guard.
int cglpk_create_index(struct glp_prob *P);

/// glp_analyze_coef under the guard; k is GLPK's 1..m+n variable number.
int cglpk_analyze_coef(struct glp_prob *P, int k, double *coef1, int *var1, double *value1,
                       double *coef2, int *var2, double *value2);

/// For each basic structural column in columns[0..<count] (1-based), the coef1 and coef2 of
/// glp_analyze_coef (the objective coefficient's limits keeping the basis optimal; ±DBL_MAX for
/// none), computed from a row-wise copy of the matrix over the non-zeros of the inverse's row:
/// the same dual ratio test, without glp_eval_tab_row's pass over every non-basic column.
/// Needs an optimal basis and its factorization. Returns CGLPK_COMPLETED, CGLPK_ABORTED (the
/// guard caught a GLPK error) or CGLPK_OUT_OF_MEMORY.
int cglpk_coef_limits(struct glp_prob *P, int count, const int *columns, double *coef1, double *coef2);

/// glp_analyze_bound under the guard; k is GLPK's 1..m+n variable number (non-basic only).
int cglpk_analyze_bound(struct glp_prob *P, int k, double *value1, int *var1,
                        double *value2, int *var2);

/// File formats for cglpk_write / cglpk_read.
#define CGLPK_FORMAT_LP 0       ///< CPLEX LP: glp_write_lp / glp_read_lp
#define CGLPK_FORMAT_MPS 1      ///< fixed MPS: glp_write_mps(GLP_MPS_DECK)
#define CGLPK_FORMAT_FREEMPS 2  ///< free MPS: glp_write_mps(GLP_MPS_FILE)
#define CGLPK_FORMAT_GLPK 3     ///< GLPK's own: glp_write_prob / glp_read_prob

/// Writes the problem in the given format under the guard; *result receives GLPK's code.
int cglpk_write(struct glp_prob *P, int format, const char *path, int *result);

/// Creates a problem and reads it from a file under the guard. On success (*result == 0)
/// *problem is the new problem; otherwise it has been deleted and *problem is NULL.
int cglpk_read(int format, const char *path, struct glp_prob **problem, int *result);

/// Under the guard: glp_scale_prob(P, GLP_SF_AUTO) when scale is 1, else glp_unscale_prob(P).
/// Scaling can raise a fatal error on a wide coefficient range (glp_set_sjj: sjj = 0).
int cglpk_scale(struct glp_prob *P, int scale);

/// glp_mem_limit under the guard (limit in megabytes, >= 1).
int cglpk_mem_limit(int megabytes);

/// For tests of the guard only: calls glp_set_row_bnds with row 0, which GLPK rejects
/// with a fatal error. Returns CGLPK_ABORTED when the guard works.
int cglpk_test_trigger_error(struct glp_prob *P);
