// Package decomp is the exact decomposed fast path (docs/model.md, "The
// exact fast path"): it values every site in closed form from the model's
// prepared data (in parallel), solves the small coupling problem with
// HiGHS (sets, year sets or outer approximation, after an exact reduction
// of a market-cap knapsack), then rebuilds each site's solution, verifies
// it in the site's part of the full model and extracts the plan, one site
// at a time. It plans one case or a stochastic plan's scenarios.
package decomp
