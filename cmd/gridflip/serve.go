package main

import (
	"context"
	"fmt"
	"net"
	"os"

	"github.com/spf13/cobra"

	"github.com/gridflip/gridflip/analysis"
	"github.com/gridflip/gridflip/optimize"
	"github.com/gridflip/gridflip/serve"
)

func (a *app) serveCommand() *cobra.Command {
	var addr string
	var allowRemote bool
	var f solverFlags
	cmd := &cobra.Command{
		Use:   "serve [CASE] [--addr 127.0.0.1:8080]",
		Short: "Serve a local page and JSON API that re-plan the case under what-ifs",
		Long: `serve loads CASE once and serves, from the binary, a page (no external assets;
it works offline) whose controls re-plan the case on every change, and a JSON
API: POST /api/plan takes a what-if (the keys of a sweep's [[scenario]], without
id) and returns the plan --format json summary of the case with it applied;
GET /api/case gives each control's default and allowed range (docs/serve.md).
It binds 127.0.0.1 only; another address needs --allow-remote (the API has no
authentication). Ctrl-C stops it.`,
		Args: args0or1,
		RunE: func(cmd *cobra.Command, args []string) error {
			host, port, err := checkServeAddr(addr, allowRemote)
			if err != nil {
				return err
			}
			so, err := f.options()
			if err != nil {
				return err
			}
			in, sv, err := a.loadCaseAndSolver(cmd, args)
			if err != nil {
				return err
			}
			opts := optimize.Options{Logger: a.logger(), Solver: so}
			planner := serve.NewPlanner(in, sv, opts, a.caseOptions())
			s, err := serve.New(serve.Config{Planner: planner, Logger: a.logger(), Results: a.resultsWriter(cmd, sv.Version(), sv.LibraryPath())})
			if err != nil {
				return err
			}
			l, err := net.Listen("tcp", net.JoinHostPort(host, port))
			if err != nil {
				return withCode(exitBadInput, fmt.Errorf("--addr %s: %w", addr, err))
			}
			if allowRemote && !isLoopback(host) {
				fmt.Fprintf(a.stderr, "gridflip: warning: serving on %s to other machines: the API has no authentication, anyone who reaches it can plan with this case\n", l.Addr())
				allowRemoteHosts(s, host, l.Addr())
			}
			a.endProgress()
			fmt.Fprintf(a.stdout, "gridflip serve: %s on http://%s/ (Ctrl-C stops)\n", in.Case.Name, l.Addr())
			return s.Serve(cmd.Context(), l)
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "host:port to listen on (a loopback address unless --allow-remote)")
	cmd.Flags().BoolVar(&allowRemote, "allow-remote", false, "allow a non-loopback --addr (the API has no authentication)")
	f.register(cmd, false)
	return cmd
}

// checkServeAddr splits --addr and refuses a non-loopback host without
// --allow-remote.
func checkServeAddr(addr string, allowRemote bool) (host, port string, err error) {
	host, port, err = net.SplitHostPort(addr)
	if err != nil {
		return "", "", withCode(exitUsage, fmt.Errorf("--addr %q: want host:port, e.g. 127.0.0.1:8080", addr))
	}
	if !isLoopback(host) && !allowRemote {
		return "", "", withCode(exitUsage, fmt.Errorf("--addr %s: not a loopback address; serving to other machines needs --allow-remote (the API has no authentication)", addr))
	}
	return host, port, nil
}

// isLoopback reports a loopback host: localhost or a loopback IP (an
// empty host listens on every address, so it is not).
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// resultsWriter writes a what-if's results set as plan --out writes it.
func (a *app) resultsWriter(cmd *cobra.Command, highsVersion, highsLib string) serve.WriteResults {
	return func(ctx context.Context, dir string, an *analysis.Analysis) error {
		c := &cobra.Command{}
		c.SetContext(ctx)
		return a.writeOutputs(c, dir, an, highsVersion, highsLib, outputOptions{csv: true})
	}
}

// allowRemoteHosts accepts the names remote clients reach the server by:
// the --addr host when it is a name; with a wildcard address, every
// interface's address and the machine's host name.
func allowRemoteHosts(s *serve.Server, host string, addr net.Addr) {
	_, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return
	}
	if ip := net.ParseIP(host); host != "" && ip == nil {
		s.AllowHost(host, port)
		return
	} else if ip != nil && !ip.IsUnspecified() {
		return // Serve accepts the address itself
	}
	if addrs, err := net.InterfaceAddrs(); err == nil {
		for _, a := range addrs {
			if n, ok := a.(*net.IPNet); ok {
				s.AllowHost(n.IP.String(), port)
			}
		}
	}
	if name, err := os.Hostname(); err == nil {
		s.AllowHost(name, port)
	}
}
