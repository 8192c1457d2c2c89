//go:build cgo

package highs

/*
#cgo LDFLAGS: -ldl
#include <dlfcn.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

// The HiGHS C API, loaded at run time with dlopen so that gridflip builds
// and vets on machines without HiGHS. HighsInt is 32 or 64 bits depending
// on how the library was built; every call that passes a HighsInt goes
// through a wrapper that picks the right prototype.

typedef struct {
	int user_interrupt; // first field of HighsCallbackDataIn (stable by HiGHS's promise)
} gf_cb_in;

typedef struct {
	void* lib;
	int wide; // HighsInt is 64 bits
	void* (*create)(void);
	void (*destroy)(void*);
	const char* (*version)(void);
	void* getSizeofHighsInt;
	void* passModel;
	void* setBoolOption;
	void* setIntOption;
	void* setDoubleOption;
	void* setStringOption;
	void* run;
	void* getModelStatus;
	void* getIntInfo;
	void* getDoubleInfo;
	void* getSolution;
	void* getObjectiveValue;
	void* getRunTime;
	void* setCallback;
	void* startCallback;
	void* readModel;
	void* getNumCol;
	// Optional (HiGHS 1.8 and later): the named items of the callback's
	// output; without it MIP progress reports nothing.
	const void* (*getCallbackDataOutItem)(const void*, const char*);
} gf_api;

static void* gf_sym(void* lib, const char* name, char** missing) {
	void* f = dlsym(lib, name);
	if (!f && !*missing) *missing = (char*)name;
	return f;
}

// gf_open loads the library at path (or by soname) and resolves every symbol.
// On failure it returns a message in *err (static or from dlerror).
static int gf_open(const char* path, gf_api* api, const char** err) {
	memset(api, 0, sizeof(*api));
	void* lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!lib) { *err = dlerror(); return 0; }
	char* missing = 0;
	api->lib = lib;
	api->create = (void* (*)(void))gf_sym(lib, "Highs_create", &missing);
	api->destroy = (void (*)(void*))gf_sym(lib, "Highs_destroy", &missing);
	api->version = (const char* (*)(void))gf_sym(lib, "Highs_version", &missing);
	api->getSizeofHighsInt = gf_sym(lib, "Highs_getSizeofHighsInt", &missing);
	api->passModel = gf_sym(lib, "Highs_passModel", &missing);
	api->setBoolOption = gf_sym(lib, "Highs_setBoolOptionValue", &missing);
	api->setIntOption = gf_sym(lib, "Highs_setIntOptionValue", &missing);
	api->setDoubleOption = gf_sym(lib, "Highs_setDoubleOptionValue", &missing);
	api->setStringOption = gf_sym(lib, "Highs_setStringOptionValue", &missing);
	api->run = gf_sym(lib, "Highs_run", &missing);
	api->getModelStatus = gf_sym(lib, "Highs_getModelStatus", &missing);
	api->getIntInfo = gf_sym(lib, "Highs_getIntInfoValue", &missing);
	api->getDoubleInfo = gf_sym(lib, "Highs_getDoubleInfoValue", &missing);
	api->getSolution = gf_sym(lib, "Highs_getSolution", &missing);
	api->getObjectiveValue = gf_sym(lib, "Highs_getObjectiveValue", &missing);
	api->getRunTime = gf_sym(lib, "Highs_getRunTime", &missing);
	api->setCallback = gf_sym(lib, "Highs_setCallback", &missing);
	api->startCallback = gf_sym(lib, "Highs_startCallback", &missing);
	api->readModel = gf_sym(lib, "Highs_readModel", &missing);
	api->getNumCol = gf_sym(lib, "Highs_getNumCol", &missing);
	api->getCallbackDataOutItem = (const void* (*)(const void*, const char*))dlsym(lib, "Highs_getCallbackDataOutItem");
	if (missing) {
		*err = missing;
		dlclose(lib);
		memset(api, 0, sizeof(*api));
		return -1;
	}
	void* h = api->create();
	if (!h) { *err = "Highs_create returned NULL"; return -2; }
	// Highs_getSizeofHighsInt returns a HighsInt; its value (4 or 8) fits in
	// the low 32 bits of the return register either way.
	int32_t size = ((int32_t (*)(const void*))api->getSizeofHighsInt)(h);
	api->destroy(h);
	if (size != 4 && size != 8) { *err = "Highs_getSizeofHighsInt returned neither 4 nor 8"; return -3; }
	api->wide = size == 8;
	return 1;
}

#define GF_CALL(api, field, T32, T64, ...) \
	((api)->wide ? (int64_t)((T64)(api)->field)(__VA_ARGS__) : (int64_t)((T32)(api)->field)(__VA_ARGS__))

typedef int32_t (*pass32)(void*, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, double,
	const double*, const double*, const double*, const double*, const double*,
	const void*, const void*, const double*, const void*, const void*, const double*, const void*);
typedef int64_t (*pass64)(void*, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, double,
	const double*, const double*, const double*, const double*, const double*,
	const void*, const void*, const double*, const void*, const void*, const double*, const void*);

static int64_t gf_passModel(gf_api* api, void* h, int64_t ncol, int64_t nrow, int64_t nnz, int64_t sense, double offset,
	const double* cost, const double* cl, const double* cu, const double* rl, const double* ru,
	const void* start, const void* index, const double* value, const void* integrality) {
	return GF_CALL(api, passModel, pass32, pass64, h, (int32_t)ncol, (int32_t)nrow, (int32_t)nnz, 0, 1, 0, (int32_t)sense, offset,
		cost, cl, cu, rl, ru, start, index, value, 0, 0, 0, integrality);
}
// The 64-bit branch of GF_CALL receives the same (narrowed) arguments
// promoted back to int64_t by the prototype, so the counts above are exact as
// long as they fit in 32 bits, which passModel callers guarantee.

static int64_t gf_setBool(gf_api* api, void* h, const char* name, int v) {
	return GF_CALL(api, setBoolOption, int32_t (*)(void*, const char*, int32_t), int64_t (*)(void*, const char*, int64_t), h, name, v);
}
static int64_t gf_setInt(gf_api* api, void* h, const char* name, int64_t v) {
	return GF_CALL(api, setIntOption, int32_t (*)(void*, const char*, int32_t), int64_t (*)(void*, const char*, int64_t), h, name, v);
}
static int64_t gf_setDouble(gf_api* api, void* h, const char* name, double v) {
	return GF_CALL(api, setDoubleOption, int32_t (*)(void*, const char*, double), int64_t (*)(void*, const char*, double), h, name, v);
}
static int64_t gf_setString(gf_api* api, void* h, const char* name, const char* v) {
	return GF_CALL(api, setStringOption, int32_t (*)(void*, const char*, const char*), int64_t (*)(void*, const char*, const char*), h, name, v);
}
static int64_t gf_run(gf_api* api, void* h) {
	return GF_CALL(api, run, int32_t (*)(void*), int64_t (*)(void*), h);
}
static int64_t gf_readModel(gf_api* api, void* h, const char* path) {
	return GF_CALL(api, readModel, int32_t (*)(void*, const char*), int64_t (*)(void*, const char*), h, path);
}
static int64_t gf_modelStatus(gf_api* api, void* h) {
	return GF_CALL(api, getModelStatus, int32_t (*)(const void*), int64_t (*)(const void*), h);
}
static int64_t gf_numCol(gf_api* api, void* h) {
	return GF_CALL(api, getNumCol, int32_t (*)(const void*), int64_t (*)(const void*), h);
}
static int64_t gf_intInfo(gf_api* api, void* h, const char* name, int64_t* out) {
	if (api->wide) {
		return ((int64_t (*)(const void*, const char*, int64_t*))api->getIntInfo)(h, name, out);
	}
	int32_t v = 0;
	int32_t st = ((int32_t (*)(const void*, const char*, int32_t*))api->getIntInfo)(h, name, &v);
	*out = v;
	return st;
}
static int64_t gf_doubleInfo(gf_api* api, void* h, const char* name, double* out) {
	return GF_CALL(api, getDoubleInfo, int32_t (*)(const void*, const char*, double*), int64_t (*)(const void*, const char*, double*), h, name, out);
}
static int64_t gf_getSolution(gf_api* api, void* h, double* cv, double* cd, double* rv, double* rd) {
	return GF_CALL(api, getSolution, int32_t (*)(const void*, double*, double*, double*, double*), int64_t (*)(const void*, double*, double*, double*, double*), h, cv, cd, rv, rd);
}
static double gf_objective(gf_api* api, void* h) {
	return ((double (*)(const void*))api->getObjectiveValue)(h);
}
static double gf_runTime(gf_api* api, void* h) {
	return ((double (*)(const void*))api->getRunTime)(h);
}

static const char* gf_version(gf_api* api) { return api->version(); }
static void* gf_create(gf_api* api) { return api->create(); }
static void gf_destroy(gf_api* api, void* h) { api->destroy(h); }

extern void gridflipHighsCallback(int type, char* message, void* out, gf_cb_in* in, uintptr_t user);

static void gf_callback(int type, const char* message, const void* out, void* in, void* user) {
	gridflipHighsCallback(type, (char*)message, (void*)out, (gf_cb_in*)in, (uintptr_t)user);
}

// gf_mip_progress reads branch and bound's state from the callback's
// output by name (highs_c_api.h kHighsCallbackDataOut*Name): v = running
// time, nodes, primal bound, dual bound, gap. It returns 0 when the
// library cannot say.
static int gf_mip_progress(gf_api* api, void* out, double* v) {
	if (!api->getCallbackDataOutItem || !out) return 0;
	const void* p = api->getCallbackDataOutItem(out, "running_time");
	if (!p) return 0;
	v[0] = *(const double*)p;
	p = api->getCallbackDataOutItem(out, "mip_node_count");
	v[1] = p ? (double)*(const int64_t*)p : -1;
	const char* names[3] = {"mip_primal_bound", "mip_dual_bound", "mip_gap"};
	for (int i = 0; i < 3; i++) {
		p = api->getCallbackDataOutItem(out, names[i]);
		if (!p) return 0;
		v[2 + i] = *(const double*)p;
	}
	return 1;
}

static int64_t gf_setCallback(gf_api* api, void* h, uintptr_t user) {
	return GF_CALL(api, setCallback, int32_t (*)(void*, void*, void*), int64_t (*)(void*, void*, void*), h, (void*)gf_callback, (void*)user);
}
static int64_t gf_startCallback(gf_api* api, void* h, int64_t type) {
	return GF_CALL(api, startCallback, int32_t (*)(void*, int32_t), int64_t (*)(void*, int64_t), h, type);
}
*/
import "C"

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"runtime/cgo"
	"strings"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/gridflip/gridflip/solver"
)

