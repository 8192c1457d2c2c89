package decomp

import (
	"context"
	"sync"
)

// parallelSites runs work for every site on workers goroutines, each with
// its own state from newState, and hands the results to consume on the
// calling goroutine (in whatever order they finish), then tells progress
// (when set) how many are done. It stops at the first error of work or
// consume, or when ctx is cancelled, and returns that error.
func parallelSites[W, R any](ctx context.Context, sites, workers int, progress func(done int), newState func() W,
	work func(w W, s int) (R, error), consume func(R) error) error {
	if workers < 1 {
		workers = 1
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan int)
	type result struct {
		r   R
		err error
	}
	results := make(chan result, workers)
	var wg sync.WaitGroup
	for range min(workers, max(sites, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			state := newState()
			for s := range jobs {
				r, err := work(state, s)
				select {
				case results <- result{r, err}:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for s := range sites {
			select {
			case jobs <- s:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		close(results)
	}()
	var first error
	done := 0
	for res := range results {
		if first != nil {
			continue
		}
		err := res.err
		if err == nil {
			err = consume(res.r)
		}
		if done++; err == nil && progress != nil {
			progress(done)
		}
		if err != nil {
			first = err
			cancel()
		}
	}
	if first == nil {
		first = ctx.Err()
	}
	return first
}
