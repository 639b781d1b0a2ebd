//go:build race

package main

// raceEnabled says whether the test binary, and so the daemon it builds, uses the race detector.
const raceEnabled = true