// HiGHS model status codes (highs_c_api.h, kHighsModelStatus*).
const (
	highsModelStatusModelEmpty              = 6
	highsModelStatusOptimal                 = 7
	highsModelStatusInfeasible              = 8
	highsModelStatusUnboundedOrInfeasible   = 9
	highsModelStatusUnbounded               = 10
	highsModelStatusObjectiveBound          = 11
	highsModelStatusObjectiveTarget         = 12
	highsModelStatusTimeLimit               = 13
	highsModelStatusIterationLimit          = 14
	highsModelStatusSolutionLimit           = 16
	highsModelStatusInterrupt               = 17
	highsSolutionStatusFeasible             = 2
	highsCallbackLogging                    = 0
	highsCallbackSimplexInterrupt           = 1
	highsCallbackIpmInterrupt               = 2
	highsCallbackMipInterrupt               = 6
	highsStatusError                        = -1
	highsMaxIndex                           = math.MaxInt32
	highsInfinity                           = 1e30
	highsVarTypeInteger                     = 1
	highsVarTypeContinuous                  = 0
	highsObjSenseMinimize, highsObjSenseMax = 1, -1
)

var highsModelStatusNames = map[int64]string{
	0: "not set", 1: "load error", 2: "model error", 3: "presolve error", 4: "solve error",
	5: "postsolve error", 6: "model empty", 7: "optimal", 8: "infeasible",
	9: "unbounded or infeasible", 10: "unbounded", 11: "objective bound", 12: "objective target",
	13: "time limit", 14: "iteration limit", 15: "unknown", 16: "solution limit", 17: "interrupt",
}

