// Package serve is the what-if server of `gridflip serve`: one
// self-contained page (HTML, JavaScript and CSS embedded in the binary,
// nothing external) and a JSON API that re-plans a case under the sweep's
// what-if keys (docs/serve.md). It is safe by default: it checks the Host
// and Origin of every request (no DNS rebinding), sets a strict
// Content-Security-Policy, caps request bodies, plans one what-if at a
// time with at most one waiting, validates every value against the case
// keys' declared ranges and never opens a path a client names.
package serve

import (
	"archive/zip"
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gridflip/gridflip/analysis"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/report"
	"github.com/gridflip/gridflip/sites"
)

// MaxBodyBytes caps a request body.
const MaxBodyBytes = 64 << 10

// ShutdownGrace is how long a stopping server waits for requests in
// flight (their solves are cancelled first).
const ShutdownGrace = 500 * time.Millisecond

// ContentSecurityPolicy allows the page's own script, style and API only.
const ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
	"form-action 'none'; frame-ancestors 'none'; base-uri 'none'"

//go:embed page
var pageFS embed.FS

// WriteResults writes a plan's full results set (what `plan --out DIR`
// writes) into the empty directory dir.
type WriteResults func(ctx context.Context, dir string, an *analysis.Analysis) error

// Config is what a Server serves.
type Config struct {
	// Planner plans the case under a what-if.
	Planner *Planner
	// Results writes a results set for "Keep this plan" (nil: the zip
	// holds the what-if and summary.json only).
	Results WriteResults
	// Logger hears each request's outcome (nil: none).
	Logger *slog.Logger
}

// Server serves the page and the API for one case.
type Server struct {
	cfg     Config
	hosts   map[string]bool // Host headers accepted
	origins map[string]bool // Origin headers accepted
	// admitted holds a token per request solving or waiting (at most
	// two); solving one per request solving.
	admitted, solving chan struct{}
	page              fs.FS
	controls          []byte
}

// New returns a server for cfg.
func New(cfg Config) (*Server, error) {
	if cfg.Planner == nil {
		return nil, errors.New("serve: no planner")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	page, err := fs.Sub(pageFS, "page")
	if err != nil {
		return nil, err
	}
	controls, err := json.Marshal(Controls(cfg.Planner.Inputs()))
	if err != nil {
		return nil, err
	}
	return &Server{cfg: cfg, admitted: make(chan struct{}, 2), solving: make(chan struct{}, 1), page: page, controls: controls,
		hosts: map[string]bool{}, origins: map[string]bool{}}, nil
}

// Allow accepts the Host (and, from a browser, the Origin
// http://host:port) of a listening address: the address itself and, when
// it is a loopback address, localhost, 127.0.0.1 and [::1] on its port.
func (s *Server) Allow(addr net.Addr) {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return
	}
	names := []string{host}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		names = append(names, "localhost", "127.0.0.1", "::1")
	}
	for _, n := range names {
		hp := net.JoinHostPort(n, port)
		s.hosts[strings.ToLower(hp)] = true
		s.origins["http://"+strings.ToLower(hp)] = true
	}
}

// AllowHost accepts one more Host name on port (the name a remote client
// uses, with --allow-remote).
func (s *Server) AllowHost(name, port string) {
	hp := strings.ToLower(net.JoinHostPort(name, port))
	s.hosts[hp] = true
	s.origins["http://"+hp] = true
}

// Handler is the server's HTTP handler.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.static("index.html", "text/html; charset=utf-8"))
	mux.HandleFunc("GET /app.js", s.static("app.js", "text/javascript; charset=utf-8"))
	mux.HandleFunc("GET /app.css", s.static("app.css", "text/css; charset=utf-8"))
	mux.HandleFunc("GET /api/case", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(s.controls)
	})
	mux.HandleFunc("POST /api/plan", s.plan)
	mux.HandleFunc("POST /api/whatif.toml", s.whatIfTOML)
	mux.HandleFunc("POST /api/keep", s.keep)
	return s.guard(mux)
}

// guard sets the security headers and refuses requests whose Host or
// Origin is not the server's (DNS rebinding, cross-site requests), and
// caps the body.
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", ContentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-store")
		if !s.hosts[strings.ToLower(r.Host)] {
			s.fail(w, r, &RequestError{Status: http.StatusForbidden, Msg: fmt.Sprintf("Host %q is not this server's", r.Host)})
			return
		}
		if o := r.Header.Get("Origin"); o != "" && !s.origins[strings.ToLower(o)] {
			s.fail(w, r, &RequestError{Status: http.StatusForbidden, Msg: fmt.Sprintf("Origin %q is not this server's", o)})
			return
		}
		if site := r.Header.Get("Sec-Fetch-Site"); site == "cross-site" {
			s.fail(w, r, &RequestError{Status: http.StatusForbidden, Msg: "a cross-site request"})
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
		next.ServeHTTP(w, r)
	})
}

// static serves an embedded file of the page.
func (s *Server) static(name, contentType string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		data, err := fs.ReadFile(s.page, name)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		w.Header().Set("Content-Type", contentType)
		_, _ = w.Write(data)
	}
}

