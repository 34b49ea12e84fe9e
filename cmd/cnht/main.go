// Command cnht runs a city's supporting-industry programme and its
// key-industrial-products scheme. See README.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"cnht/internal/app"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := app.Run(ctx, app.Env{Args: os.Args[1:], Getenv: os.Getenv, Stdout: os.Stdout, Stderr: os.Stderr})
	stop()
	os.Exit(code)
}