// terminationOf maps a HiGHS model status to why it stopped; whether a
// point came with it is the primal solution status, read apart.
func terminationOf(code int64) solver.Termination {
	switch code {
	case highsModelStatusOptimal:
		return solver.TerminationOptimal
	case highsModelStatusInfeasible:
		return solver.TerminationInfeasible
	case highsModelStatusUnbounded, highsModelStatusUnboundedOrInfeasible:
		return solver.TerminationUnbounded
	case highsModelStatusTimeLimit, highsModelStatusIterationLimit, highsModelStatusSolutionLimit,
		highsModelStatusObjectiveBound, highsModelStatusObjectiveTarget:
		return solver.TerminationTimeLimit
	case highsModelStatusInterrupt:
		return solver.TerminationInterrupted
	default:
		return solver.TerminationError
	}
}

// Solver is the HiGHS backend, bound to one loaded copy of libhighs.
type Solver struct {
	api     *C.gf_api
	path    string
	version string
}

func openHiGHS(path string) (*Solver, error) {
	api := (*C.gf_api)(C.malloc(C.size_t(unsafe.Sizeof(C.gf_api{}))))
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	var cerr *C.char
	switch C.gf_open(cpath, api, &cerr) {
	case 1:
	case -1:
		C.free(unsafe.Pointer(api))
		return nil, fmt.Errorf("%s is not a usable HiGHS library: symbol %s missing", path, C.GoString(cerr))
	default:
		msg := "unknown error"
		if cerr != nil {
			msg = C.GoString(cerr)
		}
		C.free(unsafe.Pointer(api))
		return nil, errors.New(msg)
	}
	v := strings.TrimPrefix(C.GoString(C.gf_version(api)), "v")
	return &Solver{api: api, path: path, version: v}, nil
}

