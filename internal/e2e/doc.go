// Package e2e holds cnht's end-to-end tests: they build the real binary
// once, run it as a separate process on a throwaway SQLite file, and drive
// it the way people and operators do, through Chromium (chromedp), the
// JSON API, signals and the command line. The package has no code of its
// own outside its tests.
//
// The browser tests need Debian's chromium; without it they are skipped,
// and under CI=true they fail instead. Screenshots go to test-output/ at
// the module root, for people to look at.
package e2e