// readWhatIf reads and decodes the request's what-if.
func (s *Server) readWhatIf(r *http.Request) (sites.Scenario, error) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return sites.Scenario{}, &RequestError{Status: http.StatusRequestEntityTooLarge, Msg: fmt.Sprintf("the body is over %d bytes", MaxBodyBytes)}
		}
		return sites.Scenario{}, &RequestError{Status: http.StatusBadRequest, Msg: "reading the body: " + err.Error()}
	}
	return DecodeWhatIf(body)
}

// solve plans the what-if when the planner is free, or waits for it when
// no other request waits (429 otherwise); the request's context cancels
// the wait and the solve.
func (s *Server) solve(ctx context.Context, wi sites.Scenario) (*analysis.Analysis, error) {
	select {
	case s.admitted <- struct{}{}:
	default:
		return nil, &RequestError{Status: http.StatusTooManyRequests, Msg: "a plan is solving and another is waiting: try again when one is done"}
	}
	defer func() { <-s.admitted }()
	select {
	case s.solving <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-s.solving }()
	return s.cfg.Planner.Plan(ctx, wi)
}

// plan is POST /api/plan: the `plan --format json` summary of the case
// with the what-if applied.
func (s *Server) plan(w http.ResponseWriter, r *http.Request) {
	began := time.Now()
	wi, err := s.readWhatIf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	an, err := s.solve(r.Context(), wi)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var b bytes.Buffer
	if err := report.WriteJSON(&b, an); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(b.Bytes())
	s.cfg.Logger.Info("planned", "what-if", strings.Join(wi.Changes(), " "), "seconds", time.Since(began).Seconds())
}

// whatIfTOML is POST /api/whatif.toml: the what-if as a sweep's
// scenarios file.
func (s *Server) whatIfTOML(w http.ResponseWriter, r *http.Request) {
	wi, err := s.readWhatIf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	wi.ID = "serve-whatif"
	w.Header().Set("Content-Type", "application/toml")
	w.Header().Set("Content-Disposition", `attachment; filename="whatif.toml"`)
	_ = WhatIfTOML(w, s.cfg.Planner.Inputs().Case.Name, wi)
}

// keep is POST /api/keep: a zip of the what-if (whatif.toml) and the
// plan's full results set under results/.
func (s *Server) keep(w http.ResponseWriter, r *http.Request) {
	wi, err := s.readWhatIf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	an, err := s.solve(r.Context(), wi)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	wi.ID = "serve-whatif"
	var b bytes.Buffer
	if err := s.zipResults(r.Context(), &b, wi, an); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", `attachment; filename="gridflip-whatif.zip"`)
	_, _ = w.Write(b.Bytes())
}

// zipResults writes whatif.toml and the results set into a zip.
func (s *Server) zipResults(ctx context.Context, w io.Writer, wi sites.Scenario, an *analysis.Analysis) error {
	z := zip.NewWriter(w)
	f, err := z.Create("whatif.toml")
	if err != nil {
		return err
	}
	if err := WhatIfTOML(f, an.Plan.CaseName, wi); err != nil {
		return err
	}
	if s.cfg.Results == nil {
		f, err := z.Create("results/summary.json")
		if err != nil {
			return err
		}
		if err := report.WriteJSON(f, an); err != nil {
			return err
		}
		return z.Close()
	}
	tmp, err := os.MkdirTemp("", "gridflip-serve-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	dir := filepath.Join(tmp, "results")
	if err := s.cfg.Results(ctx, dir, an); err != nil {
		return fmt.Errorf("writing the results set: %w", err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return err
		}
		f, err := z.Create("results/" + e.Name())
		if err != nil {
			return err
		}
		if _, err := f.Write(data); err != nil {
			return err
		}
	}
	return z.Close()
}

// errorJSON is an error's body.
type errorJSON struct {
	Error string `json:"error"`
	Key   string `json:"key,omitempty"`
}

// fail answers an error: a refused request with its status; an
// infeasible what-if 422 with the reason; a cancelled one nothing (the
// client has gone, or the server stops); anything else 500.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status, key := http.StatusInternalServerError, ""
	var re *RequestError
	var inf *optimize.InfeasibleError
	var is sites.Issues
	switch {
	case errors.As(err, &re):
		status, key = re.Status, re.Key
	case errors.As(err, &inf), errors.Is(err, optimize.ErrNoSolution):
		status = http.StatusUnprocessableEntity
	case errors.As(err, &is):
		status = http.StatusBadRequest
		if len(is) > 0 {
			key = is[0].Field
		}
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		status = http.StatusServiceUnavailable
	}
	s.cfg.Logger.Info("refused", "path", r.URL.Path, "status", status, "error", err.Error())
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(errorJSON{Error: err.Error(), Key: key})
}

// Serve serves on l until ctx is done, then stops within ShutdownGrace:
// requests in flight are cancelled (their solves with them).
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	s.Allow(l.Addr())
	reqCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    MaxBodyBytes,
		BaseContext:       func(net.Listener) context.Context { return reqCtx },
		ErrorLog:          slog.NewLogLogger(s.cfg.Logger.Handler(), slog.LevelWarn),
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	cancel() // every solve in flight stops
	stop, cancelStop := context.WithTimeout(context.Background(), ShutdownGrace)
	defer cancelStop()
	if err := srv.Shutdown(stop); err != nil {
		_ = srv.Close()
	}
	<-done
	return nil
}