// Name returns "HiGHS".
func (h *Solver) Name() string { return "HiGHS" }

// Version returns the library's version, e.g. "1.15.1".
func (h *Solver) Version() string { return h.version }

// LibraryPath returns the file the library was loaded from.
func (h *Solver) LibraryPath() string { return h.path }

// instance owns one Highs object. Close frees it; a finalizer is only a
// safety net.
type instance struct {
	h   *Solver
	ptr unsafe.Pointer
}

func (h *Solver) newInstance() (*instance, error) {
	ptr := C.gf_create(h.api)
	if ptr == nil {
		return nil, errors.New("HiGHS: Highs_create returned NULL")
	}
	in := &instance{h: h, ptr: ptr}
	runtime.SetFinalizer(in, (*instance).Close)
	return in, nil
}

// Close frees the Highs object. It is safe to call twice.
func (in *instance) Close() {
	if in.ptr != nil {
		C.gf_destroy(in.h.api, in.ptr)
		in.ptr = nil
		runtime.SetFinalizer(in, nil)
	}
}

func (in *instance) setOption(name string, value any) error {
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	var st C.int64_t
	switch v := value.(type) {
	case bool:
		b := C.int(0)
		if v {
			b = 1
		}
		st = C.gf_setBool(in.h.api, in.ptr, cname, b)
	case int:
		st = C.gf_setInt(in.h.api, in.ptr, cname, C.int64_t(v))
	case float64:
		st = C.gf_setDouble(in.h.api, in.ptr, cname, C.double(v))
	case string:
		cv := C.CString(v)
		defer C.free(unsafe.Pointer(cv))
		st = C.gf_setString(in.h.api, in.ptr, cname, cv)
	default:
		return fmt.Errorf("HiGHS option %s: unsupported type %T", name, value)
	}
	if st == highsStatusError {
		return fmt.Errorf("HiGHS rejected option %s = %v", name, value)
	}
	return nil
}

