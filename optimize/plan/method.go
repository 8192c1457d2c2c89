package plan

// Method selects how Solve works.
type Method string

// The solution methods.
const (
	// MethodAuto uses the decomposed fast path when every term of the case
	// has a closed form (decomposable) and the monolithic model otherwise.
	MethodAuto Method = "auto"
	// MethodMonolithic solves the whole hourly model at once.
	MethodMonolithic Method = "monolithic"
	// MethodDecomposed values each site in closed form, hour by hour, and
	// solves only the small coupling problem with HiGHS; the solution is
	// verified against every row of the full model (docs/model.md, "The
	// exact fast path").
	MethodDecomposed Method = "decomposed"
)
