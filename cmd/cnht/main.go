// Command cnht runs a city's supporting-industry programme and its
// key-industrial-products scheme. See README.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"

	"cnht/internal/app"
)

func main() {
	// CNHT_CPUPROFILE=FILE writes a CPU profile of the command, for
	// measuring (go tool pprof FILE).
	if path := os.Getenv("CNHT_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			if pprof.StartCPUProfile(f) == nil {
				defer f.Close()
			}
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := app.Run(ctx, app.Env{Args: os.Args[1:], Getenv: os.Getenv, Stdout: os.Stdout, Stderr: os.Stderr})
	stop()
	pprof.StopCPUProfile()
	os.Exit(code)
}