func (in *instance) intInfo(name string) int64 {
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	var v C.int64_t
	if C.gf_intInfo(in.h.api, in.ptr, cname, &v) == highsStatusError {
		return -1
	}
	return int64(v)
}

func (in *instance) doubleInfo(name string) float64 {
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	var v C.double
	if C.gf_doubleInfo(in.h.api, in.ptr, cname, &v) == highsStatusError {
		return math.NaN()
	}
	return float64(v)
}

// callbackState is what the C callback reaches through a cgo.Handle.
type callbackState struct {
	ctx         context.Context
	log         io.Writer
	interrupted atomic.Bool
	api         *C.gf_api
	progress    func(solver.MIPProgress)
	lastReport  time.Time
}

// progressEvery is the least time between two MIP progress reports.
const progressEvery = 250 * time.Millisecond

//export gridflipHighsCallback
func gridflipHighsCallback(kind C.int, message *C.char, out unsafe.Pointer, in *C.gf_cb_in, user C.uintptr_t) {
	st, ok := cgo.Handle(user).Value().(*callbackState)
	if !ok {
		return
	}
	switch kind {
	case highsCallbackLogging:
		if st.log != nil && message != nil {
			io.WriteString(st.log, C.GoString(message))
		}
	case highsCallbackSimplexInterrupt, highsCallbackIpmInterrupt, highsCallbackMipInterrupt:
		if in != nil && st.ctx.Err() != nil {
			in.user_interrupt = 1
			st.interrupted.Store(true)
		}
		if kind == highsCallbackMipInterrupt && st.progress != nil && time.Since(st.lastReport) >= progressEvery {
			st.lastReport = time.Now()
			var v [5]C.double
			if C.gf_mip_progress(st.api, out, &v[0]) == 1 {
				st.progress(solver.MIPProgress{Seconds: float64(v[0]), Nodes: int64(v[1]),
					Incumbent: float64(v[2]), Bound: float64(v[3]), Gap: float64(v[4])})
			}
		}
	}
}

func (in *instance) apply(opts solver.Options, mip bool) error {
	set := func(name string, v any) error { return in.setOption(name, v) }
	if err := set("output_flag", opts.Log != nil); err != nil {
		return err
	}
	if opts.Log != nil {
		if err := set("log_to_console", false); err != nil {
			return err
		}
	}
	if opts.TimeLimitSeconds > 0 {
		if err := set("time_limit", opts.TimeLimitSeconds); err != nil {
			return err
		}
	}
	if opts.MIPRelGap > 0 {
		if err := set("mip_rel_gap", opts.MIPRelGap); err != nil {
			return err
		}
	}
	if opts.Threads > 0 {
		if err := set("threads", opts.Threads); err != nil {
			return err
		}
	}
	if opts.Presolve != nil {
		v := "off"
		if *opts.Presolve {
			v = "on"
		}
		if err := set("presolve", v); err != nil {
			return err
		}
	}
	// Never set solver=simplex/ipm for a MIP: HiGHS would then ignore
	// integrality and solve the relaxation.
	if !mip && opts.Method != solver.MethodAuto {
		if err := set("solver", string(opts.Method)); err != nil {
			return err
		}
	}
	if mip && opts.MIPLPMethod != solver.MethodAuto {
		if err := set("mip_lp_solver", string(opts.MIPLPMethod)); err != nil {
			return err
		}
	}
	return nil
}

// InterruptGrace is how long Solve waits, once ctx is cancelled, for HiGHS
// to notice its interrupt callback before returning without it. HiGHS polls
// the callback between simplex iterations and branch-and-bound nodes, but
// not inside every step (the root LP of a MIP solved by interior point can
// run for minutes without a poll).
const InterruptGrace = 300 * time.Millisecond

// Solve passes p to HiGHS in one call, runs it, reads the status, primal
// values and (for LPs) row duals, and verifies the primal point with Verify.
// A verification failure is returned as an error together with the result.
//
// Cancelling ctx interrupts the solve: Solve returns within InterruptGrace
// with status StatusInterrupted and ctx's error. When HiGHS has not stopped
// by then, it is left to finish in the background (it stops at its next
// poll and frees its memory); p must not be changed until then.
func (h *Solver) Solve(ctx context.Context, p *solver.Problem, opts solver.Options) (*solver.Result, error) {
	type outcome struct {
		res *solver.Result
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		res, err := h.solve(ctx, p, opts)
		done <- outcome{res, err}
	}()
	select {
	case o := <-done:
		return o.res, o.err
	case <-ctx.Done():
	}
	select {
	case o := <-done:
		return o.res, o.err
	case <-time.After(InterruptGrace):
		return &solver.Result{Termination: solver.TerminationInterrupted, Detail: "interrupted", Solver: "HiGHS", Version: h.version}, ctx.Err()
	}
}

// solve is Solve without the bound on how long an interrupt takes.
func (h *Solver) solve(ctx context.Context, p *solver.Problem, opts solver.Options) (*solver.Result, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if p.NumCols() == 0 {
		return nil, fmt.Errorf("problem %q: %w", p.Name, solver.ErrEmpty)
	}
	if p.NumCols() > highsMaxIndex || p.NumNonzeros() > highsMaxIndex || p.NumRows() > highsMaxIndex {
		return nil, fmt.Errorf("problem %q: %d columns, %d rows, %d nonzeros exceed the 32-bit index limit", p.Name, p.NumCols(), p.NumRows(), p.NumNonzeros())
	}
	in, err := h.newInstance()
	if err != nil {
		return nil, err
	}
	defer in.Close()

	mip := p.IsMIP()
	if err := in.apply(opts, mip); err != nil {
		return nil, err
	}
	if err := in.pass(p, mip); err != nil {
		return nil, err
	}
	return in.run(ctx, p, opts, mip)
}

// pass hands the whole model to HiGHS with Highs_passModel.
func (in *instance) pass(p *solver.Problem, mip bool) error {
	n, m, nnz := p.NumCols(), p.NumRows(), p.NumNonzeros()
	wide := in.h.api.wide != 0
	start := p.ColStart[:n] // HiGHS takes num_col starts
	var startPtr, indexPtr, intPtr unsafe.Pointer
	var integrality32 []int32
	var start64, index64, integrality64 []int64
	if wide {
		start64 = widen(start)
		index64 = widen(p.RowIndex)
		startPtr = unsafe.Pointer(&start64[0])
		if nnz > 0 {
			indexPtr = unsafe.Pointer(&index64[0])
		}
	} else {
		startPtr = unsafe.Pointer(&start[0])
		if nnz > 0 {
			indexPtr = unsafe.Pointer(&p.RowIndex[0])
		}
	}
	if mip {
		if wide {
			integrality64 = make([]int64, n)
			for j, b := range p.Integer {
				if b {
					integrality64[j] = highsVarTypeInteger
				}
			}
			intPtr = unsafe.Pointer(&integrality64[0])
		} else {
			integrality32 = make([]int32, n)
			for j, b := range p.Integer {
				if b {
					integrality32[j] = highsVarTypeInteger
				}
			}
			intPtr = unsafe.Pointer(&integrality32[0])
		}
	}
	sense := highsObjSenseMinimize
	if p.Maximize {
		sense = highsObjSenseMax
	}
	cl, cu := clampBounds(p.ColLower, p.ColUpper)
	rl, ru := clampBounds(p.RowLower, p.RowUpper)
	var valuePtr, rlPtr, ruPtr *C.double
	if nnz > 0 {
		valuePtr = (*C.double)(unsafe.Pointer(&p.Value[0]))
	}
	if m > 0 {
		rlPtr = (*C.double)(unsafe.Pointer(&rl[0]))
		ruPtr = (*C.double)(unsafe.Pointer(&ru[0]))
	}
	st := C.gf_passModel(in.h.api, in.ptr, C.int64_t(n), C.int64_t(m), C.int64_t(nnz), C.int64_t(sense), C.double(p.Offset),
		(*C.double)(unsafe.Pointer(&p.ColCost[0])),
		(*C.double)(unsafe.Pointer(&cl[0])), (*C.double)(unsafe.Pointer(&cu[0])),
		rlPtr, ruPtr, startPtr, indexPtr, valuePtr, intPtr)
	runtime.KeepAlive(start64)
	runtime.KeepAlive(index64)
	runtime.KeepAlive(integrality32)
	runtime.KeepAlive(integrality64)
	if st == highsStatusError {
		return fmt.Errorf("HiGHS rejected problem %q (Highs_passModel failed)", p.Name)
	}
	return nil
}

// clampBounds maps our infinite bounds to HiGHS's (±1e30); it copies only
// when a bound needs changing.
func clampBounds(lo, hi []float64) ([]float64, []float64) {
	return clampSlice(lo), clampSlice(hi)
}

func clampSlice(s []float64) []float64 {
	for i, v := range s {
		if math.Abs(v) >= 1e20 && math.Abs(v) != highsInfinity {
			out := append([]float64(nil), s...)
			for k := i; k < len(out); k++ {
				if out[k] >= 1e20 {
					out[k] = highsInfinity
				} else if out[k] <= -1e20 {
					out[k] = -highsInfinity
				}
			}
			return out
		}
	}
	return s
}

func widen(s []int32) []int64 {
	out := make([]int64, len(s))
	for i, v := range s {
		out[i] = int64(v)
	}
	return out
}

// run solves the passed model and collects the result.
func (in *instance) run(ctx context.Context, p *solver.Problem, opts solver.Options, mip bool) (*solver.Result, error) {
	state := &callbackState{ctx: ctx, log: opts.Log, api: in.h.api, progress: opts.Progress}
	if !mip {
		state.progress = nil
	}
	handle := cgo.NewHandle(state)
	defer handle.Delete()
	if C.gf_setCallback(in.h.api, in.ptr, C.uintptr_t(handle)) == highsStatusError {
		return nil, errors.New("HiGHS: Highs_setCallback failed")
	}
	kinds := []int{highsCallbackSimplexInterrupt, highsCallbackIpmInterrupt, highsCallbackMipInterrupt}
	if opts.Log != nil {
		kinds = append(kinds, highsCallbackLogging)
	}
	for _, k := range kinds {
		if C.gf_startCallback(in.h.api, in.ptr, C.int64_t(k)) == highsStatusError {
			return nil, fmt.Errorf("HiGHS: Highs_startCallback(%d) failed", k)
		}
	}
	if err := ctx.Err(); err != nil {
		return &solver.Result{Termination: solver.TerminationInterrupted, Detail: "interrupted before start", Solver: "HiGHS", Version: in.h.version}, err
	}

	began := time.Now()
	runStatus := C.gf_run(in.h.api, in.ptr)
	res := &solver.Result{
		Solver:       "HiGHS",
		Version:      in.h.version,
		SolveSeconds: time.Since(began).Seconds(),
	}
	code := int64(C.gf_modelStatus(in.h.api, in.ptr))
	res.Detail = highsModelStatusNames[code]
	if res.Detail == "" {
		res.Detail = fmt.Sprintf("status %d", code)
	}
	primalFeasible := in.intInfo("primal_solution_status") == highsSolutionStatusFeasible
	dualFeasible := in.intInfo("dual_solution_status") == highsSolutionStatusFeasible

	res.Termination = terminationOf(code)
	if state.interrupted.Load() && res.Termination != solver.TerminationOptimal {
		res.Termination = solver.TerminationInterrupted
	}
	if runStatus == highsStatusError && res.Termination == solver.TerminationOptimal {
		res.Termination = solver.TerminationError
	}
	if mip {
		res.MIPGap = in.doubleInfo("mip_gap")
		res.MIPDualBound = in.doubleInfo("mip_dual_bound")
	}

	if primalFeasible && res.Termination != solver.TerminationInfeasible && res.Termination != solver.TerminationUnbounded && res.Termination != solver.TerminationError {
		n, m := p.NumCols(), p.NumRows()
		x := make([]float64, n)
		colDual := make([]float64, n)
		rowValue := make([]float64, max(m, 1))
		rowDual := make([]float64, max(m, 1))
		C.gf_getSolution(in.h.api, in.ptr,
			(*C.double)(unsafe.Pointer(&x[0])), (*C.double)(unsafe.Pointer(&colDual[0])),
			(*C.double)(unsafe.Pointer(&rowValue[0])), (*C.double)(unsafe.Pointer(&rowDual[0])))
		res.X = x
		res.Primal = solver.FeasiblePoint
		res.Objective = float64(C.gf_objective(in.h.api, in.ptr))
		if !mip && dualFeasible && m > 0 {
			// HiGHS's row duals are already the objective's change per unit
			// of the active bound, in the problem's own sense (tested
			// against finite differences for both senses).
			res.RowDuals = rowDual[:m]
			res.HasDuals = true
		}
		check, err := solver.Verify(p, x, res.Objective)
		res.Check = check
		if err != nil {
			return res, fmt.Errorf("HiGHS returned a solution that fails verification: %w", err)
		}
	}
	if res.Termination == solver.TerminationInterrupted {
		if err := ctx.Err(); err != nil {
			return res, err
		}
	}
	return res, nil
}

// FileResult is the outcome of solving a model file with HiGHS alone.
type FileResult struct {
	Outcome      solver.Outcome
	Detail       string // HiGHS's words for why it stopped
	Objective    float64
	NumCols      int
	SolveSeconds float64 // Highs_run only
	TotalSeconds float64 // reading the file and Highs_run
}

// SolveFile reads a model file (MPS or LP, as HiGHS decides by extension)
// and solves it with HiGHS alone, with no gridflip code in the loop: the
// baseline for measuring gridflip's overhead.
func (h *Solver) SolveFile(ctx context.Context, path string, opts solver.Options) (*FileResult, error) {
	in, err := h.newInstance()
	if err != nil {
		return nil, err
	}
	defer in.Close()
	// The file may hold a MIP: set the LP algorithm only when asked for,
	// and for branch and bound through mip_lp_solver.
	if err := in.apply(opts, opts.Method == solver.MethodAuto); err != nil {
		return nil, err
	}
	began := time.Now()
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	if C.gf_readModel(in.h.api, in.ptr, cpath) == highsStatusError {
		return nil, fmt.Errorf("HiGHS could not read %s", path)
	}
	state := &callbackState{ctx: ctx}
	handle := cgo.NewHandle(state)
	defer handle.Delete()
	C.gf_setCallback(in.h.api, in.ptr, C.uintptr_t(handle))
	for _, k := range []int{highsCallbackSimplexInterrupt, highsCallbackIpmInterrupt, highsCallbackMipInterrupt} {
		C.gf_startCallback(in.h.api, in.ptr, C.int64_t(k))
	}
	runBegan := time.Now()
	C.gf_run(in.h.api, in.ptr)
	res := &FileResult{SolveSeconds: time.Since(runBegan).Seconds(), TotalSeconds: time.Since(began).Seconds()}
	code := int64(C.gf_modelStatus(in.h.api, in.ptr))
	res.Detail = highsModelStatusNames[code]
	res.NumCols = int(C.gf_numCol(in.h.api, in.ptr))
	res.Outcome.Termination = terminationOf(code)
	if in.intInfo("primal_solution_status") == highsSolutionStatusFeasible {
		res.Outcome.Primal = solver.FeasiblePoint
		res.Objective = float64(C.gf_objective(in.h.api, in.ptr))
	}
	return res, nil
}
